"""Parse stage: decoded HTML text → a selectolax (Lexbor) tree, plus small tree helpers.

The helpers here are the selector toolkit spiders use (``pipeline.spider`` re-exports them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from pipeline.errors import NotHTMLError, OverBudgetError
from pipeline.extract.deadline import MASK, Deadline

__all__ = [
    "ASCII_LOWER",
    "ATTRIBUTE",
    "BLOCK_TAGS",
    "BREAKOUT_TAGS",
    "HTML_WS",
    "MAX_ATTRIBUTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_OPTIONS",
    "UNCLOSABLE_FURNITURE",
    "VOID_ELEMENTS",
    "LexborHTMLParser",
    "LexborNode",
    "UnclosedMarks",
    "block_texts",
    "check_attributes",
    "check_budget",
    "comment_end",
    "end_tag_pattern",
    "left_open",
    "node_text",
    "not_a_feed",
    "parse_html",
    "parser_failures_refused",
    "remove_all",
    "root_name",
    "script_end",
    "select_attr",
    "select_text",
    "select_texts",
    "unclosed_marks",
]

#: Elements whose text forms one paragraph of an article body.
BLOCK_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "td",
        "th",
        "figcaption",
    }
)
_CONTAINER_OF_BLOCKS = frozenset(
    {
        "div",
        "section",
        "article",
        "main",
        "ul",
        "ol",
        "dl",
        "table",
        "tbody",
        "tr",
        "blockquote",
        "li",
        "figure",
        "span",
        "body",
        "header",
        "footer",
        "aside",
        "nav",
        "form",
    }
)
_UNWANTED_TAGS = (
    "script, style, noscript, template, iframe, svg, button, input, select, textarea, object, embed"
)
_WS = re.compile(r"[ \t\r\n\f\v]+")
_MARKUP_HINT = re.compile(
    r"<\s*(?:!doctype|html|head|body|p|div|article|meta|title|span|a|h[1-6]|script|style"
    r"|noscript|link|img|main|section|header|footer|nav|table|ul|ol|li|br|form|iframe)\b",
    re.I,
)


#: Extraction budget: deepest element nesting and most elements a page may have. Real news
#: pages nest a few dozen levels and hold a few thousand elements (old pages with unclosed
#: ``<font>`` tags a few thousand levels); a page past either is refused before parsing,
#: because tree walks cost more than linear time in the depth.
MAX_DEPTH = 8_000
MAX_NODES = 250_000
#: Most attributes one element may have. Real elements carry a few dozen at most; the HTML
#: parser's cost grows with the square of one element's attribute count (40,000 take
#: seconds, 300,000 minutes: ``bench/attributes.py``), so a page past it is refused before
#: parsing.
MAX_ATTRIBUTES = 1_000
#: Most ``<option>`` start tags a page may have: Lexbor's cost grows with the square of the
#: options in one select (10,000: 0.4 s, 20,000: 1.9 s, 33,000: 10 s; real selects hold a
#: few hundred).
MAX_OPTIONS = 10_000
_OPTION_START = re.compile(r"<option(?=[\t\n\f\r /><])", re.I)
#: A select's start or end tag: either ends the select open before it.
_SELECT_BOUND = re.compile(r"<(/?)select(?=[\t\n\f\r /><])", re.I)


def _most_options_in_a_select(html: str) -> int:
    """The most ``<option>`` start tags between a ``<select>`` and what ends it (its end
    tag, another select's start tag, the page's end), in one linear pass; 0 when the page
    has no more options than :data:`MAX_OPTIONS` in all (options outside a select, or
    spread over many selects, cost Lexbor no more than other elements)."""
    if len(_OPTION_START.findall(html)) <= MAX_OPTIONS:
        return 0
    most, start = 0, -1
    for bound in _SELECT_BOUND.finditer(html):
        if start >= 0:
            most = max(most, len(_OPTION_START.findall(html, start, bound.start())))
        start = -1 if bound.group(1) else bound.end()
    if start >= 0:
        most = max(most, len(_OPTION_START.findall(html, start)))
    return most


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)")
#: Elements the tree builder never puts anything in (the obsolete ``command``, ``isindex``,
#: ``nextid`` and ``spacer`` are not: Lexbor nests each in the one before).
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "basefont",
        "bgsound",
        "br",
        "col",
        "embed",
        "frame",
        "hr",
        "image",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"}
)
#: Elements that bound "an element in scope" for the HTML parser (HTML, MathML and SVG ones;
#: ``button`` and the lists too, which bound it for ``<p>``/``<li>``): a new ``<p>``, ``<td>``…
#: and an end tag such as ``</div>`` do not look past them (stopping early refuses more).
_SCOPE = frozenset(
    [
        "html",
        "table",
        "td",
        "th",
        "caption",
        "applet",
        "object",
        "marquee",
        "template",
        "button",
        "ul",
        "ol",
        "dl",
        "mi",
        "mo",
        "mn",
        "ms",
        "mtext",
        "annotation-xml",
        "foreignobject",
        "desc",
        "title",
        "select",  # Lexbor ignores end tags of what is open around a select, inside it
        # an applet, object, marquee, cell or caption read in <svg>/<math> (or where the
        # scan does not know whether it is): a foreign element, no marker (:data:`_MARKERS`),
        # kept as a boundary (closing less refuses more)
        "applet~",
        "object~",
        "marquee~",
        "td~",
        "th~",
        "caption~",
    ]
)
#: What bounds "in table scope": a new cell or row, or a table part's end tag, looks past
#: anything else to its own (``<tr><td><div><tr>`` closes the cell and the row).
_TABLE_SCOPE = frozenset({"html", "table", "template", "td~", "th~", "caption~"})
#: What ends the search of a ``</table>`` for its table (a caption ignores it).
_TABLE_END_BOUNDS = _TABLE_SCOPE | {"caption"}
#: The HTML parser's "special" elements: an end tag of another element (``</span>``,
#: ``</b>``) with one of these open above its element is ignored (or, for formatting
#: elements, moves the special one out without closing it), and a new ``<li>``/``<dd>``/
#: ``<dt>`` does not look past one other than address, div and p.
_SPECIAL = _SCOPE | frozenset(
    [
        "address",
        "area",
        "article",
        "aside",
        "base",
        "basefont",
        "bgsound",
        "blockquote",
        "body",
        "br",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dt",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "iframe",
        "img",
        "input",
        "keygen",
        "li",
        "link",
        "listing",
        "main",
        "menu",
        "meta",
        "nav",
        "noembed",
        "noframes",
        "noscript",
        "p",
        "param",
        "plaintext",
        "pre",
        "script",
        "search",
        "section",
        "select",
        "source",
        "style",
        "summary",
        "tbody",
        "textarea",
        "tfoot",
        "thead",
        "tr",
        "track",
        "wbr",
        "xmp",
    ]
)
_LIST_ITEM_BOUNDS = _SPECIAL - {"address", "div", "p"}
#: Elements whose start closes an open ``<p>`` (not ``<table>``: a page without a doctype is
#: read in quirks mode, where a table opens inside the paragraph).
_CLOSES_P = frozenset(
    [
        "center",
        "dir",
        "listing",
        "search",
        "summary",
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "pre",
        "section",
        "ul",
    ]
)
#: End tags closing their element through anything but a scope boundary (a ``</div>`` closes
#: the ``<span>`` and ``<p>`` left open inside it): the blocks above but a form and a rule,
#: the paragraph and list items, buttons and the scope's applet, marquee and object.
_SCOPED_END = (_CLOSES_P - {"form", "hr"}) | frozenset(
    {"applet", "button", "dd", "dt", "li", "marquee", "object", "p"}
)
#: Start tags before which the parser reopens no formatting element (it reopens them at
#: the text inside): the blocks above, paragraphs, list items, tables, ruby annotations, raw
#: text, and the elements of a page's head and frame.
_NOT_REOPENING = _CLOSES_P | frozenset(
    [
        "base",
        "basefont",
        "bgsound",
        "body",
        "dd",
        "dt",
        "frameset",
        "head",
        "html",
        "iframe",
        "li",
        "link",
        "meta",
        "noembed",
        "noframes",
        "noscript",
        "p",
        "param",
        "plaintext",
        "rb",
        "rp",
        "rt",
        "rtc",
        "script",
        "source",
        "style",
        "table",
        "template",
        "textarea",
        "title",
        "track",
    ]
)
#: The formatting elements the parser reopens after an element holding them closes.
_FORMATTING = frozenset(
    [
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    ]
)
#: Elements whose end closes the formatting elements opened inside them for good (not
#: ``<template>``: Lexbor reopens them after one).
_MARKERS = frozenset({"applet", "object", "marquee", "td", "th", "caption"})
#: A table's parts: the parser ignores their tags outside a table (or a template).
_TABLE_PARTS = frozenset(
    {"caption", "colgroup", "col", "tbody", "thead", "tfoot", "tr", "td", "th"}
)
#: A start tag of an element that can hold others (void elements never do).
_VOIDS = "|".join(sorted(VOID_ELEMENTS))
_NESTING_START = re.compile(rf"<(?!(?:{_VOIDS})[\s/>])[a-z]", re.I)
_ANY_START = re.compile(r"<[a-z]", re.I)
_FOREIGN_START = re.compile(r"<(?:svg|math)", re.I)
#: Elements a new one of the same group closes (``<p>a<p>b`` are siblings, not nested).
_SELF_CLOSING_GROUP = {
    "p": "p",
    "li": "li",
    "dt": "d",
    "dd": "d",
    "option": "o",
    "optgroup": "og",
    "tr": "tr",
    "td": "c",
    "th": "c",
    "thead": "t",
    "tbody": "t",
    "tfoot": "t",
    "rp": "r",
    "rt": "r",
    "rb": "r",
    "rtc": "r",
}
#: Elements the parser closes at the top before a ruby annotation (its implied end tags).
_IMPLIED_END = frozenset({"dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt"})
#: Open elements the scan counts: the groups above, and tables and templates (inside which
#: a table's parts are elements, not ignored tags).
_COUNTED = {**_SELF_CLOSING_GROUP, "table": "table", "template": "table"}
_ROW_GROUPS = frozenset({"tbody", "thead", "tfoot"})
#: Open elements inside which a form start tag may not set the parser's form pointer.
_FORM_UNSURE = frozenset({"template", "select", "frameset"})
#: A table row's or cell's start tag (not ``<thead>``).
_ROW_OR_CELL = re.compile(r"<t[dhr](?=[\t\n\f\r />])", re.I)


def check_budget(
    html: str,
    *,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
    max_attributes: int = MAX_ATTRIBUTES,
    deadline: Deadline | None = None,
) -> None:
    """Raise :class:`OverBudgetError` when ``html`` nests deeper than ``max_depth`` elements,
    makes more than ``max_nodes`` (or :data:`MAX_OPTIONS` options), or gives one element
    more than ``max_attributes`` attributes (:func:`check_attributes`).

    A single forward scan of the tags as the HTML tokenizer reads them (:func:`_tags`:
    comments and the text of raw-text elements such as ``<script>`` skipped where it
    follows the tokenizer to them, not inside ``<svg>``/``<math>``; void elements and
    implied end tags as the HTML parser treats them): it stops at the first excess, so its
    cost is bounded by ``max_nodes`` tags whatever the page's size (and the searches down
    a stack deeper than 64 by :data:`_DEEP_STEPS` elements).
    End tags and implied end tags close only what the HTML tree builder closes, or less
    (an end tag with a special element such as ``<div>`` open above its own is ignored, as
    the parser does, or for a formatting element moves it above that element; an
    ``<option>`` closes only an option at the top; ``</form>`` removes only the form), and
    the formatting elements the parser reopens are counted where it reopens them, each a
    new element (:class:`_OpenElements`): the scan may count deeper than Lexbor's tree
    (``<b><span><div></b>`` keeps the span the parser takes out), never shallower
    (``bench/depth_fuzz.py`` checks it on random pages, ``bench/depth_budget.py`` on the
    development pages).
    Most pages skip the scan: a page whose start tags of elements that can hold others,
    plus two per table row or cell (the ``<tbody>`` and ``<tr>`` the parser may add), are
    no more than the depth budget cannot nest past it (void elements never nest; the
    ``<html>``, ``<head>`` and ``<body>`` the parser adds are the budget's margin). The
    first tests count every ``<`` (three levels each at most), then two more per ``<t``.
    A page skips it only when the formatting elements the parser may rebuild at each tag
    cannot make it pass the element budget either (:func:`_rebuilds_few`).
    The scan reads ``deadline``'s clock every :data:`~pipeline.extract.deadline.EVERY`
    tokens (reason ``time`` once past it).
    """
    check_attributes(html, max_attributes)
    tags = html.count("<")
    if tags > MAX_OPTIONS and _most_options_in_a_select(html) > MAX_OPTIONS:
        raise OverBudgetError(
            f"page over budget: more than {MAX_OPTIONS:,} options in one select",
            reason="nodes",
            stage="parse",
        )
    fewest = min(max_depth, max_nodes)
    shallow = (
        3 * tags <= fewest
        or tags + 2 * (html.count("<t") + html.count("<T")) <= fewest
        or (tags <= max_nodes and _nesting_starts(html) <= max_depth)
    )
    if shallow and _rebuilds_few(html, tags, max_nodes):
        return
    _scan(html, max_depth, max_nodes, deadline)


def _rebuilds_few(html: str, tags: int, max_nodes: int) -> bool:
    """Whether the page makes no more than ``max_nodes`` elements even if the parser rebuilt
    the formatting elements it keeps at every tag (its reconstruction of the active
    formatting elements: a ``<u>`` taken out with a table is made again at the next text,
    N units can make 1 + 2 + … + N elements). It keeps at most one ``<a>`` and three
    elements of the same tag and attributes after the last marker (a cell, an object…), so
    each tag rebuilds at most one ``<a>`` and, of each distinct formatting start tag on the
    page, as many as it has up to three."""
    if tags * (2 + 3 * tags) <= max_nodes:
        return True
    kept = sum(min(3, n) for n in Counter(_FORMATTING_START.findall(html)).values())
    return tags * (2 + kept) <= max_nodes


def _nesting_starts(html: str) -> int:
    """How many elements a page can nest, counted from its start tags: one per start tag of
    an element that can hold others (any start tag on a page with ``<svg>``/``<math>``,
    where ``<input>`` or ``<col>`` is such an element), two more per table row or cell (the
    ``<tbody>`` and ``<tr>`` the parser adds around one written without them)."""
    starts = _ANY_START if _FOREIGN_START.search(html) else _NESTING_START
    return len(starts.findall(html)) + 2 * len(_ROW_OR_CELL.findall(html))


class _OpenElements:
    """The scan's stack of open elements, with what the parser would reopen: the formatting
    elements (``<b>``, ``<a>``…) another's end closed (``<b>`` by ``</p>``) wait in
    ``pending`` and are pushed again at the next text or the next start tag that reopens
    them (not a block such as ``<p>`` or ``<div>``, inside which they are reopened later),
    at most three with the same source (the parser's limit), unless a cell, a caption, an
    object, an applet or a marquee closed above them."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.counts: dict[str, int] = dict.fromkeys([*_SELF_CLOSING_GROUP.values(), "table"], 0)
        self.keys: list[str] = []  # the sources of the formatting elements on the stack
        #: for each formatting element on the stack, how many of its name had been opened
        #: before it (-1: foreign, not in the parser's list of active formatting elements)
        self.stamps: list[int] = []
        self.opened: dict[str, int] = dict.fromkeys(_FORMATTING, 0)
        self.pending: list[tuple[str, str]] = []  # (name, source) waiting to be reopened
        self.pending_names: dict[str, int] = dict.fromkeys(_FORMATTING, 0)
        self.pending_keys: dict[str, int] = {}  # how many of each source wait
        #: the form the parser's form element pointer is surely set to: whether it is set,
        #: and the form's index on the stack (-1: closed, or unknown)
        self.form_set = False
        self.form_at = -1
        #: open templates and selects, and framesets ever opened: where a form start tag
        #: may neither set the form pointer nor be ignored
        self.unsure = 0
        #: where the open elements that bound a ``</table>`` are (a table among them), so
        #: that it finds its table however deep: the formatting elements rebuilt above it
        #: are closed with it and rebuilt again
        self.table_bounds: list[int] = []
        self.open_names: dict[str, int] = {}  # how many of each name are open
        self.deep_steps = 0  # elements passed by searches past the look-down limit

    def push(self, tag: str, key: str = "", foreign: bool = False) -> None:
        self.stack.append(tag + "~" if foreign and tag in _MARKERS else tag)
        self.open_names[self.stack[-1]] = self.open_names.get(self.stack[-1], 0) + 1
        if self.stack[-1] in _TABLE_END_BOUNDS:
            self.table_bounds.append(len(self.stack) - 1)
        if self.stack[-1] in _COUNTED:  # a marker inside svg/math ("td~") is no cell
            self.counts[_COUNTED[self.stack[-1]]] += 1
        if tag in _FORMATTING:
            self.keys.append(key)
            self.stamps.append(-1 if foreign else self.opened[tag])
            self.opened[tag] += 1
        if tag in _FORM_UNSURE:
            self.unsure += 1
        elif tag == "form" and not foreign and not self.unsure:
            self.form_set, self.form_at = True, len(self.stack) - 1

    def ignores_form(self, tag: str, foreign: bool) -> bool:
        """Whether the parser surely ignores start tag ``tag`` (a second ``<form>``)."""
        return tag == "form" and not foreign and self.form_set and not self.unsure

    def end_form(self) -> None:
        """Follow ``</form>``: the parser removes the form its pointer is set to (only that
        element) when it is in scope, and unsets the pointer. The elements still open inside
        it stay its descendants in the tree: until they close, it stays on the scan's stack
        as a nameless element no tag closes."""
        at, stack = self.form_at, self.stack
        self.form_set, self.form_at = False, -1
        if at < 0 or len(stack) - at > _LOOK_DOWN or self.unsure:
            return
        bounds = _SCOPE | _INTEGRATION_POINTS
        if not any(stack[j] in bounds for j in range(at + 1, len(stack))):
            self.open_names["form"] -= 1
            stack[at] = ""
            while stack and not stack[-1]:
                stack.pop()
            self._drop_bounds()

    def in_list(self, index: int) -> bool:
        """Whether the formatting element at ``index`` (among the last few open) is surely
        still in the parser's list of active formatting elements: no more than two of its
        name opened after it (the parser keeps three), no other ``<a>``/``<nobr>``."""
        stack = self.stack
        above = sum(1 for tag in stack[index + 1 :] if tag in _FORMATTING)
        tag, stamp = stack[index], self.stamps[len(self.stamps) - 1 - above]
        limit = 1 if tag in ("a", "nobr") else 3
        return stamp >= 0 and self.opened[tag] - stamp - 1 < limit

    def adopt(self, tag: str) -> None:
        """Follow the end tag of formatting element ``tag`` with a special element open above
        it, as the parser's adoption agency does: the element leaves its place and a copy
        of it goes into the special element above (at most eight times); with no special
        element above it, it closes."""
        stack = self.stack
        i = _close_in_scope(stack, tag)
        if i < 0 or not self.in_list(i):
            return
        for _ in range(8):
            block = next((j for j in range(i + 1, len(stack)) if stack[j] in _SPECIAL), -1)
            if block < 0:
                self.pop_to(i, closed_by_own_end=True)
                return
            self._move_after(i, block)
            i = block

    def _move_after(self, i: int, block: int) -> None:
        """Move the formatting element at ``i`` to just above the element at ``block``."""
        stack = self.stack
        above = sum(1 for tag in stack[i + 1 :] if tag in _FORMATTING)
        passed = sum(1 for tag in stack[i + 1 : block + 1] if tag in _FORMATTING)
        k = len(self.keys) - 1 - above
        self.keys.insert(k + passed, self.keys.pop(k))
        self.stamps.insert(k + passed, self.stamps.pop(k))
        stack.insert(block, stack.pop(i))
        bounds = self.table_bounds
        for j in range(len(bounds) - 1, -1, -1):
            if bounds[j] <= i:
                break
            if bounds[j] <= block:
                bounds[j] -= 1
        if i < self.form_at <= block:
            self.form_at -= 1

    def reopen(self) -> int:
        """Push the formatting elements waiting to be reopened; how many (each a new element
        in the parser's tree)."""
        pending, self.pending = self.pending, []
        self.pending_keys.clear()
        for tag, key in pending:
            self.pending_names[tag] -= 1
            self.push(tag, key)
        return len(pending)

    def pop_to(self, index: int, closed_by_own_end: bool = False) -> None:
        """Close the open elements from ``index`` up (none when ``index`` is -1)."""
        if index < 0:
            return
        closed = self.stack[index:]
        formatting = [tag for tag in closed if tag in _FORMATTING]
        keys = self.keys[len(self.keys) - len(formatting) :] if formatting else []
        del self.keys[len(self.keys) - len(formatting) :]
        del self.stamps[len(self.stamps) - len(formatting) :]
        if self.form_at >= index:
            self.form_at = -1
        waiting: list[tuple[str, str]] = []
        source = iter(keys)
        marked = False  # past a cell, caption, object…: what was opened inside is forgotten
        names = self.open_names
        for tag in closed:
            if tag:
                names[tag] -= 1
            if tag in _COUNTED:
                self.counts[_COUNTED[tag]] -= 1
            if tag in ("template", "select"):
                self.unsure -= 1
            if tag in _MARKERS:
                marked = True
            elif tag in _FORMATTING:
                key = next(source, "")
                if not marked:
                    waiting.append((tag, key))
        if closed_by_own_end and closed[0] in _FORMATTING and waiting:
            waiting.pop(0)
        del self.stack[index:]
        while self.stack and not self.stack[-1]:
            self.stack.pop()  # a removed form with nothing left open inside it
        self._drop_bounds()
        for entry in waiting:
            self._wait(entry)

    def deeper(self, search: Callable[[int], int]) -> int:
        """Run again, down the whole stack, a ``search`` that stopped at the look-down limit
        (:data:`_UNSEEN`): what it looks for may be open further down, and closing it there
        makes the parser rebuild the formatting elements above it (a paragraph under 64
        such elements closed in each unit: 1 + 2 + … + N elements). Each such search costs
        the stack's depth; past :data:`_DEEP_STEPS` in all the page is refused."""
        self.deep_steps += len(self.stack)
        if self.deep_steps > _DEEP_STEPS:
            raise OverBudgetError(
                "page over budget: elements nested too deep, too often, to follow",
                reason="depth",
                stage="parse",
            )
        return max(search(len(self.stack)), -1)

    def _drop_bounds(self) -> None:
        bounds, depth = self.table_bounds, len(self.stack)
        while bounds and bounds[-1] >= depth:
            bounds.pop()

    def table_end(self) -> int:
        """Index of the open table a ``</table>`` closes, or -1."""
        bounds = self.table_bounds
        return bounds[-1] if bounds and self.stack[bounds[-1]] == "table" else -1

    def _wait(self, entry: tuple[str, str]) -> None:
        keys = self.pending_keys
        if keys.get(entry[1], 0) >= 3 and entry[1]:  # the oldest of three alike goes
            first = next(i for i, pending in enumerate(self.pending) if pending[1] == entry[1])
            self.pending_names[self.pending[first][0]] -= 1
            del self.pending[first]
            keys[entry[1]] -= 1
        self.pending.append(entry)
        self.pending_names[entry[0]] += 1
        keys[entry[1]] = keys.get(entry[1], 0) + 1

    def forget(self, tag: str) -> bool:
        """An end tag (or a new ``<a>``) for a formatting element waiting to be reopened
        removes the last such one; whether there was one."""
        if not self.pending_names.get(tag):
            return False
        self.pending_names[tag] -= 1
        for i in range(len(self.pending) - 1, -1, -1):
            if self.pending[i][0] == tag:
                self.pending_keys[self.pending[i][1]] -= 1
                del self.pending[i]
                return True
        return False


def _scan(html: str, max_depth: int, max_nodes: int, deadline: Deadline | None = None) -> int:
    """Follow the page's tags, keeping the stack of open elements the HTML parser would
    keep or a deeper one; raise :class:`OverBudgetError` at the first excess, else return
    the deepest stack seen."""
    state = _OpenElements()
    stack = state.stack
    nodes = deepest = 0
    tags = _tags(html, deadline or Deadline(None))
    for tag, closing, opens_nothing, foreign, text, key in tags:
        if text:
            nodes += state.reopen()
        if closing:
            _end(state, tag)
            continue
        nodes += 1
        if nodes > max_nodes:
            raise OverBudgetError(
                f"page over budget: more than {max_nodes:,} elements",
                reason="nodes",
                stage="parse",
            )
        if opens_nothing or (tag in _TABLE_PARTS and not (foreign or state.counts["table"])):
            continue  # closed at once, raw text skipped whole, or an ignored tag
        if tag in _DOCUMENT and not foreign and not _document_at(stack, tag):
            continue  # an <html>, <head> or <body> where the parser ignores it
        if state.ignores_form(tag, foreign):
            continue  # a form inside a form
        _open(state, tag, foreign)  # a void element may close others (<hr>: a <p>)
        if tag not in _NOT_REOPENING or (foreign and tag not in BREAKOUT_TAGS):
            nodes += state.reopen()  # new elements too (2,000 units that rebuild all the
            # ones before: 2 million elements, at most 8,000 levels deep)
        if not (tag in VOID_ELEMENTS and (tag in BREAKOUT_TAGS or not foreign)):
            state.push(tag, key, foreign)  # not void (<input> holds others in <svg>/<math>)
        deepest = max(deepest, len(stack))
        if len(stack) > max_depth:
            raise OverBudgetError(
                f"page over budget: elements nested more than {max_depth:,} levels deep",
                reason="depth",
                stage="parse",
            )
    return deepest


_DOCUMENT = {"html": (), "head": ("html",), "body": ("html", "head")}


def _document_at(stack: list[str], tag: str) -> bool:
    """Whether an ``<html>``, ``<head>`` or ``<body>`` start tag opens an element (only
    above the ones before it in a document; elsewhere the parser ignores it)."""
    return all(open_tag in _DOCUMENT[tag] for open_tag in stack)


def _end(state: _OpenElements, tag: str) -> None:
    """Follow end tag ``tag``."""
    if tag in _FORMATTING and state.forget(tag):
        return  # it ended one waiting to be reopened
    if tag == "form":
        state.end_form()
        return
    if state.stack and state.stack[-1] == tag + "~":  # a foreign applet, cell… at the top
        state.pop_to(len(state.stack) - 1, closed_by_own_end=True)
        return
    if tag == "table":
        index = state.table_end() if state.counts["table"] else -1
    else:
        in_table = state.counts["table"] > 0
        index = _close(state.stack, tag, in_table)
        if index == _UNSEEN and state.open_names.get(tag):
            index = state.deeper(lambda limit: _close(state.stack, tag, in_table, limit))
    if index < 0 and tag in _FORMATTING:
        state.adopt(tag)  # a special element open above it
        return
    state.pop_to(index, closed_by_own_end=True)


def _open(state: _OpenElements, tag: str, foreign: bool) -> None:
    """Before start tag ``tag`` is pushed: in HTML, close what it closes (an open ``<p>``,
    the previous list item or cell, an open ``<a>``…); push the row and table body a cell or
    row implies (in foreign content too, where the scan may not know it is foreign)."""
    stack, counts = state.stack, state.counts
    if not foreign:
        group = _SELF_CLOSING_GROUP.get(tag) or ("p" if tag in _CLOSES_P else None)
        if group is not None and (counts[group] or group == "r"):
            state.pop_to(_group_open(state, group))
        if tag in ("li", "dd", "dt") and counts["p"]:  # a list item closes a paragraph too
            state.pop_to(_group_open(state, "p"))
        if tag == "a" and not state.forget("a"):  # a new link closes the one left open
            index = _close(stack, tag, counts["table"] > 0)
            if index == _UNSEEN and state.open_names.get("a"):
                index = state.deeper(lambda limit: _close(stack, "a", counts["table"] > 0, limit))
            state.pop_to(index, closed_by_own_end=True)
    top = stack[-1] if stack else ""
    if tag in ("td", "th") and top != "tr":
        for wrapper in ["tbody", "tr"] if top not in _ROW_GROUPS else ["tr"]:
            state.push(wrapper)
    elif tag == "tr" and top not in _ROW_GROUPS:
        state.push("tbody")
    elif tag == "col" and top != "colgroup":
        state.push("colgroup")


@lru_cache(maxsize=4)
def _many_attributes(count: int) -> re.Pattern[str]:
    """A start tag with at least ``count`` attributes, as the HTML tokenizer separates them:
    only ASCII white space or "/" between them, none needed after a quoted value, quoted
    values may hold ``>``, unquoted ones quotes; possessive, so each try costs the tag's
    length."""
    return re.compile(rf"<[A-Za-z][^{HTML_WS}/>]*+(?:[{HTML_WS}/]*+{ATTRIBUTE}){{{count}}}")


def check_attributes(html: str, max_attributes: int) -> None:
    """Raise :class:`OverBudgetError` for an element with more than ``max_attributes``
    attributes, counting together those of every ``<html>`` and of every ``<body>`` start
    tag (the parser adds a second one's attributes to the first's); what only looks like an
    element where the HTML tokenizer provably reads text (a comment, a ``<script>`` or
    another raw-text element in HTML content, an attribute value) is skipped.

    Real pages take two regular-expression searches: every "<" that may begin a tag,
    wherever it is, read up to :data:`_FEW_ATTRIBUTES` attributes (only those reaching it
    read to their end, :func:`_overlong`), and the ``<html>``/``<body>`` start tags. Only a
    page where one reads as too many attributes, where such readings overlap past
    :data:`_MAX_REREADS` times the page's length (tag-like attributes: ``<a <a <a …``), or
    with many ``<html>``/``<body>`` tags is read again by following the tokenizer from its
    start (:class:`_TextRegions`), each tag once; where the tokenizer can no longer be
    followed (in a ``<select>``…), every "<" is a candidate again and overlapping readings
    past that bound are refused. The scan stays linear in the page's length.
    """
    starts = [name.translate(ASCII_LOWER) for name in _MERGED_START.findall(html)]
    merged = max(starts.count("html"), starts.count("body"))
    if (
        merged * (_FEW_ATTRIBUTES - 1) <= max_attributes
        and _overlong(html, 0, max_attributes, merging=True) is None
    ):
        return  # no start tag with too many attributes, too few <html>/<body> to add up
    _count_attributes(html, max_attributes)


def _overlong(html: str, pos: int, max_attributes: int, merging: bool = False) -> str | None:
    """None when no "<" from ``pos`` on that may begin a tag reads as one with more than
    ``max_attributes`` attributes, wherever it is (a comment, a script, an attribute value);
    else "" (one does) or why that is unknown: the readings of the tags overlap (a tag-like
    attribute in a tag-like attribute…) past :data:`_MAX_REREADS` times the page's length.
    Only the tags with :data:`_FEW_ATTRIBUTES` are read to their end; when ``merging``, such
    an ``<html>`` or ``<body>`` is one too (its attributes add to the others')."""
    few = _many_attributes(min(_FEW_ATTRIBUTES, max_attributes + 1))
    read, allowed = 0, _MAX_REREADS * (len(html) - pos) + 100_000
    while (m := few.search(html, pos)) is not None:
        count, stop = _attribute_count(html, m.start(), max_attributes)
        if count > max_attributes or (merging and _MERGED_START.match(html, m.start())):
            return ""
        read += stop - m.start()
        if read > allowed:
            return " or tag-like text read over and over"
        pos = m.start() + 1
    return None


#: A start tag with this many attributes sends a page to the tokenizer-following count.
_FEW_ATTRIBUTES = 64
#: How many times over the candidate count may read a page's characters.
_MAX_REREADS = 4


def _attributes_refused(max_attributes: int, detail: str = "") -> OverBudgetError:
    return OverBudgetError(
        f"page over budget: an element with more than {max_attributes:,} attributes{detail}",
        reason="attributes",
        stage="parse",
    )


def _count_attributes(html: str, max_attributes: int) -> None:
    """The tokenizer-following count of :func:`check_attributes`."""
    walk = _TextRegions(html)
    merged: dict[str, set[str]] = {"html": set(), "body": set()}
    while not walk.lost and walk.tokens < _MAX_TOKENS:
        start = html.find("<", walk.pos)
        if start < 0:
            return
        walk.tokens += 1
        end, text_end, tag, closing = walk.token(start)
        walk.pos = end if text_end is None else text_end
        if tag is None or closing:
            continue
        if tag in merged:
            merged[tag] |= _attribute_names(html, start, max_attributes)[0]
            if len(merged[tag]) > max_attributes:
                raise _attributes_refused(max_attributes, f" in its <{tag}> tags")
        elif (
            end - start > max_attributes
            and _attribute_count(html, start, max_attributes)[0] > max_attributes
        ):
            raise _attributes_refused(max_attributes)
    _count_every_candidate(html, walk.pos, max_attributes, merged)


def _attribute_count(html: str, start: int, max_attributes: int) -> tuple[int, int]:
    """How many attributes (at most ``max_attributes`` + 1) the start tag at ``start`` has as
    the tokenizer reads them, and where that reading stopped."""
    m = _counted_attributes(max_attributes).match(html, start)
    if m is None:
        return 0, start + 1
    return (
        max_attributes + 1 if m.group(1) is not None else len(_ONE_ATTRIBUTE.findall(m.group()))
    ), m.end()


def _attribute_names(html: str, start: int, max_attributes: int) -> tuple[set[str], int]:
    """The attribute names (lower-cased) of the ``<html>``/``<body>`` start tag at
    ``start``, and where that reading stopped: the parser adds to the first such element
    only the attributes it does not have yet, so repeated names count once. A tag with
    more than ``max_attributes`` attributes gives that many and one more placeholders."""
    m = _counted_attributes(max_attributes).match(html, start)
    if m is None:
        return set(), start + 1
    if m.group(1) is not None:
        return {f"\0{i}" for i in range(max_attributes + 1)}, m.end()
    found = _ONE_ATTRIBUTE.findall(m.group())[1:]  # the first is the tag's name
    names = {n.translate(ASCII_LOWER) for a in found for n in _ATTRIBUTE_NAME.findall(a)[:1]}
    return names, m.end()


def _count_every_candidate(
    html: str, pos: int, max_attributes: int, merged: dict[str, set[str]]
) -> None:
    """From ``pos`` on, where the tokenizer is not followed: refuse a page where any "<" that
    may begin a tag reads as one with too many attributes (a ``<html>``/``<body>`` as adding
    to the others), or where those readings overlap past :data:`_MAX_REREADS` times the
    page's length."""
    read, allowed = 0, _MAX_REREADS * (len(html) - pos) + 100_000
    for m in _MERGED_START.finditer(html, pos):
        names, stop = _attribute_names(html, m.start(), max_attributes)
        tag = m.group(1).translate(ASCII_LOWER)
        merged[tag] |= names
        read += stop - m.start()
        if len(merged[tag]) > max_attributes:
            raise _attributes_refused(max_attributes, f" in its <{tag}> tags")
        if read > allowed:
            raise _attributes_refused(max_attributes, " or tag-like text read over and over")
    why = _overlong(html, pos, max_attributes)
    if why is not None:
        raise _attributes_refused(max_attributes, why)


_MERGED_START = re.compile(r"<(html|body)(?=[\t\n\f\r /><])", re.I)


@lru_cache(maxsize=4)
def _counted_attributes(count: int) -> re.Pattern[str]:
    """A start tag's name and up to ``count`` attributes; group 1 is one attribute more."""
    one = rf"[{HTML_WS}/]*+{ATTRIBUTE}"
    return re.compile(rf"<[A-Za-z][^{HTML_WS}/>]*+(?:{one}){{0,{count}}}+({one})?+")


#: The HTML tokenizer's white space (a carriage return is read as a line feed).
HTML_WS = "\t\n\f\r "
#: One attribute: a name (which may begin with "=" and hold quotes), then maybe a value.
ATTRIBUTE = (
    rf"[^{HTML_WS}/>][^{HTML_WS}/>=]*+"
    rf"""(?:[{HTML_WS}]*+=[{HTML_WS}]*+(?:"[^"]*+"|'[^']*+'|[^{HTML_WS}>]*+))?+"""
)
_ONE_ATTRIBUTE = re.compile(rf"[{HTML_WS}/]*+{ATTRIBUTE}")
_ATTRIBUTE_NAME = re.compile(rf"[{HTML_WS}/]*+([^{HTML_WS}/>][^{HTML_WS}/>=]*+)")
#: A formatting element's start tag but ``<a>``'s, whole, as the tokenizer reads it (the
#: names spelled out in either case: a case-blind search takes twice as long).
_FORMATTING_START = re.compile(
    r"<(?=[bcefinstuBCEFINSTU])(?:[bB](?:[iI][gG])?|[cC][oO][dD][eE]|[eE][mM]|[fF][oO][nN][tT]"
    r"|[iI]|[nN][oO][bB][rR]|[sS](?:[mM][aA][lL][lL]|[tT][rR](?:[iI][kK][eE]|[oO][nN][gG]))?"
    r"|[tT][tT]|[uU])(?=[\t\n\f\r /><])(?:[\t\n\f\r /]*+" + ATTRIBUTE + ")*+"
)
#: The rest of a tag after its name, to its ">"; group 1 is what precedes the ">" ("/" when
#: the tag closes itself).
_TAG_REST = re.compile(rf"(?:[{HTML_WS}/]*+{ATTRIBUTE})*+([{HTML_WS}/]*+)>")
_TAG_NAME = re.compile(rf"(/?)([A-Za-z][^{HTML_WS}/>]*+)")
_COMMENT_END = re.compile(r"--!?>")
#: ``str.translate`` table lowering ASCII letters only (as the HTML tokenizer does).
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: Foreign-content elements inside which start tags are read as HTML (the scan gives up).
_INTEGRATION_POINTS = frozenset(
    {"foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"}
)
#: Start tags that end foreign content (``<svg>``, ``<math>``) early (``<font>`` only with a
#: ``color``, ``face`` or ``size`` attribute).
BREAKOUT_TAGS = frozenset(
    [
        "b",
        "big",
        "blockquote",
        "body",
        "br",
        "center",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "hr",
        "i",
        "img",
        "li",
        "listing",
        "menu",
        "meta",
        "nobr",
        "ol",
        "p",
        "pre",
        "ruby",
        "s",
        "small",
        "span",
        "strong",
        "strike",
        "sub",
        "sup",
        "table",
        "tt",
        "u",
        "ul",
        "var",
    ]
)
#: How many tags the scan follows before it gives up (a page past it is over the element
#: budget anyway).
_MAX_TOKENS = 4 * MAX_NODES


class _TextRegions:
    """The HTML tokenizer followed from a page's start, far enough to say whether a place is
    inside text it never reads as tags: a comment, a bogus comment, a CDATA section in
    foreign content, or a raw-text element (``<script>``, ``<style>``, ``<title>``…) opened in
    HTML content.

    Inside ``<svg>``/``<math>`` those elements are ordinary (what they hold is markup); the
    scan keeps the stack of open foreign elements and gives up (every later place is "not
    text") where it could not follow the tree builder: an integration point with elements
    inside, an element that ends foreign content early, an end tag that matches no open
    foreign element, inside a ``<select>``, a ``<template>`` of table columns, after a
    ``<frameset>``. Giving up only refuses more, never less.
    """

    def __init__(self, html: str) -> None:
        self.html = html
        self.pos = 0  # where the tokenizer is in its data state
        self.foreign: list[str] = []  # the open foreign elements, outermost first
        self.stuck = False  # lost for the rest of the page
        self.in_select = False  # lost until the select ends
        #: lost inside foreign content or after a frameset (whether a tag is one that closes
        #: others is unknown after)
        self.foreign_lost = False
        #: lost where a ``<script>`` may be ignored as a tag (a ``<select>`` keeps them)
        self.scripts_uncertain = False
        self.template_first = False  # a template just opened: its first tag sets its mode
        self.self_closed = False  # the last start tag closed itself in foreign content
        self.tokens = 0

    @property
    def lost(self) -> bool:
        """Whether the scan no longer knows which raw-text start tags the tree builder reads."""
        return self.stuck or self.in_select

    def text_end(self, place: int) -> int | None:
        """Where the text region holding ``place`` (a ``<``) ends, or None when ``place`` may
        begin a tag. Places are asked in increasing order."""
        html = self.html
        while not self.lost and self.tokens < _MAX_TOKENS:
            start = html.find("<", self.pos)
            if start < 0 or start >= place:
                return None  # the tokenizer reads "<" at place in its data state
            self.tokens += 1
            end, text_end, _, _ = self.token(start)
            if text_end is not None and text_end > place:
                return text_end if start < place else None
            if end > place:
                return None  # inside a tag: its attribute value
            self.pos = end if text_end is None else text_end
        return None

    def token(self, start: int) -> tuple[int, int | None, str | None, bool]:
        """The token at ``start``: its end; when it (or the raw text it opens) is text, where
        that text ends; the tag's name (None for a comment or text) and whether it is an end
        tag."""
        html = self.html
        if html.startswith("<!--", start):
            end = comment_end(html, start)
            return end, end, None, False
        if html.startswith("<![CDATA[", start) and self.foreign:
            close = html.find("]]>", start + 9)
            end = len(html) if close < 0 else close + 3
            return end, end, None, False
        name = _TAG_NAME.match(html, start + 1)
        if name is None:
            if html.startswith(("<!", "<?"), start) or (
                html.startswith("</", start) and not html.startswith("</>", start)
            ):
                close = html.find(">", start + 2)  # a bogus comment (or a doctype)
                end = len(html) if close < 0 else close + 1
                return end, end, None, False
            return start + 1, None, None, False  # a "<" that is text
        rest = _TAG_REST.match(html, name.end())
        end = len(html) if rest is None else rest.end()
        tag = name.group(2).translate(ASCII_LOWER)
        if name.group(1):
            self._end_tag(tag)
            return end, None, tag, True
        closes_itself = rest is not None and rest.group(1).endswith("/")
        return end, self._start_tag(tag, end, closes_itself), tag, False

    def _end_tag(self, tag: str) -> None:
        self.template_first = False
        if not self.foreign:
            self.in_select = self.in_select and tag != "select"
            return
        if tag not in self.foreign:
            self._lose_foreign()  # the tree builder reads it as HTML: it may end foreign content
            return
        del self.foreign[len(self.foreign) - 1 - self.foreign[::-1].index(tag) :]

    def _lose_foreign(self) -> None:
        self.stuck = self.foreign_lost = self.scripts_uncertain = True

    def _start_tag(self, tag: str, end: int, closes_itself: bool) -> int | None:
        """Follow a start tag ending at ``end``; where the raw text it opens ends, if any.

        The tree builder ignores some raw-text elements' start tags (whose text is then
        markup) in a ``<select>`` (until it ends), in a ``<template>`` whose first element is
        a ``<col>`` and after a ``<frameset>``: there the scan is lost."""
        first_in_template, self.template_first = self.template_first, tag == "template"
        self.self_closed = False
        if self.foreign:
            if self.foreign[-1] in _INTEGRATION_POINTS or tag in BREAKOUT_TAGS:
                self._lose_foreign()
            elif closes_itself:
                self.self_closed = True
            else:
                self.foreign.append(tag)
            return None
        if tag == "frameset":  # framesets nest, and the tags they ignore close nothing
            self._lose_foreign()
        elif first_in_template and tag == "col":
            self.stuck = self.scripts_uncertain = True
        elif tag == "select" or (self.in_select and tag in ("input", "keygen", "textarea")):
            self.in_select = tag == "select" and not self.in_select  # a select in one ends it
        elif tag in ("svg", "math") and not closes_itself:
            self.foreign.append(tag)
        if tag in _RAW_TEXT and not self.lost:
            return self.raw_text_end(tag, end)
        return None

    def raw_text_end(self, tag: str, start: int) -> int:
        """Where raw-text element ``tag``'s text, from ``start``, ends (its end tag)."""
        html = self.html
        if tag == "plaintext":
            return len(html)
        if tag == "script":
            return script_end(html, start)
        m = end_tag_pattern(tag).search(html, start)
        return len(html) if m is None else m.start()


#: What moves a script's text between the tokenizer's script states: plain, escaped (after
#: "<!--") and double-escaped (after "<!--" and "<script"), in which "</script>" does not end
#: it.
_SCRIPT_STEPS = {
    "plain": re.compile(rf"<!--|</script[{HTML_WS}/>]", re.I | re.ASCII),
    "escaped": re.compile(rf"-->|</?script[{HTML_WS}/>]", re.I | re.ASCII),
    "double": re.compile(rf"-->|</script[{HTML_WS}/>]", re.I | re.ASCII),
}


def script_end(html: str, start: int) -> int:
    """Where a script's text, from ``start``, ends: the "</script" of its end tag."""
    state, pos = "plain", start
    while (m := _SCRIPT_STEPS[state].search(html, pos)) is not None:
        step = m.group()
        if step == "-->":
            state, pos = "plain", m.end()
        elif step == "<!--":
            state, pos = "escaped", m.start() + 2  # its dashes may end it at once: "<!-->"
        elif step.startswith("</") and state != "double":
            return m.start()
        else:  # "<script" escaped, "</script" double-escaped
            state, pos = ("double" if state == "escaped" else "escaped"), m.end()
    return len(html)


#: What, read as markup, would change the tokenizer's state past the text it sits in: a
#: comment, a CDATA section, a raw-text element's start tag.
_STATE_CHANGE = re.compile(
    r"<(?:!--|!\[CDATA\[|(?:script|style|textarea|title|xmp|iframe|noembed|noframes|plaintext)"
    rf"[{HTML_WS}/>])",
    re.I | re.ASCII,
)

#: One tag as the depth scan reads it: name, is an end tag, it opens nothing (its raw text
#: was skipped, or it closed itself in foreign content), it is read in foreign content or
#: where that is unknown (it closes nothing), text comes before it (since the last tag), and
#: for a formatting element's start tag, its source (which identical elements share).
_Tag = tuple[str, bool, bool, bool, bool, str]


def _tags(html: str, deadline: Deadline) -> Iterator[_Tag]:
    """A page's tags in order: what the HTML tokenizer reads as a tag (:class:`_TextRegions`),
    comments and raw text left out.

    Where the scan loses the tree builder (:class:`_TextRegions`), a raw-text element may be
    an ignored tag or a foreign element whose contents are markup: every start tag in its
    text counts, no end tag there does (more open elements, never fewer). Where such text
    holds what would change the tokenizer's state if it were markup (a comment, another
    raw-text element), every ``<name`` after counts, even in a comment or a script, and no
    end tag closes anything. ``deadline``'s clock is read every so many tokens."""
    walk = _TextRegions(html)
    text = False  # characters since the last tag (the parser reopens formatting there)
    steps = 0
    while (start := html.find("<", walk.pos)) >= 0:
        steps += 1
        if not steps & MASK:
            deadline.check("parse")
        if walk.lost and html.startswith("<![CDATA[", start):
            break
        foreign = walk.foreign_lost or bool(walk.foreign)
        text = text or start > walk.pos
        end, text_end, tag, closing = walk.token(start)
        walk.pos = end if text_end is None else text_end
        if tag is None:
            text = text or text_end is None  # a "<" that is text
            continue
        key = html[start:end] if tag in _FORMATTING and not closing else ""
        if not walk.lost or tag not in _RAW_TEXT or closing:
            opens_nothing = text_end is not None or (walk.self_closed and not walk.foreign_lost)
            yield tag, closing, opens_nothing, foreign, text, key
            text = False
            continue
        text_end = walk.raw_text_end(tag, end)
        if tag == "script" and not (walk.scripts_uncertain or foreign):
            yield tag, False, True, foreign, text, key  # a select keeps scripts: text is text
            walk.pos, text = text_end, False
            continue
        yield tag, False, False, True, True, key
        for m in _TAG.finditer(html, end, text_end):
            if not m.group(1):
                yield m.group(2).lower(), False, False, True, True, str(m.start())
        walk.pos, text = text_end, True
        if _STATE_CHANGE.search(html, end, text_end):
            break
    else:
        return
    yield from _start_tags_only(html, walk.pos)


def _start_tags_only(html: str, start: int) -> Iterator[_Tag]:
    """Every start tag from ``start`` on, wherever it is (the scan lost the tokenizer)."""
    for m in _TAG.finditer(html, start):
        if not m.group(1):
            yield m.group(2).lower(), False, False, True, True, str(m.start())


def comment_end(html: str, start: int) -> int:
    """Where the comment opened at ``start`` ends: after "-->" or "--!>" ("<!-->" and
    "<!--->" end at once), or at the page's end."""
    if html.startswith(">", start + 4):
        return start + 5
    if html.startswith("->", start + 4):
        return start + 6
    m = _COMMENT_END.search(html, start + 4)
    return len(html) if m is None else m.end()


@lru_cache(maxsize=16)
def end_tag_pattern(tag: str) -> re.Pattern[str]:
    """The end tag that ends raw-text element ``tag`` (ASCII letters in any case)."""
    return re.compile(f"</{tag}[{HTML_WS}/>]", re.I | re.ASCII)


#: What bounds the search for the open element a new one of a group closes: a ``<p>``
#: (or a block) closes the ``<p>`` in button scope, an ``<li>``/``<dd>``/``<dt>`` looks past
#: no special element but address, div and p, a cell, row or table body past no table.
_GROUP_BOUNDS = {
    "p": _SCOPE,
    "li": _LIST_ITEM_BOUNDS,
    "d": _LIST_ITEM_BOUNDS,
    "c": _TABLE_SCOPE,
    "tr": _TABLE_SCOPE,
    "t": _TABLE_SCOPE,
}
#: How far down the stack the scan looks for an element to close (past it, it closes none).
_LOOK_DOWN = 64
#: What a search returns when it stopped at :data:`_LOOK_DOWN` (what it looks for may be
#: open further down: :meth:`_OpenElements.deeper`).
_UNSEEN = -2
#: How many elements the searches past the look-down limit may pass on one page.
_DEEP_STEPS = 40 * MAX_NODES


def _group_open(state: _OpenElements, group: str) -> int:
    """:func:`_open_of_group`, down the whole stack when one of the group is open below
    the look-down limit."""
    stack = state.stack
    index = _open_of_group(stack, group)
    if index == _UNSEEN and state.counts.get(group):
        index = state.deeper(lambda limit: _open_of_group(stack, group, limit))
    return max(index, -1)


def _open_of_group(stack: list[str], group: str, limit: int = _LOOK_DOWN) -> int:
    """Index of the open element a new ``<p>`` (``<li>``, ``<td>``…) closes, or -1: the
    nearest one of its group, unless a boundary (:data:`_GROUP_BOUNDS`) comes first. An
    ``<option>``/``<optgroup>`` closes only an option at the top, a ruby annotation only
    the list items, paragraphs, options and annotations at the top, with a ``<ruby>`` in
    scope (the parser leaves others open; an open ``<rtc>`` is left too)."""
    if group in ("o", "og", "r"):
        return _open_at_top(stack, group)
    bounds = _GROUP_BOUNDS.get(group, _SPECIAL)
    for i in range(len(stack) - 1, max(-1, len(stack) - limit - 1), -1):
        tag = stack[i]
        if _SELF_CLOSING_GROUP.get(tag) == group:
            return i
        if tag in bounds:
            return -1
    return _UNSEEN if len(stack) > limit else -1


def _open_at_top(stack: list[str], group: str) -> int:
    """The first of the open elements at the top a new option, optgroup or ruby annotation
    closes, or -1."""
    i = len(stack)
    if group == "r":
        while i and stack[i - 1] in _IMPLIED_END:
            i -= 1
        return i if i < len(stack) and _in_scope(stack, "ruby", i) else -1
    if i and stack[i - 1] == "option":
        i -= 1
    return i if i < len(stack) else -1


def _in_scope(stack: list[str], tag: str, end: int) -> bool:
    """Whether an open ``tag`` is among the last few open elements below index ``end`` with
    no scope boundary above it."""
    for i in range(end - 1, max(-1, end - _LOOK_DOWN - 1), -1):
        if stack[i] == tag:
            return True
        if stack[i] in _SCOPE:
            return False
    return False


def _close_in_scope(stack: list[str], tag: str) -> int:
    """Index of the nearest open ``tag`` among the last few open with no scope boundary
    above it, or -1."""
    for i in range(len(stack) - 1, max(-1, len(stack) - _LOOK_DOWN - 1), -1):
        if stack[i] == tag:
            return i
        if stack[i] in _SCOPE or stack[i] in _INTEGRATION_POINTS:
            return -1
    return -1


def _close(stack: list[str], tag: str, in_table: bool, limit: int = _LOOK_DOWN) -> int:
    """Index of the open ``tag`` an end tag closes, or -1 (the end tag is ignored): the
    nearest one, unless an element the HTML parser does not close through comes first
    (:data:`_SCOPE` for ``</div>``, ``</p>`` and the like, a table for a table's parts, any
    special element for ``</span>``, ``</b>`` and other end tags). ``</body>`` and
    ``</html>`` close nothing (what follows is still read into the body); an element not
    among the last few open is not looked for (closing less refuses more)."""
    if tag in _SCOPED_END:
        bounds = _SCOPE
    elif tag in _TABLE_PARTS or tag == "table":
        if not in_table:
            return -1
        bounds = (_TABLE_SCOPE | {"caption"}) - {tag}  # a caption ignores </tbody>, </td>…
    elif tag == "template":
        bounds = frozenset()
    elif tag in ("body", "html", "form"):
        return -1
    elif tag == "head":  # closes the head only while in it
        return len(stack) - 1 if stack and stack[-1] == "head" else -1
    else:
        bounds = _SPECIAL
    for i in range(len(stack) - 1, max(-1, len(stack) - limit - 1), -1):
        if stack[i] == tag:
            return i
        if stack[i] in bounds:
            return -1
    return _UNSEEN if len(stack) > limit else -1


@contextmanager
def parser_failures_refused(url: str | None = None) -> Iterator[None]:
    """Turn a failure inside the HTML parser or a read of its tree (selectolax raises its
    own ``SelectolaxError`` when Lexbor cannot allocate, Python a ``MemoryError``) into
    newsmill's refusal, :class:`OverBudgetError` with reason ``memory``."""
    try:
        yield
    except (SelectolaxError, MemoryError) as exc:
        said = str(exc).strip().splitlines()
        detail = f"{type(exc).__name__}: {said[0][:200]}" if said else type(exc).__name__
        raise OverBudgetError(
            f"page over budget: the HTML parser failed ({detail})",
            reason="memory",
            url=url,
            stage="parse",
        ) from exc


#: A start tag's (local) name: not a comment, doctype or processing instruction.
_FIRST_ELEMENT = re.compile(r"<(?!\?|!)(?:[A-Za-z_][\w.-]*+:)?+([A-Za-z_][\w.-]*+)")
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
#: First elements that make a document a feed or a sitemap, and what to call it.
_XML_KINDS = {
    "rss": "an RSS feed",
    "rdf": "an RSS feed",
    "feed": "an Atom feed",
    "urlset": "a sitemap",
    "sitemapindex": "a sitemap index",
}


def root_name(prefix: str) -> str | None:
    """The local name, lower case, of the first element in ``prefix``, the beginning of an
    XML or HTML document (comments, processing instructions, a doctype passed over): what
    tells a feed (``rss``, ``feed``, ``rdf``) or a sitemap (``urlset``) from a page."""
    m = _FIRST_ELEMENT.search(_COMMENTS.sub("", prefix))
    return None if m is None else m.group(1).lower()


def not_a_feed(html: str) -> None:
    """Raise :class:`NotHTMLError` when ``html`` is a feed (RSS, RDF, Atom) or a sitemap, by
    its first element (:func:`root_name` of its first 4,096 characters): XML a user may hand
    to the extractor for a page (Lexbor would read a feed's escaped item texts as one
    article). Markup that only shows such tags later (a code sample, a comment) is not one."""
    root = root_name(html[:4096])
    if root in _XML_KINDS:
        raise NotHTMLError(
            f"input is {_XML_KINDS[root]} (<{root}>), not an HTML page: crawl it to read its "
            "articles",
            stage="parse",
        )


def parse_html(html: str, *, deadline: Deadline | None = None) -> LexborHTMLParser:
    """Parse an HTML document; raise :class:`NotHTMLError` for text with no HTML markup or
    for a feed or sitemap (:func:`not_a_feed`) and :class:`OverBudgetError` for a page over
    the structure budget (:func:`check_budget`) or past its ``deadline`` (read in the budget
    scan and before the parser runs)."""
    not_a_feed(html)
    if not _MARKUP_HINT.search(html, 0, 200_000):  # the first 200,000 characters, uncopied
        raise NotHTMLError("input is not an HTML document (no HTML tags found)", stage="parse")
    check_budget(html, deadline=deadline)
    if deadline is not None:
        deadline.check("parse")
    tree = LexborHTMLParser(html)
    if tree.body is None and tree.head is None:
        raise NotHTMLError("input could not be parsed as HTML", stage="parse")
    return tree


#: Elements that start a new line where they are: inside a headline or a date line their
#: text is a word apart from the text before and after them.
_LINE_BREAKING = BLOCK_TAGS | _CONTAINER_OF_BLOCKS.difference({"span"}) | {"br", "hr", "address"}
_LINE_BREAKING_SELECTOR = ", ".join(sorted(_LINE_BREAKING))


def node_text(node: LexborNode | None) -> str:
    """The text of a node as a reader sees it, white space collapsed: inline markup flattened
    without a space ("Wo<b>rd</b>s"), a ``<br>`` or a block element inside it a word apart
    ("Harbour pier<br>reopens")."""
    if node is None:
        return ""
    # a node's css_first matches the node itself: ask its children, each for its own subtree
    if not any(c.css_first(_LINE_BREAKING_SELECTOR) is not None for c in node.iter()):
        # no line inside: one flat string
        return _WS.sub(" ", node.text(deep=True, separator="", strip=False)).strip()
    parts: list[str] = []
    # depth-first with an explicit stack (no recursion on a deep tree); a str is a separator
    stack: list[LexborNode | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif item.tag == "-text":
            parts.append(item.text_content or "")
        elif item.tag != "_comment":
            breaking = item.tag in _LINE_BREAKING and item is not node
            if breaking:
                parts.append(" ")
                stack.append(" ")
            stack.extend(reversed(list(item.iter(include_text=True))))
    return _WS.sub(" ", "".join(parts)).strip()


def select_text(root: LexborHTMLParser | LexborNode, selector: str) -> str | None:
    """Text of the first node matching ``selector`` (None when absent or empty)."""
    node = root.css_first(selector)
    text = node_text(node)
    return text or None


def select_texts(root: LexborHTMLParser | LexborNode, selector: str) -> list[str]:
    """Texts of every node matching ``selector``, empty ones dropped, order kept."""
    return [t for t in (node_text(n) for n in root.css(selector)) if t]


def select_attr(root: LexborHTMLParser | LexborNode, selector: str, attr: str) -> str | None:
    """Attribute ``attr`` of the first matching node that has it, stripped."""
    for node in root.css(selector):
        value = node.attributes.get(attr)
        if value and value.strip():
            return value.strip()
    return None


def remove_all(root: LexborHTMLParser | LexborNode, selector: str) -> int:
    """Decompose every node matching ``selector``; returns how many were removed."""
    nodes = root.css(selector)
    for node in nodes:
        node.decompose()
    return len(nodes)


def block_texts(container: LexborNode, *, drop: str | None = None) -> list[str]:
    """Paragraph texts of a body container, in reading order.

    Scripts, styles and form controls are removed first, then ``drop`` (a CSS selector of
    blocks to leave out: captions, embeds, share boxes). A block element nested inside another
    block (a ``p`` inside an ``li``) yields one paragraph, the innermost; loose text directly in
    a container becomes a paragraph of its own.
    """
    node = container.clone() if hasattr(container, "clone") else container
    remove_all(node, _UNWANTED_TAGS)
    if drop:
        remove_all(node, drop)
    out: list[str] = []
    _collect(node, out)
    return [t for t in out if t]


def _collect(node: LexborNode, out: list[str]) -> None:
    loose: list[str] = []
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            loose.append(child.text_content or "")
        elif tag in BLOCK_TAGS and not _has_block_descendant(child):
            _flush(loose, out)
            out.append(node_text(child))
        elif tag in _CONTAINER_OF_BLOCKS or tag in BLOCK_TAGS:
            if _has_block_descendant(child) or tag in BLOCK_TAGS:
                _flush(loose, out)
                _collect(child, out)
            else:
                loose.append(child.text(deep=True, separator="", strip=False))
        elif tag == "br":
            loose.append("\n")
        elif tag and not tag.startswith("-") and tag != "!--":
            loose.append(child.text(deep=True, separator="", strip=False))
        child = child.next
    _flush(loose, out)


def _flush(loose: list[str], out: list[str]) -> None:
    if loose:
        for piece in "".join(loose).split("\n\n"):
            text = _WS.sub(" ", piece).strip()
            if text:
                out.append(text)
        loose.clear()


def _has_block_descendant(node: LexborNode) -> bool:
    return any(
        n.tag in BLOCK_TAGS for n in node.traverse(include_text=False) if n.mem_id != node.mem_id
    )


#: The furniture elements a page never puts its article in, unless its template left one
#: unclosed around it (:func:`left_open`): navigation, sidebar, footer.
UNCLOSABLE_FURNITURE = frozenset({"nav", "aside", "footer"})

#: (the ``mem_id`` of the elements that hold a page's first ``<main>``; of those that hold its
#: first ``<h1>`` and run to the end of the page): :func:`unclosed_marks`
UnclosedMarks = tuple[frozenset[int], frozenset[int]]


def left_open(node: LexborNode, tag: str, marks: UnclosedMarks) -> bool:
    """Whether ``node``, a ``<nav>``, ``<aside>`` or ``<footer>`` (``tag``), holds the rest of
    its page because its template never closed it (``<nav>…</div>``: the parser keeps it
    open, and what follows, the article included, becomes its content): it holds the page's
    first ``<main>`` (or ``role=main``), which the HTML standard allows in none of them (an
    off-canvas wrapper around ``<main>`` counts too); or, a navigation or sidebar, it runs
    to the end of the page and holds the page's first ``<h1>``, unless that is its only
    ``<h1>`` and holds its first text (a closed menu at the end of a page may open with the
    logo's ``<h1>``; a site footer may hold one anywhere). ``marks``:
    :func:`unclosed_marks` of the page's ``<body>``."""
    in_main, end_h1 = marks
    key = node.mem_id
    if key in in_main:
        return True
    return tag != "footer" and key in end_h1 and not _logo_only(node)


def _logo_only(node: LexborNode) -> bool:
    """Whether the one ``<h1>`` in ``node`` holds its first text: a menu's logo heading, not
    the headline of a story the element holds."""
    if len(node.css("h1")) != 1:
        return False
    for inner in node.traverse(include_text=True):
        if inner.tag == "-text" and not (inner.text_content or " ").isspace():
            up = inner.parent
            while up is not None and up.mem_id != node.mem_id:
                if up.tag == "h1":
                    return True
                up = up.parent
            return False
    return False


def unclosed_marks(root: LexborNode) -> UnclosedMarks:
    """What :func:`left_open` reads, found once per page: the elements (``mem_id``) that
    hold the page's first ``<main>``/``role=main``, and those that hold its first ``<h1>``
    and run to the end of the page (nothing but white space and comments follows them)."""
    main = root.css_first("main, [role=main]")
    in_main = _holders(main, root) if main is not None else frozenset()
    h1 = root.css_first("h1")
    end_h1 = _holders(h1, root) & _last_chain(root) if h1 is not None else frozenset()
    return in_main, end_h1


def _holders(node: LexborNode, root: LexborNode) -> frozenset[int]:
    """The ``mem_id`` of every ancestor of ``node`` below ``root``."""
    out: set[int] = set()
    top = root.mem_id
    up = node.parent
    while up is not None and up.mem_id != top:
        out.add(up.mem_id)
        up = up.parent
    return frozenset(out)


def _last_chain(root: LexborNode) -> frozenset[int]:
    """The ``mem_id`` of the elements that end ``root``: its last element child (past white
    space and comments), that element's last, and so on down."""
    out: set[int] = set()
    node = root
    while True:
        last = node.last_child
        while last is not None and (
            last.tag == "-comment" or (last.tag == "-text" and (last.text_content or " ").isspace())
        ):
            last = last.prev
        if last is None or not last.tag or last.tag.startswith(("-", "!")):
            return frozenset(out)
        out.add(last.mem_id)
        node = last
