"""Generic metadata: JSON-LD, meta tags, <time>, <title>, bylines — and date normalization."""

from __future__ import annotations

import time

import pytest

from pipeline.extract import extract_fields
from pipeline.extract.language import detect_language
from pipeline.extract.metadata import clean_authors, extract_metadata
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


def test_jsonld_with_comments_is_read() -> None:
    block = """{
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      "headline": "Ferry timetable changes",  /* the winter timetable */
      "url": "https://harbour.example/news/ferry-timetable",
      // "mainEntityOfPage": {
      //   "@id": "https://harbour.example/news/ferry-timetable"
      // },
      "datePublished": "2024-02-03T08:00:00+01:00"
    }"""
    raw = extract_metadata(parse_html(doc(ld(block))), "https://harbour.example/news/x")
    assert raw.title == "Ferry timetable changes"
    assert (raw.published, raw.published_source) == ("2024-02-03T08:00:00+01:00", "jsonld")
    assert raw.canonical_url == "https://harbour.example/news/ferry-timetable"


def test_entity_escaped_jsonld_values_are_decoded() -> None:
    # a script's raw text: the HTML parser decodes no entity in it, the CMS escaped them
    graph = """{"@graph": [
      {"@type": "WebSite", "name": "Bride &amp; Groom Weekly"},
      {"@type": "BlogPosting", "headline": "Q&amp;A: ten venues by the sea",
       "description": "Tides &amp; ferries", "url": "https://bg.example/q-a?x=1&amp;y=2",
       "datePublished": "2022-08-14T09:30:00&#x2B;02:00"}]}"""
    head = ld(graph) + "<title>Q&amp;A: ten venues by the sea | Bride &amp; Groom Weekly</title>"
    page = doc(head, body="<article><p>Venues by the sea, one by one.</p></article>")
    raw = extract_metadata(parse_html(page), "https://bg.example/a")
    assert raw.canonical_url == "https://bg.example/q-a?x=1&y=2"  # no later stage cleans it
    assert (raw.published, raw.published_source) == ("2022-08-14T09:30:00+02:00", "jsonld")
    # text fields are repaired (and the repairs counted) by the clean stage
    fields = extract_fields(page, "https://bg.example/a")
    assert fields.title == "Q&A: ten venues by the sea"
    assert fields.lead == "Tides & ferries"
    assert fields.cleaning["entity"] >= 2


@pytest.mark.parametrize(
    "block",
    ['{"headline": "' + '\\"' * 400_000, '{"headline": 1 ' + "/*" * 400_000, '"a//' * 250_000],
)
def test_a_hostile_jsonld_block_is_given_up_in_one_pass(block: str) -> None:
    started = time.monotonic()
    raw = extract_metadata(parse_html(doc(ld(block) + "<title>Ferry timetable</title>")))
    assert raw.title == "Ferry timetable"
    assert time.monotonic() - started < 5  # an unclosed string or comment: read once


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
        # a stronger selector first, though a weaker one's element comes first on the page
        (
            '<span class="author">Share</span><div itemprop="author"><span class="role">'
            'Harbour desk</span> <span itemprop="name">Maria Ortiz</span></div>',
            ["Maria Ortiz"],
        ),
        ('<footer><span class="author-name">Tom Berg</span></footer>', ["Tom Berg"]),
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


@pytest.mark.parametrize(
    ("headline", "og_title", "expected"),
    [
        # the shorter of two different headlines: SEO versions grow keywords
        ("Swedish police to investigate reports of information leaks to gangs",
         "Swedish police to investigate reports of leaks to gangs",
         "Swedish police to investigate reports of leaks to gangs"),
        ("Campaigns brace for a sprint", "Campaigns brace for an intense sprint",
         "Campaigns brace for a sprint"),
        # unless the shorter one is the longer one cut short
        ("Mayor resigns after a long and bitter fi…", "Mayor resigns after a long and bitter fight",
         "Mayor resigns after a long and bitter fight"),
        # the card title's " | Site" suffix is not a reason to prefer it
        ("Floods hit the north", "Floods hit the north | Daily Planet", "Floods hit the north"),
    ],
)  # fmt: skip
def test_title_between_jsonld_headline_and_card(
    headline: str, og_title: str, expected: str
) -> None:
    html = doc(
        ld(f'{{"@type": "NewsArticle", "headline": "{headline}"}}')
        + f'<meta property="og:title" content="{og_title}">'
        + '<meta property="og:site_name" content="Daily Planet">'
    )
    assert extract_metadata(parse_html(html)).title == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue Nov 19 2019 03:05:46 GMT+0000", "2019-11-19T03:05:46Z"),
        ("Nov 18, 2019 at 8:05 a.m. EST", "2019-11-18T13:05:00Z"),
        ("01:38:07 PM IST Nov 20, 2019", "2019-11-20T08:08:07Z"),
        ("November 20 15:23 2019", "2019-11-20T15:23:00Z"),
        ("Monday, November 18, 2019 10:15 PM", "2019-11-18T22:15:00Z"),
        ("18 Nov 2019 10:15 +0100", "2019-11-18T09:15:00Z"),
        ("2019/11/18 10:15", "2019-11-18T10:15:00Z"),
        ("February 30, 2019", None),
        ("Published yesterday", None),
    ],
)
def test_written_dates(value: str, expected: str | None) -> None:
    assert to_utc_iso(value) == expected


def test_time_element_text_with_zone_as_last_resort() -> None:
    html = doc(body="<p class='date'>Published April 28, 2024 3:00 PM EDT</p><p>Text.</p>")
    raw = extract_metadata(parse_html(html), "https://example.com/news/x")
    assert raw.published_source == "text"
    assert to_utc_iso(raw.published) == "2024-04-28T19:00:00Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council said on Tuesday that the bridge would be closed for repairs and that "
         "residents had not been consulted.", "en"),
        ("Der Stadtrat hat am Dienstag beschlossen, die alte Brücke zu schließen, weil die "
         "Reparatur zu teuer ist und auch nicht schnell geht.", "de"),
        ("A câmara decidiu na terça-feira fechar a ponte velha, porque a reparação é muito "
         "cara e não seria rápida para os moradores.", "pt"),
        ("Городской совет во вторник решил закрыть старый мост, так как ремонт слишком "
         "дорогой и это было бы не быстро.", "ru"),
        ("市議会は火曜日、古い橋を閉鎖することを決めました。"
         "修理には費用がかかりすぎるためです。", "ja"),
        ("시의회는 화요일에 오래된 다리를 폐쇄하기로 결정했습니다. "
         "수리 비용이 너무 많이 듭니다.", "ko"),
        ("Bridge closed.", None),
        ("12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90", None),
    ],
)  # fmt: skip
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def test_language_declared_wins_else_detected_from_the_body() -> None:
    body = (
        "<p>Der Stadtrat hat am Dienstag beschlossen, die alte Brücke zu schließen.</p>"
        "<p>Die Reparatur ist zu teuer, und sie wäre auch nicht schnell, sagte die Stadt.</p>"
    )
    undeclared = f"<html><head><title>Brücke</title></head><body>{body}</body></html>"
    assert extract_fields(undeclared).language == "de"
    declared = f'<html lang="de-AT"><head><title>Brücke</title></head><body>{body}</body></html>'
    assert extract_fields(declared).language == "de"
    wrong = f'<html lang="fr"><head><title>Brücke</title></head><body>{body}</body></html>'
    assert extract_fields(wrong).language == "fr"  # the page's declaration is recorded as is


def test_canonical_section_tags_and_lead_from_jsonld_graph() -> None:
    html = doc(
        ld(
            """{"@graph": [{"@type": "WebPage", "@id": "https://example.com/p"},
              {"@type": "ReportageNewsArticle", "headline": "H",
               "mainEntityOfPage": {"@id": "https://example.com/world/h?utm_source=rss"},
               "articleSection": "World", "keywords": ["bridges", "council"],
               "description": "The standfirst."}]}"""
        )
    )
    raw = extract_metadata(parse_html(html), "https://example.com/world/h?ref=home")
    assert raw.canonical_url == "https://example.com/world/h"
    assert (raw.section, raw.tags, raw.lead) == ("World", ["bridges", "council"], "The standfirst.")


# -- the title: the visible headline, chosen by agreement (#14) -------------------------------
@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        # a shorter alternative headline for sharing does not beat the visible one
        (ld('{"@type": "NewsArticle", "headline": "Port strike ends"}')
         + '<meta property="og:title" content="Dock workers end strike after pay deal - Post">'
         + "<title>Dock workers end strike after pay deal - Harbour Post</title>",
         "<h1>Dock workers end strike after pay deal</h1>",
         "Dock workers end strike after pay deal"),
        # a site (or section) suffix no meta tag names: the <h1> is one segment of the title
        ("<title>Typhoon season starts early this year - Island Times</title>",
         "<h1>Typhoon season starts early this year</h1>",
         "Typhoon season starts early this year"),
        ("<title>Snow closes mountain passes - National</title>",
         "<h1>Snow closes mountain passes</h1>", "Snow closes mountain passes"),
        # a logo or greeting in the <h1> is not the headline
        ("<title>Testing your frontend code | Notes | Ann Lee</title>",
         "<h1>Hi, I'm Ann.</h1><h2>Testing your frontend code</h2>",
         "Testing your frontend code"),
        # the page's only <h1>, a sentence long, without metadata agreeing
        ('<meta property="og:title" content="Ten tips for new gardeners">',
         "<h1>What I wish I had known before my first year with an allotment</h1>",
         "What I wish I had known before my first year with an allotment"),
    ],
)  # fmt: skip
def test_title_is_the_visible_headline_by_agreement(head: str, body: str, expected: str) -> None:
    assert extract_metadata(parse_html(doc(head, body))).title == expected


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        # the site's name in an <h1> (a masthead) is not the headline, even though it is one
        # segment of the <title>: named by og:site_name …
        ('<meta property="og:site_name" content="Green Thumb Notes">'
         "<title>How to repot an orchid – Green Thumb Notes</title>",
         "<h1>Green Thumb Notes</h1><article><h1>How to repot an orchid</h1></article>",
         "How to repot an orchid"),
        # … or only by the <title>'s suffix; the card title then decides
        ('<meta property="og:title" content="Rain gardens for small yards">'
         "<title>Rain gardens for small yards | Petal &amp; Stem</title>",
         "<h1>Petal &amp; Stem</h1><article><h2>Rain gardens for small yards</h2></article>",
         "Rain gardens for small yards"),
        # a card title with the brand after " | " and no og:site_name to name it
        ('<meta property="og:title" content="The weekly bread baking checklist | Crumb Co">',
         "<article><p>Flour, water, salt.</p></article>",
         "The weekly bread baking checklist"),
        # the site's name after the visible headline itself
        ('<meta property="og:site_name" content="Artline">'
         "<title>Best print fairs of the spring – Artline - Artline</title>",
         "<h1>Best print fairs of the spring – Artline</h1>",
         "Best print fairs of the spring"),
    ],
)  # fmt: skip
def test_the_site_name_is_not_the_title(head: str, body: str, expected: str) -> None:
    assert extract_metadata(parse_html(doc(head, body))).title == expected


# -- a declared URL that cannot be parsed never costs the page (#14; page URLs: test_urls.py)
@pytest.mark.parametrize("href", ["http://[::1", "https://[oops/story", "//[::1/x"])
def test_a_bad_declared_canonical_url_is_ignored(href: str) -> None:
    html = doc(f'<link rel="canonical" href="{href}"><meta property="og:url" content="{href}">')
    raw = extract_metadata(parse_html(html), "https://news.example/ferry?utm_source=x")
    assert raw.canonical_url == "https://news.example/ferry"
    assert extract_metadata(parse_html(html), None).canonical_url is None


# -- meta tags written every way CMSs write them ----------------------------------------------
@pytest.mark.parametrize(
    "meta",
    [
        # RDFa: several properties in one attribute
        '<meta property="og:title twitter:title" content="Lock gates repaired ahead of winter">',
        # both a name and a property on one tag
        '<meta name="twitter:title" property="og:title"'
        ' content="Lock gates repaired ahead of winter">',
        # Dublin Core with a colon, as in RDFa, and with "dcterms"
        '<meta property="dc:title" content="Lock gates repaired ahead of winter">',
        '<meta name="DCTERMS.title" content="Lock gates repaired ahead of winter">',
    ],
)
def test_card_title_read_from_every_meta_spelling(meta: str) -> None:
    html = doc(meta + "<title>Canal news</title>", body="<p>The lock gates were repaired.</p>")
    assert extract_metadata(parse_html(html)).title == "Lock gates repaired ahead of winter"


def test_dublin_core_dates_and_creator_with_colons() -> None:
    html = doc(
        '<meta property="dc:creator" content="Ines Varga">'
        '<meta property="dcterms:issued" content="2022-06-14">'
        "<title>Canal reopens</title>",
        body="<h1>Canal reopens</h1><p>The canal reopened on Tuesday.</p>",
    )
    raw = extract_metadata(parse_html(html))
    assert raw.authors == ["Ines Varga"]
    assert (raw.published or "").startswith("2022-06-14")


# -- hostile JSON-LD: nesting no article has ---------------------------------------------------
@pytest.mark.parametrize("depth", [60, 900, 5000])
def test_deeply_nested_jsonld_is_skipped_not_fatal(depth: int) -> None:
    deep = '{"@graph": [' * depth + '{"@type": "Thing"}' + "]}" * depth
    article = '{"@type": "NewsArticle", "headline": "Night trains return to the coast line"}'
    html = doc(ld(deep) + ld(article), body="<p>Service text.</p>")
    raw = extract_metadata(parse_html(html))
    assert raw.title == "Night trains return to the coast line"


def test_jsonld_of_ordinary_depth_is_still_read() -> None:
    nested = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "mainEntity": '
        '{"@type": "NewsArticle", "headline": "Ferry timetable changes in May",'
        ' "author": {"@type": "Person", "name": "Lea Brandt",'
        ' "affiliation": {"@type": "Organization", "name": "Coast Post"}}}}]}'
    )
    raw = extract_metadata(parse_html(doc(ld(nested))))
    assert raw.title == "Ferry timetable changes in May"
    assert raw.authors == ["Lea Brandt"]


def test_jsonld_block_with_several_objects_one_after_another() -> None:
    # some CMSs write two JSON documents into one script element; json.loads rejects that
    block = (
        '{"@context": "https://schema.org", "@type": "Organization", "name": "Valley Times"}\n'
        '{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Dam inspection finds no cracks", "datePublished": "2024-02-06T08:00:00Z",'
        ' "author": {"@type": "Person", "name": "Omar Haddad"}}'
    )
    raw = extract_metadata(parse_html(doc(ld(block), body="<p>Inspectors said.</p>")))
    assert raw.title == "Dam inspection finds no cracks"
    assert raw.authors == ["Omar Haddad"]
    assert (raw.published or "").startswith("2024-02-06")


def test_a_block_of_json_followed_by_garbage_is_still_refused() -> None:
    block = '{"@type": "NewsArticle", "headline": "Half a block"} this is not json'
    raw = extract_metadata(parse_html(doc(ld(block) + "<title>Page title here</title>")))
    assert raw.title == "Page title here"


@pytest.mark.parametrize(
    "href", ["javascript:void(0)", "JavaScript:go()", "#top", "mailto:d@x.example"]
)
def test_a_canonical_link_to_no_page_gives_way_to_the_next_declared_url(href: str) -> None:
    html = doc(
        f'<link rel="canonical" href="{href}">'
        '<meta property="og:url" content="https://news.example/ferry-fares">'
    )
    raw = extract_metadata(parse_html(html), "https://news.example/ferry?id=3")
    assert raw.canonical_url == "https://news.example/ferry-fares"


def test_the_first_canonical_link_that_gives_an_address() -> None:
    head = (
        '<link rel="canonical" href="  "><link rel="CANONICAL" href="/harbour/ferry-fares">'
        '<link rel="canonical" href="/harbour/other">'
    )
    raw = extract_metadata(parse_html(doc(head)), "https://news.example/harbour/ferry-fares?p=2")
    assert raw.canonical_url == "https://news.example/harbour/ferry-fares"


def test_jsonld_and_meta_tags_in_the_body_are_read_in_page_order() -> None:
    body = (
        '<meta name="description" content="First lead.">'
        + ld('{"@type": "NewsArticle", "headline": "Fares rise", "datePublished": "2024-03-05"}')
        + '<meta name="description" content="Second lead."><p>Body text of the article.</p>'
    )
    raw = extract_metadata(parse_html(doc(body=body)), "https://news.example/ferry-fares")
    assert (raw.title, raw.lead, raw.published) == ("Fares rise", "First lead.", "2024-03-05")
