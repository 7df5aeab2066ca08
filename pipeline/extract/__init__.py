"""Extract stage: an HTML page (bytes or text) → clean article fields.

::

    bytes ──decode_html──> str ──parse_html──> tree ──┬─ spider.parse_article (site fields)
                                                      ├─ extract_metadata    (generic fields)
                                                      └─ extract_body        (generic body)
                             merged (spider wins) ──> clean_text / is_furniture ──> ExtractedFields

Errors: :class:`~pipeline.errors.EmptyInputError`, :class:`~pipeline.errors.BinaryInputError`,
:class:`~pipeline.errors.NotHTMLError` for input that cannot be an article page, and
:class:`~pipeline.errors.ExtractionError` for an HTML page with no article text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from pipeline.errors import EmptyInputError, ExtractionError, InputError, OverBudgetError
from pipeline.extract.body import declared_blocks, extract_body
from pipeline.extract.clean import clean_inline, clean_text, is_furniture
from pipeline.extract.deadline import MASK, Deadline
from pipeline.extract.decode import Decoded, decode_html, decode_page
from pipeline.extract.edges import edge_lines
from pipeline.extract.language import settle_language
from pipeline.extract.metadata import clean_authors, extract_metadata
from pipeline.extract.parse import (
    LexborHTMLParser,
    node_text,
    parse_html,
    parser_failures_refused,
)
from pipeline.extract.pubdate import admitted
from pipeline.extract.raw import RawArticle
from pipeline.extract.times import PageDate, parse_page_date, to_utc_iso
from pipeline.urls import is_valid_url

__all__ = [
    "FIELD_CAPS",
    "MAX_LIST_ITEMS",
    "TIME_BUDGET",
    "ArticleParser",
    "ExtractedFields",
    "RawArticle",
    "decode_html",
    "extract_body",
    "extract_fields",
    "extract_metadata",
    "to_utc_iso",
]


#: Seconds one page's extraction may take (read inside the stages' long loops:
#: :class:`~pipeline.extract.deadline.Deadline`).
TIME_BUDGET = 20.0
#: Characters kept of each string field; a longer value is cut and the cut is a warning.
FIELD_CAPS = {
    "title": 1_000,
    "lead": 5_000,
    "section": 200,
    "authors": 200,
    "tags": 200,
    "url": 4_096,
    "text": 2_000_000,
}
#: Items kept of the authors and tags lists.
MAX_LIST_ITEMS = 100


class ArticleParser(Protocol):
    """Anything with the spider's ``parse_article`` method (a :class:`pipeline.spider.Spider`)."""

    def parse_article(self, tree: LexborHTMLParser, url: str | None) -> RawArticle: ...


@dataclass
class ExtractedFields:
    """The clean article fields of one page, ready for enrichment and the record."""

    title: str
    lead: str | None
    authors: list[str]
    section: str | None
    tags: list[str]
    language: str | None
    canonical_url: str | None
    published_at: str | None
    published_at_source: str | None
    #: the page's own local time (``2024-04-28T03:00:00-04:00``) or bare day (``2024-04-28``)
    published_at_local: str | None
    modified_at: str | None
    text: str  #: clean body, paragraphs joined by "\n\n"
    warnings: list[str] = field(default_factory=list)
    cleaning: dict[str, int] = field(default_factory=dict)


def extract_fields(
    html: str | bytes,
    url: str | None = None,
    *,
    spider: ArticleParser | None = None,
    content_type: str | None = None,
    time_budget: float | None = TIME_BUDGET,
    now: datetime | None = None,
) -> ExtractedFields:
    """Extract and clean the article fields of one HTML page.

    ``html`` as bytes is decoded (``content_type`` is the HTTP header, for its charset);
    as ``str`` it is used as is. The ``spider``'s fields win over the generic extractor's;
    with ``spider=None`` only the generic extractor runs. ``now`` is the fetch time (the
    current time when not given): a page date after it is not a date of the page.

    Raises :class:`InputError` for a ``url`` that does not parse, :class:`EmptyInputError`,
    :class:`BinaryInputError` or :class:`NotHTMLError` for input that is not an HTML page,
    :class:`ExtractionError` when no article text is found, :class:`OverBudgetError` for a
    page nested too deep, with too many elements (checked before parsing) or taking longer
    than ``time_budget`` seconds (read inside the stages' long loops and between stages; a
    dependency's call, htmldate's or readability's, runs to its end).
    NUL characters are removed (counted in ``cleaning["nul_bytes"]``); string fields over
    their cap are cut, each cut named in ``warnings``.
    """
    if url is not None and not is_valid_url(url):
        raise InputError(f"not a valid URL: {url!r}", url=url, stage="decode")
    deadline = Deadline(time_budget, url=url)
    decoded: Decoded | None = None
    if isinstance(html, bytes):
        decoded = decode_page(html, content_type=content_type)
        text = decoded.text
    else:
        text = html
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
    if not text or text.isspace():  # no copy of the page made to tell
        raise EmptyInputError("input is empty", url=url, stage="decode")
    fields = _extract(text, url, spider, decoded, deadline, now)
    if nuls:
        fields.cleaning["nul_bytes"] = fields.cleaning.get("nul_bytes", 0) + nuls
    deadline.check("clean")
    return _capped(fields)


def _extract(
    text: str,
    url: str | None,
    spider: ArticleParser | None,
    decoded: Decoded | None,
    deadline: Deadline,
    now: datetime | None,
) -> ExtractedFields:
    """Parse and read one page: the fields before the caps. A failure of the parser or of
    newsmill's reads of its tree is a refusal (:func:`parser_failures_refused`); the
    spider's own code is outside it, so a spider's bug (an invalid selector, say) is
    reported as that spider's error, not as a page over budget."""
    try:
        with parser_failures_refused(url):
            tree = parse_html(text, deadline=deadline)
    except OverBudgetError as exc:
        exc.url = url
        raise
    deadline.check("parse")

    site = spider.parse_article(tree, url) if spider is not None else RawArticle()
    deadline.check("the spider's parse_article")
    with parser_failures_refused(url):
        generic = extract_metadata(tree, url, html=text, now=now, deadline=deadline)
        raw = site.merged_over(generic)
        deadline.check("metadata")
        if not raw.paragraphs:
            # reads the tree, never changes it; the JSON-LD body is the one metadata read
            declared = declared_blocks(raw.article_body, deadline)
            raw.paragraphs = extract_body(
                tree, text, declared=declared, deadline=deadline, lead=raw.lead
            )
            deadline.check("body")
        return _clean(raw, tree, url, spider, decoded, now, deadline)


def _cut(value: str | None, limit: int, name: str, warnings: list[str]) -> str | None:
    if value is None or len(value) <= limit:
        return value
    warnings.append(f"{name} cut from {len(value):,} to {limit:,} characters")
    return value[:limit].rstrip()


def _capped(fields: ExtractedFields) -> ExtractedFields:
    """Every string field but the text cut to its cap (:data:`FIELD_CAPS`), each cut
    named in ``warnings``; lists keep at most :data:`MAX_LIST_ITEMS` items."""
    w = fields.warnings
    fields.title = _cut(fields.title, FIELD_CAPS["title"], "title", w) or ""
    fields.lead = _cut(fields.lead, FIELD_CAPS["lead"], "lead", w)
    fields.section = _cut(fields.section, FIELD_CAPS["section"], "section", w)
    for name in ("authors", "tags"):
        items: list[str] = getattr(fields, name)
        if len(items) > MAX_LIST_ITEMS:
            w.append(f"{name} cut from {len(items):,} to {MAX_LIST_ITEMS} items")
            items = items[:MAX_LIST_ITEMS]
        setattr(fields, name, [_cut(i, FIELD_CAPS[name], name[:-1], w) or "" for i in items])
    fields.canonical_url = _cut(fields.canonical_url, FIELD_CAPS["url"], "canonical_url", w)
    if len(fields.text) > FIELD_CAPS["text"]:
        fields.text = _cut(fields.text, FIELD_CAPS["text"], "text", w) or ""
    return fields


_NOT_SHOWN = frozenset({"script", "style", "noscript", "template"})


def _why_empty(tree: LexborHTMLParser, deadline: Deadline) -> str:
    """Why a page has no text, when the reason is plain: it only holds scripts (a page its
    JavaScript fills in, which newsmill does not run)."""
    if tree.body is None or tree.css_first("script") is None:
        return ""
    for step, node in enumerate(tree.body.traverse(include_text=True), 1):
        if not step & MASK:
            deadline.check("clean")
        parent = node.parent
        shown = node.tag == "-text" and (parent is None or parent.tag not in _NOT_SHOWN)
        if shown and (node.text(deep=False) or "").strip():
            return ""
    return ": it holds only scripts (filled in by JavaScript, which newsmill does not run)"


def _clean(
    raw: RawArticle,
    tree: LexborHTMLParser,
    url: str | None,
    spider: ArticleParser | None = None,
    decoded: Decoded | None = None,
    now: datetime | None = None,
    deadline: Deadline | None = None,
) -> ExtractedFields:
    deadline = deadline or Deadline(None)
    counts: Counter[str] = Counter()
    warnings: list[str] = []
    if decoded is not None and decoded.mismatch:
        warnings.append(f"page declared charset {decoded.declared}, decoded as {decoded.encoding}")
        counts["charset_mismatch"] += 1
    if decoded is not None:
        counts["mixed_encoding"] += decoded.repaired_bytes
        counts["nul_bytes"] += decoded.nul_bytes

    language = (raw.language or "").strip().lower()[:2] or None
    if raw.paragraphs:  # detected from the text where the page declares none, or one it rules out
        language = settle_language(language, " ".join(raw.paragraphs[:40]))
    # the short fields follow the page's typography too (French keeps « … » and " :")
    title = clean_inline(raw.title, counts, language=language)
    if not title:
        warnings.append("no title")
        title = clean_inline(_first_heading(tree), counts, language=language)

    paragraphs = _clean_paragraphs(raw, tree, title, language, spider, counts, deadline)
    authors = clean_authors([clean_inline(a, counts) for a in raw.authors])
    published, modified, date_warnings = _page_dates(raw, now)
    days = [d.day for d in (published, modified) if d is not None]
    bylines = edge_lines(paragraphs, authors, days)
    if bylines:  # the byline and date lines the author and date steps read
        counts["furniture"] += len(bylines)
        paragraphs = [p for i, p in enumerate(paragraphs) if i not in bylines]
    if not paragraphs:
        reason = _why_empty(tree, deadline)
        raise ExtractionError(f"no article text found in page{reason}", url=url, stage="extract")

    tags: list[str] = []
    for tag in raw.tags:
        t = clean_inline(tag, counts)
        if t and t.casefold() not in {x.casefold() for x in tags}:
            tags.append(t)

    warnings += date_warnings
    lead = clean_inline(raw.lead, counts, language=language) or None
    return ExtractedFields(
        title=title,
        lead=lead,
        authors=authors,
        section=clean_inline(raw.section, counts) or None,
        tags=tags,
        language=language,
        canonical_url=raw.canonical_url or url,
        **_date_fields(raw, published, modified),
        text="\n\n".join(paragraphs),
        warnings=warnings,
        cleaning={k: v for k, v in sorted(counts.items()) if v},
    )


def _clean_paragraphs(
    raw: RawArticle,
    tree: LexborHTMLParser,
    title: str,
    language: str | None,
    spider: ArticleParser | None,
    counts: Counter[str],
    deadline: Deadline,
) -> list[str]:
    """The body's blocks cleaned, without furniture ("Share", captions) and second copies;
    ``deadline``'s clock read before each block."""
    furniture_lines = tuple(getattr(spider, "furniture_lines", ()) or ())
    furniture_patterns = tuple(getattr(spider, "furniture_patterns", ()) or ())
    paragraphs: list[str] = []
    blocks = raw.paragraphs or []
    # every code sample kept holds an "&": a body without one needs no look for them
    code = _code_samples(tree) if any("&" in block for block in blocks) else []
    for block in blocks:
        deadline.check("clean")
        para = clean_text(block, counts, language=language, keep=code)
        if not para:
            continue
        if is_furniture(
            para,
            title=title or None,
            language=language,
            lines=furniture_lines,
            patterns=furniture_patterns,
        ):
            counts["furniture"] += 1
            continue
        paragraphs.append(para)
    copies = _second_copies(paragraphs)
    if copies:
        counts["duplicate_paragraph"] += len(copies)
        paragraphs = [p for i, p in enumerate(paragraphs) if i not in copies]
    return paragraphs


#: A paragraph this long (characters) that the body repeats can start a second copy.
_COPY_MIN = 80


def _second_copies(paragraphs: list[str]) -> set[int]:
    """Indexes of the paragraphs that are part of a second copy of the text: a run of two
    or more paragraphs that repeats, in the same order, paragraphs read before (a desktop
    and a mobile copy of the article, a summary box written twice). A paragraph the story
    repeats on its own (a refrain, a notice, a test page's lorem ipsum) stays: on the tuned
    halves of the development sets the single repeats were text as often as not."""
    first: dict[str, int] = {}
    offsets: dict[int, int] = {}  # index of a long repeat -> its distance to the first one
    for i, para in enumerate(paragraphs):
        if len(para) < _COPY_MIN:
            continue
        if para in first:
            offsets[i] = i - first[para]
        else:
            first[para] = i
    copies: set[int] = set()
    for i, off in offsets.items():
        # a run: another long repeat at most two paragraphs away, at the same distance
        if any(offsets.get(j) == off for j in (i - 2, i - 1, i + 1, i + 2)):
            copies.add(i)
    # the run's short lines (subheads, "Step 2") repeated at the same distance go with it
    for i in sorted(copies):
        off = offsets[i]
        for step in (-1, 1):
            j = i + step
            while (
                j - off >= 0
                and j < len(paragraphs)
                and j not in copies
                and paragraphs[j] == paragraphs[j - off]
            ):
                copies.add(j)
                j += step
    return copies


def _page_dates(
    raw: RawArticle, now: datetime | None
) -> tuple[PageDate | None, PageDate | None, list[str]]:
    """The raw publication and modification dates read, each dropped when before 1990 or
    after ``now`` (the fetch time), and the warnings that tells."""
    warnings: list[str] = []
    published = parse_page_date(raw.published)
    if raw.published and published is None:
        warnings.append(f"unparseable published date {raw.published!r}")
    elif published is not None and not admitted(published, now):
        warnings.append(f"published date {raw.published!r} is in the future or before 1990")
        published = None
    if published is None:
        warnings.append("no published date")
    modified = parse_page_date(raw.modified)
    if modified is not None and not admitted(modified, now):
        modified = None
    return published, modified, warnings


def _date_fields(
    raw: RawArticle, published: PageDate | None, modified: PageDate | None
) -> dict[str, str | None]:
    """``published_at``, ``published_at_source``, ``published_at_local`` and ``modified_at``
    of the dates :func:`_page_dates` read."""
    return {
        "published_at": published.utc_iso() if published else None,
        "published_at_source": raw.published_source if published else None,
        "published_at_local": (raw.published_local or published.local_iso()) if published else None,
        "modified_at": modified.utc_iso() if modified else None,
    }


def _code_samples(tree: LexborHTMLParser) -> list[str]:
    """Texts of the page's code elements that hold an ``&``: the clean stage leaves them as
    written (a tutorial showing ``&#160;`` means those characters)."""
    return [t for t in (node_text(n) for n in tree.css("pre, code, kbd, samp, tt")) if "&" in t]


def _first_heading(tree: LexborHTMLParser) -> str:
    for selector in ("h1", "h2", "h3"):
        for node in tree.css(selector):
            text = node_text(node)
            if text:
                return text
    return ""
