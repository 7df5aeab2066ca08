"""URLs named by a page or given by the user never crash a page (#14: no page crashes).

A canonical link, ``og:url``, JSON-LD ``url``/``mainEntityOfPage``, a ``<base href>`` and
the links of a listing are input from the page; malformed ones (brackets that hold no IPv6
address, a port out of range, a host IDNA refuses) are dropped. A malformed page URL given
by the user is a one-line input error.
"""

from __future__ import annotations

import pytest

from pipeline.api import extract_article
from pipeline.cli import main
from pipeline.crawl.discover import parse_listing
from pipeline.errors import InputError
from pipeline.urls import canonicalize, http_url, is_valid_url

MALFORMED = [
    "http://[::1",
    "https://[not-an-address]/story",
    "http://example.org:99999999/story",
    "http://\u2100.example/story",
    "//[",
]
PROSE = " ".join(
    f"Paragraph {i}: the harbour authority said repairs to the northern pier would take"
    " another season, and fishing crews asked for a temporary berth."
    for i in range(4)
)


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_urls_are_refused(value: str) -> None:
    assert http_url(value) is None
    assert http_url(value, "https://news.example/a/b") is None
    assert not is_valid_url(value)


def test_canonicalize_is_the_same_every_time() -> None:
    """Canonical forms are remembered for the next call of the same page: the same value,
    and a URL that cannot be parsed raises every time."""
    url = "HTTPS://News.Example/a/story?utm_source=x&b=2&a=1#top"
    first = canonicalize(url)
    assert first == canonicalize(url) == "https://news.example/a/story?a=1&b=2"
    for _ in range(2):
        with pytest.raises(ValueError, match="IPv6"):
            canonicalize("http://[::1")


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        ("/world/story-1", "https://news.example/a/b", "https://news.example/world/story-1"),
        ("story-2", "https://news.example/a/", "https://news.example/a/story-2"),
        ("https://[2001:db8::1]:8080/x", None, "https://[2001:db8::1]:8080/x"),
        ("mailto:desk@news.example", "https://news.example/", None),
        ("javascript:void(0)", "https://news.example/", None),
        ("", "https://news.example/", None),
        ("/relative/without/base", None, None),
    ],
)
def test_http_url_resolves_and_keeps_only_web_urls(
    value: str, base: str | None, expected: str | None
) -> None:
    assert http_url(value, base) == expected


@pytest.mark.parametrize("value", MALFORMED)
@pytest.mark.parametrize("where", ["canonical", "og", "jsonld", "base"])
def test_a_malformed_url_in_the_page_is_ignored(value: str, where: str) -> None:
    head = {
        "canonical": f'<link rel="canonical" href="{value}">',
        "og": f'<meta property="og:url" content="{value}">',
        "jsonld": (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            f'"url": "{value}", "mainEntityOfPage": {{"@id": "{value}"}}}}</script>'
        ),
        "base": f'<base href="{value}">',
    }[where]
    html = (
        f"<html><head><title>Pier repairs delayed</title>{head}</head><body><article>"
        f"<h1>Pier repairs delayed</h1><p>{PROSE}</p></article></body></html>"
    )
    page = "https://harbour.example/news/pier-repairs"
    record = extract_article(html, page, enrich=False)
    assert record.url == page
    assert record.title == "Pier repairs delayed"
    assert extract_article(html, enrich=False).text.startswith("Paragraph 0")


@pytest.mark.parametrize("value", MALFORMED[:4])
def test_a_malformed_page_url_is_an_input_error(value: str) -> None:
    html = f"<html><body><article><p>{PROSE}</p></article></body></html>"
    with pytest.raises(InputError, match="not a valid URL"):
        extract_article(html, value, enrich=False)


def test_cli_bad_url_is_one_line_error(tmp_path, capsys) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><article><p>{PROSE}</p></article></body></html>")
    for bad in ("http://[::1", "http://news.example:99999999/a"):
        code = main(["extract", str(path), "--url", bad, "--no-enrich"])
        captured = capsys.readouterr()
        assert code == 2
        assert captured.out == ""
        assert "Traceback" not in captured.err
        assert "'--url'" in captured.err
        assert len(captured.err.strip().splitlines()) == 1


def test_listing_skips_malformed_links_and_base() -> None:
    html = (
        '<html><head><base href="http://[broken"></head><body>'
        '<a href="/news/one">one</a><a href="http://[::1/news/two">two</a>'
        '<a href="http://news.example:123456/news/three">three</a>'
        '<a href="/news/four">four</a></body></html>'
    )
    urls = parse_listing(html, "https://news.example/")
    assert urls == ["https://news.example/news/one", "https://news.example/news/four"]


#: Click and campaign identifiers that ad, mail and social platforms append to a link.
TRACKING = ["utm_campaign", "fbclid", "gclid", "msclkid", "igshid", "mc_eid", "ocid", "cmpid"]


@pytest.mark.parametrize("name", TRACKING)
def test_one_list_of_tracking_parameters_for_crawler_and_record(name: str) -> None:
    """The crawler's canonical form (dedup, record id) and the record's ``canonical_url``
    drop the same parameters: a link shared with a click id is the same story."""
    from pipeline.urls import canonicalize

    page = (
        "<html><head><title>Pier to reopen</title>"
        f'<link rel="canonical" href="/harbour/pier?id=7&amp;{name}=abc"></head>'
        f"<body><article><h1>Pier to reopen</h1><p>{PROSE}</p></article></body></html>"
    )
    article = extract_article(page, "https://news.example/harbour/pier")
    assert article.canonical_url == "https://news.example/harbour/pier?id=7"
    assert canonicalize(f"https://news.example/harbour/pier?{name}=abc&id=7") == (
        "https://news.example/harbour/pier?id=7"
    )
