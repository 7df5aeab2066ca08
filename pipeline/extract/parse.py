"""Parse stage: decoded HTML text → a selectolax (Lexbor) tree, plus small tree helpers.

The helpers here are the selector toolkit spiders use (``pipeline.spider`` re-exports them).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.errors import NotHTMLError

__all__ = [
    "BLOCK_TAGS",
    "LexborHTMLParser",
    "LexborNode",
    "block_texts",
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


def parse_html(html: str) -> LexborHTMLParser:
    """Parse an HTML document; raise :class:`NotHTMLError` for text with no HTML markup."""
    if not _MARKUP_HINT.search(html[:200_000]):
        raise NotHTMLError("input is not an HTML document (no HTML tags found)", stage="parse")
    tree = LexborHTMLParser(html)
    if tree.body is None and tree.head is None:
        raise NotHTMLError("input could not be parsed as HTML", stage="parse")
    return tree


def node_text(node: LexborNode | None) -> str:
    """The text of a node with inline markup flattened and white space collapsed."""
    if node is None:
        return ""
    return _WS.sub(" ", node.text(deep=True, separator="", strip=False)).strip()


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
