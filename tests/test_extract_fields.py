"""The extract stage entry point: a page in, clean article fields (or a specific error) out."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.errors import BinaryInputError, EmptyInputError, ExtractionError, NotHTMLError
from pipeline.extract import ExtractedFields, extract_fields
from pipeline.extract.parse import LexborHTMLParser, select_text
from pipeline.extract.raw import RawArticle
from pipeline.maintain.check import token_f1
from pipeline.spider import get_spider

FIXTURES = Path(__file__).parent / "fixtures"
VOA = FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.html.gz"
SEED = FIXTURES / "extract" / "voa-belarus-torture.txt"


@pytest.fixture(scope="module")
def voa() -> tuple[ExtractedFields, dict[str, object]]:
    expected = json.loads(VOA.with_name("us_VoiceOfAmerica_2024_04_28.json").read_text("utf-8"))
    return extract_fields(gzip.decompress(VOA.read_bytes()), str(expected["url"])), expected


def test_voa_generic(voa: tuple[ExtractedFields, dict[str, object]]) -> None:
    fields, expected = voa
    assert fields.title == str(expected["title"]).strip()
    assert fields.authors == ["Associated Press"]
    assert fields.published_at == "2024-04-28T07:00:00Z"
    assert fields.published_at_source == "jsonld"
    assert fields.language == "en"
    assert fields.canonical_url == expected["url"]
    assert fields.tags == ["USA", "United States"]
    assert fields.section == "USA"
    assert token_f1(fields.text, str(expected["body"])) >= 0.9
    assert fields.warnings == []
    assert "\n\n" in fields.text
    assert "\n\n\n" not in fields.text


def paragraphs_of(text: str) -> list[str]:
    return text.split("\n\n")


def seed_page() -> str:
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    title, *rest = lines
    paragraphs = "".join(f"<p>{line}</p>" for line in rest)
    # the seed's text was escaped once more than the page: "&# 160;" stands as "&amp;# 160;"
    paragraphs = paragraphs.replace("&", "&amp;")
    return (
        f"<html><head><title>{title} | Voice of America</title>"
        '<meta property="og:site_name" content="Voice of America"></head>'
        f"<body><h1>{title}</h1><div class='wsw'>{paragraphs}</div></body></html>"
    )


def test_seed_noise_is_repaired_and_furniture_dropped() -> None:
    # A VOA page (its Russian service): the VOA spider knows its follow button is furniture.
    fields = extract_fields(
        seed_page(),
        "https://www.golosameriki.com/a/belarus-torture/5678.html",
        spider=get_spider("voa"),
    )
    text = fields.text
    assert fields.title == "Amnesty International urges to investigate torture in Belarus"
    assert "international justice" in text
    assert "Russian service «Voices of America»" in text
    assert "ill-treatment." in text
    assert "ill-treatment.." not in text
    assert "those responsible." in text
    assert "responsible.." not in text
    assert "Russian service «Voices of America»" in paragraphs_of(text)
    assert "witnesses,” said Marie Struthers" in text
    assert "&#" not in text
    assert "&amp;" not in text
    paragraphs = text.split("\n\n")
    assert "I will follow" not in paragraphs
    assert "Other news" not in paragraphs
    assert fields.title not in paragraphs  # the headline repeated mid-body
    assert fields.cleaning["entity_broken"] >= 4
    assert fields.cleaning["double_period"] >= 3
    assert fields.cleaning["quote_spacing"] >= 1
    assert fields.cleaning["furniture"] >= 3
    # no date line: the one date of the page's text, found by htmldate's search, is the guess
    assert (fields.published_at_local, fields.published_at_source) == ("2020-10-28", "htmldate")


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyInputError, "input is empty"),
        ("", EmptyInputError, "input is empty"),
        ("   \n ", EmptyInputError, "input is empty"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            BinaryInputError,
            "looks like a PNG image",
        ),
        (b"%PDF-1.4\n1 0 obj", BinaryInputError, "looks like a PDF document"),
        (b"hello world", NotHTMLError, "not an HTML document"),
        ("hello world", NotHTMLError, "not an HTML document"),
        # a feed, a sitemap: XML a user may hand to extract by mistake (lxml-less Lexbor
        # would read the feed's escaped item texts as one "article")
        (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog'
            "</title><entry><title>Post</title><content type='html'>&lt;p&gt;Some words "
            "here.&lt;/p&gt;</content></entry></feed>",
            NotHTMLError,
            "Atom feed",
        ),
        (
            "\ufeff  <rss version='2.0'><channel><item><description>Lots of text about the "
            "council and the ferry.</description></item></channel></rss>",
            NotHTMLError,
            "RSS feed",
        ),
        (
            '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
            'syntax-ns#"><item><title>x</title></item></rdf:RDF>',
            NotHTMLError,
            "RSS feed",
        ),
        (
            b'<?xml version="1.0"?><sitemapindex><sitemap><loc>https://a.example/s.xml</loc>'
            b"</sitemap></sitemapindex>",
            NotHTMLError,
            "sitemap",
        ),
        (
            "<html><head><title>Empty</title></head><body></body></html>",
            ExtractionError,
            "no article text",
        ),
        (
            "<html><body><nav><a href='/'>Home</a></nav>"
            "<p>Share</p><p>Advertisement</p></body></html>",
            ExtractionError,
            "no article text found in page",
        ),
    ],
)
def test_malformed_input(data: str | bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as info:
        extract_fields(data, "https://example.com/x")
    assert "\n" not in str(info.value)


def test_missing_title_warns_and_falls_back_to_first_heading() -> None:
    html = (
        "<html><body><h2>Only a subheading</h2>"
        "<p>Some article text that is long enough to keep.</p></body></html>"
    )
    fields = extract_fields(html)
    assert fields.title == "Only a subheading"
    assert "no title" in fields.warnings
    fields = extract_fields(
        "<html><body><p>Some article text that is long enough to keep.</p></body></html>"
    )
    assert fields.title == ""


def test_bytes_are_decoded_with_the_header_charset() -> None:
    html = (
        "<html><head><title>Élection à Montréal</title></head>"
        "<body><p>Le résultat est très serré, dit-on.</p></body></html>"
    )
    fields = extract_fields(html.encode("cp1252"), content_type="text/html; charset=windows-1252")
    assert fields.title == "Élection à Montréal"
    assert fields.text == "Le résultat est très serré, dit-on."


class SiteSpider:
    """A spider that reads the title and body itself and leaves the rest to the generic code."""

    def __init__(self) -> None:
        self.seen_html: str | None = None

    def parse_article(self, tree: LexborHTMLParser, url: str | None) -> RawArticle:
        self.seen_html = tree.html
        return RawArticle(
            title=select_text(tree, ".headline"),
            paragraphs=[p.text() for p in tree.css(".story p")],
        )


def test_spider_fields_win_and_generic_fields_fill_the_rest() -> None:
    html = (
        "<html lang='en'><head><meta property='og:title' content='Generic title'>"
        "<meta name='author' content='By Jane Doe'>"
        "<meta property='article:published_time' content='2024-04-28T03:00:00-04:00'></head>"
        "<body><h1 class='headline'>Site&amp;#160;title</h1>"
        "<div class='story'><p>Spider paragraph one..</p><p>Share</p></div>"
        "<div class='other'>"
        "<p>A longer generic paragraph that the spider did not choose, at all.</p></div>"
        "</body></html>"
    )
    spider = SiteSpider()
    fields = extract_fields(html, "https://example.com/a", spider=spider)
    assert fields.title == "Site title"
    assert fields.text == "Spider paragraph one."
    assert fields.authors == ["Jane Doe"]
    assert (fields.published_at, fields.published_at_source) == ("2024-04-28T07:00:00Z", "meta")
    assert fields.language == "en"
    assert spider.seen_html is not None
    assert 'class="other"' in spider.seen_html


def test_spider_none_values_fall_back() -> None:
    class EmptySpider:
        def parse_article(self, tree: LexborHTMLParser, url: str | None) -> RawArticle:
            return RawArticle()

    fields = extract_fields(gzip.decompress(VOA.read_bytes()), spider=EmptySpider())
    assert fields.authors == ["Associated Press"]
    assert len(fields.text) > 5000


_STORY = [
    "The harbour authority said on Tuesday that the eastern pier would close for repairs "
    "until the end of the summer, after divers found cracks in two of its pillars.",
    "Fishing boats that moor there will use the western quay, where the council has added "
    "forty berths, a fuel pump and a second crane for unloading the catch.",
    "Local traders, who depend on the Saturday market held on the pier, asked for a "
    "temporary site near the station; the council said it would decide next week.",
]


def _page(blocks: str) -> str:
    return (
        "<html><head><title>Pier closes for repairs</title></head><body>"
        f"<article><h1>Pier closes for repairs</h1>{blocks}</article></body></html>"
    )


def test_a_second_copy_of_the_article_is_read_once() -> None:
    """A page that carries its story twice (a desktop and a mobile copy) gives it once."""
    copy = "".join(f"<p>{p}</p>" for p in _STORY)
    fields = extract_fields(_page(f"<div class='desk'>{copy}</div><div class='mob'>{copy}</div>"))
    assert paragraphs_of(fields.text) == _STORY
    assert fields.cleaning["duplicate_paragraph"] == 3


def test_a_paragraph_the_story_repeats_on_its_own_is_kept() -> None:
    """A paragraph written twice in the story (a refrain, a repeated notice) is text both
    times: only a repeated run of paragraphs is a second copy."""
    blocks = [*_STORY, "More paragraphs of the story follow here, with other news of the "
              "town and its harbour, its boats and its market.", _STORY[1]]  # fmt: skip
    fields = extract_fields(_page("".join(f"<p>{p}</p>" for p in blocks)))
    assert paragraphs_of(fields.text) == blocks
    assert "duplicate_paragraph" not in fields.cleaning


_STANDFIRST = (
    "Ferry services to the northern islands will stop for three days from Friday while "
    "storm Agnes crosses the coast, the operator said, and ticket holders will be refunded."
)


@pytest.mark.parametrize(
    "header",
    [
        '<header class="article-header"><h1>Ferries stop</h1><p class="standfirst">{}</p></header>',
        '<div class="hero"><h1>Ferries stop</h1><div class="intro"><span>{}</span></div></div>',
        "<h1>Ferries stop</h1><p class='standfirst'>{}</p>"
        "<div class='banner'><a href='/subscribe'>Subscribe for 1 euro</a></div>",
    ],
)
def test_a_story_that_is_only_a_standfirst_has_it_in_the_text(header: str) -> None:
    """A short news item whose only prose is the standfirst (the page's description, shown
    under the headline) has that standfirst in its text, not only as its lead, even when a
    notice with more words than the story sits beside it."""
    notice = (
        "<div class='note'><p>We use cookies and similar technologies to improve your "
        "experience on our website, to show you personalised content and to analyse our "
        "traffic, as described in our privacy policy, which you can read at any time.</p></div>"
    )
    page = (
        "<html><head><title>Ferries stop</title>"
        f'<meta name="description" content="{_STANDFIRST}"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"{header.format(_STANDFIRST)}{notice}</body></html>"
    )
    fields = extract_fields(page)
    assert fields.lead == _STANDFIRST
    assert paragraphs_of(fields.text)[0] == _STANDFIRST


def test_a_description_the_page_does_not_show_stays_out_of_the_text() -> None:
    """A declared description that is nowhere on the visible page is not text."""
    page = (
        "<html><head><title>Pier closes for repairs</title>"
        f'<meta name="description" content="{_STANDFIRST}"></head><body>'
        f"<article><h1>Pier closes for repairs</h1><p>{_STORY[0]}</p></article></body></html>"
    )
    fields = extract_fields(page)
    assert fields.text == _STORY[0]


@pytest.mark.parametrize(
    ("lang", "title", "lead", "expected_title", "expected_lead"),
    [
        (
            "fr",
            "Retraites\u00a0: ce qui change au 1er janvier",
            "Le gouvernement l\u2019a annoncé\u00a0: «\u00a0pas de report\u00a0».",
            "Retraites : ce qui change au 1er janvier",
            "Le gouvernement l\u2019a annoncé : « pas de report ».",
        ),
        (
            "de",
            "Rente\u00a0: Was sich im Januar ändert",
            "Die Regierung sagt\u00a0: \u201eKein Aufschub\u201c.",
            "Rente: Was sich im Januar ändert",
            "Die Regierung sagt: \u201eKein Aufschub\u201c.",
        ),
    ],
)
def test_title_and_lead_follow_the_page_languages_typography(
    lang: str, title: str, lead: str, expected_title: str, expected_lead: str
) -> None:
    body = "".join(f"<p>{lead[:-1]} Paragraphe {i} du texte de l’article.</p>" for i in range(4))
    html = (
        f'<!doctype html><html lang="{lang}"><head><title>{title}</title>'
        f'<meta name="description" content="{lead}"></head>'
        f'<body><article><h1>{title}</h1><p class="chapo">{lead}</p>{body}'
        "</article></body></html>"
    )
    fields = extract_fields(html, "https://example.org/actualite/retraites")
    assert fields.language == lang
    assert fields.title == expected_title
    assert fields.lead == expected_lead


@pytest.mark.parametrize(
    "prolog",
    [
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
        ' Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">',
        "<!-- <rss> feeds are listed below -->\n<html>",
        "<html>",
    ],
)
def test_an_xhtml_page_or_one_that_shows_feed_markup_is_an_article(prolog: str) -> None:
    # only the document's own first element makes it a feed: an XHTML prolog, a comment or
    # a code sample that shows "<rss>" or "<urlset>" does not
    body = (
        "<p>Subscribe with a reader that understands this markup: "
        "<code>&lt;rss version='2.0'&gt;&lt;channel&gt;</code> and a sitemap's "
        "<code>&lt;urlset&gt;</code> list every story the harbour desk publishes.</p>"
    )
    html = (
        f"{prolog}<head><title>How to follow the harbour desk</title></head><body><article>"
        f"<h1>How to follow the harbour desk</h1>{body * 3}</article></body></html>"
    )
    fields = extract_fields(html, "https://example.com/follow")
    assert fields.title == "How to follow the harbour desk"
    assert "harbour desk publishes" in fields.text
