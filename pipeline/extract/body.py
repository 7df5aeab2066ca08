"""Generic body extraction: the article's paragraphs from a page no spider knows.

A content-scoring extractor that reads the Lexbor tree once and never modifies it:

1. **walk** — one pass over ``<body>`` turns the page into text *blocks* (a paragraph,
   heading, list item, table cell or run of loose text split at ``<br><br>``), each owned by
   the element that holds it, and records every block-level element with its parent and its
   boilerplate signal (tag, ARIA role, class/id words from
   :mod:`pipeline.extract.boilerplate`: firm words such as "comments", weak ones such as
   "teaser"); scripts, form controls, hidden elements and ``nav``/``aside``/``footer`` are
   skipped outright (but for one a template left unclosed, which the parser made the holder
   of the article: :meth:`_Page.unclosed`), and nodes without a tag name (a raw ``<?php … ?>``),
   comments and CDATA are passed over. Text, link and prose lengths are then summed
   bottom-up;
2. **score** — each block of prose (25+ characters, few links) adds to its container and,
   decaying, to two more ancestors (its size and commas count: a CJK letter as three
   characters, a Hangul syllable as two, the commas of every script); furniture elements do not
   vote unless they hold half the page's prose (a layout wrapper named "has-sidebar"; never
   a comment thread, named like comments with next to no prose outside them, an account
   dialog, named like a log-in and like an overlay: ``login-modal``, nor a consent box
   beside the story: one that holds no ``<main>``, ``<article>`` or first ``<h1>`` and sits
   in none) or,
   named with a weak word, 400+ characters of prose with few links (a story in a "teaser").
   A container's score is discounted by its link density and nudged by its class/id words;
3. **choose** — the best container moves up to the ancestor it shares with other strong
   candidates (an article split into chunks around ads; up to four levels up, six when two
   or more share it: a page builder's blocks) or to a parent that scores better, then
   widens to an ancestor that adds half as much prose again (outside furniture: a long
   comment thread is no gain) with few links and no more teaser headlines than paragraphs
   (an article over sibling sections or page-builder columns), and takes along siblings
   that score well or are a paragraph of prose (a lead), looked for around the outermost
   wrapper that holds nothing but the chosen container;
4. **read** — the chosen containers' blocks in document order, leaving out what sits in a
   furniture element below the container (except a quotation — an embedded post —, a
   ``<figure>`` around a table, and a weakly named wrapper the page repeats around
   link-free text: a page builder's "widget"), captions, link-dense blocks, boxes and lists
   of links ("related stories", "read more" lines, lists whose every item holds a link and
   whose text is mostly links), and calls to follow or subscribe at the very end. A
   heading, list item or table cell that is a link stays (a section heading linking to
   itself, a list of sentences that carry links). Table rows become one line each.

When nothing is found that way (every text sat in elements named like furniture), the class
names are ignored and the page is scored again; when what is found is no prose (lines of at
most 80 characters' size, under 200 in all: a breadcrumb) and the page has elements named
like comments, it is read again with those as text and that reading is kept when it holds
two paragraphs of prose and more than twice as much (a forum thread whose opening post and
answers are all named like comments); when the visible page shows next to nothing,
it is read again with its hidden elements (an article streamed into ``<div hidden>`` for a
script to reveal). The JSON-LD ``articleBody`` (HTML in it read as HTML, entity-escaped HTML
too) is a cross-check:
when the page declares a full body (600+ characters) and the scored text is much shorter, the
declared body is used instead; a shorter declared body only when the page shows next to
nothing (an app shell). When the body is still no prose and the page shows the description
it declares as a block of prose (outside account dialogs, comment threads, forms and links),
the story is that standfirst and the prose after it (a video's description, a short notice).
Given the page's HTML, a page where the scored body is unsure (short,
or a small share of the prose the page shows) gets a second opinion from readability-lxml
(:mod:`pipeline.extract.fallback`).
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from pipeline.errors import OverBudgetError
from pipeline.extract import fallback
from pipeline.extract.boilerplate import (
    BOILER_ROLES,
    BOILER_TAGS,
    CONTENT_TAGS,
    INLINE_TAGS,
    SKIP_TAGS,
    TAIL_PATTERNS,
    class_weight,
    names_account_dialog,
    names_comments,
    names_consent,
)
from pipeline.extract.deadline import MASK, Deadline
from pipeline.extract.language import comma_count, text_size
from pipeline.extract.metadata import article_jsonld
from pipeline.extract.parse import (
    UNCLOSABLE_FURNITURE,
    LexborHTMLParser,
    LexborNode,
    UnclosedMarks,
    check_budget,
    left_open,
    unclosed_marks,
)

__all__ = ["declared_blocks", "extract_body", "extract_body_from_jsonld", "fragment_blocks"]

#: A JSON-LD articleBody at least this long (characters) is taken as the full text.
_FULL_DECLARED = 600
#: A furniture-named element with this much prose (characters) and few links is text.
_TRUSTED_PROSE = 400
#: A body shorter than this (characters) from the visible page is read again, hidden
#: elements included.
_HIDDEN_RETRY = 200
#: A block smaller than this (:func:`~pipeline.extract.language.text_size`: Latin characters'
#: worth, a CJK letter three) does not vote for its container.
_MIN_PROSE = 25
#: … which fewer characters than this never reach (a quick test before measuring the size).
_MIN_PROSE_CHARS = 9
#: Paragraph-like blocks: their container is their parent element.
_PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "td", "dd", "li", "address"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CAPTION_TAGS = frozenset({"figcaption", "caption", "legend"})
#: A figure and its caption, furniture for the walk by their tag alone.
_FIGURE_TAGS = frozenset({"figure", "figcaption", "caption", "legend"})
_CELL_TAGS = frozenset({"td", "th"})
#: Characters of text in two or more blocks that make a table cell a column of the page's
#: layout (a story's paragraphs between <br><br>), not a cell of data (a note of two short
#: lines, an address).
_LAYOUT_CELL_PROSE = 400
_LIST_TAGS = frozenset({"ul", "ol", "dl", "table", "tbody"})
_LISTS = frozenset({"ul", "ol"})
#: Structures judged as a box (a link-dense one is left out whole); lists are judged as lists.
_BOXES = _LIST_TAGS - _LISTS
#: The end of a sentence (or of a quotation or aside closing one) in every script: Latin,
#: Greek question mark (;), CJK full-width and half-width marks and closing brackets,
#: Arabic and Urdu, Devanagari and Bengali dandas, Ethiopic, Armenian, Myanmar, Khmer,
#: Tibetan.
_SENTENCE_END = re.compile(
    '[.!?…:;"”’»)\\]‼⁇⁈⁉\u037e。！？｡．」』）】〕〉》\u061f\u06d4\u061b\u0964\u0965'
    "\u1362\u1367\u1368\u0589\u055c\u055e\u104b\u17d4\u17d5\u0f0d\u0f0e]$"
)
#: An entity-escaped paragraph or line-break tag (``&lt;p&gt;``, ``&lt;br /&gt;``).
_ESCAPED_TAG = re.compile(r"&lt;/?(?:p|br|div|h[1-6])\b[^&]{0,200}&gt;", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class _Page:
    """The page as blocks and block-level elements (ids are in document order)."""

    __slots__ = (
        "blocks",
        "boiler",
        "brs",
        "buf",
        "buf_link",
        "by_owner",
        "cls",
        "deadline",
        "open_marks",
        "owner",
        "parent",
        "read_hidden",
        "root",
        "tag",
        "weight",
    )

    def __init__(self, deadline: Deadline | None = None) -> None:
        #: the page's time: read every so many nodes of the walk and between scoring passes
        self.deadline = deadline or Deadline(None)
        self.tag: list[str] = ["body"]
        self.parent: list[int] = [-1]
        self.boiler: list[bool] = [False]
        self.weight: list[int] = [0]
        self.cls: list[str] = [""]
        #: (owner element id, text, link characters)
        self.blocks: list[tuple[int, str, int]] = []
        self.by_owner: dict[int, list[tuple[str, int]]] = {}
        self.buf: list[str] = []
        self.buf_link = 0
        self.brs = 0
        self.owner = 0
        self.read_hidden = False
        #: the element walked (a page's ``<body>``), when :meth:`walk` reads a whole page and
        #: not a fragment already cut out of one: only then is a furniture element read that
        #: a template left unclosed (:meth:`_Page.unclosed`)
        self.root: LexborNode | None = None
        #: (:func:`~pipeline.extract.parse.unclosed_marks` of ``root``, read at the first
        #: nav/aside/footer met)
        self.open_marks: UnclosedMarks | None = None

    # -- step 1: walk -------------------------------------------------------------------------
    def walk(self, node: LexborNode, in_link: bool = False) -> None:
        """Read ``node``'s descendants into blocks and elements, in document order.

        Iterative (an explicit stack, not recursion), so a page nested thousands of levels
        deep (unclosed ``<font>`` or ``<div>`` tags) is read like any other. Nodes without a
        tag name (a raw ``<?php … ?>`` processing instruction), comments, CDATA and the
        doctype are passed over. The page's deadline is read every so many block-level
        elements (:meth:`open`; the steps between, texts and inline elements, are cheap and
        bounded by the element budget).
        """
        buf = self.buf
        # (the node to continue with, in_link there, owner to restore or _INLINE)
        stack: list[tuple[LexborNode | None, bool, int]] = []
        child = node.first_child
        while True:
            if child is None:
                if not stack:
                    return
                child, in_link, saved = stack.pop()
                if saved != _INLINE:  # leaving a block-level element
                    self.close(saved)
                continue
            tag = child.tag or ""
            if tag == "-text":  # self.text(), inlined: the walk's most frequent step
                text = child.text_content
                if text and (buf or not text.isspace()):
                    buf.append(text)
                    if (in_link or self.brs) and not text.isspace():
                        self.brs = 0
                        if in_link:
                            self.buf_link += len(text.strip())
            elif not tag or tag[0] in "-!" or (tag in _NOT_WALKED and self.skips(child, tag)):
                pass  # no tag name (a processing instruction), a comment, a skipped subtree
            elif tag in _PLAIN_INLINE:
                link = in_link or tag == "a"
                only = child.first_child
                if only is not None and only.next is None and only.tag == "-text":
                    self.text(only.text_content, link)  # the common <a>text</a>
                elif only is not None:
                    stack.append((child.next, in_link, _INLINE))
                    in_link = link
                    child = only
                    continue
            else:
                first, mark = self.open(child, tag)
                if first is not None:
                    stack.append((child.next, in_link, mark))
                    child = first
                    continue
            child = child.next

    def skips(self, node: LexborNode, tag: str) -> bool:
        """Whether the walk passes over an element of :data:`_NOT_WALKED` and what it holds:
        one of :data:`SKIP_TAGS`, or a navigation, sidebar or footer not left unclosed
        (:meth:`unclosed`)."""
        return tag in SKIP_TAGS or not self.unclosed(node, tag)

    def unclosed(self, node: LexborNode, tag: str) -> bool:
        """Whether ``node``, a ``<nav>``, ``<aside>`` or ``<footer>``, is read: one its template
        left unclosed, which holds the rest of the page, article included
        (:func:`~pipeline.extract.parse.left_open`). Such an element is walked as furniture
        that is a layout wrapper only when it holds half the page's prose (:func:`_sums`),
        never trusted as text for its own prose; any other is not walked. Never in a
        fragment (a declared body, readability's summary): only a whole page's walk has a
        :attr:`root`."""
        if self.root is None:
            return False
        if self.open_marks is None:
            self.open_marks = unclosed_marks(self.root)
        return left_open(node, tag, self.open_marks)

    def open(self, node: LexborNode, tag: str) -> tuple[LexborNode | None, int]:
        """Enter an element: (its first child to read, or None; the stack mark to leave it
        with: _INLINE, or the owner to restore)."""
        attrs = node.attributes
        hidden, weight, role_boiler, names = _attr_info(attrs) if attrs else _NO_ATTRS
        if hidden and not self.read_hidden:
            return None, _INLINE
        if tag == "br":
            if self.brs:
                self.flush()
            else:
                self.buf.append("\n")
                self.brs = 1
            return None, _INLINE
        first = node.first_child
        if tag in INLINE_TAGS and weight >= 0:
            return first, _INLINE
        # a block-level (or unknown) element, or an inline one named like furniture
        # ("Share", "Photo: AP"), becomes an element of its own
        if self.buf:
            self.flush()
        eid = len(self.tag)
        if not eid & MASK:  # the clock read every so many elements of the page
            self.deadline.check("body")
        self.tag.append(tag)
        self.parent.append(self.owner)
        self.boiler.append(
            tag in BOILER_TAGS or role_boiler or (weight < 0 and tag not in CONTENT_TAGS)
        )
        self.weight.append(weight)
        self.cls.append(names)
        if first is None:
            return None, _INLINE
        saved = self.owner
        self.owner = eid
        return first, saved

    def close(self, owner: int) -> None:
        """Leave a block-level element: its paragraph ends, ``owner`` owns what follows."""
        if self.buf:
            self.flush()
        self.owner = owner
        self.brs = 0

    def text(self, text: str | None, in_link: bool) -> None:
        """Add a text node's text to the paragraph being read."""
        if text and (self.buf or not text.isspace()):  # no paragraph starts with spaces
            self.buf.append(text)
            if (in_link or self.brs) and not text.isspace():
                self.brs = 0
                if in_link:
                    self.buf_link += len(text.strip())

    def flush(self) -> None:
        """End the paragraph being read: its text becomes a block of the current owner."""
        text = " ".join("".join(self.buf).split())
        if text:
            self.blocks.append((self.owner, text, min(self.buf_link, len(text))))
        self.buf.clear()
        self.buf_link = 0
        self.brs = 0


#: Furniture elements not read, not even as a layout wrapper: a page does not put its
#: article text inside its navigation, sidebar or footer (unless one was left unclosed:
#: :meth:`_Page.unclosed`). (A ``<header>`` is read: page builders put whole articles in one; as
#: furniture it only counts when it holds prose.)
_NEVER_CONTENT = UNCLOSABLE_FURNITURE
#: Elements the walk passes over, what they hold included (:meth:`_Page.skips`).
_NOT_WALKED = SKIP_TAGS | _NEVER_CONTENT


_INLINE = -2  # stack marker: leaving an inline element needs no bookkeeping
_PLAIN_INLINE = frozenset({"a", "b", "i", "em", "strong", "u", "sup", "sub", "abbr", "cite"})
_AttrInfo = tuple[bool, int, bool, str]
_NO_ATTRS: _AttrInfo = (False, 0, False, "")
#: Whether a ``style`` value hides its element, per value met (a template repeats them) …
_HIDDEN_STYLES: dict[str, bool] = {}
#: … emptied when it holds more values than this (bounded as the class readers' caches,
#: :data:`~pipeline.extract.boilerplate.CACHED_VALUES`).
_CACHED_STYLES = 2_000


def _attr_info(attrs: dict[str, str | None]) -> _AttrInfo:
    """(hidden, class weight, furniture role, class and id) of an element's attributes."""
    cls = attrs.get("class")
    ident = attrs.get("id")
    weight = class_weight(cls) if cls else 0
    if ident and weight >= 0:
        id_weight = class_weight(ident)
        weight = id_weight if id_weight < 0 or weight == 0 else weight
    hidden = "hidden" in attrs
    style = attrs.get("style")
    if style and not hidden:
        hidden = _HIDDEN_STYLES.get(style)  # type: ignore[assignment]
        if hidden is None:
            hidden = _HIDDEN_STYLES[style] = bool(_HIDDEN_STYLE.search(style))
            if len(_HIDDEN_STYLES) > _CACHED_STYLES:
                _HIDDEN_STYLES.clear()
    if not hidden:
        aria = attrs.get("aria-hidden")
        hidden = aria is not None and aria.lower() == "true"
    role = attrs.get("role")
    return (
        hidden,
        weight,
        bool(role and role.lower() in BOILER_ROLES),
        f"{cls} {ident}" if cls and ident else cls or ident or "",
    )


def extract_body(
    tree: LexborHTMLParser,
    html: str | None = None,
    *,
    second_opinion: bool = True,
    declared: list[str] | None = None,
    deadline: Deadline | None = None,
    lead: str | None = None,
) -> list[str]:
    """The article body of a page as paragraphs (raw text, one string per block).

    The tree is read, never modified. Returns ``[]`` when the page has no article text.
    With the page's ``html`` and ``second_opinion``, a page where the scored body is unsure
    (short, or a small share of the page's prose) is read again by readability-lxml, whose
    body is kept when it contains the scored one and is longer
    (:mod:`pipeline.extract.fallback`). ``declared`` is the page's JSON-LD body already read
    (:func:`declared_blocks` of the metadata's ``article_body``; ``[]`` when it declares
    none); None reads it from the tree (:func:`extract_body_from_jsonld`). ``deadline``: the
    page's time, read in the tree walks, between the scoring passes and around readability
    (:class:`OverBudgetError`, reason ``time``, once past it). ``lead`` is the description
    the page declares: when the body found is no prose and the page shows that description
    as a block, the story is that standfirst (:func:`_shown_standfirst`).
    """
    deadline = deadline or Deadline(None)
    paragraphs, shown, visible = _scored_body(tree, deadline)
    if declared is None:
        declared = extract_body_from_jsonld(tree)
    found = sum(map(len, paragraphs))
    if declared:
        stated = sum(map(len, declared))
        # a declared body of a few hundred characters is often a teaser: it only wins when
        # the page itself shows next to nothing (an app shell, "Loading…")
        if found < 0.6 * stated and (stated >= _FULL_DECLARED or found < 200):
            return declared
    if lead and visible is not None and (not paragraphs or _no_prose(paragraphs)):
        # newsmill's own reading of the description the page shows, before readability's
        # (which, on a page this short, reads dialogs and banners around it as well)
        standfirst = _shown_standfirst(visible, lead, paragraphs)
        if standfirst:
            return standfirst
    if html is not None and second_opinion and fallback.unsure(found, shown):
        deadline.check("body")
        summary = fallback.readability_summary(html)
        deadline.check("body (readability)")
        second = fragment_blocks(LexborHTMLParser(summary), deadline)
        if fallback.prefer_second(paragraphs, second):
            return second
    return paragraphs


def extract_body_from_jsonld(tree: LexborHTMLParser) -> list[str]:
    """The paragraphs of the page's JSON-LD ``articleBody`` (``[]`` when absent); HTML
    inside it is read as HTML."""
    article = article_jsonld(tree) or {}
    return declared_blocks(article.get("articleBody"))


def declared_blocks(body: Any, deadline: Deadline | None = None) -> list[str]:
    """The paragraphs of a JSON-LD ``articleBody`` value (``[]`` for none, or for a value
    that is not text); HTML inside it is read as HTML, entity-escaped HTML (``&lt;p&gt;``)
    too."""
    if not isinstance(body, str) or not body.strip():
        return []
    if "<" not in body and _ESCAPED_TAG.search(body):
        body = html_lib.unescape(body)  # the article's HTML written entity-escaped
    if "<" in body and re.search(r"<(?:p|br|div|body)\b", body):
        try:  # HTML the page's own budget check never saw: it sits in a script
            check_budget(body)
        except OverBudgetError:
            return []
        return fragment_blocks(LexborHTMLParser(body), deadline)
    parts = (" ".join(p.split()) for p in re.split(r"\n+", body))
    return [p for p in parts if p]


def fragment_blocks(fragment: LexborHTMLParser, deadline: Deadline | None = None) -> list[str]:
    """Every text block of an HTML fragment (an article already cut out of its page), in
    document order: no scoring, nothing left out but what the walk never reads (scripts,
    form controls, hidden elements, ``nav``/``aside``/``footer``)."""
    page = _Page(deadline)
    if fragment.body is not None:
        page.walk(fragment.body)
        page.flush()
    return [text for _, text, _ in page.blocks]


def _page_prose(page: _Page) -> int:
    """Characters of prose (blocks of 25+ characters, few links) the walked page shows."""
    return sum(
        len(text)
        for _, text, links in page.blocks
        if len(text) >= _MIN_PROSE and links < 0.3 * len(text)
    )


# -- step 2: score ----------------------------------------------------------------------------
def _scored_body(tree: LexborHTMLParser, deadline: Deadline) -> tuple[list[str], int, _Page | None]:
    """The scored body, the characters of prose the page shows and the visible page as
    walked (its furniture marks as the walk found them; None without a ``<body>``)."""
    body = tree.body
    if body is None:
        return [], 0, None
    paragraphs, shown, visible = _scored_walk(body, False, deadline)
    if sum(map(len, paragraphs)) < _HIDDEN_RETRY:
        # next to nothing visible: a page that streams its article into a hidden element
        # for a script to reveal (React's <div hidden id="S:0">) is read hidden parts and all
        revealed, shown_hidden, _ = _scored_walk(body, True, deadline)
        if sum(map(len, revealed)) > 2 * sum(map(len, paragraphs)):
            paragraphs, shown = revealed, shown_hidden
    return paragraphs, shown, visible


def _scored_walk(
    body: LexborNode, read_hidden: bool, deadline: Deadline
) -> tuple[list[str], int, _Page]:
    page = _Page(deadline)
    page.read_hidden = read_hidden
    page.root = body
    page.walk(body)
    page.flush()
    if not page.blocks:
        return [], 0, page
    shown = _page_prose(page)
    # scoring rewrites the furniture marks; the page is handed back as walked
    walked = page.boiler[:], page.weight[:]
    paragraphs = _scored_read(page, body, deadline)
    page.boiler, page.weight = walked[0], walked[1]
    page.by_owner = {}
    return paragraphs, shown, page


def _scored_read(page: _Page, body: LexborNode, deadline: Deadline) -> list[str]:
    paragraphs = _score_and_read(page)
    if paragraphs and _no_prose(paragraphs) and not _marks_an_article(body):
        paragraphs = _forum_thread(page, paragraphs)
    if not paragraphs:
        deadline.check("body")
        # everything that looked like text sat in furniture by its class names (a page
        # template that calls its article "post-meta"): trust the text, not the names
        page.boiler = [False] * len(page.tag)
        page.by_owner = {}
        paragraphs = _score_and_read(page)
    return paragraphs


#: A body whose every paragraph is at most this size (:func:`text_size`) holds no prose …
_NO_PROSE_LINE = 80
#: … when it is also smaller than this in all (a breadcrumb, a thread's title).
_NO_PROSE_TOTAL = 200


def _no_prose(paragraphs: list[str]) -> bool:
    """Whether a body read from the page is no prose: short lines only, little in all."""
    sizes = [text_size(p) for p in paragraphs]
    return max(sizes) <= _NO_PROSE_LINE and sum(sizes) < _NO_PROSE_TOTAL


#: A tag in a description declared raw (``<p>…</p>``).
_TAG = re.compile(r"<[^>]{0,500}>")


def _words(text: str) -> str:
    """A text as its words, case folded, one space apart: what a description and the
    block that shows it have in common whatever their quotes, dashes and ellipses."""
    return " ".join(fallback.WORD.findall(text.casefold()))


def _plain(lead: str) -> str:
    """A declared description as the page shows it: tags out, entities read (twice, for a
    double-escaped ``&amp;#39;``)."""
    text = html_lib.unescape(_TAG.sub(" ", lead))
    if "&" in text:
        text = html_lib.unescape(text)
    return " ".join(text.split())


def _shown_standfirst(page: _Page, lead: str, paragraphs: list[str]) -> list[str]:
    """A story that is only its standfirst (a video's or an episode's description, a notice
    of two sentences): the page's declared description ``lead``, when it is a sentence of
    prose and the visible page shows it as a block of prose outside account dialogs,
    comment threads and forms, with the prose that follows it (:func:`_what_follows`);
    ``[]`` when the page does not show it. ``page`` is the visible page as walked
    (:func:`_scored_body`), ``paragraphs`` the scored body (no prose)."""
    lead = _plain(lead)
    key = _words(lead)
    if not key or text_size(lead) < _MIN_PROSE or not _SENTENCE_END.search(lead.rstrip()):
        return []
    if not page.blocks:
        return []
    sums = _sums(page)
    away = _away(page, sums)
    for at, (owner, text, links) in enumerate(page.blocks):
        if not at & MASK:
            page.deadline.check("body")
        if links < 0.3 * len(text) and not away[owner] and key in _words(text):
            return [text, *_what_follows(page, at, sums, away, paragraphs)]
    return []


def _away(page: _Page, sums: _Sums) -> list[bool]:
    """away[i]: element i is in an account dialog, a comment thread or a consent box
    (:func:`_staying`, the scoring's own rules) or a form that is not the page's wrapper
    (ASP.NET puts the whole page in one form: a form holding the page's first ``<h1>``, or
    with none most of its text, is one). One pass in document order."""
    text_len = sums[1]
    n = len(page.tag)
    tags, parent = page.tag, page.parent
    own_prose = [0] * n
    for owner, text, links in page.blocks:
        if len(text) >= _MIN_PROSE and links < 0.3 * len(text):
            own_prose[owner] += len(text)
    stays = _staying(page, own_prose)
    h1 = _first_h1(tags)
    around_h1 = set(_ancestors(parent, h1)) if h1 > 0 else set()
    away = [False] * n
    for i in range(1, n):
        if not i & MASK:
            page.deadline.check("body")
        if tags[i] == "form" and not stays[i]:
            wrapper = i in around_h1 if h1 > 0 else text_len[i] >= 0.5 * text_len[0]
            stays[i] = not wrapper
        away[i] = stays[i] or away[parent[i]]
    return away


def _what_follows(
    page: _Page, at: int, sums: _Sums, away: list[bool], paragraphs: list[str]
) -> list[str]:
    """The prose after block ``at``: in the nearest element that holds more than it, when
    that element adds few links (a short story's next lines, not a page's wrapper), and the
    paragraphs of the scored body ``paragraphs`` that sit in the standfirst's story (its
    nearest ``<article>``/``<main>``, else that element: a brief's paragraphs after a
    standfirst in its header, not a cookie box the scorer picked); in that element, blocks of
    the standfirst's own kind too when that kind is not its text and no furniture holds them
    (a photo essay's next captions); never in dialogs, threads, forms, nor under an element
    of that element whose link lines are as many as its prose blocks (another clip's card in
    a playlist); no text twice, the standfirst's own never again."""
    text_len, link_len, counts = sums[1], sums[2], sums[4]
    parent, tags, cls = page.parent, page.tag, page.cls
    n = len(tags)
    owner = page.blocks[at][0]
    inner, node = owner, parent[owner]
    while node > 0 and text_len[node] == text_len[inner]:
        inner, node = node, parent[node]
    extra_text = text_len[node] - text_len[inner] if node > 0 else 0
    if node <= 0 or link_len[node] - link_len[inner] > _WIDEN_LINKS * extra_text:
        node = -1  # no element of a short story around it: only the scored body follows
        keep = [False] * n
    else:
        keep = _kept(page, [node], text_len, link_len, _link_lists(page, text_len, link_len))
    story = next((a for a in _ancestors(parent, owner) if tags[a] in ("article", "main")), node)
    inside, in_story = _under(parent, node), _under(parent, story)
    carded, furnished = _cards_and_furniture(page, node, inside, counts)
    # the standfirst's own kind (a caption), when that is what keeps it out of the element's
    # text: a photo essay's next captions follow it
    kind = (tags[owner], cls[owner]) if not keep[owner] else None
    scored = set(paragraphs)
    seen = {page.blocks[at][1]}
    out = []
    for count, (owner, text, links) in enumerate(page.blocks[at + 1 :]):
        if not count & MASK:
            page.deadline.check("body")
        if (
            text in seen
            or away[owner]
            or carded[owner]
            or text_size(text) < _MIN_PROSE
            or links >= 0.3 * len(text)
        ):
            continue
        if (
            keep[owner]
            or (text in scored and in_story[owner])
            or (inside[owner] and not furnished[owner] and (tags[owner], cls[owner]) == kind)
        ):
            seen.add(text)
            out.append(text)
    return out


def _under(parent: list[int], top: int) -> list[bool]:
    """flags[i]: element i is ``top`` or inside it (all False for ``top`` -1)."""
    flags = [False] * len(parent)
    if top > 0:
        flags[top] = True
        for i in range(top + 1, len(parent)):
            flags[i] = flags[parent[i]]
    return flags


def _cards_and_furniture(
    page: _Page, node: int, inside: list[bool], counts: list[int]
) -> tuple[list[bool], list[bool]]:
    """carded[i]: element i of ``node`` is under one of its elements with at least as many
    link lines as prose blocks (``counts``: prose blocks + 1000 per link line), a card;
    furnished[i]: … under one marked as furniture by its name or role (not for being a
    figure or its caption)."""
    parent, tags, boiler, weight = page.parent, page.tag, page.boiler, page.weight
    n = len(tags)
    carded = [False] * n
    furnished = [False] * n
    for i in range(node + 1, n) if node > 0 else ():
        p = parent[i]
        if inside[p]:
            lines, blocks = divmod(counts[i], 1000)
            carded[i] = carded[p] or (lines > 0 and lines >= blocks)
            furnished[i] = furnished[p] or (
                boiler[i] and (weight[i] < 0 or tags[i] not in _FIGURE_TAGS)
            )
    return carded, furnished


def _marks_an_article(body: LexborNode) -> bool:
    """Whether the page marks an element as its article (``<article>``, schema.org's
    ``articleBody``) that is not named like comments: its short body is then a brief, a
    caption or a video's line, not a forum thread's title, and reader comments stay out."""
    for node in body.css("article, [itemprop=articleBody]"):
        attrs = node.attributes
        if not names_comments(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
            return True
    return False


def _forum_thread(page: _Page, paragraphs: list[str]) -> list[str]:
    """A page that shows no prose outside its comment threads (a forum thread whose opening
    post and answers are all named like comments, under a breadcrumb) is read again with
    the threads as text; that reading is kept when it holds two paragraphs of prose and
    more than twice as much text, else ``paragraphs`` stay."""
    named = [
        page.weight[i] == -2 and page.tag[i] not in BOILER_TAGS and names_comments(page.cls[i])
        for i in range(len(page.tag))
    ]
    if not any(named):
        return paragraphs
    boiler, weight = page.boiler[:], page.weight[:]
    for i, is_named in enumerate(named):
        if is_named:
            page.boiler[i] = False
            page.weight[i] = 0
    page.by_owner = {}
    threads = _score_and_read(page)
    sizes = [text_size(p) for p in threads]
    prose_lines = sum(1 for size in sizes if size > _NO_PROSE_LINE)
    if prose_lines >= 2 and sum(sizes) > 2 * sum(map(text_size, paragraphs)):
        return threads
    page.boiler, page.weight = boiler, weight
    return paragraphs


def _sums(page: _Page) -> _Sums:
    """Text, link and prose characters, prose and link-line counts of every element (its
    descendants included), and whether it is blocked as furniture.

    Boilerplate that holds most of the page's prose is a layout wrapper, not furniture; an
    element named like furniture that holds paragraphs of prose and few links is text.
    """
    n = len(page.tag)
    parent = page.parent
    text_len = [0] * n
    link_len = [0] * n
    prose = [0] * n  # characters of prose blocks (long, few links)
    counts = [0] * n  # prose blocks, plus 1000 per link line (a headline, "Read more")
    for owner, text, links in page.blocks:
        length = len(text)
        text_len[owner] += length
        link_len[owner] += links
        if length >= _MIN_PROSE and links < 0.3 * length:
            prose[owner] += length
            counts[owner] += 1
        elif links > 0.5 * length:
            counts[owner] += 1000
    stays = _staying(page, prose)
    for i in range(n - 1, 0, -1):
        p = parent[i]
        text_len[p] += text_len[i]
        link_len[p] += link_len[i]
        prose[p] += prose[i]
        counts[p] += counts[i]
    total_prose = prose[0] or 1
    blocked = [False] * n
    boiler = page.boiler
    for i in range(1, n):
        if (
            boiler[i]
            and not stays[i]
            and prose[i] >= _TRUSTED_PROSE
            and _trustable(page, i)
            and (link_len[i] < 0.2 * text_len[i])
        ):
            boiler[i] = False
        own = boiler[i] and (prose[i] < 0.5 * total_prose or stays[i])
        blocked[i] = own or blocked[parent[i]]
    return prose, text_len, link_len, blocked, counts


def _threads(page: _Page, own_prose: list[int]) -> list[bool]:
    """Which elements are comment threads: named like comments, with next to no prose
    outside their comment-named descendants (a wrapper named "comments-open" around the
    article is not one). ``own_prose`` is each element's prose, its descendants' left out.
    A thread is furniture even when it holds most of the page's prose (a short post under
    a long discussion)."""
    n = len(page.tag)
    parent = page.parent
    named = [page.weight[i] == -2 and names_comments(page.cls[i]) for i in range(n)]
    if not any(named):
        return named
    free = own_prose[:]  # prose outside comment-named descendants
    for i in range(n - 1, 0, -1):
        if not named[i]:
            free[parent[i]] += free[i]
    return [named[i] and free[i] < _TRUSTED_PROSE for i in range(n)]


def _staying(page: _Page, own_prose: list[int]) -> list[bool]:
    """Which elements are furniture whatever their share of the page's prose: comment
    threads (:func:`_threads`), account dialogs (:func:`_account_dialogs`) and consent
    boxes (:func:`_consent_boxes`), the last two marked boilerplate. ``own_prose``: each
    element's prose, its descendants' left out."""
    stays = _threads(page, own_prose)
    _account_dialogs(page, stays)
    _consent_boxes(page, stays)
    return stays


def _account_dialogs(page: _Page, stays: list[bool]) -> None:
    """Mark account dialogs (a log-in or registration form drawn over the page) as furniture
    that stays furniture, like a comment thread, whatever its share of the page's prose: on
    a video page or under a short post, the dialog's messages outweigh the article."""
    for i in range(1, len(page.tag)):
        if page.cls[i] and page.tag[i] not in CONTENT_TAGS and names_account_dialog(page.cls[i]):
            page.boiler[i] = stays[i] = True


def _first_h1(tags: list[str]) -> int:
    """The id of the page's first ``<h1>`` (ids are in document order), -1 without one."""
    try:
        return tags.index("h1", 1)
    except ValueError:
        return -1


#: The elements that mark a page's story: a consent-named element holding one or inside one
#: is no consent box (:func:`_consent_boxes`).
_STORY_MARKS = frozenset({"main", "article"})


def _consent_boxes(page: _Page, stays: list[bool]) -> None:
    """Mark cookie and consent boxes (named with a word of
    :data:`~pipeline.extract.boilerplate.CONSENT_WORDS`) as furniture that stays furniture
    whatever its share of the page's prose: a consent notice outweighs a two-paragraph
    brief. Consent managers put their box beside the page, so not an element that holds
    the page's ``<main>``, an ``<article>`` or the first ``<h1>`` (a wrapper a script names
    after the visitor's choice, "cookies-accepted"), nor one inside a ``<main>`` or an
    ``<article>`` (a story's text box named by its editor: "cookie-recipe",
    "gdpr-explainer")."""
    tags, parent = page.tag, page.parent
    n = len(tags)
    named = [
        i
        for i in range(1, n)
        if page.cls[i] and tags[i] not in CONTENT_TAGS and names_consent(page.cls[i])
    ]
    if not named:
        return
    first_h1 = _first_h1(tags)
    holds = [False] * n  # holds[i]: i is, or holds, a <main>, an <article> or the first <h1>
    for i in range(n - 1, 0, -1):
        if holds[i] or i == first_h1 or tags[i] in _STORY_MARKS:
            holds[i] = holds[parent[i]] = True
    inside = [False] * n  # inside[i]: i is below a <main> or an <article>
    for i in range(1, n):  # a parent's id comes before its children's
        inside[i] = inside[parent[i]] or tags[parent[i]] in _STORY_MARKS
    for i in named:
        if not holds[i] and not inside[i]:
            page.boiler[i] = stays[i] = True


def _score_and_read(page: _Page) -> list[str]:
    """Score the page's containers, choose the article's, read its blocks."""
    n = len(page.tag)
    tags, parent = page.tag, page.parent
    check = page.deadline.check  # between the passes over every element or block
    check("body")
    sums = _sums(page)
    _prose, text_len, link_len, blocked, _counts = sums
    check("body")

    scores = [0.0] * n
    for owner, text, links in page.blocks:
        length = len(text)
        if length < _MIN_PROSE_CHARS or blocked[owner] or links > 0.5 * length:
            continue
        size = text_size(text)  # a CJK letter counts as three
        if size < _MIN_PROSE:
            continue
        score = 1.0 + comma_count(text) + min(size / 100.0, 3.0)
        node = parent[owner] if tags[owner] in _PARAGRAPH_TAGS else owner
        if tags[owner] == "li":
            score *= 0.5  # list items are often teasers; they count, but less
        level = 0
        while node >= 0 and level < 3:
            scores[node] += score / (1, 2, 6)[level]
            node = parent[node]
            level += 1

    final: dict[int, float] = {}
    for i in range(n):  # <body> too: a bare page puts its paragraphs right in it
        if scores[i] > 0 and not blocked[i]:
            density = link_len[i] / text_len[i] if text_len[i] else 1.0
            bonus = 1.0 + 0.25 * max(page.weight[i], -1)
            final[i] = scores[i] * (1.0 - density) * bonus
    if not final:
        return []
    check("body")
    chosen = _choose(page, final, scores, sums)
    check("body")

    # -- step 3: read -------------------------------------------------------------------------
    return _read(page, chosen, text_len, link_len, _link_lists(page, text_len, link_len))


#: (prose, text and link characters of each element; whether it is blocked as furniture)
_Sums = tuple[list[int], list[int], list[int], list[bool], list[int]]
#: Widening to an ancestor: it adds at least this share of the container's prose …
_WIDEN_GAIN = 0.5
#: … with links in at most this share of the text it adds …
_WIDEN_LINKS = 0.3
#: … and no more link lines (headlines of teasers) than prose paragraphs.
_WIDEN_LINES = 1.0


def _widen(page: _Page, top: int, sums: _Sums) -> int:
    """The article split over sibling blocks (page-builder columns, consecutive sections):
    move up to an ancestor that adds much prose and few links to the chosen container."""
    prose, text_len, link_len, blocked, counts = sums
    parent = page.parent
    shown = _open_prose(page, blocked)
    node = parent[top]
    best = top
    while node > 0 and not blocked[node]:
        extra_text = text_len[node] - text_len[best]
        extra_links = link_len[node] - link_len[best]
        gain = shown[node] - shown[best]  # furniture's prose (a comment thread) is no gain
        extra_link_lines, extra_prose = divmod(counts[node] - counts[best], 1000)
        if (
            gain >= _WIDEN_GAIN * prose[best]
            and extra_links <= _WIDEN_LINKS * extra_text
            and extra_link_lines <= _WIDEN_LINES * extra_prose
        ):
            best = node
        node = parent[node]
    return best


def _open_prose(page: _Page, blocked: list[bool]) -> list[int]:
    """Characters of prose of every element (its descendants included) outside blocked
    furniture."""
    n = len(page.tag)
    parent = page.parent
    out = [0] * n
    for owner, text, links in page.blocks:
        if not blocked[owner] and len(text) >= _MIN_PROSE and links < 0.3 * len(text):
            out[owner] += len(text)
    for i in range(n - 1, 0, -1):
        out[parent[i]] += out[i]
    return out


#: Inside the article, a weakly furniture-named element with this much text and no links
#: is read.
_WEAK_READ = 20
#: … and a class that names at least this many elements of the page.
_REPEATED = 3


def _weak_text(
    page: _Page,
    node: int,
    text_len: list[int],
    link_len: list[int],
    repeated: Callable[[], set[str]],
) -> bool:
    """Inside the article, an element named like furniture only by a weak word, with a
    class the page repeats (a page builder's "widget-container" around every block), that
    holds text without links is read."""
    return (
        page.weight[node] == -1
        and page.tag[node] not in BOILER_TAGS
        and text_len[node] >= _WEAK_READ
        and link_len[node] < 0.1 * text_len[node]
        and _class_shape(page.cls[node]) in repeated()
    )


def _class_shape(value: str) -> str:
    """A class/id value without its numbered words (``el-9163``): what repeats."""
    return " ".join(w for w in value.split() if not any(map(str.isdigit, w)))


def _repeated_classes(page: _Page) -> set[str]:
    """Class/id values of weakly furniture-named elements that occur three times or more."""
    values = Counter(page.cls[i] for i, w in enumerate(page.weight) if w == -1)
    seen: Counter[str] = Counter()
    for value, count in values.items():  # each distinct value's shape once
        seen[_class_shape(value)] += count
    return {cls for cls, count in seen.items() if count >= _REPEATED}


def _trustable(page: _Page, node: int) -> bool:
    """Whether furniture element ``node`` may be read as text when it holds prose: not a
    figure or caption, not named with a firm furniture word (comments, sidebar), not a
    navigation, sidebar or footer (walked only when left unclosed: :meth:`_Page.unclosed`)."""
    tag = page.tag[node]
    return tag not in _FIGURE_TAGS and tag not in _NEVER_CONTENT and page.weight[node] > -2


def _choose(page: _Page, final: dict[int, float], scores: list[float], sums: _Sums) -> list[int]:
    parent = page.parent
    for owner, text, links in page.blocks:
        page.by_owner.setdefault(owner, []).append((text, links))
    ranked = sorted(final, key=final.__getitem__, reverse=True)
    top = _pull_up(parent, ranked, final)

    # climb while the parent scores at least as well (the text is spread over its children)
    last = final.get(top, 0.0)
    node = parent[top]
    while node > 0:
        score = final.get(node, 0.0)
        if score <= 0:
            node = parent[node]
            continue
        if score < last / 3:
            break
        if score > last:
            top = node
            break
        last = score
        node = parent[node]

    top = _widen(page, top, sums)
    top_score = max(final.get(top, 0.0), 1e-9)
    # the siblings are looked for around the outermost wrapper that holds nothing else (a
    # template's part of the story inside its own block): its siblings are the other parts
    text_len, blocked = sums[1], sums[3]
    while parent[top] > 0 and text_len[parent[top]] == text_len[top] and not blocked[parent[top]]:
        top = parent[top]
    container = parent[top]
    if container < 0 or top == 0:
        return [top]
    threshold = max(10.0, 0.2 * top_score)
    chosen = []
    for child in _children(page, container):
        if child == top:
            chosen.append(child)
            continue
        bonus = 0.2 * top_score if page.cls[child] and page.cls[child] == page.cls[top] else 0.0
        if final.get(child, 0.0) + bonus >= threshold or _is_prose(page, child):
            chosen.append(child)
    return chosen


#: Strong candidates elsewhere pull the choice up to the ancestor they share with the best
#: one when it is at most this many levels above it …
_SHARE_NEAR = 4
#: … or, when at least two of them share the same one, this many (a page builder's blocks,
#: each five wrappers deep around its paragraphs).
_SHARE_DEEP = 6


def _pull_up(parent: list[int], ranked: list[int], final: dict[int, float]) -> int:
    """The best candidate, or the ancestor it shares with other strong candidates (at least
    half its score): the article split into parts (chunks between ads, a page builder's
    blocks)."""
    top = ranked[0]
    top_score = final[top]
    ancestors = _ancestors(parent, top)
    deep: Counter[int] = Counter()
    for cand in ranked[1:6]:
        if final[cand] < 0.5 * top_score or cand in ancestors:
            continue
        cand_up = _ancestors(parent, cand)
        if top in cand_up:
            continue  # inside the best candidate
        shared = next((a for a in ancestors if a in cand_up), 0)
        if shared > 0 and ancestors.index(shared) < _SHARE_NEAR:
            top = shared
            ancestors = _ancestors(parent, top)
        elif shared > 0 and ancestors.index(shared) < _SHARE_DEEP:
            deep[shared] += 1
    shared, count = deep.most_common(1)[0] if deep else (0, 0)
    if count >= 2 and shared in ancestors:
        top = shared
    return top


def _is_prose(page: _Page, node: int) -> bool:
    """A sibling of the article that is itself a paragraph of prose (a lead, a first
    paragraph outside the body container)."""
    if page.boiler[node]:
        return False
    texts = page.by_owner.get(node)
    if texts is None or len(texts) != 1:
        return False
    text, links = texts[0]
    return len(text) > 80 and links < 0.25 * len(text) and bool(_SENTENCE_END.search(text))


def _ancestors(parent: list[int], node: int) -> list[int]:
    out = []
    node = parent[node]
    while node > 0:
        out.append(node)
        node = parent[node]
    return out


def _children(page: _Page, node: int) -> list[int]:
    # ids are in document order and a child's id follows its parent's
    return [i for i in range(node + 1, len(page.tag)) if page.parent[i] == node]


#: A list whose every item holds a link is a box of links when links make this share of its
#: text. Inside the chosen container, lists with a smaller share (sentences that carry a
#: link: release notes, sources, "where to stay") were in the expected body 10 times as often
#: as not on the tuned halves, while the lists of wholly linked items were not.
_LINK_LIST_SHARE = 0.8
#: Blocks the link-line rule spares inside the article: a heading or table cell that is a
#: link (a section heading linking to itself, a linked name in a table) and a list item (a
#: list of headlines is removed whole by :func:`_link_lists`) read as part of the story.
_LINKED_STRUCTURE = _HEADING_TAGS | frozenset({"li", "td", "th"})


def _link_lists(page: _Page, text_len: list[int], link_len: list[int]) -> set[int]:
    """Lists whose every item holds a link and that read like headlines, not sentences:
    "related stories", "more from", tag and topic lists (links make most of their text)."""
    items: dict[int, list[int]] = {}
    for i, tag in enumerate(page.tag):
        if tag == "li":
            items.setdefault(page.parent[i], []).append(i)
    out: set[int] = set()
    for lst, lis in items.items():
        if len(lis) < 2 or page.tag[lst] not in ("ul", "ol"):
            continue
        total = text_len[lst]
        if (
            total
            and all(link_len[li] > 0 for li in lis)
            and link_len[lst] >= _LINK_LIST_SHARE * total
            and total / len(lis) < 120
        ):
            out.add(lst)
    return out


def _kept(
    page: _Page,
    chosen: list[int],
    text_len: list[int],
    link_len: list[int],
    link_lists: set[int],
) -> list[bool]:
    """keep[i]: element i is inside a chosen container with no furniture on the way."""
    # the repeated classes are counted only when an element needs them (few pages do)
    repeated = functools.cache(lambda: _repeated_classes(page))
    tags, parent, boiler = page.tag, page.parent, page.boiler
    n = len(tags)
    # quoted[i]: the longest quotation (an embedded post) in element i; a furniture wrapper
    # around nothing but a quotation ("social-embed" around a tweet) does not hide it
    quoted = [0] * n
    # tabled[i]: element i holds a table (a block editor's <figure> around a table is text)
    tabled = [False] * n
    for i in range(n - 1, 0, -1):
        tag = tags[i]
        if tag == "blockquote" and text_len[i] > quoted[i]:
            quoted[i] = text_len[i]
        p = parent[i]
        if quoted[i] > quoted[p]:
            quoted[p] = quoted[i]
        if tag == "table" or tabled[i]:
            tabled[p] = True
    # keep[i]: element i is inside a chosen container with no furniture on the way (its
    # own text); keep_below[i]: the same for its descendants (a box of links hides them)
    keep = [False] * n
    keep_below = [False] * n
    chosen_set = set(chosen)
    for i in range(n):
        tag = tags[i]
        if i in chosen_set:
            ok = True
        elif i == 0 or not keep_below[parent[i]]:
            continue
        else:
            ok = not (
                tag in _CAPTION_TAGS
                or (
                    boiler[i]
                    and not (quoted[i] and text_len[i] <= quoted[i] + 40)
                    and not (tag == "figure" and tabled[i] and page.weight[i] >= 0)
                    and not _weak_text(page, i, text_len, link_len, repeated)
                )
                or i in link_lists
                or (tag in _BOXES and link_len[i] > 0.5 * text_len[i])
            )
        keep[i] = ok
        # a box of links (related stories, tags) hides the blocks inside it; a list is
        # judged as a list (_link_lists) and item by item, not as a box
        keep_below[i] = ok and not (
            i not in chosen_set and link_len[i] > 0.5 * text_len[i] and tag not in _LISTS
        )

    return keep


def _read(
    page: _Page,
    chosen: list[int],
    text_len: list[int],
    link_len: list[int],
    link_lists: set[int],
) -> list[str]:
    tags, parent = page.tag, page.parent
    keep = _kept(page, chosen, text_len, link_len, link_lists)
    page.deadline.check("body")
    out: list[tuple[str, str]] = []  # (kind, text)
    # a row with a cell that owns paragraphs of prose (runs between <br><br>) is a row of a
    # layout table, its cells the page's columns, not data: their blocks are lines of their
    # own, never joined into a row, and a column of links is a link line like any other
    blocks_in: Counter[int] = Counter()
    prose_in: Counter[int] = Counter()
    for owner, text, _ in page.blocks:
        if tags[owner] in _CELL_TAGS:
            blocks_in[owner] += 1
            prose_in[owner] += len(text)
    layout_rows = {
        parent[cell]
        for cell, count in blocks_in.items()
        if count > 1 and prose_in[cell] >= _LAYOUT_CELL_PROSE
    }
    last_row = -1
    for owner, text, links in page.blocks:
        if not keep[owner]:
            continue
        length = len(text)
        tag = tags[owner]
        data_cell = tag in _CELL_TAGS and parent[owner] not in layout_rows
        spared = data_cell or (tag in _LINKED_STRUCTURE and tag not in _CELL_TAGS)
        if not spared and (links > 0.7 * length or (links > 0.5 * length and length - links < 20)):
            continue  # a link line: "Read more: …", a related headline
        if data_cell and out and parent[owner] == last_row:
            out[-1] = (out[-1][0], f"{out[-1][1]} {text}")  # one line per table row
            continue
        last_row = parent[owner] if data_cell else -1
        kind = "h" if tag in _HEADING_TAGS else "p"
        out.append((kind, text))
    return _trim(out)


def _trim(blocks: list[tuple[str, str]]) -> list[str]:
    """Drop calls to follow or subscribe, credits and "more stories" lines at the end.

    Short lines elsewhere stay: on the benchmark, trimming every short non-sentence line at
    the edges (bylines, "Advertisement") lost as much article text as it removed furniture;
    the clean stage's furniture rules recognise those lines by what they say.
    """
    end = len(blocks)
    while end > 0 and _tail_furniture(blocks[end - 1][1]):
        end -= 1
    return [text for _, text in blocks[:end]]


def _tail_furniture(text: str) -> bool:
    return len(text) < 400 and any(p.search(text) for p in TAIL_PATTERNS)
