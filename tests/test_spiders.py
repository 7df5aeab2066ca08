"""The spider registry, and every spider checked on its real fixture pages.

A fixture is ``tests/fixtures/<spider>/<slug>.html[.gz]`` with ``<slug>.json`` holding the
reviewed expected fields (``url``, ``title``, ``authors``, ``published``, ``topics``,
``lead``, ``body``), the format of ``../shared/corpora/site-pages``. A registered spider
without fixtures fails here. The comparison is ``pipeline.maintain.check.compare``, the same one
``newsmill spiders check`` reports with.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import spider as spider_module
from pipeline.api import extract_article
from pipeline.errors import DuplicateSpiderError, SpiderNameError
from pipeline.extract.parse import parse_html
from pipeline.maintain.check import BODY_F1_MIN, check_fixture, compare, expected_path, read_page
from pipeline.spider import RawArticle, Spider, get_spider, load_spiders, spider_for_url

FIXTURES = Path(__file__).parent / "fixtures"
NO_FIXTURES_NEEDED = {"generic"}  # it is measured on every other spider's pages instead


def _shipped_spiders() -> list[str]:
    """Spiders of the ``spiders`` package (test modules may register throwaway ones)."""
    return [n for n, cls in load_spiders().items() if cls.__module__.startswith("spiders.")]


def _fixture_pages() -> list[tuple[str, Path]]:
    pages = []
    for name in _shipped_spiders():
        for html in sorted((FIXTURES / name).glob("*.html*")):
            pages.append((name, html))
    return pages


def test_builtin_spiders_are_registered():
    registry = load_spiders()
    assert {"generic", "voa", "demo", "apnews", "euronews"} <= set(registry)
    assert all(issubclass(cls, Spider) for cls in registry.values())


@pytest.mark.parametrize("name", _shipped_spiders())
def test_every_spider_has_fixture_pages(name):
    if name in NO_FIXTURES_NEEDED:
        pytest.skip("the generic spider is measured on the other spiders' fixture pages")
    pages = list((FIXTURES / name).glob("*.html*"))
    assert pages, f"spider {name!r} has no fixture page in tests/fixtures/{name}/"
    for page in pages:
        stem = page.name.split(".html")[0]
        assert (page.parent / f"{stem}.json").is_file(), f"{page.name} has no reviewed .json"


def test_duplicate_spider_name_is_an_error():
    with pytest.raises(DuplicateSpiderError, match="duplicate spider name 'voa'"):
        type("AnotherVoa", (Spider,), {"name": "voa", "__module__": "tests.elsewhere"})


def test_bad_spider_name_is_an_error():
    with pytest.raises(SpiderNameError, match="lower-case") as caught:
        type("Bad", (Spider,), {"name": "Bad Name", "__module__": "tests.elsewhere"})
    assert not isinstance(caught.value, DuplicateSpiderError)  # no other spider is named so


def test_spider_is_chosen_by_domain():
    assert spider_for_url("https://www.voanews.com/a/x/7585813.html").name == "voa"
    assert spider_for_url("https://voanews.com/a/x/1.html").name == "voa"
    assert spider_for_url("https://notvoanews.com/a/x/1.html").name == "generic"
    assert spider_for_url(None).name == "generic"


def test_a_spider_with_its_own_host_test_is_asked():
    """A spider (a plugin) that overrides ``handles`` is chosen by its own test."""

    class Mirrors(Spider):
        name = "test_mirrors"
        domains = ("mirrors.example",)

        def handles(self, url: str) -> bool:
            return "/mirror/" in url

    try:
        assert spider_for_url("https://anything.example/mirror/7.html").name == "test_mirrors"
        assert spider_for_url("https://mirrors.example/a/7.html").name == "generic"
    finally:  # the registry as the other tests see it
        spider_module._REGISTRY.pop("test_mirrors", None)


def test_relative_start_points_resolve_against_base_url():
    demo = get_spider("demo", base_url="http://127.0.0.1:8000")
    assert demo.start_urls() == ["http://127.0.0.1:8000/rss.xml", "http://127.0.0.1:8000/"]
    assert demo.is_article_url("http://127.0.0.1:8000/a/some-story/123.html")
    assert not demo.is_article_url("http://127.0.0.1:8000/private/secret.html")


@pytest.mark.parametrize(
    ("name", "page"), _fixture_pages(), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_spider_on_its_fixture(name, page):
    result = check_fixture(name, page)
    assert result.error is None, result.error
    assert not result.diffs, "; ".join(str(d) for d in result.diffs)
    want = json.loads(expected_path(page).read_text(encoding="utf-8"))
    assert {"title", "authors", "published", "body"} <= set(want), "fixture JSON lacks fields"
    article = extract_article(read_page(page), want["url"], spider=name, enrich=False)
    assert article.site == name
    assert "\n\n" in article.text


def test_fixture_comparison_reports_each_wrong_field():
    page = FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.html.gz"
    want = json.loads(expected_path(page).read_text(encoding="utf-8"))
    article = extract_article(read_page(page), want["url"], spider="voa", enrich=False)
    assert compare(article, want) == []
    paragraphs = article.text.split("\n\n")
    broken = article.model_copy(
        update={
            "title": "Something else",
            "authors": [],
            "published_at": "2024-04-28T07:01:00Z",
            "text": "\n\n".join(paragraphs[: len(paragraphs) // 2]),
        }
    )
    diffs = {d.field: str(d) for d in compare(broken, want)}
    assert set(diffs) == {"title", "authors", "published", "body"}
    assert "got 'Something else'" in diffs["title"]
    assert f"< {BODY_F1_MIN}" in diffs["body"]
    assert "paragraph(s) missing" in diffs["body"]
    # the same instant written with another offset, and seconds, do not count
    same = article.model_copy(update={"published_at": "2024-04-28T07:00:59Z"})
    assert compare(same, {**want, "published": "2024-04-28T09:00:00+02:00"}) == []


def test_a_field_hook_overrides_one_field_only():
    page = FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.html.gz"
    url = json.loads(expected_path(page).read_text(encoding="utf-8"))["url"]

    class Shouting(type(get_spider("voa"))):
        name = "voa_shouting_test"

        def parse_title(self, tree, url):
            return (super().parse_title(tree, url) or "").upper()

    plain = extract_article(read_page(page), url, spider="voa", enrich=False)
    loud = extract_article(read_page(page), url, spider=Shouting(), enrich=False)
    assert loud.title == plain.title.upper() != plain.title
    assert (loud.authors, loud.published_at, loud.text) == (
        plain.authors,
        plain.published_at,
        plain.text,
    )


def test_unset_fields_come_from_the_generic_extractor():
    tree = parse_html("<html><body><h1>T</h1><p>x</p></body></html>")
    assert get_spider("generic").parse_article(tree, None) == RawArticle()


def test_base_url_moves_a_site_spider_to_a_mirror():
    voa = get_spider("voa", base_url="http://127.0.0.1:9")
    assert voa.start_urls() == ["http://127.0.0.1:9/"]
    assert get_spider("voa").start_urls() == ["https://www.voanews.com/"]
