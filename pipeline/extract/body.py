"""Generic body extraction: the article's paragraphs from a page no spider knows.

A small, readable content extractor in three steps, all on a copy of the Lexbor tree:

1. remove what is never article text: scripts, navigation, headers and footers, asides,
   forms, figures, hidden nodes, and elements whose class or id says boilerplate (share,
   social, related, comment, newsletter, promo, advert, breadcrumb, sidebar, caption…) —
   unless the element holds most of the page's paragraph text (a layout wrapper);
2. score containers by the paragraphs they hold (length and commas), discounted by link
   density, and keep the best container plus siblings that score well too;
3. read the container's blocks in order — paragraphs, headings, list items, quotes —
   leaving out link lists ("related stories") and link-only lines.

When that body is empty or much shorter than the JSON-LD ``articleBody``, the
``articleBody`` is used instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.extract.metadata import article_jsonld
from pipeline.extract.parse import BLOCK_TAGS, LexborHTMLParser, LexborNode, node_text

__all__ = ["BOILERPLATE_PATTERN", "extract_body"]

_REMOVE_TAGS = (
    "script, style, noscript, template, iframe, svg, canvas, button, input, select, textarea, "
    "object, embed, video, audio, picture, figure, figcaption, nav, aside, dialog, menu, "
    "[hidden], [aria-hidden=true], [style*='display:none'], [style*='display: none']"
)
#: Tags removed only when they do not hold most of the page's text (a page-wide form).
_REMOVE_IF_SMALL_TAGS = "header, footer, form"

#: Class/id fragments of boilerplate containers (searched in each class token and the id).
BOILERPLATE_PATTERN = re.compile(
    r"share|sharing|social|related|comment(?!ary)|newsletter|promo|advert|breadcrumb|footer|"
    r"sidebar|caption|figure|subscri|signup|sign-up|cookie|consent|banner|popup|modal|"
    r"recommend|more-?stories|read-?more|readmore|outbrain|taboola|teaser|sponsor|paywall|"
    r"byline|author-?bio|taglist|tags-?list|navigation|masthead|toolbar|disclaimer|copyright|"
    r"pagination|most-?read|most-?popular|trending|visually-?hidden|sr-only|menu|"
    r"^ad$|^ads$|^ad[-_]|[-_]ad$|[-_]ads?[-_]|^nav$|^nav[-_]|[-_]nav$|^tags$|^tools$|^meta$",
    re.I,
)
_MIN_PARAGRAPH = 25
_CONTAINERS = frozenset(
    {"div", "section", "article", "main", "ul", "ol", "dl", "table", "tbody", "thead", "tr",
     "blockquote", "li", "span", "body", "center", "font", "td"}
)  # fmt: skip
#: Containers that end a paragraph even when they hold only inline content.
_BOUNDARY_TAGS = frozenset(
    {"div", "section", "article", "main", "td", "center", "table", "tbody", "tr", "ul", "ol",
     "dl", "blockquote", "li", "header", "footer", "body"}
)  # fmt: skip
_SKIP_BLOCK_TAGS = frozenset({"figcaption", "th"})
_WS = re.compile(r"\s+")


def extract_body(tree: LexborHTMLParser) -> list[str]:
    """The article body of a page as paragraphs (raw text, one string per block).

    The tree passed in is not modified: the work happens on a re-parsed copy.
    """
    article = article_jsonld(tree) or {}
    ld_body = article.get("articleBody")
    ld_paragraphs = _split_article_body(ld_body) if isinstance(ld_body, str) else []

    doc = LexborHTMLParser(tree.html or "")
    paragraphs: list[str] = []
    if doc.body is not None:
        _strip_boilerplate(doc)
        containers = _best_containers(doc.body)
        for container in containers:
            paragraphs.extend(_blocks(container))

    scored_len = sum(len(p) for p in paragraphs)
    ld_len = sum(len(p) for p in ld_paragraphs)
    if ld_paragraphs and scored_len < 0.6 * ld_len:
        return ld_paragraphs
    return paragraphs


# -- step 1: boilerplate ----------------------------------------------------------------------
def _strip_boilerplate(doc: LexborHTMLParser) -> None:
    body = doc.body
    assert body is not None
    for node in body.css(_REMOVE_TAGS):
        node.decompose()
    total = _paragraph_text_len(body) or 1
    for node in body.css(_REMOVE_IF_SMALL_TAGS):
        if _paragraph_text_len(node) < 0.5 * total:
            node.decompose()
    for node in body.css("[class], [id]"):
        if node.parent is None or not _looks_boilerplate(node):
            continue
        if node.tag in ("body", "html", "main", "article"):
            continue
        if _paragraph_text_len(node) < 0.5 * total:
            node.decompose()


def _looks_boilerplate(node: LexborNode) -> bool:
    attrs = node.attributes
    tokens = (attrs.get("class") or "").split()
    ident = attrs.get("id")
    if ident:
        tokens.append(ident)
    for token in tokens:
        if BOILERPLATE_PATTERN.search(token):
            return True
    role = (attrs.get("role") or "").lower()
    return role in ("navigation", "banner", "contentinfo", "complementary", "dialog", "search")


def _paragraph_text_len(node: LexborNode) -> int:
    return sum(len(p.text(deep=True)) for p in node.css("p"))


# -- step 2: scoring --------------------------------------------------------------------------
def _best_containers(body: LexborNode) -> list[LexborNode]:
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}

    def add(node: LexborNode | None, score: float) -> None:
        if node is None or node.tag in (None, "html", "-document"):
            return
        key = node.mem_id
        nodes[key] = node
        scores[key] = scores.get(key, 0.0) + score

    for block in _scoring_blocks(body):
        text = node_text(block)
        if len(text) < _MIN_PARAGRAPH:
            continue
        score = 1.0 + text.count(",") + min(len(text) / 100.0, 3.0)
        if block.tag == "div":  # a text-only div is a container of its own
            add(block, score)
            score /= 2.0
        parent = block.parent
        add(parent, score)
        if parent is not None:
            add(parent.parent, score / 2.0)
            if parent.parent is not None:
                add(parent.parent.parent, score / 3.0)
    if not scores:
        return []
    final = {k: s * (1.0 - _link_density(nodes[k])) for k, s in scores.items()}
    best_key = max(final, key=lambda k: final[k])
    best = nodes[best_key]
    top = final[best_key]

    chosen = [best]
    parent = best.parent
    if parent is not None and best.tag != "body":
        chosen = []
        for sibling in _children(parent):
            if sibling.mem_id == best.mem_id:
                chosen.append(sibling)
                continue
            sib_score = final.get(sibling.mem_id, 0.0)
            if sib_score >= max(3.0, 0.25 * top):
                chosen.append(sibling)
            elif sibling.tag == "p":
                text = node_text(sibling)
                if len(text) > 80 and _link_density(sibling) < 0.25:
                    chosen.append(sibling)
    return chosen


def _scoring_blocks(body: LexborNode) -> Iterator[LexborNode]:
    """Paragraph-like nodes: ``<p>``/``<pre>``, and text-only ``<div>`` leaves."""
    for node in body.traverse(include_text=False):
        tag = node.tag
        if tag in ("p", "pre") or (
            tag == "div" and node.child is not None and not _has_element_child(node)
        ):
            yield node


def _has_element_child(node: LexborNode) -> bool:
    child = node.child
    while child is not None:
        if (
            child.tag
            and not child.tag.startswith("-")
            and child.tag not in ("br", "a", "b", "i", "em", "strong", "span")
        ):
            return True
        child = child.next
    return False


def _link_density(node: LexborNode) -> float:
    text_len = len(node_text(node))
    if text_len == 0:
        return 1.0
    link_len = sum(len(node_text(a)) for a in node.css("a"))
    return min(1.0, link_len / text_len)


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        if child.tag and not child.tag.startswith("-"):
            yield child
        child = child.next


# -- step 3: blocks ---------------------------------------------------------------------------
def _blocks(container: LexborNode) -> list[str]:
    out: list[str] = []
    if container.tag in BLOCK_TAGS and not _has_block_descendant(container):
        _add_block(container, out)
    else:
        _collect(container, out)
    return out


def _collect(node: LexborNode, out: list[str]) -> None:
    loose: list[str] = []
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            loose.append(child.text_content or "")
        elif tag in ("ul", "ol", "dl") and _link_density(child) > 0.5:
            _flush(loose, out)  # a list of links: related stories, tags, share buttons
        elif tag in BLOCK_TAGS and not _has_block_descendant(child):
            _flush(loose, out)
            _add_block(child, out)
        elif tag in _CONTAINERS or tag in BLOCK_TAGS:
            if tag in BLOCK_TAGS or tag in _BOUNDARY_TAGS or _has_block_descendant(child):
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


def _add_block(node: LexborNode, out: list[str]) -> None:
    if node.tag in _SKIP_BLOCK_TAGS:
        return
    text = node_text(node)
    if not text:
        return
    if node.css_first("a") is not None and _link_density(node) > 0.6 and len(text) < 200:
        return  # a link line: "Read more: …", a related headline
    out.append(text)


def _flush(loose: list[str], out: list[str]) -> None:
    if loose:
        for piece in re.split(r"\n\s*\n", "".join(loose)):
            text = _WS.sub(" ", piece).strip()
            if len(text) >= 2:
                out.append(text)
        loose.clear()


def _has_block_descendant(node: LexborNode) -> bool:
    # traverse() yields the node itself first, as a new wrapper object: compare by mem_id
    own = node.mem_id
    return any(n.tag in BLOCK_TAGS and n.mem_id != own for n in node.traverse(include_text=False))


def _split_article_body(text: str) -> list[str]:
    parts = [_WS.sub(" ", p).strip() for p in re.split(r"\n+", text)]
    return [p for p in parts if p]
