"""A failure inside the HTML parser (selectolax raises its own ``SelectolaxError``, or a
``MemoryError``, under memory pressure) reaches callers as newsmill's own refusal, never as
a foreign exception; listing pages are held to the same structure budget as articles."""

from __future__ import annotations

import pytest
from selectolax.lexbor import SelectolaxError

import pipeline.extract as extract
import pipeline.extract.parse as parse
from pipeline.crawl.discover import parse_listing
from pipeline.errors import NewsmillError, OverBudgetError

PAGE = (
    "<html><head><title>Harbour pier reopens</title></head><body><article>"
    "<h1>Harbour pier reopens</h1>"
    + "<p>The harbour pier reopened on Monday after repairs that took two winters.</p>" * 6
    + "</article></body></html>"
)


def _raise(exc: BaseException):  # type: ignore[no-untyped-def]
    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    return fail


@pytest.mark.parametrize("exc", [SelectolaxError("Can't parse HTML."), MemoryError()])
def test_a_parser_failure_is_a_refusal(monkeypatch: pytest.MonkeyPatch, exc: Exception) -> None:
    monkeypatch.setattr(parse, "LexborHTMLParser", _raise(exc))
    with pytest.raises(OverBudgetError) as caught:
        extract.extract_fields(PAGE, "https://example.org/a")
    assert caught.value.reason == "memory"
    assert caught.value.url == "https://example.org/a"
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("exc", [SelectolaxError("Can't locate elements."), MemoryError()])
def test_a_failure_while_reading_the_tree_is_a_refusal(
    monkeypatch: pytest.MonkeyPatch, exc: Exception
) -> None:
    monkeypatch.setattr(extract, "extract_metadata", _raise(exc))
    with pytest.raises(NewsmillError) as caught:
        extract.extract_fields(PAGE, "https://example.org/a")
    assert isinstance(caught.value, OverBudgetError)


def test_the_page_still_extracts_without_a_failure() -> None:
    assert extract.extract_fields(PAGE, "https://example.org/a").title == "Harbour pier reopens"


def test_a_listing_page_over_the_structure_budget_is_not_parsed() -> None:
    # its links are read by a scan of its tags instead (tests/test_listing_budget.py)
    rebuilt = "".join(f"<u id={i}></table><table><math><applet id={i}>x" for i in range(2_000))
    page = f"<a href='/news/one'>one</a>{rebuilt}"
    with pytest.raises(OverBudgetError):
        parse.check_budget(page)
    assert parse_listing(page, "https://example.org/") == ["https://example.org/news/one"]


def test_a_parser_failure_on_a_listing_page_is_no_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.crawl.discover as discover

    monkeypatch.setattr(discover, "LexborHTMLParser", _raise(SelectolaxError("x")))
    links = parse_listing("<a href='/news/one'>one</a>", "https://example.org/")
    assert links == ["https://example.org/news/one"]


class _TypoSpider:
    """A site spider with a bug of its own: an invalid CSS selector."""

    def parse_article(self, tree, url):  # type: ignore[no-untyped-def]
        return tree.css_first("div > p[[")


def test_a_spiders_own_selector_error_is_not_taken_for_a_parser_failure() -> None:
    # a maintainer's typo must show as the spider's error (the crawl counts it failed and
    # logs the spider), not as a page over budget that is skipped without a word
    with pytest.raises(SelectolaxError, match="selector"):
        extract.extract_fields(PAGE, "https://example.org/a", spider=_TypoSpider())
