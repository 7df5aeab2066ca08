"""Property test: no page crashes the generic extractor, however odd its tree.

Hypothesis builds documents out of the pieces real pages carry and parsers turn into odd
nodes: processing instructions (a raw ``<?php … ?>`` becomes a node without a tag name),
comments, CDATA sections, foreign namespaces (``svg:rect``, ``o:p``, ``fb:like``), unknown
and unclosed tags, stray end tags, attributes with odd values, entity noise, empty documents.
The extractor must return paragraphs (or raise the pipeline's own errors), never anything else.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import NewsmillError
from pipeline.extract import extract_body, extract_fields, extract_metadata
from pipeline.extract.parse import LexborHTMLParser

_WORDS = st.sampled_from(
    ["The council voted on Tuesday,", "after a long debate.", "Прокуратура сообщила,",
     "що", "€ 5 000", "&amp;#160;", "&#", "«quoted»", "x", "", "  ", "\n\n", "a, b, c,",
     "Read more", "Share", "Advertisement"]
)  # fmt: skip
_TAGS = st.sampled_from(
    ["p", "div", "span", "a", "section", "article", "main", "li", "ul", "table", "td", "tr",
     "h1", "h2", "br", "blockquote", "pre", "figure", "figcaption", "aside", "nav", "header",
     "svg:rect", "o:p", "fb:like", "math", "mi", "font", "x-widget", "template", "noscript",
     "script", "style", "iframe", "b", "em", "dl", "dd", "form", "body", "html", "head"]
)  # fmt: skip
_ATTRS = st.sampled_from(
    ["", ' class="article-body"', ' class="teaser"', ' id="content"', ' class=""',
     ' style="display:none"', ' hidden', ' role="navigation"', ' aria-hidden="true"',
     ' class="share related"', " class='a\"b'", ' itemprop="articleBody"', ' class=""x']
)  # fmt: skip
_ODD = st.sampled_from(
    ["<?php echo $x; ?>", "<?xml version='1.0'?>", "<!-- a comment -->", "<![CDATA[ data ]]>",
     "<!DOCTYPE html>", "</p>", "</div></div>", "<", ">", "&", "<!-->", "<!", "<?", "</>",
     '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": 5}</script>',
     '<script type="application/ld+json">{"@type": "NewsArticle", "headline": ["a"]}</script>',
     '<script type="application/ld+json">[1, null, {"@graph": 3}]</script>',
     '<meta property="og:title" content="">', "<title></title>", "<title>A | B</title>",
     "\x00", "\ufeff"]
)  # fmt: skip


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_TAGS)
    attrs = draw(_ATTRS)
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 3 if depth < 4 else 1))
        if kind == 0:
            parts.append(" ".join(draw(st.lists(_WORDS, max_size=8))))
        elif kind == 1:
            parts.append(draw(_ODD))
        else:
            parts.append(draw(_element(depth + 1)))
    close = "" if draw(st.booleans()) and depth else f"</{tag}>"
    return f"<{tag}{attrs}>{''.join(parts)}{close}"


_DOCUMENTS = st.one_of(
    st.just(""),
    st.just("<html></html>"),
    st.just("<?php ?>"),
    st.lists(st.one_of(_element(), _ODD), max_size=6).map("".join),
    st.lists(st.one_of(_element(), _ODD), max_size=6).map(
        lambda parts: (
            "<!DOCTYPE html><html><head><title>T</title></head><body>"
            + "".join(parts)
            + "</body></html>"
        )
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS)
def test_odd_trees_never_crash_the_body_extractor(html: str) -> None:
    tree = LexborHTMLParser(html)
    paragraphs = extract_body(tree)
    assert isinstance(paragraphs, list)
    assert all(isinstance(p, str) and p.strip() for p in paragraphs)
    # with the page's HTML the second opinion (readability-lxml) may read it too
    second = extract_body(tree, html)
    assert all(isinstance(p, str) and p.strip() for p in second)
    raw = extract_metadata(tree)
    assert raw.title is None or isinstance(raw.title, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS)
def test_odd_pages_give_fields_or_a_pipeline_error(html: str) -> None:
    try:
        fields = extract_fields(html)
    except NewsmillError:
        return  # empty, not HTML, or no article text: a counted outcome, not a crash
    assert fields.text.strip()


def test_a_raw_php_processing_instruction_keeps_the_page() -> None:
    html = (
        "<html><body><article><h1>Council votes</h1>"
        "<p>The council voted on Tuesday to keep the library open, after a long debate "
        "<?php echo $ad; ?> that ran past midnight.</p>"
        "<p>Residents had gathered outside since the morning, holding signs and books.</p>"
        "</article></body></html>"
    )
    text = extract_fields(html).text
    assert "keep the library open" in text
    assert "holding signs and books" in text


# class and id values built from the words the account-dialog reader looks for, cut and joined
# as templates write them (kebab, snake, camel, glued, capitals, digits, non-ASCII letters)
_PIECES = st.sampled_from(
    ["login", "Log", "in", "sign", "In", "up", "Up", "register", "registration", "account",
     "Account", "password", "modal", "Modal", "dialog", "pop", "popup", "Popup", "over", "lay",
     "overlay", "OVERLAY", "b", "x", "gallery", "content", "é", "K", "İ", "7", ""]
)  # fmt: skip
_JOINS = st.sampled_from(["", "-", "_", " ", "--", ".", "9", "ß"])
_CLASS_VALUES = st.lists(st.tuples(_PIECES, _JOINS), max_size=6).map(
    lambda parts: "".join(piece + join for piece, join in parts)
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_CLASS_VALUES, st.text(max_size=30)))
def test_the_account_dialog_reader_answers_as_its_words_say(value: str) -> None:
    # its shortcut (no overlay word in the value's letters run together: no dialog) gives
    # what the value's words and joined neighbours give
    from pipeline.extract import boilerplate

    tokens = boilerplate._tokens(value)
    words = not (boilerplate._ACCOUNT.isdisjoint(tokens) or boilerplate._OVERLAY.isdisjoint(tokens))
    boilerplate.names_account_dialog.cache_clear()
    assert boilerplate.names_account_dialog(value) == words
    assert boilerplate.names_account_dialog(value) == words  # and from the cache


@settings(max_examples=500, deadline=None)
@given(st.one_of(_CLASS_VALUES, st.text(max_size=30)))
def test_a_class_values_words_are_its_letter_runs_and_joined_neighbours(value: str) -> None:
    import re
    from itertools import pairwise

    from pipeline.extract.boilerplate import _tokens

    text = value if value.islower() else re.sub(r"(?<=[a-z])(?=[A-Z])", "-", value).lower()
    words = [w for w in re.split(r"[^a-z]+", text) if w]
    assert _tokens(value) == set(words) | {a + b for a, b in pairwise(words)}


def test_the_class_readers_answer_the_same_from_their_bounded_caches() -> None:
    # a page template repeats its class values: each answer is kept, and the kept answers
    # stay bounded however many distinct values a long crawl meets
    from pipeline.extract import boilerplate

    values = ["loginModal", "popup signin-popup", "content login-required", "popup-gallery entry"]
    first = [boilerplate.names_account_dialog(v) for v in values]
    assert first == [True, True, False, False]
    assert [boilerplate.names_account_dialog(v) for v in values] == first
    for i in range(60_000):
        boilerplate.names_account_dialog(f"login-box-{i} teaser")
    assert boilerplate.names_account_dialog.cache_info().currsize <= boilerplate.CACHED_VALUES
    assert [boilerplate.names_account_dialog(v) for v in values] == first
