"""The date step: when a page was first published, and when it was last changed.

Sources, strongest first:

1. what the page declares about itself: the article's JSON-LD (``datePublished``,
   ``dateCreated``), then the publication meta tags of the common CMSs (OpenGraph
   ``article:published_time``, Dublin Core, Parse.ly, Sailthru, ``itemprop``…); when these
   fall on days more than a day apart, the strongest one whose day the page shows in a short
   visible text (else htmldate's day) is taken; a page that declares its date only in bare
   ``date`` meta tags (``date``, ``DC.date``, ``dcterms.date``: some CMSs fill them with
   the page's last change) is dated by a visible "Published …" line on another day, or,
   when it never writes their day in a visible text, by its first ``<time datetime>``,
   else by the one day its short visible texts show, when they show exactly one;
2. a full date in the URL path (``/2024/04/28/``; with slashes, only a day that ends its
   path segment: ``/2024/04/3-questions…`` is a month folder and a title's number). A CMS
   writes it in the publisher's own day when the article is created, so it also settles
   the page's local day when the
   declared time is in UTC (``2023-11-09T01:09:55Z`` under ``/2023/11/08/``), and it wins
   over a declared date more than a day away (a re-publication or a template date);
3. ``<time>`` elements marked as the publication time (``itemprop=datePublished``,
   ``pubdate``, a "publish" class), then the page's visible "Published …" lines (English,
   German, French, Spanish, Russian, Italian, Portuguese, Dutch, Polish, Czech, Swedish,
   Danish, Norwegian, Turkish, Ukrainian; in an element whose class names a date line,
   else in any element), then
   :func:`htmldate.find_date` with its
   original-date choice (meta tags of more CMSs, scripts, other ``<time>`` elements,
   visible date lines in many languages and formats, and at last the page's text; its
   fast search first; when that finds nothing, the one day the page's short visible texts
   show, if they show exactly one (source ``text``), else htmldate's extensive search, on
   the page without its ``<nav>``, ``<footer>`` and ``<aside>`` elements); a
   ``<time datetime>`` of the day htmldate found gives it its time of day and zone. A day
   htmldate gives on the 1st of a month is taken only when the page writes that day in
   full (in a visible text, or in ISO 8601 in its markup): htmldate falls back on a
   copyright year or a month alone ("© 2023", "March 2022"), which are not a day. Nor is
   the day of the page's declared modification date (below) taken from htmldate unless
   the page shows that day in a visible text: htmldate falls back on the modification
   date of a page that declares no publication date (a CMS's "page" rather than its post).

``modified_at`` comes from the same kinds of sources (``dateModified``, the modification meta
tags, ``<time itemprop=dateModified>``, "Updated …" lines in the same languages) and is kept
only when it is not before the publication. A date before :data:`EARLIEST` or in the future
(after ``now``, the fetch time) is never a page's date.

A date written with slashes whose first two numbers can both be a month (``05/03/2021``) is
read in the page's visible text as its language writes it: day first, unless the page is
in English of the US or the Philippines, or English without a region, or names no language
(month first, as dateparser reads it); meta tags, JSON-LD and attributes are written by
software (a server's default culture, whatever the page's language) and read month first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from pipeline.extract.clean import decode_entities
from pipeline.extract.deadline import MASK, Deadline
from pipeline.extract.parse import LexborHTMLParser, LexborNode, node_text
from pipeline.extract.times import MONTH_NAMES, PageDate, fold, parse_page_date

__all__ = [
    "DATE_LABEL",
    "EARLIEST",
    "MODIFIED_META",
    "PUBLISHED_META",
    "PageDates",
    "admitted",
    "find_page_dates",
    "jsonld_string",
]

logging.getLogger("htmldate").addHandler(logging.NullHandler())  # its parse errors: not ours

#: No page on the web is older: a date before it is a typo, a birth date, a founding year.
EARLIEST = date(1990, 1, 1)
#: Publication meta tags (name, property or itemprop, lower-cased), strongest first.
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "article:published", "datepublished", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date",
    "dcterms.date", "dc.created", "pubdate", "publishdate", "publish-date", "publish_date",
    "published_time", "publication_date", "article.published", "cxenseparse:recs:publishtime",
    "datecreated", "date", "rnews:datepublished", "citation_publication_date",
)  # fmt: skip
#: The publication meta tags that say only "a date of this page" (Dublin Core's, and the bare
#: ``date`` some CMSs fill with the page's last change).
_BARE_META = frozenset({"date", "dc.date", "dcterms.date"})
#: Modification meta tags, strongest first.
MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "dcterms.modified", "dc.date.modified", "modified_time", "updated_time", "last-modified",
    "lastmod", "article:modified",
)  # fmt: skip
#: How far a page's own clock may run ahead of the fetch time (time zones east of UTC).
_AHEAD = timedelta(hours=14)
#: ``<time>`` (and ``itemprop``) elements that hold the publication time, surest first.
_TIME_SELECTORS = (
    "[itemprop=datePublished i][datetime], [itemprop=datePublished i][content]",
    "time[pubdate][datetime], time[class*=publish i][datetime]",
)
#: Elements whose text may be a date line ("date" as German/Dutch or Spanish class names
#: write it too).
_LINE_SELECTOR = (
    "time, [class*=date i], [class*=datum i], [class*=fecha i], [class*=time i], "
    "[class*=publish i], [class*=posted i], [class*=updated i], [class*=modified i], "
    "[class*=byline i], [class*=meta i]"
)
_PUBLISHED_WORDS = (
    r"(?:first\s+)?published|posted|veröffentlicht|erschienen|publié|publicado|"
    r"pubblicato|gepubliceerd|опубликовано|opublikowano|data\s+publikacji|publikováno|"
    r"publicerad|udgivet|publisert|yayınlanma|опубліковано"
)
#: What every word of :data:`_PUBLISHED_WORDS` holds, lower-cased: each alternative's last
#: word, also as Turkish capitals lower-case without Turkish rules ("YAYINLANMA").
_PUBLISHED_STEMS = tuple(
    dict.fromkeys(
        form
        for alternative in _PUBLISHED_WORDS.split("|")
        for word in re.findall(r"\w+$", alternative)
        for form in (word, fold(word))
    )
)
_UPDATED_WORDS = (
    r"(?:last\s+)?updated|modified|(?:zuletzt\s+)?aktualisiert|geändert|mis\s+à\s+jour|"
    r"modifié|actualizado|actualización|atualizado|aggiornato|bijgewerkt|обновлено|изменено|"
    r"zaktualizowano|aktualizacja|aktualizováno|uppdaterad|opdateret|oppdatert|güncellenme|"
    r"güncellendi|оновлено"
)
_AFTER_LABEL = r"\b(?:\s+(?:on|am|le|el|the|em|il|op|dnia|dne|den|tarihi))?[:\s]*"
_PUBLISHED_LABEL = re.compile(rf"\b(?:{_PUBLISHED_WORDS}){_AFTER_LABEL}", re.I)
_UPDATED_LABEL = re.compile(rf"\b(?:{_UPDATED_WORDS}){_AFTER_LABEL}", re.I)
#: A "Published" or "Updated" label at the start of a text, in every language above.
DATE_LABEL = re.compile(rf"^\W*(?:{_PUBLISHED_WORDS}|{_UPDATED_WORDS}){_AFTER_LABEL}", re.I)
#: A digit: a text without one writes no day (the label search is skipped).
_DIGIT = re.compile(r"\d")
#: What an element's raw text holds when its flattened text holds the label: flattening
#: (:func:`node_text`) only collapses white space and puts a space where a line breaks, so
#: a word stays whole and a space between two words may be none.
_LABEL_WORDS = {
    label: re.compile(words.replace(r"\s+", r"\s*"), re.I)
    for label, words in ((_PUBLISHED_LABEL, _PUBLISHED_WORDS), (_UPDATED_LABEL, _UPDATED_WORDS))
}
_CLOCK = re.compile(r"\d:\d\d")
#: How many candidate date lines a page's offset is looked for in.
_MAX_LINES = 200
#: Between the parts of a line ("By Jane Roe · Oct. 18, 2019 6:04 PM").
_SEPARATOR = re.compile(r"\s[|·•/]\s")
#: Where a date line's date ends: a separator, or the other label ("… | Updated …").
_LINE_END = re.compile(
    "|".join(p.pattern for p in (_SEPARATOR, _PUBLISHED_LABEL, _UPDATED_LABEL)), re.I
)


@dataclass(frozen=True)
class PageDates:
    """The dates the date step found on one page.

    ``published``/``modified`` are date strings as the page writes them (or an ISO day);
    ``published_local`` is set when the page's own time is known better than ``published``
    says (a UTC time shown in the page's zone, or under a URL day); ``source`` is where the
    publication date came from:
    ``jsonld``, ``meta``, ``url``, ``time``, ``htmldate`` or ``text``.
    """

    published: str | None = None
    published_local: str | None = None
    source: str | None = None
    modified: str | None = None


@dataclass(frozen=True)
class _Window:
    """The span a page's date may fall in: from :data:`EARLIEST` to the fetch time; and
    how the page's visible text writes a date with slashes (``day_first``: 05/03/2021 is
    5 March)."""

    now: datetime
    day_first: bool = False
    #: the page's time (read before each htmldate search and in the walk of visible texts)
    deadline: Deadline = field(default_factory=lambda: Deadline(None), compare=False)

    def admits(self, when: PageDate) -> bool:
        if when.day < EARLIEST:
            return False
        if when.has_zone:
            return when.utc() <= self.now + timedelta(minutes=15)  # clocks drift a little
        return when.day <= (self.now + _AHEAD).date()

    def read(self, value: str | None, *, shown: bool = False) -> PageDate | None:
        """``value`` as a date in the window, by the fast readers only (dateparser's
        language detection costs more than the whole step; machine-written dates and the
        written forms of the languages it knows need no more). A slashed date is read month first
        in what software writes (meta tags, JSON-LD, attributes: a server's default
        culture, whatever the page's language), and as the page's language writes it in
        text the page shows its readers (``shown``)."""
        day_first = shown and self.day_first
        when = parse_page_date(value, dateparser=False, day_first=day_first)
        return when if when is not None and self.admits(when) else None

    def shown_value(self, value: str) -> str | None:
        """A visible date line's date, as the rest of the pipeline reads it: ``value``
        itself, or ISO 8601 when it is a slashed date the page writes day first (which the
        record's reader, without the page, would take month first); None when it is not a
        date in the window."""
        when = self.read(value, shown=True)
        if when is None or not self.day_first or when == self.read(value):
            return value if when else None
        return when.moment.isoformat() if when.has_time else when.day.isoformat()


def admitted(when: PageDate, now: datetime | None = None) -> bool:
    """Whether ``when`` can be a page's date: not before :data:`EARLIEST`, not after ``now``
    (the fetch time; the current time when None) beyond the page's own time zone."""
    return _Window(now.astimezone(UTC) if now else datetime.now(UTC)).admits(when)


def find_page_dates(
    tree: LexborHTMLParser,
    url: str | None,
    *,
    art: dict[str, Any],
    metas: dict[str, list[str]],
    html: str | None = None,
    now: datetime | None = None,
    language: str | None = None,
    deadline: Deadline | None = None,
) -> PageDates:
    """The publication and modification dates of a page (see the module doc).

    ``art`` is the article's JSON-LD object (or ``{}``), ``metas`` the page's meta tags by
    lower-cased name; ``html`` the page's text for htmldate (serialized from ``tree`` when
    not given); ``now`` the fetch time (the current time when not given); ``language`` the
    page's declared language tag (``en-gb``), which says how it writes a slashed date;
    ``deadline`` the page's time (:class:`OverBudgetError`, reason ``time``, once past it).
    """
    now_utc = now.astimezone(UTC) if now else datetime.now(UTC)
    window = _Window(now_utc, _day_first(language), deadline or Deadline(None))
    lines = _Lines(tree)
    declared_change = _declared_modified(tree, art, metas, window)
    changed = window.read(declared_change)
    published, local, source = _published(
        tree, lines, url, art, metas, html, window, changed.day if changed else None
    )
    modified = declared_change or _labelled_line(lines, _UPDATED_LABEL, window)
    first, last = window.read(published), window.read(modified)
    if first and last and last.utc() < first.utc():
        modified = None  # "modified" before the publication: not a modification date
    return PageDates(published, local, source, modified)


#: Regions whose English writes the month first (05/03/2021 is May 3).
_MONTH_FIRST_REGIONS = frozenset({"us", "ph"})


def _day_first(language: str | None) -> bool:
    """Whether a page in ``language`` (a tag: ``de``, ``en-GB``, ``en_AU``) writes a slashed
    date day first: any language but English, and English of a region that writes the day
    first. English without a region, or no language named, is read month first (as
    dateparser reads it)."""
    if not language:
        return False
    lang, _, region = language.lower().replace("_", "-").partition("-")
    if lang != "en":
        return True
    region = region.split("-")[0]
    return len(region) == 2 and region not in _MONTH_FIRST_REGIONS


def _published(
    tree: LexborHTMLParser,
    lines: _Lines,
    url: str | None,
    art: dict[str, Any],
    metas: dict[str, list[str]],
    html: str | None,
    window: _Window,
    changed: date | None = None,
) -> tuple[str | None, str | None, str | None]:
    url_day = _url_day(url, window)
    declared = _declared(art, metas, window)
    if declared:
        value, when, source = declared[0]
        if url_day is not None and abs((when.day - url_day).days) > 1:
            return url_day.isoformat(), None, "url"  # a re-publication or a template date
        instead = _shown_over_bare(declared, metas, tree, lines, window)
        if instead is not None:
            precise = _time_of_day(tree, instead.isoformat(), window)
            return (precise, None, "time") if precise else (instead.isoformat(), None, "text")
        if _disagree(declared):  # the page contradicts itself: what it shows decides
            value, when, source = _confirmed(declared, tree, url, html, window)
        return value, _local_time(lines, when, url_day, window), source
    if url_day is not None:
        return url_day.isoformat(), None, "url"
    shown = _time_element(tree, window)
    if shown:
        return shown, None, "time"
    shown_days = _ShownDays(tree, window)  # the page's texts walked once for every use
    shown = _published_line(lines, shown_days, window)
    if shown:
        return shown, None, "text"
    found = _elsewhere(tree, url, html, window, changed, shown_days)
    if found:
        precise = _time_of_day(tree, found[0].isoformat(), window)
        return (precise, None, "time") if precise else (found[0].isoformat(), None, found[1])
    shown = _time_of_day(tree, None, window)
    return (shown, None, "time") if shown else (None, None, None)


def _shown_over_bare(
    declared: list[tuple[str, PageDate, str]],
    metas: dict[str, list[str]],
    tree: LexborHTMLParser,
    lines: _Lines,
    window: _Window,
) -> date | None:
    """When the page declares its date only in bare ``date`` meta tags
    (:data:`_BARE_META`: "a date of this page", which some CMSs fill with the page's last
    change): the day of a visible "Published …" line on another day; else, when the page
    never writes the bare dates' day in a visible text, the day of its first ``<time>``,
    else the one day its short visible texts show. None otherwise: a publication tag or
    JSON-LD date, a bare date the page writes, no ``<time>`` and no day or several days
    shown."""
    if any(source != "meta" for _, _, source in declared):
        return None
    # every declared date is a bare tag's (the declared ones are the readable values)
    bare = [v for name in _BARE_META for v in metas.get(name, ())]
    if len(bare) < len(declared) or sum(1 for v in bare if window.read(v)) != len(declared):
        return None
    shown = _ShownDays(tree, window)
    labelled = window.read(_published_line(lines, shown, window))
    if labelled is not None and all(labelled.day != d.day for _, d, _ in declared):
        return labelled.day
    if any(shown.shows(when.day) for _, when, _ in declared):
        return None
    for node in tree.css("time[datetime]"):
        when = window.read(node.attributes.get("datetime"))
        if when is not None:  # on a declared day: the declaration stays
            return None if any(when.day == d.day for _, d, _ in declared) else when.day
    days = shown()
    return days.pop() if len(days) == 1 else None


def _disagree(declared: list[tuple[str, PageDate, str]]) -> bool:
    """Whether a page's declared publication dates fall on days more than a day apart (one
    template's date beside another's, a copied article's original beside its own)."""
    days = [when.day for _, when, _ in declared]
    return (max(days) - min(days)).days > 1


def _confirmed(
    declared: list[tuple[str, PageDate, str]],
    tree: LexborHTMLParser,
    url: str | None,
    html: str | None,
    window: _Window,
) -> tuple[str, PageDate, str]:
    """The strongest declared date whose day the page shows in a short visible text, else
    the one on htmldate's day (within a day either way: the page's zone); the strongest one
    when neither confirms any."""
    finders = (lambda: _ShownDays(tree, window)(), lambda: {_htmldate(tree, url, html, window)})
    for find in finders:  # htmldate only when the page shows none of the days
        days = find()
        for found in declared:
            if any(day and abs((found[1].day - day).days) <= 1 for day in days):
                return found
    return declared[0]


def _elsewhere(
    tree: LexborHTMLParser,
    url: str | None,
    html: str | None,
    window: _Window,
    changed: date | None = None,
    shown_days: _ShownDays | None = None,
) -> tuple[date, str] | None:
    """The publication day htmldate's fast search finds, else the one day the page's short
    visible texts show (:class:`_ShownDays`, when they show exactly one), else the day
    htmldate's extensive search finds; with its source (``htmldate`` or ``text``). A day on
    the 1st of a month the page never writes in full (:func:`_writes_day`: in its markup
    or a visible text) is no day, nor is ``changed``, the day of the page's declared
    modification date, unless the page shows it in a visible text: htmldate falls back on the
    modification date of a page that declares no publication date. ``shown_days``: the
    caller's reader of the page's texts, when it has one."""
    shown_days = shown_days or _ShownDays(tree, window)

    def kept(found: date | None) -> bool:  # not only the day the page was last changed
        return found is not None and (found != changed or shown_days.shows(found))

    page = _htmldate_page(html if html is not None else (tree.html or ""))
    found = _htmldate(tree, url, html, window, extensive=False, page=page)
    if not kept(found):
        shown = shown_days()
        if len(shown) == 1:  # one day in the page's short texts: no need for more search
            return shown.pop(), "text"
        found = _htmldate(tree, url, html, window, extensive=True, page=page)
    if found is None or not kept(found):
        return None
    if found.day == 1 and not _writes_day(tree, html, found, shown_days):
        return None  # the 1st of a month the page never writes: a year or a month alone
    return found, "htmldate"


def _local_time(lines: _Lines, when: PageDate, url_day: date | None, window: _Window) -> str | None:
    """The page's own local time for a declared date whose offset does not tell it: a time
    in UTC is matched with the same instant in the page's visible date lines, which gives
    the newsroom's offset (``…T22:04:00Z`` shown as "19. Oktober 2019 00:04 Uhr"); failing
    that the URL's day is the local day. None when the declared value says it already."""
    if not when.has_time or when.moment.utcoffset():
        return None  # a bare day, or the page's own offset
    if when.has_zone:
        shown = _shown_offset(lines, when.utc(), window)
        if shown is not None:
            return shown.local_iso()
    if url_day is None or url_day == when.day or not _may_be_local_day(when, url_day):
        return None
    return url_day.isoformat()


def _may_be_local_day(when: PageDate, day: date) -> bool:
    """Whether ``day`` is ``when``'s day somewhere on earth (UTC-12 to UTC+14)."""
    naive = when.utc().replace(tzinfo=None)
    return (naive - timedelta(hours=12)).date() <= day <= (naive + _AHEAD).date()


def _shown_offset(lines: _Lines, instant: datetime, window: _Window) -> PageDate | None:
    """``instant`` in the zone of the first visible date line that shows it as a local
    wall-clock time (up to 14 hours away, in quarter hours). A line showing a day alone
    does not tell the offset: a page shows many days (today's, related articles')."""
    naive = instant.replace(tzinfo=None)
    for text in lines.short(80, first=_MAX_LINES, needs=_CLOCK):
        if not _CLOCK.search(text):
            continue
        for part in _SEPARATOR.split(text):
            label = _PUBLISHED_LABEL.search(part) or _UPDATED_LABEL.search(part)
            shown = window.read(part[label.end() :] if label else part, shown=True)
            if shown is None or shown.has_zone or not shown.has_time:
                continue
            offset = shown.moment - naive
            if timedelta(0) < abs(offset) <= _AHEAD and offset.total_seconds() % 900 == 0:
                return PageDate(instant.astimezone(timezone(offset)), has_time=True)
    return None


def _declared(
    art: dict[str, Any], metas: dict[str, list[str]], window: _Window
) -> list[tuple[str, PageDate, str]]:
    """The publication dates the page declares (JSON-LD, then meta tags), strongest first."""
    found = []
    for key in ("datePublished", "dateCreated"):
        value = jsonld_string(art.get(key))
        when = window.read(value)
        if value and when:
            found.append((value, when, "jsonld"))
    for name in PUBLISHED_META:
        for value in metas.get(name, ()):
            when = window.read(value)
            if when:
                found.append((value, when, "meta"))
    return found


def _declared_modified(
    tree: LexborHTMLParser, art: dict[str, Any], metas: dict[str, list[str]], window: _Window
) -> str | None:
    """The modification date the page declares in its markup (JSON-LD ``dateModified``, the
    modification meta tags, an ``itemprop=dateModified`` element), strongest first."""
    candidates = [jsonld_string(art.get("dateModified"))]
    candidates += [v for name in MODIFIED_META for v in metas.get(name, ())]
    for value in candidates:
        if value and window.read(value):
            return value
    for node in tree.css("[itemprop=dateModified i]"):  # only when the others give none
        value = node.attributes.get("datetime") or node.attributes.get("content")
        if value and window.read(value):
            return value
    return None


# -- URL, <time>, visible lines ---------------------------------------------------------------
class _Lines:
    """The texts of a page's elements that may hold a date line (:data:`_LINE_SELECTOR`),
    selected once for every search of them (the publication and update labels, the shown
    offset of a UTC time), each flattened at most once and only when it may be short enough
    for the search that asks."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._nodes: list[LexborNode] | None = None
        self._raws: list[str] = []
        self._shown: list[int] = []
        self._texts: dict[int, str] = {}

    def short(
        self, longest: int, first: int | None = None, needs: re.Pattern[str] | None = None
    ) -> Iterator[str]:
        """The non-empty texts of at most ``longest`` characters, in page order, among the
        first ``first`` elements (all when None), of the elements whose raw text ``needs``
        finds something in (any when None: the caller's own search of the flattened text
        finds nothing where ``needs`` finds nothing). An element whose text holds more than
        ``longest`` characters that are not white space is skipped unflattened, and one
        with none is empty: flattening (:func:`node_text`) keeps every such character."""
        if self._nodes is None:
            self._nodes = self._tree.css(_LINE_SELECTOR)
            self._raws = [node.text(deep=True, separator="", strip=False) for node in self._nodes]
            # what node_text keeps of a raw text: at most the length of the flattened text
            self._shown = [len("".join(raw.split())) for raw in self._raws]
        for i, node in enumerate(self._nodes[:first]):
            if self._shown[i] > longest:
                continue
            text = self._texts.get(i)
            if text is None:
                if needs is not None and not needs.search(self._raws[i]):
                    continue
                text = self._texts[i] = node_text(node) if self._shown[i] else ""
            if text and len(text) <= longest:
                yield text


_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})([/_-]?)(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?!\d)"
)


def _url_day(url: str | None, window: _Window) -> date | None:
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1].partition("/")[2]
    for m in _URL_DATE.finditer(path):
        if not m.group(2) and not _compact_ok(path, m):
            continue
        if m.group(2) == "/" and not _ends_segment(path, m):
            continue  # /2023/10/3-fragen-an…: a month folder, then a title's number
        try:
            day = date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
        if window.admits(PageDate(datetime.combine(day, time()), has_time=False)):
            return day
    return None


def _ends_segment(path: str, m: re.Match[str]) -> bool:
    """Whether a date written with slashes ends its path segment (``/2024/04/28/``,
    ``/2024/04/28.html``): a CMS filing its posts by year and month writes the title next
    (``/2024/04/3-questions-for…``), whose leading number is no day."""
    return m.end() == len(path) or path[m.end()] in "/."


def _compact_ok(path: str, m: re.Match[str]) -> bool:
    """A date written without separators (``20240428``) only as a whole path segment."""
    before = path[m.start() - 1] if m.start() else "/"
    after = path[m.end()] if m.end() < len(path) else "/"
    return len(m.group(0)) == 8 and before in "/-_" and after in "/-_."


def _time_element(tree: LexborHTMLParser, window: _Window) -> str | None:
    """The ``datetime`` of the page's publication ``<time>`` (or ``itemprop`` element)."""
    for selector in _TIME_SELECTORS:
        for node in tree.css(selector):
            attrs = node.attributes
            marks = f"{attrs.get('itemprop') or ''} {attrs.get('class') or ''}".lower()
            if "modif" in marks or "updat" in marks:
                continue
            value = (attrs.get("datetime") or attrs.get("content") or "").strip()
            if value and window.read(value):
                return value
    return None


def _time_of_day(tree: LexborHTMLParser, day: str | None, window: _Window) -> str | None:
    """The ``datetime`` of the first ``<time>`` on ``day`` (any day when None) that gives a
    time of day: htmldate tells the day, the page's ``<time>`` the minute and the zone."""
    for node in tree.css("time[datetime]"):
        value = (node.attributes.get("datetime") or "").strip()
        when = window.read(value)
        if when and when.has_time and (day is None or when.day.isoformat() == day):
            return value
    return None


#: How long a date line may be.
_LINE_LEN = 120


def _line_date(rest: str) -> str:
    """What may be the date of a date line, from the text after its label: up to the next
    separator or label."""
    return _LINE_END.split(rest, maxsplit=1)[0].strip(" ,;:-–—")


def _published_line(lines: _Lines, shown: _ShownDays, window: _Window) -> str | None:
    """The date a "Published" label introduces: in the page's date lines first, else in any
    short visible text (:meth:`_ShownDays.published`)."""
    return _labelled_line(lines, _PUBLISHED_LABEL, window) or shown.published()


def _labelled_line(lines: _Lines, label: re.Pattern[str], window: _Window) -> str | None:
    """The date of the first short visible line that ``label`` introduces."""
    for text in lines.short(_LINE_LEN, needs=_LABEL_WORDS[label]):
        m = label.search(text)
        if m is None:
            continue
        value = _line_date(text[m.end() :])
        shown = window.shown_value(value) if value else None
        if shown:
            return shown
    return None


def _htmldate(
    tree: LexborHTMLParser,
    url: str | None,
    html: str | None,
    window: _Window,
    *,
    extensive: bool | None = None,
    page: str | bytes | None = None,
) -> date | None:
    """htmldate's original publication day (None when it finds none).

    Its fast search only (``extensive``: False) or its extensive one only (True); when
    ``extensive`` is None, its fast search first and its extensive one only when that finds
    nothing: the extensive search hands the texts its own readers cannot read to
    dateparser with every language on, at five times the cost of the fast one, and on a page
    where the fast search finds a date the extensive one finds the same. htmldate keeps its
    own floor (1995) for its search of the page: its heuristics are weighed with it.
    ``page``: what htmldate is given (:func:`_htmldate_page` of the page's text), when the
    caller has it already."""
    from htmldate import find_date

    latest = datetime.combine((window.now + _AHEAD).date(), time.max)
    if page is None:
        page = _htmldate_page(html if html is not None else (tree.html or ""))
    for search in (False, True) if extensive is None else (extensive,):
        window.deadline.check("dates")  # htmldate's search itself cannot be stopped
        given = _without_asides(tree, page) if search else page
        try:
            found = find_date(
                given, url=url, original_date=True, extensive_search=search, max_date=latest
            )
        except Exception:  # a page htmldate cannot read has no date from it
            return None
        when = window.read(found)
        if when is not None:
            return when.day
    return None


#: What is not the article, left out of the page htmldate's extensive search reads.
_ASIDES = ("nav", "footer", "aside")


def _without_asides(tree: LexborHTMLParser, page: str | bytes) -> str | bytes:
    """What htmldate's extensive search is given: the page without its navigation, footers
    and sidebars (:data:`_ASIDES`), serialized from a copy of ``tree``; ``page`` itself when
    it has none. That search takes the oldest date of any text and at last reads the whole
    markup: other stories' days, a menu's, a copyright year are not the article's, and their
    headlines ("5 Things to Know in 2021") are what it hands to dateparser."""
    if tree.css_first(", ".join(_ASIDES)) is None:
        return page
    copy = tree.clone()
    copy.strip_tags(list(_ASIDES))
    return _htmldate_page(copy.html or "")


def _htmldate_page(text: str) -> str | bytes:
    """The page's text as htmldate is given it: the ``str`` itself, which it parses as it
    is (its own bytes would be decoded back to the same text on every call), except when
    htmldate would read the ``str`` otherwise. Then its UTF-8 bytes, which htmldate decodes
    to the text it would read from the page's bytes:

    - a text that begins with "http": htmldate takes a ``str`` that begins so (and holds no
      space) for a URL and downloads it; never bytes;
    - a text holding a lone surrogate (a code point of U+D800-U+DFFF, which no encoding
      writes: a caller's ``surrogateescape`` decoding): lxml stops reading the page where
      it stands; in the bytes it is a "?"."""
    if text.startswith("http"):
        return text.encode("utf-8", "replace")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return text.encode("utf-8", "replace")
    return text


#: A date written in a short text: numeric (``2019-10-18``, ``18.10.2019``, ``10/18/2019``)
#: or with a month name before or after the day ("18. Oktober 2019", "October 18, 2019",
#: "5 de marzo de 2021", "5 марта 2021").
_MONTH = "|".join(sorted((re.escape(m) for m in MONTH_NAMES), key=len, reverse=True))
_DATE_IN_TEXT = re.compile(
    r"(?<![\d.])(?:(?:19|20)\d\d([-/])\d{1,2}\1\d{1,2}|\d{1,2}([./-])\d{1,2}\2(?:19|20)\d\d)(?![\d])"
    rf"|(?<!\w)(?:\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?)?(?:{_MONTH})\.?"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+(?:de\s+)?(?:19|20)\d\d(?!\d)",
    re.I,
)
#: Tags whose text is never shown as a date line.
_HIDDEN_TAGS = frozenset(
    {"script", "style", "noscript", "template", "textarea", "select", "option"}
)
#: A date line is short: longer texts are prose, whose dates are what it reports on.
_SEGMENT_LEN = range(6, 53)


def _writes_day(tree: LexborHTMLParser, html: str | None, day: date, shown: _ShownDays) -> bool:
    """Whether the page writes ``day`` in full: in its markup as software writes a date
    (ISO 8601, in an attribute, a meta tag or a script), or in any of its visible texts
    (``shown``). A day htmldate gives on the 1st of a month may be its reading of a year
    alone (a copyright line) or a month alone ("March 2022")."""
    page = html if html is not None else (tree.html or "")
    return _holds_number(page, day.isoformat()) or shown.shows(day)


def _holds_number(page: str, number: str) -> bool:
    """Whether ``number`` (digits and signs) occurs in ``page`` with no digit right before
    or after it, as ``(?<!\\d)number(?!\\d)`` finds it; found by plain string search (a
    pattern that begins with a look-behind is tried at every character of the page)."""
    at = page.find(number)
    while at >= 0:
        end = at + len(number)
        if not (at and page[at - 1].isdecimal()) and not page[end : end + 1].isdecimal():
            return True
        at = page.find(number, at + 1)
    return False


#: Characters that the "Published" label's case-insensitive search takes for a letter of
#: its words although their lower case is no such letter (dotted and dotless i, long s,
#: the Kelvin sign, the old Cyrillic forms of в and о).
_FOLD_EXCEPTIONS = "\u0130\u0131\u017f\u212a\u1c80\u1c82"
#: The words of :data:`_PUBLISHED_STEMS` as a lower-cased text without those characters
#: holds them (the label's dotless ı reads an i there).
_LOWER_STEMS = tuple(dict.fromkeys(stem.replace("ı", "i") for stem in _PUBLISHED_STEMS))


def _label_candidates(texts: list[str]) -> list[int]:
    """The indexes, in order, of the texts of at most :data:`_LINE_LEN` characters that may
    hold a "Published" label: those holding a word of :data:`_PUBLISHED_STEMS` (one search
    per word over the short texts joined, lower-cased), every short one when they hold a
    character of :data:`_FOLD_EXCEPTIONS`."""
    short = [i for i, text in enumerate(texts) if len(text) <= _LINE_LEN]
    joined = "\x1f".join(texts[i] for i in short)
    if any(char in joined for char in _FOLD_EXCEPTIONS):
        return short
    lowered = joined.lower()  # a character each (U+0130 is an exception): places kept
    starts = sorted({at for stem in _LOWER_STEMS for at in _places(lowered, stem)})
    found: list[int] = []
    index = since = 0
    for at in starts:
        index += lowered.count("\x1f", since, at)
        since = at
        if not found or found[-1] != short[index]:
            found.append(short[index])
    return found


def _places(text: str, word: str) -> Iterator[int]:
    """Where ``word`` starts in ``text``, every place."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


class _ShownDays:
    """The days written in a page's short visible texts (date lines, not the prose, whose
    dates are what it reports on), read without dateparser, and whether any visible text
    writes a given day; the page is walked once however often it is asked."""

    def __init__(self, tree: LexborHTMLParser, window: _Window) -> None:
        self._tree = tree
        self._window = window
        self._texts: list[str] | None = None
        self._short: set[date] | None = None

    def __call__(self) -> set[date]:
        """The days the short texts write (a new set: the caller's to change), but for one
        an "updated" label introduces right after another day: in the same text or the
        next ("15:00 03.09.2023 (обновлено: 10:00 04.09.2023)", "March 3, 2024 · Updated:
        March 4, 2024"). An "Updated" line alone still counts its day."""
        if self._short is None:
            self._short = set()
            before: set[date] = set()  # the days of the text just before
            for text in self._visible():
                if len(text) not in _SEGMENT_LEN:
                    before = set()
                    continue
                label = _UPDATED_LABEL.search(text) if _DIGIT.search(text) else None
                cut = label.start() if label else len(text)
                days = set(self._days(text[:cut]))
                if label is not None and not (days or before):
                    days.update(self._days(text[cut:]))  # no publication day beside it
                self._short |= days
                before = days
        return set(self._short)

    def shows(self, day: date) -> bool:
        """Whether any visible text, short or not, writes ``day``. Only the texts holding
        its year are read: every date the search finds has its year written in full."""
        year = str(day.year)
        return any(day in self._days(text) for text in self._visible() if year in text)

    def published(self) -> str | None:
        """The date of the first short visible text (any element's) that a "Published"
        label introduces: after the label in the same text, or in the next text when the
        label stands alone ("Erschienen am:" in one element, the date in the next). The
        page is walked only when one of the body's short texts (cut from one call, scripts'
        included) holds a label word."""
        body = self._tree.body
        whole = body.text(deep=True, separator="\x1f", strip=False) if body else ""
        rough = [" ".join(part.split()) for part in whole.split("\x1f")]
        if not _label_candidates([text for text in rough if len(text) >= _SEGMENT_LEN.start]):
            return None  # no short text, hidden ones included, holds a label word: no walk
        texts = self._visible()
        for i in _label_candidates(texts):
            m = _PUBLISHED_LABEL.search(texts[i])
            if m is None:
                continue
            value = _line_date(texts[i][m.end() :])
            if not value and i + 1 < len(texts):
                value = _line_date(texts[i + 1])
            shown = self._window.shown_value(value) if value else None
            if shown:  # a page whose text holds no label word as lower case writes it: none
                lowered = whole.lower()
                return shown if any(word in lowered for word in _PUBLISHED_STEMS) else None
        return None

    def _days(self, text: str) -> Iterator[date]:
        if "19" not in text and "20" not in text:
            return  # every date the search finds writes its year in full (19xx, 20xx)
        for m in _DATE_IN_TEXT.finditer(text):
            when = self._window.read(m.group(0), shown=True)
            if when is not None:
                yield when.day

    def _visible(self) -> list[str]:
        """The page's visible texts of at least :data:`_SEGMENT_LEN`'s start, white space
        collapsed, in page order: none inside a script, a style, a ``<noscript>`` fallback,
        a form control (:data:`_HIDDEN_TAGS`), however deep."""
        if self._texts is None:
            body = self._tree.body
            self._texts = []
            hidden: set[int] = set()  # hidden elements and every element inside one
            # pre-order: a parent comes before its children, so one pass marks them all
            # (a text of ASCII white space only is empty once collapsed: skipped unread)
            nodes = body.traverse(include_text=True, skip_empty=True) if body is not None else ()
            deadline = self._window.deadline
            for step, node in enumerate(nodes, 1):
                if not step & MASK:
                    deadline.check("dates")
                parent = node.parent
                inside = parent is not None and parent.mem_id in hidden
                if node.tag != "-text":
                    if inside or node.tag in _HIDDEN_TAGS:
                        hidden.add(node.mem_id)
                    continue
                if parent is None or inside:
                    continue
                text = " ".join((node.text_content or "").split())
                if len(text) >= _SEGMENT_LEN.start:
                    self._texts.append(text)
        return self._texts


def jsonld_string(value: Any) -> str | None:
    """A JSON-LD string value, stripped, its HTML entities decoded (a script's text is raw:
    the HTML parser decodes none in it, and some CMSs escape their JSON-LD as HTML, "+"
    written "&#x2B;", "&amp;" in a URL); None when empty or not a string."""
    if isinstance(value, str) and value.strip():
        return decode_entities(value.strip()) if "&" in value else value.strip()
    return None
