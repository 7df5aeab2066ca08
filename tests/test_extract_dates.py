"""The date step: published_at, published_at_local, its source and modified_at, on pages the
tests make: URL patterns, visible date lines in five languages, ``<time>``, CMS meta tags,
original versus updated, and dates that cannot be a page's date."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline import load
from pipeline.api import extract_article
from pipeline.extract import ExtractedFields, RawArticle, extract_fields
from pipeline.extract.parse import LexborHTMLParser
from pipeline.extract.times import parse_page_date, to_local_iso, to_utc_iso
from pipeline.output.validate import validate_lines

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
BODY = (
    "<p>The council met for four hours on the new budget and agreed on most of its lines, "
    "with two members voting against the plan for the harbour.</p>"
)


def page(head: str = "", top: str = "", lang: str = "en") -> str:
    """An article page: ``head`` in <head>, ``top`` above the body text."""
    return (
        f'<!doctype html><html lang="{lang}"><head><title>Council agrees budget</title>{head}'
        f"</head><body><article><h1>Council agrees budget</h1>{top}{BODY}</article>"
        "</body></html>"
    )


def ld(obj: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def dates(html: str, url: str = "https://news.example/politics/council-budget") -> ExtractedFields:
    return extract_fields(html, url, now=NOW)


# -- the reader -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "local", "utc"),
    [
        ("2024-04-28T03:00:00-04:00", "2024-04-28T03:00:00-04:00", "2024-04-28T07:00:00Z"),
        ("2024-04-28T23:30:00+05:30", "2024-04-28T23:30:00+05:30", "2024-04-28T18:00:00Z"),
        ("2024-04-28T07:00:00Z", "2024-04-28T07:00:00+00:00", "2024-04-28T07:00:00Z"),
        ("Sun, 28 Apr 2024 07:00:00 +0200", "2024-04-28T07:00:00+02:00", "2024-04-28T05:00:00Z"),
        ("April 28, 2024 11:30 PM EDT", "2024-04-28T23:30:00-04:00", "2024-04-29T03:30:00Z"),
        # a time without a zone, or no time: the day the page wrote
        ("2024-04-28T23:30:00", "2024-04-28", "2024-04-28T23:30:00Z"),
        ("2024-04-28", "2024-04-28", "2024-04-28T00:00:00Z"),
        # a CMS date field written as midnight is a day, not a time
        ("2024-04-28T00:00:00+02:00", "2024-04-28", "2024-04-27T22:00:00Z"),
        ("2024-4-8T10:00:00+02:00", "2024-04-08T10:00:00+02:00", "2024-04-08T08:00:00Z"),
        ("Mi., 08.05.2024 - 14:45", "2024-05-08", "2024-05-08T14:45:00Z"),
        ("8. Mai 2024, 14:45 Uhr", "2024-05-08", "2024-05-08T14:45:00Z"),
        ("le 1er mars 2024 à 10:00", "2024-03-01", "2024-03-01T10:00:00Z"),
        ("martes, 12 de marzo de 2024 10:00 CET", "2024-03-12T10:00:00+01:00",
         "2024-03-12T09:00:00Z"),
        ("5 марта 2024 г., 14:05", "2024-03-05", "2024-03-05T14:05:00Z"),
        ("06/13/2019", "2019-06-13", "2019-06-13T00:00:00Z"),
        ("13/06/2019", "2019-06-13", "2019-06-13T00:00:00Z"),
        ("in 2019", None, None),
    ],
)  # fmt: skip
def test_local_and_utc_readings(value: str, local: str | None, utc: str | None) -> None:
    assert (to_local_iso(value), to_utc_iso(value)) == (local, utc)


@pytest.mark.parametrize(
    ("value", "day_first", "day"),
    [
        ("05/03/2021", False, "2021-05-03"),
        ("05/03/2021 14:05", True, "2021-03-05"),
        ("05/13/2021", True, "2021-05-13"),  # no 13th month: the month came first
        ("25/03/2021", False, "2021-03-25"),
        ("2021/03/05", True, "2021-03-05"),
    ],
)
def test_slashed_dates_day_or_month_first(value: str, day_first: bool, day: str) -> None:
    when = parse_page_date(value, dateparser=False, day_first=day_first)
    assert when is not None
    assert when.day.isoformat() == day


# Turkish capitals lower-case by Turkish rules (I to ı, İ to i), and a Ukrainian apostrophe
# is written three ways (ʼ, ’, ').
@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("5 MAYIS 2021", "2021-05-05"),
        ("12 KASIM 2021", "2021-11-12"),
        ("3 ARALIK 2020", "2020-12-03"),
        ("1 NİSAN 2022", "2022-04-01"),
        ("7 EKİM 2021 14:05", "2021-10-07"),
        ("SALI, 02.03.2021", "2021-03-02"),
        ("Salı, 2 Mart 2021", "2021-03-02"),
        ("пʼятниця, 5 березня 2021", "2021-03-05"),
        ("п’ятниця, 5 березня 2021", "2021-03-05"),
        ("п'ятниця, 5 березня 2021", "2021-03-05"),
        ("П’ЯТНИЦЯ, 05.03.2021", "2021-03-05"),
    ],
)
def test_turkish_capitals_and_ukrainian_apostrophes(value: str, day: str) -> None:
    when = parse_page_date(value, dateparser=False)
    assert when is not None
    assert when.day.isoformat() == day


@pytest.mark.parametrize(
    "below",
    [
        "<div><span>YAYINLANMA TARİHİ:</span> <strong>05.03.2021</strong></div>",
        "<p>YAYINLANMA: 5 MART 2021</p>",
        "<div><b>Yayınlanma Tarihi</b><span>5 Mart 2021</span></div>",
    ],
)
def test_a_turkish_published_line_in_capitals(below: str) -> None:
    html = (
        '<!doctype html><html lang="tr"><head><title>Meclis bütçeyi kabul etti</title>'
        '<meta name="DC.date" content="2021-03-08"></head><body><article>'
        f"<h1>Meclis bütçeyi kabul etti</h1>{BODY}{below}<p>Güncellenme: 8.3.2021</p>"
        "</article></body></html>"
    )
    fields = dates(html)
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "text")


# -- URL patterns -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2021/03/05/council-budget/",
        "https://news.example/politics/2021/3/5/council-budget",
        "https://news.example/2021-03-05-council-budget.html",
        "https://news.example/archive/20210305/council-budget",
        "https://news.example/blog/2021_03_05_council-budget",
    ],
)
def test_date_in_the_url(url: str) -> None:
    fields = dates(page(), url)
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "url")
    assert fields.published_at == "2021-03-05T00:00:00Z"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/story/20210305123/council-budget",  # an id, not a date
        "https://news.example/2021/03/council-budget",  # a month, not a day
        "https://news.example/2021/13/45/council-budget",  # no such day
        # a year-and-month folder, then a title that begins with a number
        "https://blog.example/2021/03/5-fragen-an-die-ministerin/",
        "https://blog.example/2021/03/10-cosas-que-saber-del-presupuesto",
        "https://blog.example/2021/3/7-questions-about-the-harbour.html",
        "https://blog.example/2021/03/12_pytan_o_port/",
    ],
)
def test_numbers_in_the_url_that_are_not_a_day(url: str) -> None:
    assert dates(page(), url).published_at_source != "url"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2021/03/05",
        "https://news.example/2021/03/05.html",
        "https://news.example/2021/03/05?ref=home",
    ],
)
def test_url_day_at_the_end_of_the_path(url: str) -> None:
    assert dates(page(), url).published_at_local == "2021-03-05"


def test_a_numbered_title_under_a_month_folder_leaves_the_declared_day() -> None:
    # "3 Fragen an …" published on 31 October: the "3" is the title's, not a day
    head = '<meta property="article:published_time" content="2023-10-31T08:47:16+00:00">'
    fields = dates(page(head, lang="de"), "https://blog.example/2023/10/3-fragen-an-die-leiterin/")
    assert fields.published_at_local == "2023-10-31T08:47:16+00:00"
    assert fields.published_at_source == "meta"


def test_url_day_settles_the_local_day_of_a_utc_instant() -> None:
    # 9 Nov 01:09 UTC is the evening of 8 Nov in the newsroom that wrote the URL
    html = page(ld({"@type": "NewsArticle", "datePublished": "2023-11-09T01:09:55Z"}))
    fields = dates(html, "https://news.example/2023/11/08/council-budget/")
    assert fields.published_at == "2023-11-09T01:09:55Z"
    assert (fields.published_at_local, fields.published_at_source) == ("2023-11-08", "jsonld")


@pytest.mark.parametrize(
    ("line", "local"),
    [
        ('<span class="datum">19. Oktober 2019 00:04 Uhr</span>', "2019-10-19T00:04:00+02:00"),
        ('<p class="byline">By Jane Roe · Oct. 18, 2019 6:04 PM</p>', "2019-10-18T18:04:00-04:00"),
        ('<div class="date">Updated 19 Oct 2019, 03:34</div>', "2019-10-19T03:34:00+05:30"),
        # the line shows another time: no offset can be told, the page's UTC stays
        ('<span class="date">19. Oktober 2019 00:10 Uhr</span>', "2019-10-18T22:04:00+00:00"),
    ],
)
def test_the_offset_of_a_utc_instant_from_the_time_the_page_shows(line: str, local: str) -> None:
    html = page(ld({"@type": "NewsArticle", "datePublished": "2019-10-18T22:04:00Z"}), top=line)
    fields = dates(html)
    assert (fields.published_at, fields.published_at_local) == ("2019-10-18T22:04:00Z", local)


def test_the_offset_from_a_date_line_written_over_indented_lines() -> None:
    pad = "\n" + " " * 60
    line = f'<span class="datum">{pad}19. Oktober 2019{pad}<b>00:04</b> Uhr{pad}</span>'
    html = page(ld({"@type": "NewsArticle", "datePublished": "2019-10-18T22:04:00Z"}), top=line)
    assert dates(html).published_at_local == "2019-10-19T00:04:00+02:00"


def test_a_date_line_inside_a_long_meta_block() -> None:
    about = "Jane Roe covers the harbour, the council and its budget for the paper. " * 4
    top = (
        f'<div class="article-meta"><p>{about}</p>'
        '<span class="posted-on">Posted on March 5, 2021</span></div>'
    )
    fields = dates(page(top=top))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "text")


def test_an_updated_line_written_over_indented_lines() -> None:
    pad = "\n" + " " * 150
    head = ld({"@type": "NewsArticle", "datePublished": "2021-03-05T10:00:00Z"})
    fields = dates(page(head, top=f'<p class="updated">Updated:{pad}March 7, 2021{pad}</p>'))
    assert fields.modified_at == "2021-03-07T00:00:00Z"


def test_an_updated_label_broken_over_two_lines() -> None:
    head = ld({"@type": "NewsArticle", "datePublished": "2021-03-05T10:00:00Z"})
    top = '<p class="date">Mis à<br>jour le 7 mars 2021</p>'
    assert dates(page(head, top=top, lang="fr")).modified_at == "2021-03-07T00:00:00Z"


def test_an_offset_the_page_gives_is_kept_over_the_url_day() -> None:
    html = page(ld({"@type": "NewsArticle", "datePublished": "2023-11-09T00:30:00+01:00"}))
    fields = dates(html, "https://news.example/2023/11/08/council-budget/")
    assert fields.published_at_local == "2023-11-09T00:30:00+01:00"
    assert fields.published_at == "2023-11-08T23:30:00Z"


def test_a_url_day_that_cannot_be_the_instants_local_day() -> None:
    # 13:00 UTC is 9 November from UTC-11 to UTC+10: a URL of 8 November is the draft's day
    html = page(ld({"@type": "NewsArticle", "datePublished": "2023-11-09T13:00:00Z"}))
    fields = dates(html, "https://news.example/2023/11/08/council-budget/")
    assert fields.published_at_local == "2023-11-09T13:00:00+00:00"


def test_a_midnight_date_field_is_not_moved_by_a_time_on_the_page() -> None:
    html = page(
        ld({"@type": "NewsArticle", "datePublished": "2021-03-05T00:00:00Z"}),
        top='<p class="date">4 March 2021 19:00</p>',  # an evening event, not the instant
    )
    fields = dates(html)
    assert fields.published_at == "2021-03-05T00:00:00Z"
    assert fields.published_at_local == "2021-03-05"


def test_url_day_wins_over_a_declared_date_years_away() -> None:
    # the JSON-LD date is the day the archive page was regenerated
    html = page(ld({"@type": "NewsArticle", "datePublished": "2023-06-17T18:28:00+02:00"}))
    fields = dates(html, "https://news.example/home/2017/7/12/council-budget")
    assert (fields.published_at_local, fields.published_at_source) == ("2017-07-12", "url")


# -- visible date lines -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Published March 5, 2021 at 2:05 PM"),
        ("en", "Posted on 5 March 2021"),
        ("de", "Veröffentlicht am 5. März 2021, 14:05 Uhr"),
        ("de", "Erschienen: 05.03.2021"),
        ("fr", "Publié le 5 mars 2021 à 14:05"),
        ("es", "Publicado el 5 de marzo de 2021"),
        ("ru", "Опубликовано 5 марта 2021, 14:05"),
        ("it", "Pubblicato il 5 marzo 2021 alle 14:05"),
        ("pt", "Publicado em 5 de março de 2021"),
        ("nl", "Gepubliceerd op 5 maart 2021"),
    ],
)
def test_visible_date_line(lang: str, line: str) -> None:
    fields = dates(page(top=f'<p class="article-meta">{line}</p>', lang=lang))
    assert fields.published_at_local == "2021-03-05"
    assert fields.published_at_source == "text"


# A "Published" line in an element of any name (a paragraph under the article, a footer): the
# date after the label in the same text, or in the next text when the label stands alone.
@pytest.mark.parametrize(
    ("lang", "below"),
    [
        ("de", "<p>Veröffentlicht am 05.03.2021<br>Dauer: 1 Stunde 4 Minuten<br>"
               "Lizenz: CC-BY 4.0</p>"),
        ("de", "<p>Letzte Änderung: 09.03.2021 - 14:49:39<br>Erschienen am: 05.03.2021<br>"
               "Aufrufe: 61</p>"),
        ("fr", "<footer><p>Publié le 5 mars 2021 · Rubrique Société</p></footer>"),
        ("es", "<div><span>Publicado el:</span> <strong>5 de marzo de 2021</strong></div>"),
        ("en", "<div><div>Published</div><div>March 5, 2021</div></div>"),
        ("it", "<p><em>Pubblicato il 5 marzo 2021</em></p>"),
        ("pt", "<section><h4>Publicado em</h4><p>05/03/2021</p></section>"),
        ("ru", "<p><b>Опубликовано:</b> 5 марта 2021</p>"),
        ("nl", "<p>Gepubliceerd op 5 maart 2021<br>Leestijd: 3 minuten</p>"),
        ("en", "<p>Dr. Jane Roe<br>Posted on March 5, 2021</p>"),
    ],
)  # fmt: skip
def test_a_published_line_outside_the_date_line_classes(lang: str, below: str) -> None:
    html = (
        f'<!doctype html><html lang="{lang}"><head><title>Council agrees budget</title></head>'
        f"<body><article><h1>Council agrees budget</h1>{BODY}{below}</article></body></html>"
    )
    fields = dates(html)
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "text")


# What a reader never sees is no "Published" line: a script's template, a style, a
# <noscript> fallback, a form's hidden field.
@pytest.mark.parametrize(
    "hidden",
    [
        '<script type="text/x-template">Published: July 14, 2019</script>',
        "<style>/* Posted on July 14, 2019 | theme 2 */</style>",
        "<noscript><p>Published: July 14, 2019</p></noscript>",
        "<textarea>Published: July 14, 2019</textarea>",
        "<select><option>Published: July 14, 2019</option></select>",
    ],
    ids=["script-template", "style", "noscript", "textarea", "select"],
)
def test_a_published_line_only_in_hidden_markup_is_not_read(hidden: str) -> None:
    html = (
        '<!doctype html><html lang="en"><head><title>Council agrees budget</title></head>'
        f"<body>{hidden}<article><h1>Council agrees budget</h1>{BODY}"
        "<div><div>Published</div><div>March 5, 2021</div></div></article></body></html>"
    )
    fields = dates(html)
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "text")


@pytest.mark.parametrize(
    "below",
    [
        "<footer><p>PUBLISHED: MARCH 5, 2021</p></footer>",
        "<div><p>Posted</p><p> </p><p>March 5, 2021</p></div>",
        "<p>Yayınlanma: 05.03.2021</p>",
        # a dotless ı elsewhere on the page (a Turkish name): the label is still found
        "<p>Photo: Aslı Kaya</p><p>Published March 5, 2021</p>",
        "".join(f"<p>Share item {i}</p>" for i in range(300)) + "<p>Posted 5 March 2021</p>",
    ],
)
def test_a_published_line_in_any_case_after_any_texts(below: str) -> None:
    html = (
        '<!doctype html><html lang="en"><head><title>Council agrees budget</title></head>'
        f"<body><article><h1>Council agrees budget</h1>{BODY}{below}</article></body></html>"
    )
    fields = dates(html)
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "text")


def test_the_label_words_fold_as_the_label_search_reads_them() -> None:
    # the quick look for a "Published" word in the lower-cased short texts finds every text
    # the label's case-insensitive search can match, but for the characters it sets apart
    from pipeline.extract import pubdate

    letters = sorted(set("".join(pubdate._PUBLISHED_STEMS)))
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in letters:
        for char in re.findall(f"(?i){re.escape(letter)}", every):
            if char not in pubdate._FOLD_EXCEPTIONS:
                assert char.lower() == letter.replace("ı", "i"), (letter, char)
    assert all(len(char.lower()) == 1 for char in every if char != "\u0130")


def test_a_published_line_with_a_dotless_i_on_the_page() -> None:
    below = "<p>Photo: Aslı Kaya</p><p>Yayınlanma: 05.03.2021</p><p>PUBLİSHED</p>"
    html = (
        '<!doctype html><html lang="tr"><head><title>Council agrees budget</title></head>'
        f"<body><article><h1>Council agrees budget</h1>{BODY}{below}</article></body></html>"
    )
    fields = dates(html)
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "text")


def test_published_in_a_sentence_is_not_a_date_line() -> None:
    prose = (
        "<p>The harbour study was published on 5 March 2021 by the port authority.</p>"
        "<p>Published</p>"
    )
    fields = dates(page(top=prose))
    assert fields.published_at_source != "text"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "March 5, 2021"),
        ("en", "5th March 2021 | 6 min read"),
        ("de", "5. März 2021"),
        ("de", "Fr., 05.03.2021"),
        ("fr", "vendredi 5 mars 2021"),
        ("es", "5 de marzo de 2021"),
        ("ru", "5 марта 2021 г."),
        ("it", "5 marzo 2021"),
        ("nl", "2021-03-05"),
        ("pl", "piątek, 5 marca 2021 r., godz. 14:05"),
        ("cs", "5. března 2021 v 14:05"),
        ("sv", "fredag 5 mars 2021"),
        ("da", "5. marts 2021"),
        ("tr", "5 Mart 2021 Cuma"),
        ("uk", "5 березня 2021 р., 14:05"),
    ],
)
def test_unlabelled_date_line(lang: str, line: str) -> None:
    fields = dates(page(top=f"<div><span>{line}</span></div>", lang=lang))
    assert fields.published_at_local == "2021-03-05"
    assert fields.published_at_source in ("text", "htmldate")  # read by newsmill or htmldate


# A date written with slashes and both numbers up to 12 ("05/03/2021") is read the way the
# page's language and region write dates: month first only in US (and Philippine) English,
# or English without a region; day first everywhere else.
@pytest.mark.parametrize(
    ("lang", "head", "line", "local"),
    [
        ("en-US", "", "Published 05/03/2021", "2021-05-03"),
        ("en", "", "Posted on 05/03/2021", "2021-05-03"),
        ("en-GB", "", "Published 05/03/2021", "2021-03-05"),
        ("en", '<meta property="og:locale" content="en_AU">', "Published 05/03/2021",
         "2021-03-05"),
        ("fr", "", "Publié le 05/03/2021 à 14:05", "2021-03-05"),
        ("es-MX", "", "Publicado el 05/03/2021", "2021-03-05"),
        ("pt-BR", "", "Publicado em 05/03/2021 10:00", "2021-03-05"),
        ("ru", "", "Опубликовано 05/03/2021", "2021-03-05"),
    ],
)  # fmt: skip
def test_a_slashed_date_is_read_as_the_pages_language_writes_it(
    lang: str, head: str, line: str, local: str
) -> None:
    fields = dates(page(head=head, top=f'<p class="article-meta">{line}</p>', lang=lang))
    assert (fields.published_at_local, fields.published_at_source) == (local, "text")


def test_a_slashed_date_in_a_meta_tag_is_read_month_first_on_any_page() -> None:
    # software writes meta tags (a server's default culture), not the page's readers
    head = '<meta name="date" content="03/04/2022 08:15:00">'
    top = '<p class="fecha">4 de marzo de 2022</p>'
    fields = dates(page(head=head, top=top, lang="es-ES"))
    assert fields.published_at == "2022-03-04T08:15:00Z"
    assert (fields.published_at_local, fields.published_at_source) == ("2022-03-04", "meta")


def test_a_date_line_in_inline_markup() -> None:
    top = '<p class="article-info">Pressemitteilung <em>05.03.2021</em></p>'
    assert dates(page(top=top, lang="de")).published_at_local == "2021-03-05"


def test_a_marked_date_line_before_older_dates_on_the_page() -> None:
    # the article's own line, then a list of older stories: the marked line is the date
    top = (
        '<div class="entry-date">5 March 2021</div>'
        "<ul><li>Harbour plan shelved — 2 January 2020</li><li>Budget talks open — 14 Dec "
        "2019</li></ul>"
    )
    assert dates(page(top=top)).published_at_local == "2021-03-05"


def test_the_original_of_unmarked_dates() -> None:
    # no element says which date is the page's: the earliest short line is the original
    top = "<div><span>9 marzo 2021</span></div><div><span>5 marzo 2021</span></div>"
    assert dates(page(top=top, lang="it")).published_at_local == "2021-03-05"


def test_an_earlier_date_in_the_article_prose_is_not_the_page_date() -> None:
    prose = (
        "<p>On 12 March 2019 the council first discussed the harbour, and the talks went on "
        "until the spring of the following year.</p>"
    )
    fields = dates(page(top=f"<div><span>5 March 2021</span></div>{prose}"))
    assert fields.published_at_local == "2021-03-05"


@pytest.fixture
def dateparser_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts handed to dateparser while the test runs."""
    import dateparser

    calls: list[str] = []
    real = dateparser.DateDataParser.get_date_data

    def spy(self: object, text: str, *args: object, **kwargs: object) -> object:
        calls.append(text)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(dateparser.DateDataParser, "get_date_data", spy)
    return calls


def test_no_dateparser_on_a_page_htmldates_fast_search_dates(dateparser_calls: list[str]) -> None:
    # a Polish date line before a numeric one: htmldate's extensive search hands the Polish
    # one to dateparser, whose every-language detection costs more than the rest of the
    # page; its fast search reads the numeric one, and the date step asks no more of it
    top = (
        '<div class="post-date">piątek, 4 marca 2021 r.</div>'
        '<div class="post-date"><span class="date">05.03.2021</span></div>'
    )
    fields = dates(page(top=top, lang="pl"))
    assert (fields.published_at_local, dateparser_calls) == ("2021-03-05", [])


@pytest.mark.parametrize(
    ("lang", "top"),
    [
        ("fr", "<div><span>vendredi 5 mars 2021</span></div>"),
        ("es", '<div class="autor"><span>5 de marzo de 2021</span></div>'),
        ("en", "<aside><p>Harbour desk</p><p>5 March 2021</p></aside>"),
    ],
)
def test_one_day_shown_is_read_before_htmldates_extensive_search(
    lang: str, top: str, dateparser_calls: list[str]
) -> None:
    # htmldate's fast search cannot read these lines; the page shows one day in a short
    # text: that day, without dateparser (which htmldate's extensive search would call)
    fields = dates(page(top=top, lang=lang))
    assert (fields.published_at_local, fields.published_at_source, dateparser_calls) == (
        "2021-03-05",
        "text",
        [],
    )


def test_several_days_shown_are_left_to_htmldate() -> None:
    # two short date lines: the page's own short reader does not choose between them
    top = "<div><span>9 marzo 2021</span></div><div><span>5 marzo 2021</span></div>"
    fields = dates(page(top=top, lang="it"))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")


def test_a_page_without_any_date() -> None:
    fields = dates(page())
    assert (fields.published_at, fields.published_at_local, fields.published_at_source) == (
        None,
        None,
        None,
    )
    assert "no published date" in fields.warnings


# -- a year or a month alone is not a day ----------------------------------------------------
# htmldate falls back on a copyright year, a "Month YYYY" or a year-and-month URL and gives the
# 1st of that month: a day the page never writes is not the page's publication day.
def footed(top: str = "", foot: str = "", lang: str = "en", head: str = "") -> str:
    """An article page with ``foot`` in a <footer> after the article."""
    return page(head=head, top=top, lang=lang).replace("</body>", f"<footer>{foot}</footer></body>")


@pytest.mark.parametrize(
    "foot",
    [
        "<p>© 2023 Harbour Gazette. All rights reserved.</p>",
        "<p>Copyright 2019–2023 Lakeside Press Ltd</p>",
        "<p>Page last reviewed: March 2022</p>",
        "<p>(c) 2021 Stadtwerke Musterstadt · Impressum · Datenschutz</p>",
    ],
)
def test_a_year_or_month_alone_is_not_a_publication_date(foot: str) -> None:
    fields = dates(footed(foot=foot))
    assert (fields.published_at, fields.published_at_local, fields.published_at_source) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("lang", "top"),
    [
        ("en", '<div class="entry-date">1 January 2024</div>'),
        ("en", "<div><span>January 1, 2024</span></div>"),
        ("de", '<p class="meta">Veröffentlicht am 1. Januar 2024</p>'),
        # the day inside a line longer than a short date line
        ("en", "<p><em>Filed by our harbour correspondent late on January 1, 2024, after the "
               "council's last session of the year</em></p>"),
    ],
)  # fmt: skip
def test_a_first_of_january_the_page_writes_is_kept(lang: str, top: str) -> None:
    fields = dates(footed(top=top, foot="<p>© 2024 Harbour Gazette</p>", lang=lang))
    assert fields.published_at_local == "2024-01-01"


def test_a_first_of_the_month_in_the_markup_is_kept() -> None:
    # a machine-written full day htmldate reads and newsmill does not
    head = '<meta name="last-published" content="2024-03-01T09:30:00+01:00">'
    top = '<div data-published="2024-03-01T09:30:00+01:00"></div>'
    fields = dates(footed(head=head, top=top, foot="<p>© 2024 Harbour Gazette</p>"))
    assert (fields.published_at or "")[:10] == "2024-03-01"


# -- <time> -----------------------------------------------------------------------------------
def test_time_element_marked_as_publication() -> None:
    top = (
        '<p>Updated <time class="updated" datetime="2021-03-07T09:00:00+01:00">7 March</time>'
        ' · Published <time itemprop="datePublished" datetime="2021-03-05T14:05:00+01:00">'
        "5 March</time></p>"
    )
    fields = dates(page(top=top))
    assert fields.published_at_source == "time"
    assert fields.published_at_local == "2021-03-05T14:05:00+01:00"
    assert fields.published_at == "2021-03-05T13:05:00Z"


@pytest.mark.parametrize(
    "element",
    [
        '<time pubdate datetime="2021-03-05">Friday</time>',
        '<time class="entry-published" datetime="2021-03-05">Friday</time>',
        '<span itemprop="datePublished" content="2021-03-05">Friday</span>',
    ],
)
def test_marked_time_element(element: str) -> None:
    fields = dates(page(top=element))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "time")


def test_unmarked_time_element_gives_the_time_of_htmldates_day() -> None:
    # the first <time> of a page may be a sidebar's: htmldate weighs it with the rest, and
    # a <time> of the day it finds gives the minute and the zone
    top = '<time datetime="2021-03-05T14:05:00+01:00">Friday</time>'
    fields = dates(page(top=top))
    assert (fields.published_at_local, fields.published_at_source) == (
        "2021-03-05T14:05:00+01:00",
        "time",
    )


# -- CMS meta tags ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "tag",
    [
        '<meta property="article:published_time" content="2021-03-05T14:05:00+01:00">',
        '<meta property="og:published_time" content="2021-03-05T14:05:00+01:00">',
        '<meta name="parsely-pub-date" content="2021-03-05T13:05:00Z">',
        '<meta name="sailthru.date" content="2021-03-05 14:05:00 +0100">',
        '<meta name="DC.date.issued" content="2021-03-05">',
        '<meta name="dcterms.created" content="2021-03-05">',
        '<meta itemprop="datePublished" content="2021-03-05T14:05:00+01:00">',
        '<meta name="pubdate" content="2021-03-05T14:05:00+01:00">',
        '<meta name="publish-date" content="2021-03-05">',
        '<meta name="cXenseParse:recs:publishtime" content="2021-03-05T14:05:00+0100">',
        '<meta name="date" content="2021-03-05">',
    ],
)
def test_cms_meta_tag(tag: str) -> None:
    fields = dates(page(tag))
    assert fields.published_at_source == "meta"
    assert fields.published_at_local is not None
    assert fields.published_at_local[:10] == "2021-03-05"


@pytest.mark.parametrize(
    ("head", "top", "lang", "local", "source"),
    [
        # a JSON-LD template date beside the CMS's meta date and the visible line
        (ld({"@type": "NewsArticle", "datePublished": "2019-01-10T08:00:00+01:00"})
         + '<meta name="date" content="2021-03-05T14:05:00+01:00">',
         '<p class="meta">05.03.2021 | 14:05 Uhr</p>', "de", "2021-03-05T14:05:00+01:00",
         "meta"),
        # an itemprop date copied from the first draft beside Dublin Core's issue date
        ('<meta property="article:published_time" content="2020-11-02T09:00:00+01:00">'
         '<meta name="DC.date.issued" content="2021-03-05T10:00:00+01:00">',
         '<span class="date">5 mars 2021</span>', "fr", "2021-03-05T10:00:00+01:00", "meta"),
        # the visible line confirms the strongest declaration: it stays
        (ld({"@type": "NewsArticle", "datePublished": "2021-03-05T10:00:00-05:00"})
         + '<meta name="date" content="2018-06-01">',
         "<p><span>March 5, 2021</span></p>", "en", "2021-03-05T10:00:00-05:00", "jsonld"),
    ],
)  # fmt: skip
def test_declared_dates_that_disagree_are_settled_by_the_page(
    head: str, top: str, lang: str, local: str, source: str
) -> None:
    fields = dates(page(head=head, top=top, lang=lang))
    assert (fields.published_at_local, fields.published_at_source) == (local, source)


# A bare "date" meta tag (Dublin Core's, or the one some CMSs fill with the page's last change)
# says no more than "a date of this page": when the page never writes its day and its date
# lines show one other day, the day shown is the publication.
@pytest.mark.parametrize(
    ("head", "top", "lang", "day"),
    [
        ('<meta name="date" content="2022-01-26T14:32:06+01:00">',
         '<p class="meta"><time datetime="2022-01-21">21.01.2022 - 13:30</time></p>', "de",
         "2022-01-21"),
        ('<meta name="DC.date" content="2020-02-12">',
         '<div class="article-date">Mis en ligne le 5 février 2020</div>', "fr", "2020-02-05"),
        ('<meta name="dcterms.date" content="2019-07-30">',
         '<span class="fecha">12 de julio de 2019</span>', "es", "2019-07-12"),
        ('<meta name="date" content="2021-04-20">',
         '<div class="news-date">9 aprile 2021</div>', "it", "2021-04-09"),
        ('<meta name="DC.date" content="2018-11-30">',
         '<p class="byline">Por Ana Souza · 3 de novembro de 2018</p>', "pt", "2018-11-03"),
        ('<meta name="date" content="2023-05-29">',
         '<span class="post-date">12 мая 2023</span>', "ru", "2023-05-12"),
        # several days shown (older teasers): the page's <time> says which is the article's
        ('<meta name="dcterms.date" content="2022-01-21T09:43+01:00">',
         '<p><time datetime="2022-01-25T08:00:00+01:00">25.01.2022</time></p>'
         '<ul><li>Bericht vom 15.04.2015</li><li>Studie vom 04.05.2017</li></ul>', "de",
         "2022-01-25T08:00:00+01:00"),
    ],
)  # fmt: skip
def test_a_bare_date_meta_the_page_never_writes_yields_to_the_one_day_shown(
    head: str, top: str, lang: str, day: str
) -> None:
    fields = dates(page(head=head, top=top, lang=lang))
    assert fields.published_at_local == day


@pytest.mark.parametrize(
    ("head", "below", "lang", "day"),
    [
        ('<meta name="date" content="2021-10-15"><meta name="DC.date" content="2021-10-15">',
         '<div class="box"><span>Erschienen am:</span><h2>13.10.2021</h2></div>'
         "<p>Stand: 15.10.2021</p>", "de", "2021-10-13"),
        ('<meta name="DC.date" content="2021-03-08">',
         "<p>Publié le 3 mars 2021<br>Mis à jour le 8 mars 2021</p>", "fr", "2021-03-03"),
        ('<meta name="dcterms.date" content="2021-03-08">',
         "<footer><p>Published: March 3, 2021</p><p>Reviewed: March 8, 2021</p></footer>",
         "en", "2021-03-03"),
    ],
)  # fmt: skip
def test_a_published_line_wins_over_a_bare_date_meta(
    head: str, below: str, lang: str, day: str
) -> None:
    html = (
        f'<!doctype html><html lang="{lang}"><head><title>Council agrees budget</title>{head}'
        f"</head><body><article><h1>Council agrees budget</h1>{BODY}{below}</article>"
        "</body></html>"
    )
    assert dates(html).published_at_local == day


@pytest.mark.parametrize(
    ("head", "top"),
    [
        # the page writes the meta's day: it stays
        ('<meta name="date" content="2020-02-12">',
         '<div class="date">05.02.2020</div><p>Stand: 12.02.2020</p>'),
        # two days shown: the page does not say which one
        ('<meta name="date" content="2020-02-12">',
         '<div class="date">05.02.2020</div><div class="date">07.02.2020</div>'),
        # a publication tag, not a bare date: the page's declaration stays
        ('<meta property="article:published_time" content="2020-02-12T09:00:00+01:00">',
         '<div class="date">05.02.2020</div>'),
        # the bare date beside a JSON-LD publication date
        (ld({"@type": "NewsArticle", "datePublished": "2020-02-12T09:00:00+01:00"})
         + '<meta name="date" content="2020-02-12">', '<div class="date">05.02.2020</div>'),
    ],
)  # fmt: skip
def test_a_declared_date_kept_beside_a_shown_day(head: str, top: str) -> None:
    fields = dates(page(head=head, top=top, lang="de"))
    assert fields.published_at_local is not None
    assert fields.published_at_local[:10] == "2020-02-12"


# -- original versus updated ------------------------------------------------------------------
def test_jsonld_published_and_modified() -> None:
    obj = {
        "@type": "NewsArticle",
        "dateModified": "2021-03-07T09:00:00+01:00",
        "datePublished": "2021-03-05T14:05:00+01:00",
    }
    fields = dates(page(ld(obj)))
    assert (fields.published_at, fields.modified_at) == (
        "2021-03-05T13:05:00Z",
        "2021-03-07T08:00:00Z",
    )


# JSON-LD is a script's raw text: the HTML parser decodes no entity in it, and some CMSs
# escape their JSON-LD values as HTML anyway ("+" as "&#x2B;", "&" as "&amp;").
@pytest.mark.parametrize("offset", ["&#x2B;05:30", "&#43;05:30", "&amp;#x2B;05:30", "&#X2b;05:30"])
def test_an_entity_escaped_jsonld_date_is_read(offset: str) -> None:
    obj = {
        "@type": "NewsArticle",
        "headline": "Council agrees budget",
        "datePublished": f"2023-05-01T10:14:29{offset}",
        "dateModified": f"2023-05-02T08:00:00{offset}",
    }
    fields = dates(page(ld(obj)))
    assert fields.published_at_source == "jsonld"
    assert (fields.published_at, fields.published_at_local) == (
        "2023-05-01T04:44:29Z",
        "2023-05-01T10:14:29+05:30",
    )
    assert fields.modified_at == "2023-05-02T02:30:00Z"


# A page a CMS describes as a whole (a WordPress "page", a health or FAQ page) declares its
# dates on its own JSON-LD object, not on an article object; the modification date in its
# meta tags is not its publication date.
_MODIFIED_META = '<meta property="article:modified_time" content="2023-09-01T16:40:00+00:00">'


@pytest.mark.parametrize(
    "page_type",
    ["WebPage", "MedicalWebPage", "ItemPage", ["WebPage", "FAQPage"], "https://schema.org/WebPage"],
)
def test_jsonld_dates_of_the_web_page_itself(page_type: object) -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Harbour Guide", "url": "https://guide.example/"},
            {
                "@type": page_type,
                "name": "Council agrees budget",
                "datePublished": "2021-03-05T14:05:00+00:00",
                "dateModified": "2023-09-01T16:40:00+00:00",
            },
            {"@type": "BreadcrumbList", "itemListElement": []},
        ],
    }
    fields = dates(page(ld(graph) + _MODIFIED_META))
    assert (fields.published_at, fields.published_at_source) == ("2021-03-05T14:05:00Z", "jsonld")
    assert fields.modified_at == "2023-09-01T16:40:00Z"


def test_an_article_objects_dates_come_before_its_web_pages() -> None:
    graph = [
        {"@type": "WebPage", "datePublished": "2020-11-02T09:00:00+00:00"},
        {"@type": "ReportageNewsArticle", "headline": "Council agrees budget",
         "datePublished": "2020-11-03T09:00:00+00:00"},
    ]  # fmt: skip
    fields = dates(page(ld({"@graph": graph}) + _MODIFIED_META))
    assert (fields.published_at, fields.published_at_source) == ("2020-11-03T09:00:00Z", "jsonld")


def test_an_undated_article_object_takes_its_web_pages_dates() -> None:
    graph = [
        {"@type": "BlogPosting", "headline": "Council agrees budget", "datePublished": ""},
        {"@type": "WebPage", "datePublished": "2020-11-02T09:00:00+00:00"},
    ]
    fields = dates(page(ld({"@graph": graph}) + _MODIFIED_META))
    assert (fields.published_at, fields.published_at_source) == ("2020-11-02T09:00:00Z", "jsonld")


def test_a_listings_jsonld_date_is_not_the_pages() -> None:
    listing = {"@type": "CollectionPage", "datePublished": "2015-06-01T09:00:00+00:00"}
    fields = dates(page(ld(listing) + _MODIFIED_META))
    assert fields.published_at_source != "jsonld"


# A blog's JSON-LD may describe the blog (``Blog``) or a list (``ItemList``) and hold the
# article in ``blogPost`` or ``itemListElement``: that object is the page's only when it
# names the page (its url, @id or mainEntityOfPage is the page's URL or canonical URL).
_PAGE_URL = "https://notes.example/2020/harbour/council-budget/"


def _post(url: str, day: str, key: str = "url") -> dict[str, object]:
    return {"@type": "BlogPosting", "headline": f"Post of {day}", key: url,
            "datePublished": f"{day}T09:00:00+00:00"}  # fmt: skip


@pytest.mark.parametrize(
    ("container", "url"),
    [
        ({"@type": "Blog", "name": "Notes", "url": "https://notes.example/",
          "blogPost": [_post("https://notes.example/2020/other-post/", "2020-10-01"),
                       _post(_PAGE_URL, "2020-11-03")]}, _PAGE_URL),
        # the page fetched without its trailing slash, with a tracking parameter
        ({"@type": "Blog", "blogPost": _post(_PAGE_URL, "2020-11-03", "@id")},
         _PAGE_URL.rstrip("/") + "?utm_source=feed"),
        ({"@type": "ItemList", "itemListElement": [
            {"@type": "ListItem", "position": 1,
             "item": _post("https://notes.example/2020/other-post/", "2020-10-01")},
            {"@type": "ListItem", "position": 2,
             "item": _post("/2020/harbour/council-budget/", "2020-11-03", "@id")}]},
         _PAGE_URL),
        ({"@type": "Blog", "blogPost": [
            {**_post("https://notes.example/p?id=7", "2020-11-03"),
             "mainEntityOfPage": {"@type": "WebPage", "@id": _PAGE_URL}}]}, _PAGE_URL),
    ],
)  # fmt: skip
def test_the_pages_own_post_in_a_blog_or_list(container: dict[str, object], url: str) -> None:
    fields = dates(page(ld(container)), url)
    assert (fields.published_at, fields.published_at_source) == ("2020-11-03T09:00:00Z", "jsonld")


def test_the_pages_own_post_found_by_its_canonical_url() -> None:
    blog = {"@type": "Blog", "blogPost": [_post(_PAGE_URL, "2020-11-03")]}
    head = ld(blog) + f'<link rel="canonical" href="{_PAGE_URL}">'
    fields = dates(page(head), "https://mirror.example/read?id=991")
    assert (fields.published_at, fields.published_at_source) == ("2020-11-03T09:00:00Z", "jsonld")


def test_a_blogs_posts_are_not_the_listing_pages_date() -> None:
    blog = {"@type": "Blog", "url": "https://notes.example/",
            "blogPost": [_post("https://notes.example/2020/other-post/", "2020-10-01"),
                         _post(_PAGE_URL, "2020-11-03")]}  # fmt: skip
    fields = dates(page(ld(blog)), "https://notes.example/")
    assert fields.published_at_source != "jsonld"
    listing = {"@type": "ItemList", "itemListElement": [_post(_PAGE_URL, "2020-11-03")]}
    fields = dates(page(ld(listing)), "https://notes.example/2020/harbour/")
    assert fields.published_at_source != "jsonld"


def test_meta_modified_before_published_in_the_page() -> None:
    head = (
        '<meta property="article:modified_time" content="2021-03-07T09:00:00+01:00">'
        '<meta property="article:published_time" content="2021-03-05T14:05:00+01:00">'
    )
    fields = dates(page(head))
    assert fields.published_at_local == "2021-03-05T14:05:00+01:00"
    assert fields.modified_at == "2021-03-07T08:00:00Z"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Published 5 March 2021 | Updated 7 March 2021"),
        ("en", "Last updated March 7, 2021 · First published March 5, 2021"),
        ("de", "Veröffentlicht: 05.03.2021 · Aktualisiert: 07.03.2021"),
        ("fr", "Publié le 5 mars 2021 | Mis à jour le 7 mars 2021"),
        ("es", "Publicado el 5 de marzo de 2021 | Actualizado el 7 de marzo de 2021"),
        ("ru", "Опубликовано 5 марта 2021 | Обновлено 7 марта 2021"),
        ("pt", "Publicado em 05/03/2021 | Atualizado em 07/03/2021"),
        ("it", "Pubblicato il 5 marzo 2021 · Aggiornato il 7 marzo 2021"),
        ("pl", "Opublikowano: 5 marca 2021 r. | Zaktualizowano: 7 marca 2021 r."),
        ("pl", "Data publikacji: 05.03.2021 · Aktualizacja: 07.03.2021"),
        ("cs", "Publikováno 5. března 2021 | Aktualizováno 7. března 2021"),
        ("sv", "Publicerad 5 mars 2021 | Uppdaterad 7 mars 2021"),
        ("da", "Udgivet 5. marts 2021 · Opdateret 7. marts 2021"),
        ("nb", "Publisert 05.03.2021 | Oppdatert 07.03.2021"),
        ("tr", "Yayınlanma tarihi: 5 Mart 2021 | Güncellenme tarihi: 7 Mart 2021"),
        ("uk", "Опубліковано 5 березня 2021 | Оновлено 7 березня 2021"),
    ],
)
def test_published_and_updated_lines(lang: str, line: str) -> None:
    fields = dates(page(top=f'<div class="meta">{line}</div>', lang=lang))
    assert fields.published_at_local == "2021-03-05"
    assert fields.modified_at == "2021-03-07T00:00:00Z"


# A page that declares only when it was last changed (a CMS's modification meta tag or
# JSON-LD field, no publication date): htmldate falls back on that date, which is not when the
# page was published unless the page shows that day to its readers.
@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:modified_time" content="2023-10-17T14:24:34-07:00">',
        '<meta property="og:updated_time" content="2023-10-17T14:24:34+02:00">',
        ld({"@type": "WebPage", "name": "Harbour guide", "dateModified": "2023-10-17T09:00:00Z"}),
    ],
)
def test_a_modification_date_alone_is_not_a_publication_date(head: str) -> None:
    fields = dates(page(head=head))
    assert (fields.published_at, fields.published_at_source) == (None, None)
    assert fields.modified_at is not None
    assert fields.modified_at[:10] == "2023-10-17"


@pytest.mark.parametrize(
    "top",
    [
        '<p class="dateline">Oct 17, 2023</p>',
        '<div class="info"><span>17 October 2023</span></div>',
    ],
)
def test_a_modification_day_the_page_shows_may_be_its_publication_day(top: str) -> None:
    head = '<meta property="article:modified_time" content="2023-10-17T14:24:34-07:00">'
    fields = dates(page(head=head, top=top))
    assert fields.published_at_local is not None
    assert fields.published_at_local[:10] == "2023-10-17"


def test_a_modification_day_written_in_the_prose_may_be_its_publication_day() -> None:
    head = '<meta property="article:modified_time" content="2023-10-17T14:24:34-07:00">'
    top = (
        "<p>The harbour board met in 2022 and again on 17 October 2023, when it agreed to "
        "run the winter ferry timetable for one more year.</p>"
    )
    fields = dates(page(head=head, top=top))
    assert fields.published_at_local is not None
    assert fields.published_at_local[:10] == "2023-10-17"


def test_a_shown_day_before_the_modification_is_the_publication() -> None:
    head = '<meta property="article:modified_time" content="2024-05-03T10:00:00+00:00">'
    fields = dates(page(head=head, top='<p class="date">Feb 2, 2023</p>'))
    assert fields.published_at_local is not None
    assert fields.published_at_local[:10] == "2023-02-02"
    assert fields.modified_at == "2024-05-03T10:00:00Z"


@pytest.mark.parametrize(
    ("head", "top", "modified"),
    [
        # the marked element when the page declares no modification otherwise
        ("", '<time itemprop="dateModified" datetime="2021-03-07T09:00:00Z">7 March</time>',
         "2021-03-07T09:00:00Z"),
        # an unreadable one is passed over for the next
        ("", '<span itemprop="DateModified" content="soon"></span>'
             '<meta itemprop="dateModified" content="2021-03-08">', "2021-03-08T00:00:00Z"),
        # a modification meta tag comes first
        ('<meta property="article:modified_time" content="2021-03-06T10:00:00Z">',
         '<time itemprop="dateModified" datetime="2021-03-07T09:00:00Z">7 March</time>',
         "2021-03-06T10:00:00Z"),
    ],
)  # fmt: skip
def test_a_modification_date_in_an_itemprop_element(head: str, top: str, modified: str) -> None:
    head += ld({"@type": "NewsArticle", "datePublished": "2021-03-05T10:00:00Z"})
    assert dates(page(head, top=top)).modified_at == modified


def test_a_modification_before_the_publication_is_dropped() -> None:
    obj = {"@type": "NewsArticle", "datePublished": "2021-03-05", "dateModified": "2019-01-01"}
    assert dates(page(ld(obj))).modified_at is None


# -- dates that are not the page's ------------------------------------------------------------
def test_future_dates_are_not_publication_dates() -> None:
    head = ld({"@type": "NewsArticle", "datePublished": "2024-09-01T10:00:00Z"})
    head += '<meta property="article:published_time" content="2024-05-31T10:00:00Z">'
    fields = dates(page(head))
    assert (fields.published_at, fields.published_at_source) == ("2024-05-31T10:00:00Z", "meta")


def test_the_page_day_east_of_utc_is_not_the_future() -> None:
    # a bare day: "today" anywhere on earth at the fetch time is no future date
    fields = dates(page('<meta name="date" content="2024-06-01">'))
    assert fields.published_at_local == "2024-06-01"


def test_dates_before_1990_are_not_publication_dates() -> None:
    head = '<meta name="date" content="1985-06-01">'
    fields = dates(page(head), "https://news.example/2021/03/05/council-budget")
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "url")


class _Spider:
    """A site spider that reads a date the generic step would not take."""

    def __init__(self, published: str) -> None:
        self.published = published

    def parse_article(self, tree: LexborHTMLParser, url: str | None) -> RawArticle:
        return RawArticle(published=self.published, published_source="meta")


def test_a_spider_future_date_is_dropped_with_a_warning() -> None:
    html = page(ld({"@type": "NewsArticle", "datePublished": "2021-03-05"}))
    fields = extract_fields(html, "https://news.example/x", spider=_Spider("2031-01-01"), now=NOW)
    assert fields.published_at is None
    assert any("in the future or before 1990" in w for w in fields.warnings)


def test_a_spider_date_brings_its_own_local_day() -> None:
    # the generic step settles a local day from the URL; the spider's own date replaces both
    html = page(ld({"@type": "NewsArticle", "datePublished": "2023-11-09T01:09:55Z"}))
    spider = _Spider("2023-11-09T08:00:00+07:00")
    fields = extract_fields(html, "https://news.example/2023/11/08/x", spider=spider, now=NOW)
    assert fields.published_at_local == "2023-11-09T08:00:00+07:00"


# -- the record, validate and load ------------------------------------------------------------
def test_record_validates_and_loads_with_the_local_column(tmp_path: Path) -> None:
    html = page(ld({"@type": "NewsArticle", "datePublished": "2021-03-05T23:30:00-05:00"}))
    record = extract_article(
        html, "https://news.example/x", enrich=False, fetched_at="2024-06-01T12:00:00Z"
    )
    assert record.published_at == "2021-03-06T04:30:00Z"
    assert record.published_at_local == "2021-03-05T23:30:00-05:00"
    other = extract_article(page(), "https://news.example/2021/03/04/y", enrich=False)
    lines = [record.to_json(), other.to_json()]
    assert list(validate_lines(lines)) == [2]
    bad = json.loads(lines[0]) | {"published_at_local": "5 March 2021"}
    assert [str(p) for p in validate_lines([json.dumps(bad)]) if not isinstance(p, int)]
    path = tmp_path / "out.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = load(path)
    assert list(frame["published_at_local"]) == ["2021-03-05T23:30:00-05:00", "2021-03-04"]
    assert str(frame["published_at_local"].dtype) == "string"
    assert frame["published_at"].iloc[0] == datetime(2021, 3, 6, 4, 30, tzinfo=UTC)


def test_the_fetch_time_bounds_the_publication_date() -> None:
    html = page(ld({"@type": "NewsArticle", "datePublished": "2024-06-03T10:00:00+02:00"}))
    before = extract_article(html, "https://news.example/x", enrich=False,
                             fetched_at="2024-06-01T12:00:00Z")  # fmt: skip
    after = extract_article(html, "https://news.example/x", enrich=False,
                            fetched_at="2024-06-05T12:00:00Z")  # fmt: skip
    assert after.published_at == "2024-06-03T08:00:00Z"
    # fetched before it: not that date (htmldate may still guess the month's first day)
    assert before.published_at is None or before.published_at <= "2024-06-01T12:00:00Z"


# -- what htmldate is given --------------------------------------------------------------------
# htmldate is handed the page's text as a str (it parses it as it is), except where it would
# read the str otherwise than the page's bytes: a text beginning with "http" (htmldate takes
# such a str for a URL and downloads it) and a text holding a lone surrogate (lxml stops
# reading the page at it). Each of those gets the day the page's bytes give.
def test_htmldate_is_given_the_pages_text_as_it_is() -> None:
    from pipeline.extract.pubdate import _htmldate_page

    for text in (page(), page(top='<div class="post-date">Vendredi 5 mars 2021, l’équipe</div>')):
        assert _htmldate_page(text) is text


@pytest.mark.parametrize(
    "text",
    [
        "http://news.example/a\n<html><body><p>x</p></body></html>",
        "https://news.example/a <html><body><p>x</p></body></html>",
        "<html><body><p>caf\udce9</p></body></html>",
        "<html><body><p>\ud83d alone</p></body></html>",
    ],
)
def test_htmldate_gets_bytes_where_it_would_misread_the_text(text: str) -> None:
    from pipeline.extract.pubdate import _htmldate_page

    assert _htmldate_page(text) == text.encode("utf-8", "replace")


def _htmldate_day(text: str) -> tuple[str | None, str | None]:
    from pipeline.extract.parse import parse_html
    from pipeline.extract.pubdate import find_page_dates

    found = find_page_dates(parse_html(text), None, art={}, metas={}, html=text, now=NOW)
    return found.published, found.source


# a page where only htmldate finds the day: a numeric date in a date-classed element, beside a
# second short date line (so the page's own reader of short texts does not settle it)
_ONLY_HTMLDATE = (
    "<html>\n<head>\n<title>Harbour\nworks</title>\n</head>\n<body>\n<article>\n"
    "<p>The\nharbour\nworks\nbegan\n{inside}after\nthe\nvote.</p>\n"
    '<div\nclass="post-date">05.03.2021</div>\n<div>9\nmarzo\n2021</div>\n'
    "</article>\n</body>\n</html>"
)


def test_a_page_that_begins_like_a_url_is_read_not_downloaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import htmldate.utils
    from htmldate import find_date

    def no_download(url: str) -> str:
        raise AssertionError(f"htmldate downloaded {url}")

    monkeypatch.setattr(htmldate.utils, "fetch_url", no_download)
    # no space anywhere: htmldate would take the str for a URL
    text = "https://news.example/harbour\n" + _ONLY_HTMLDATE.format(inside="")
    assert " " not in text
    assert find_date(text.encode(), original_date=True, extensive_search=False) == "2021-03-05"
    assert _htmldate_day(text) == ("2021-03-05", "htmldate")


@pytest.mark.parametrize("surrogate", [chr(0xD800), chr(0xDCE9), chr(0xDFFF)])
def test_a_lone_surrogate_before_the_date_does_not_hide_it(surrogate: str) -> None:
    from htmldate import find_date

    text = _ONLY_HTMLDATE.format(inside=f"caf{surrogate}\n")
    # the str itself: lxml reads the page up to the surrogate, the date after it is lost
    assert find_date(text, original_date=True, extensive_search=False) is None
    assert _htmldate_day(text) == ("2021-03-05", "htmldate")


def test_htmldate_leaves_a_tree_it_is_given_unchanged() -> None:
    # why newsmill gives htmldate the page's text and not one lxml tree for both its searches:
    # htmldate deep-copies a tree it is given before it prunes it (a copy costs a third of a
    # parse), so the tree is unchanged; this test tells when a new htmldate stops doing so
    from htmldate import find_date
    from lxml.html import fromstring, tostring

    tree = fromstring(
        page(top='<div class="post-date"><script>x()</script><span>9 marzo 2021</span></div>')
    )
    before = tostring(tree)
    for extensive in (False, True):
        find_date(tree, original_date=True, extensive_search=extensive)
    assert tostring(tree) == before


# -- htmldate's extensive search reads the page without its navigation, footer and sidebars ---
# Its free-text reading takes the oldest date of any text, and its last fallbacks read the
# whole markup: a sidebar's list of older stories, a menu, a footer's copyright line give it
# days that are not the article's. The date step hands it the page without <nav>, <footer>
# and <aside> (a copy: the page's tree is left whole for every other step).
def _with_region(region: str, items: str) -> str:
    return page(top="<p>Council session, 5 March 2021</p>").replace(
        "</body>", f"<{region}><ul>{items}</ul></{region}></body>"
    )


@pytest.mark.parametrize("region", ["aside", "nav"])
def test_htmldates_extensive_search_does_not_read_sidebars(region: str) -> None:
    # two short date lines (one in the region): the page's own short reader leaves them to
    # htmldate's extensive search, which would take the sidebar's older day (a <footer>'s
    # dates are read by htmldate's fast search already, unchanged)
    items = "<li>Harbour plan, 14 July 2019</li><li>Ferry tender, 2 May 2020</li>"
    fields = dates(_with_region(region, items))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")


@pytest.mark.parametrize("region", ["aside", "nav", "footer"])
def test_no_dateparser_for_a_sidebars_headlines(region: str, dateparser_calls: list[str]) -> None:
    # a related story's headline with a number and a year: htmldate's extensive search hands
    # it to dateparser (every language tried, and loaded, for a text none reads)
    items = "<li>5 Things to Know About Ferries in 2021</li><li>Ferry tender, 2 May 2020</li>"
    fields = dates(_with_region(region, items))
    assert (fields.published_at_local, dateparser_calls) == ("2021-03-05", [])


def test_the_date_step_leaves_the_pages_tree_whole() -> None:
    from pipeline.extract.parse import parse_html
    from pipeline.extract.pubdate import find_page_dates

    text = _with_region("aside", "<li>Harbour plan, 14 July 2019</li>")
    tree = parse_html(text)
    before = tree.html
    found = find_page_dates(tree, None, art={}, metas={}, html=text, now=NOW)
    assert found.published == "2021-03-05"
    assert tree.html == before
    assert tree.css_first("aside li") is not None


# -- every <footer>, also the story's own, is left out of the extensive search ------------------
# 467db7d strips every <nav>, <footer> and <aside> from what htmldate's extensive search reads.
# A later exception kept the footers that are children of the story's own <article> (HTML5 puts
# its author and date there); it dated no page of htmldate-pages (dev 386/405, held-out 358/394
# with it and without) and brought the other dates such a footer holds into the search: a
# "Read next" link's URL day, an author's bio, a wrapper-article's unnamed site footer. It was
# removed (test_the_articles_own_footer_dates_it with it): the story's date in its own footer is
# read only where htmldate's fast search or the page's short visible texts read it.
_LATEST = (
    '<nav><h2>Latest</h2><ul><li><a href="/ferry">Ferry tender</a> 14.07.2019</li>'
    '<li><a href="/harbour">Harbour plan</a> 02.05.2020</li></ul></nav>'
)
_SITE_FOOTER = "<footer><p>© 2023 Harbour Gazette. All rights reserved.</p></footer>"


def _story(article: str, lang: str = "en", nav: str = _LATEST) -> str:
    """A page: a menu of other stories' dates, ``article`` in <article>, the site's footer."""
    return (
        f'<!doctype html><html lang="{lang}"><head><title>Council</title></head><body>{nav}'
        f"<article>{article}</article>{_SITE_FOOTER}</body></html>"
    )


_CREDIT = "<span>Reported by the regional desk, harbour and transport beat of the paper</span>"


def _plain(body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><title>Council</title></head>'
        f"<body>{body}</body></html>"
    )


@pytest.mark.parametrize(
    "footer",
    [
        # a "read next" link to an older story: its URL's day
        '<footer><p>Filed under <a href="/topics/ferries">Ferries</a></p><p>Up next: <a href='
        '"/2019/07/14/pier-repairs-approved/">Pier repairs approved</a></p></footer>',
        # the author's bio: the day she joined, not the story's
        '<footer class="entry-footer"><div class="bio"><p>Mira Okafor has reported on the '
        "coast for the paper since 3 September 2012.</p></div></footer>",
        # a photo credit after the print line: the story's day, and still not read
        "<footer><p>A shorter version of this report ran in the weekend print edition on 5 March "
        "2021.</p><p>Picture: © Coastline Photo Agency</p></footer>",
    ],
)
def test_no_footer_dates_a_page_in_the_extensive_search(footer: str) -> None:
    # the story's <article> is the page's only one and the footer is its child: left out too
    fields = dates(_plain(f"<article><h1>Council</h1>{BODY}{footer}</article>"))
    assert (fields.published_at, fields.published_at_source) == (None, None)


def test_an_unnamed_site_footer_in_a_page_wide_article_does_not_date_it() -> None:
    # the whole page in one <article>; its site footer has no class, no © and a founding day
    footer = (
        '<footer class="bottom"><p>Printed and read on the coast since the first issue of 12 '
        "January 1998 · Imprint · Contact</p></footer>"
    )
    fields = dates(_plain(f"<article><h1>Council</h1>{BODY}{footer}</article>"))
    assert (fields.published_at, fields.published_at_source) == (None, None)


def test_a_menus_dates_and_the_sites_copyright_do_not_date_a_page() -> None:
    latest = _LATEST.replace("</ul>", '<li><a href="/pier">Pier</a> 11.11.2021</li></ul>')
    for page_ in (_story(f"<h1>Council</h1>{BODY}"), _story(f"<h1>Council</h1>{BODY}", nav=latest)):
        fields = dates(page_)
        assert (fields.published_at, fields.published_at_source) == (None, None)


def test_other_stories_footers_are_not_the_articles() -> None:
    # teasers of older stories after the article, each an <article> with its own <footer>
    # day (after a long line: htmldate's fast search, which reads every footer's first 52
    # characters, misses it): their days are not the story's
    teasers = "".join(
        f'<article><h3><a href="/s{i}">{title}</a></h3><footer><span>Filed under harbour, '
        f"ferries and transport news of the region</span> <span>{day}</span></footer></article>"
        for i, (title, day) in enumerate(
            [("Ferry tender", "14 July 2019"), ("Harbour plan", "2 May 2020")]
        )
    )
    article = f"<h1>Council</h1><p>Council session, 5 March 2021</p>{BODY}"
    text = _story(article, nav="").replace(
        "</article><footer>", f"</article><section>{teasers}</section><footer>", 1
    )
    fields = dates(text)
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")
    # the teasers inside the story's <article>: their footers are still theirs
    text = _story(article, nav="").replace("</article><footer>", f"{teasers}</article><footer>", 1)
    fields = dates(text)
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")


def test_a_nav_in_the_article_is_still_left_out() -> None:
    # a post's "previous / next" links inside its <article>: other posts' days
    article = (
        f"<h1>Council</h1><p>Council session, 5 March 2021</p>{BODY}<nav><a href='/p'>"
        "Harbour plan, 14 July 2019</a> <a href='/n'>Ferry tender, 2 May 2020</a></nav>"
    )
    fields = dates(_story(article, nav=""))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")


def test_an_aside_of_related_posts_in_the_article_is_left_out() -> None:
    # a box of older posts inside the story's <article>: not the story's day
    article = (
        f"<h1>Council</h1><p>Council session, 5 March 2021</p>{BODY}<aside><h4>Read more</h4>"
        "<p><a href='/h'>Harbour plan</a> 14 July 2019</p><p><a href='/f'>Ferry tender</a> "
        "2 May 2020</p></aside>"
    )
    fields = dates(_story(article, nav=""))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")


# -- other stories', comments' and cards' footers ---------------------------------------------
def test_a_long_reader_comments_footer_does_not_date_the_post() -> None:
    # a comment thread of <article>s beside the post, one comment longer than the post
    opinion = "<p>" + "The pier works ran late every single year, and nobody at the town hall " * 5
    post = f"<article><h1>Council</h1><p>Council session, 5 March 2021</p>{BODY}"
    thread = (
        f'<section id="respond"><ol><li><article class="reply"><footer><b>A reader of many '
        f"years, from the old town quarter</b> <span>9 July 2022 at 3:10 pm</span></footer>"
        f"{opinion}</p></article></li></ol></section>"
    )
    fields = dates(_plain(f"{post}</article>{thread}"))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")


@pytest.mark.parametrize("longer", [2, 3, 6])
def test_the_next_storys_footer_on_an_endless_page_does_not_date_it(longer: int) -> None:
    # an endless page: the next story, longer (by far, too), follows the one asked for; neither
    # footer's day is read (the first story's own is left out as well)
    first = f"<article><h1>Council</h1>{BODY}<footer>{_CREDIT} <span>5 March 2021</span></footer>"
    second = (
        f"<article><h1>Ferry</h1>{BODY * longer}<footer>{_CREDIT} <span>18 October 2022</span>"
        "</footer></article>"
    )
    fields = dates(_plain(f"{first}</article>{second}"))
    assert (fields.published_at, fields.published_at_source) == (None, None)


def test_a_teasers_script_and_footer_do_not_date_the_story() -> None:
    # a teaser <article> with a long inline JSON-LD block and its own footer after the story
    blob = json.dumps({"@type": "VideoObject", "name": "Pier", "description": "pier " * 250})
    post = f"<article><h1>Council</h1><p>Council session, 5 March 2021</p>{BODY}"
    card = (
        f'<div class="more"><article><h3><a href="/p">Pier</a></h3><script type='
        f'"application/ld+json">{blob}</script><footer>{_CREDIT} <span>2 May 2020</span>'
        "</footer></article></div>"
    )
    fields = dates(_plain(f"<main>{post}</article></main>{card}"))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")


def test_a_footer_deeper_in_the_story_is_not_its_own() -> None:
    # a related story's card (a <div>) inside the story's <article>, with its own footer
    card = (
        f'<div class="links"><div><h3><a href="/p">Pier</a></h3><footer>{_CREDIT} '
        "<span>2 May 2020</span></footer></div></div>"
    )
    article = f"<h1>Council</h1><p>Council session, 5 March 2021</p>{BODY}{card}"
    fields = dates(_story(article, nav=""))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")


@pytest.mark.parametrize(
    "footer",
    [
        '<footer class="site-footer"><p>The Harbour Gazette, a weekly paper since its first '
        "issue of</p><p>12 January 1998</p></footer>",
        "<footer><p>© The Harbour Gazette, the weekly of the coast, first printed on</p>"
        "<p>12 January 1998</p></footer>",
    ],
)
def test_the_sites_footer_in_a_page_wide_article_does_not_date_it(footer: str) -> None:
    # the whole page in one <article>, the site's footer in it
    body = (
        f'<article class="layout"><div class="content"><h1>Council</h1><p>Council session, '
        f"5 March 2021</p>{BODY}</div>{footer}</article>"
    )
    fields = dates(_plain(body))
    assert (fields.published_at_local, fields.published_at_source) == ("2021-03-05", "htmldate")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1 мар. 2024", "2024-03-01T00:00:00"),
        ("15 августа 2016, 13:43 МСК", "2016-08-15T13:43:00+03:00"),
        ("15 августа 2016, 13:43 (мск)", "2016-08-15T13:43:00+03:00"),
        ("15.08.2016 13:43 MSK", "2016-08-15T13:43:00+03:00"),
    ],
)
def test_russian_abbreviations_and_moscow_time_without_dateparser(line: str, expected: str) -> None:
    parsed = parse_page_date(line, dateparser=False)
    assert parsed is not None
    assert parsed.moment.isoformat() == expected


def test_a_time_written_before_a_dotted_date_reads_the_date_day_first() -> None:
    # dateparser reads "15:00 03.09.2023" month first (9 March); dots are never month first
    parsed = parse_page_date("15:00 03.09.2023", dateparser=False)
    assert parsed is not None
    assert parsed.moment.isoformat() == "2023-09-03T15:00:00"


@pytest.mark.parametrize(
    ("meta", "day"),
    [
        ("<span>15:00 03.09.2023</span> <span>(обновлено: 10:00 04.09.2023)</span>", "2023-09-03"),
        ("<span>March 3, 2024</span> · <span>Updated: March 4, 2024</span>", "2024-03-03"),
        ("<span>3. März 2024</span> <span>Aktualisiert am 4. März 2024</span>", "2024-03-03"),
        # an update is all the page shows: its day, as before
        ("<span>Updated: March 4, 2024</span>", "2024-03-04"),
    ],
)
def test_the_day_an_updated_label_introduces_is_not_the_publication_day(
    meta: str, day: str
) -> None:
    story = "".join(
        f"<p>{s}</p>"
        for s in (
            "The harbour commission voted to dredge the north channel before the storms.",
            "The work will cost about two million dollars and close the channel for weeks.",
        )
    )
    html = (
        "<html><head><title>Channel</title></head><body><article><h1>Channel to be dredged</h1>"
        f"<div class='meta'>{meta}</div>{story}</article></body></html>"
    )
    fields = extract_fields(html, "https://harbour.example/news/channel")
    assert fields.published_at is not None
    assert fields.published_at[:10] == day


def test_an_updated_line_alone_does_not_hand_the_day_to_a_teaser() -> None:
    html = (
        "<html><head><title>Мост</title></head><body><article><h1>Мост закроют на ремонт</h1>"
        "<div class='meta'><span>Обновлено: 4 марта 2024</span></div>"
        "<p>Городской совет решил закрыть старый мост на ремонт, который займёт всё лето.</p>"
        "<p>Жители говорят, что объезд добавит к дороге на работу не меньше получаса.</p>"
        "</article><aside><h3><a href='/other'>Другие новости</a></h3>"
        "<p><a href='/other'>В городе открыли новую школу</a></p><span>1 марта 2024</span>"
        "</aside></body></html>"
    )
    fields = extract_fields(html, "https://city.example/news/bridge")
    assert fields.published_at is None or not fields.published_at.startswith("2024-03-01")
