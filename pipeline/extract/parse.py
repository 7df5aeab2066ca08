"""Parse stage: decoded HTML text → a selectolax (Lexbor) tree, plus small tree helpers.

The helpers here are the selector toolkit spiders use (``pipeline.spider`` re-exports them).
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.errors import NotHTMLError, OverBudgetError

__all__ = [
    "BLOCK_TAGS",
    "MAX_ATTRIBUTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "LexborHTMLParser",
    "LexborNode",
    "block_texts",
    "check_attributes",
    "check_budget",
    "node_text",
    "parse_html",
    "remove_all",
    "select_attr",
    "select_text",
    "select_texts",
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

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
        "frame",
        "basefont",
        "bgsound",
        "command",
        "image",
        "isindex",
        "nextid",
        "spacer",
    ]
)
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"}
)
#: The start of a raw-text element or a comment: what looks like a tag inside is text.
_RAW_OPEN = re.compile(rf"<({'|'.join(sorted(_RAW_TEXT))})\b|<!--", re.I)
#: Elements whose open children a new ``<p>``/``<li>`` does not look past.
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
    ]
)
#: Elements whose start closes an open ``<p>``.
_CLOSES_P = frozenset(
    [
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
        "table",
        "ul",
    ]
)
#: A start tag of an element that can hold others (void elements never do).
_VOIDS = "|".join(sorted(_VOID))
_NESTING_START = re.compile(rf"<(?!(?:{_VOIDS})[\s/>])[a-z]", re.I)
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
}


def check_budget(
    html: str,
    *,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
    max_attributes: int = MAX_ATTRIBUTES,
) -> None:
    """Raise :class:`OverBudgetError` when ``html`` nests deeper than ``max_depth`` elements,
    opens more than ``max_nodes``, or gives one element more than ``max_attributes``
    attributes (:func:`check_attributes`).

    A single forward scan of the tags (raw-text elements such as ``<script>`` skipped whole,
    void elements and implied end tags as the HTML parser treats them): it stops at the
    first excess, so its cost is bounded by ``max_nodes`` tags whatever the page's size.
    Most pages skip the scan: a page with no more start tags than the depth budget cannot
    nest past it (every element begins with ``<``, and void elements never nest).
    """
    check_attributes(html, max_attributes)
    tags = html.count("<")
    if tags <= min(max_depth, max_nodes):
        return
    if tags <= max_nodes and len(_NESTING_START.findall(html)) <= max_depth:
        return
    stack: list[str] = []
    groups: dict[str, int] = dict.fromkeys(_SELF_CLOSING_GROUP.values(), 0)  # open, per group
    nodes = pos = 0
    search = _TAG.search
    while (m := search(html, pos)) is not None:
        pos = m.end()
        closing, tag = m.group(1), m.group(2).lower()
        if closing:
            _pop_to(stack, groups, _close(stack, tag))
            continue
        nodes += 1
        if nodes > max_nodes:
            raise OverBudgetError(
                f"page over budget: more than {max_nodes:,} elements",
                reason="nodes",
                stage="parse",
            )
        if tag in _VOID:
            continue
        if tag in _RAW_TEXT:
            end = _find_end(html, tag, pos)
            if end < 0:
                return
            pos = end
            continue
        group = _SELF_CLOSING_GROUP.get(tag) or ("p" if tag in _CLOSES_P else None)
        if group is not None and groups[group]:
            _pop_to(stack, groups, _open_of_group(stack, group))
        stack.append(tag)
        if tag in _SELF_CLOSING_GROUP:
            groups[_SELF_CLOSING_GROUP[tag]] += 1
        if len(stack) > max_depth:
            raise OverBudgetError(
                f"page over budget: elements nested more than {max_depth:,} levels deep",
                reason="depth",
                stage="parse",
            )


def _pop_to(stack: list[str], groups: dict[str, int], index: int) -> None:
    """Close the open elements from ``index`` up (none when ``index`` is -1)."""
    if index < 0:
        return
    for tag in stack[index:]:
        if tag in _SELF_CLOSING_GROUP:
            groups[_SELF_CLOSING_GROUP[tag]] -= 1
    del stack[index:]


@lru_cache(maxsize=4)
def _many_attributes(count: int) -> re.Pattern[str]:
    """A start tag with at least ``count`` attributes, as the HTML tokenizer reads them
    (quoted values may hold ``>``); possessive, so each try costs the tag's length."""
    value = r"""(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"']*+))?+"""
    name = r"[^\s/>][^\s/>=]*+"  # a name may begin with "=" and hold quotes
    return re.compile(rf"<[A-Za-z][^\s/>]*+(?:[\s/]++{name}{value}){{{count}}}")


def check_attributes(html: str, max_attributes: int) -> None:
    """Raise :class:`OverBudgetError` for an element with more than ``max_attributes``
    attributes; what only looks like one inside a ``<script>`` or another raw-text element
    is skipped."""
    pattern = _many_attributes(max_attributes + 1)
    pos = 0
    while (m := pattern.search(html, pos)) is not None:
        raw = _raw_text_around(html, m.start(), pos)
        if raw is None:
            raise OverBudgetError(
                f"page over budget: an element with more than {max_attributes:,} attributes",
                reason="attributes",
                stage="parse",
            )
        pos = raw


def _raw_text_around(html: str, pos: int, since: int) -> int | None:
    """Where the raw-text element (``<script>``, ``<style>``…) or comment holding ``pos``
    ends (the page's end if never), or None when ``pos`` is in none; ``since`` is a place
    in none from which to look."""
    ended = since
    for m in _RAW_OPEN.finditer(html, since, pos):
        if m.start() < ended:
            continue  # inside the raw-text element or comment before it
        if m.group(1) is None:  # a comment
            end = html.find("-->", m.start() + 2)  # "<!-->" ends where it begins
        else:
            end = _find_end(html, m.group(1).lower(), m.end())
        ended = len(html) if end < 0 else end
        if ended > pos:
            return ended
    return None


def _find_end(html: str, tag: str, pos: int) -> int:
    """Where the end tag of raw-text element ``tag`` starts, from ``pos``; -1 if never."""
    m = re.compile(f"</{tag}", re.I).search(html, pos)
    return m.start() if m else -1


def _open_of_group(stack: list[str], group: str) -> int:
    """Index of the open element a new ``<p>`` (``<li>``, ``<td>``…) closes, or -1: the
    nearest one of its group, unless a scope boundary (a table, a list) comes first."""
    for i in range(len(stack) - 1, max(-1, len(stack) - 65), -1):
        tag = stack[i]
        if _SELF_CLOSING_GROUP.get(tag) == group:
            return i
        if tag in _SCOPE:
            return -1
    return -1


def _close(stack: list[str], tag: str) -> int:
    """Index of the nearest open ``tag`` an end tag closes, or -1 (an end tag with no open
    element among the last few is ignored, as parsers do with stray end tags)."""
    for i in range(len(stack) - 1, max(-1, len(stack) - 65), -1):
        if stack[i] == tag:
            return i
    return -1


def parse_html(html: str) -> LexborHTMLParser:
    """Parse an HTML document; raise :class:`NotHTMLError` for text with no HTML markup and
    :class:`OverBudgetError` for a page over the structure budget (:func:`check_budget`)."""
    if not _MARKUP_HINT.search(html, 0, 200_000):  # the first 200,000 characters, uncopied
        raise NotHTMLError("input is not an HTML document (no HTML tags found)", stage="parse")
    check_budget(html)
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
