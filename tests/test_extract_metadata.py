"""Generic metadata: JSON-LD, meta tags, <time>, <title>, bylines — and date normalization."""

from __future__ import annotations

import pytest

from pipeline.extract.metadata import clean_authors, extract_metadata, strip_site_suffix
from pipeline.extract.parse import parse_html
from pipeline.extract.times import to_utc_iso


def doc(head: str = "", body: str = "<p>Body text of the article.</p>", lang: str = "en") -> str:
    return f'<!doctype html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def ld(json_text: str) -> str:
    return f'<script type="application/ld+json">{json_text}</script>'


def test_jsonld_graph_with_author_objects_and_publisher_excluded() -> None:
    html = doc(
        ld(
            """{"@context": "https://schema.org", "@graph": [
              {"@type": "WebSite", "name": "Example News"},
              {"@type": ["NewsArticle"], "headline": "Floods hit the north",
               "datePublished": "2024-04-28T03:00:00-04:00", "dateModified": "2024-04-29",
               "author": [{"@type": "Person", "name": "Jane Doe"},
                          {"@type": "Person", "name": "John Roe"}],
               "publisher": {"@type": "Organization", "name": "Example News"},
               "articleSection": ["World", "Europe"], "keywords": "floods, weather, floods",
               "inLanguage": "en-GB", "description": "Rivers burst their banks."}]}"""
        )
    )
    raw = extract_metadata(parse_html(html), "https://example.com/world/floods")
    assert raw.title == "Floods hit the north"
    assert raw.authors == ["Jane Doe", "John Roe"]
    assert raw.published_source == "jsonld"
    assert to_utc_iso(raw.published) == "2024-04-28T07:00:00Z"
    assert to_utc_iso(raw.modified) == "2024-04-29T00:00:00Z"
    assert raw.section == "World"
    assert raw.tags == ["floods", "weather"]
    assert raw.lead == "Rivers burst their banks."
    assert raw.canonical_url == "https://example.com/world/floods"


@pytest.mark.parametrize(
    ("author_json", "expected"),
    [
        ('"Jane Doe"', ["Jane Doe"]),
        ('["Jane Doe", "John Roe", "Jane Doe"]', ["Jane Doe", "John Roe"]),
        ('{"@type": "Organization", "name": "Associated Press"}', ["Associated Press"]),
        ('[{"name": "By Jane Doe and John Roe"}]', ["Jane Doe", "John Roe"]),
        ('{"givenName": "Jane", "familyName": "Doe"}', ["Jane Doe"]),
        ('["https://example.com/author/jane", "Jane Doe"]', ["Jane Doe"]),
    ],
)
def test_jsonld_author_shapes(author_json: str, expected: list[str]) -> None:
    html = doc(ld(f'[{{"@type": "BlogPosting", "headline": "H", "author": {author_json}}}]'))
    assert extract_metadata(parse_html(html)).authors == expected


def test_invalid_jsonld_is_tolerated() -> None:
    html = doc(
        ld('{"@type": "NewsArticle", "headline": "Broken", ')
        + ld('{"@type": "NewsArticle", "headline": "Trailing comma", "author": "Ann Lee",}')
        + '<meta name="twitter:title" content="From Twitter card">'
    )
    raw = extract_metadata(parse_html(html))
    assert raw.title == "Trailing comma"
    assert raw.authors == ["Ann Lee"]


def test_og_title_wins_over_a_truncated_jsonld_headline() -> None:
    html = doc(
        ld('{"@type": "NewsArticle", "headline": "Mayor resigns after a long and bitter fi"}')
        + '<meta property="og:title" content="Mayor resigns after a long and bitter fight">'
    )
    assert extract_metadata(parse_html(html)).title == "Mayor resigns after a long and bitter fight"


def test_opengraph_and_article_meta() -> None:
    html = doc(
        '<meta property="og:title" content="OG headline">'
        '<meta property="og:site_name" content="Daily Planet">'
        '<meta property="article:published_time" content="2026-01-06 13:55:27 +01:00">'
        '<meta property="article:modified_time" content="2026-01-06T14:20:32+01:00">'
        '<meta property="article:section" content="Business">'
        '<meta property="article:tag" content="oil">'
        '<meta property="article:tag" content="Venezuela">'
        '<meta property="article:author" content="https://example.com/author/clark-kent">'
        '<meta name="author" content="Clark Kent">'
        '<link rel="canonical" href="/business/oil?utm_source=x&amp;id=7">'
        '<meta property="og:description" content="A standfirst.">'
    )
    raw = extract_metadata(parse_html(html), "https://planet.example/business/oil?ref=home")
    assert raw.title == "OG headline"
    assert raw.authors == ["Clark Kent"]
    assert (to_utc_iso(raw.published), raw.published_source) == ("2026-01-06T12:55:27Z", "meta")
    assert to_utc_iso(raw.modified) == "2026-01-06T13:20:32Z"
    assert raw.section == "Business"
    assert raw.tags == ["oil", "Venezuela"]
    assert raw.lead == "A standfirst."
    assert raw.canonical_url == "https://planet.example/business/oil?id=7"
    assert raw.language == "en"


def test_dublin_core_and_time_element() -> None:
    html = doc(
        '<meta name="DC.creator" content="Maria Garcia">'
        "<title>Quake shakes city - Daily Planet</title>",
        body='<time datetime="2023-04-28T17:40:08Z">April 28</time><p>Text.</p>',
        lang="es-MX",
    )
    raw = extract_metadata(parse_html(html))
    assert raw.authors == ["Maria Garcia"]
    assert (raw.published, raw.published_source) == ("2023-04-28T17:40:08Z", "time")
    assert raw.title == "Quake shakes city"
    assert raw.language == "es"


def test_date_from_url_then_text() -> None:
    raw = extract_metadata(parse_html(doc()), "https://www.euronews.com/2024/04/30/swedish-police")
    assert (raw.published, raw.published_source) == ("2024-04-30", "url")
    html = doc(body='<span class="date">Published April 28, 2024</span><p>Text.</p>')
    raw = extract_metadata(parse_html(html), "https://example.com/news/x")
    assert raw.published_source == "text"
    assert to_utc_iso(raw.published) == "2024-04-28T00:00:00Z"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        (
            "Swedish police to investigate leaks | Euronews",
            "euronews",
            "Swedish police to investigate leaks",
        ),
        (
            "The campaigns brace for a sprint | AP News",
            "AP NEWS",
            "The campaigns brace for a sprint",
        ),
        ("Floods hit the north - BBC News", "BBC News", "Floods hit the north"),
        ("Daily Planet | Floods hit the north", "Daily Planet", "Floods hit the north"),
        ("Floods hit the north | Daily Planet", None, "Floods hit the north"),
        ("Floods hit the north | World | Daily Planet", None, "Floods hit the north"),
        (
            "Spider-Man - the movie review that nobody asked for",
            None,
            "Spider-Man - the movie review that nobody asked for",
        ),
        ("Clinton - Trump debate: five takeaways", None, "Clinton - Trump debate: five takeaways"),
    ],
)
def test_strip_site_suffix(title: str, site: str | None, expected: str) -> None:
    assert strip_site_suffix(title, site) == expected


def test_title_tag_suffix_removed_with_og_site_name() -> None:
    html = doc(
        '<meta property="og:site_name" content="Voice of America">'
        "<title>Moms quit jobs | Voice of America</title>"
    )
    assert extract_metadata(parse_html(html)).title == "Moms quit jobs"


@pytest.mark.parametrize(
    ("byline_html", "expected"),
    [
        (
            '<div class="byline">By <a href="/a/jd">Jane Doe</a> and '
            '<a href="/a/jr">John Roe</a></div>',
            ["Jane Doe", "John Roe"],
        ),
        ('<p class="byline">By JANE DOE, Associated Press</p>', ["JANE DOE", "Associated Press"]),
        (
            '<span class="byline">'
            "By Jane Doe | @janedoe | jane@example.com | April 28, 2024</span>",
            ["Jane Doe"],
        ),
        (
            '<a rel="author" href="/people/ann">Ann Lee</a><a rel="author" href="/x">Share</a>',
            ["Ann Lee"],
        ),
        ('<div class="author">Written by Li Wei, Staff Writer</div>', ["Li Wei"]),
        ("<p>By Olga Petrova</p><p>The text.</p>", ["Olga Petrova"]),
    ],
)
def test_byline_in_page_as_last_resort(byline_html: str, expected: list[str]) -> None:
    raw = extract_metadata(parse_html(doc(body=byline_html + "<p>Body.</p>")))
    assert raw.authors == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["By Jane Doe"], ["Jane Doe"]),
        (["BySTEVE PEOPLES"], ["STEVE PEOPLES"]),
        (["Jane Doe", "jane doe", "JANE DOE"], ["Jane Doe"]),
        (["Share", "Follow", "By", "https://twitter.com/jane"], []),
        (["@janedoe"], []),
        (["jane@example.com"], []),
        (["Updated April 28, 2024"], []),
        (["Reuters"], ["Reuters"]),
        (["Jane Doe, Senior Correspondent"], ["Jane Doe"]),
    ],
)
def test_clean_authors(names: list[str], expected: list[str]) -> None:
    assert clean_authors(names) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-28 07:00:00Z", "2024-04-28T07:00:00Z"),
        ("2024-04-28T03:00:00-04:00", "2024-04-28T07:00:00Z"),
        ("2024-04-28T07:00:00+00:00", "2024-04-28T07:00:00Z"),
        ("2024-04-28T09:00:00+0200", "2024-04-28T07:00:00Z"),
        ("2026-01-06 13:55:27 +01:00", "2026-01-06T12:55:27Z"),
        ("2024-09-03T13:23:07.627", "2024-09-03T13:23:07Z"),
        ("2024-04-28", "2024-04-28T00:00:00Z"),
        ("Sun, 28 Apr 2024 07:00:00 GMT", "2024-04-28T07:00:00Z"),
        ("April 28, 2024", "2024-04-28T00:00:00Z"),
        ("Updated: 28.04.2024 10:15", "2024-04-28T10:15:00Z"),
        ("not a date", None),
        ("", None),
        (None, None),
        ("3 hours ago", None),
    ],
)
def test_to_utc_iso(value: str | None, expected: str | None) -> None:
    assert to_utc_iso(value) == expected
