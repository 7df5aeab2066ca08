"""The structure budget of ``parse.check_budget``: depth and element count, on pages made here."""

from __future__ import annotations

import contextlib
import time

import pytest

from bench.depth_budget import lexbor_depth
from pipeline.errors import OverBudgetError
from pipeline.extract.parse import MAX_DEPTH, check_budget


def test_nesting_one_level_past_the_depth_budget_is_refused() -> None:
    html = "<html><body>" + "<div>" * 101 + "x" + "</div>" * 101 + "</body></html>"
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html, max_depth=100)
    assert caught.value.reason == "depth"


def test_many_closed_siblings_are_not_depth() -> None:
    html = "<body>" + "<div>x</div>" * 500 + "</body>"
    check_budget(html, max_depth=100)


def test_void_elements_never_nest() -> None:
    html = "<body><p>" + "a<br>" * 5_000 + "<img src=x>" * 5_000 + "</p></body>"
    check_budget(html, max_depth=100)


@pytest.mark.parametrize("name", ["spacer", "command", "isindex", "nextid"])
def test_obsolete_elements_the_parser_nests_are_depth(name: str) -> None:
    # void in old drafts, not for the tree builder: Lexbor nests each in the one before
    html = "<body>" + f"<{name}>" * 150 + "x</body>"
    assert lexbor_depth(html) > 150
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html, max_depth=100)
    assert caught.value.reason == "depth"


def test_paragraphs_left_open_close_each_other() -> None:
    html = "<body>" + "<p>para" * 5_000 + "</body>"
    check_budget(html, max_depth=100)


def test_tags_inside_a_script_are_not_elements() -> None:
    html = "<body><script>" + "'<div>'+" * 5_000 + "</script><p>x</p></body>"
    check_budget(html, max_depth=100)


def test_too_many_elements_is_refused_even_when_flat() -> None:
    html = "<body>" + "<span>x</span>" * 1_001 + "</body>"
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html, max_nodes=1_000)
    assert caught.value.reason == "nodes"


def test_a_small_page_at_exactly_the_budget_passes_and_one_deeper_does_not() -> None:
    page = "<html><body><article><p>One.</p><p>Two.</p></article></body></html>"
    check_budget(page, max_depth=4)
    with pytest.raises(OverBudgetError):
        check_budget(page.replace("<p>One.", "<p><b>One.</b>"), max_depth=4)


def _attributes(n: int, value: str = "") -> str:
    return " ".join(f"data-k{i}{value}" for i in range(n))


def test_an_element_with_thousands_of_attributes_is_refused_before_parsing() -> None:
    """Distinct attributes on one element cost the HTML parser quadratic time (20,000 take
    seconds, 300,000 minutes): such a page is refused at once, not after its time budget."""
    html = f"<html><body><div {_attributes(300_000)}>story</div></body></html>"
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html)
    assert caught.value.reason == "attributes"


def test_a_real_element_after_scripts_and_comments_is_still_refused() -> None:
    fake = "<script>if (a<b " + "x y " * 2_000 + "){}</script><!-- <i " + "p q " * 2_000 + "-->"
    html = f"<body>{fake * 3}<div {_attributes(2_000)}>story</div></body>"
    with pytest.raises(OverBudgetError):
        check_budget(html, max_attributes=1_000)


def test_quoted_values_that_hold_a_closing_bracket_do_not_hide_attributes() -> None:
    quoted = '=">"'
    html = f"<body><p {_attributes(2_000, quoted)}>x</p></body>"
    with pytest.raises(OverBudgetError):
        check_budget(html, max_attributes=1_000)


@pytest.mark.parametrize(
    "html",
    [
        # many ordinary elements, each with a few attributes
        "<body>" + '<a href="/x" class="c" data-id="1" rel="nofollow">x</a>' * 3_000 + "</body>",
        # a long paragraph: words are not attributes
        "<body><p>" + "word " * 50_000 + "</p></body>",
        # a script whose code reads like a tag with many tokens, and is no element
        "<body><script>if (a<b " + "x y " * 2_000 + "){}</script><p>story</p></body>",
        # commented-out markup
        "<body><!-- <div " + "x y " * 2_000 + " --><p>story</p></body>",
        # one long attribute value (an inline image)
        '<body><img src="data:image/png;base64,' + "A" * 500_000 + '"></body>',
    ],
    ids=["many-elements", "long-paragraph", "script", "comment", "long-value"],
)
def test_ordinary_pages_pass_the_attribute_budget(html: str) -> None:
    check_budget(html, max_attributes=1_000)


@pytest.mark.parametrize(
    "element",
    [
        "<p " + " ".join(f'"a{i}' for i in range(2_000)) + ">x</p>",  # names that begin with "
        # names that begin with "=" (" =a1" after a name is its value, as the tokenizer reads it)
        "<p " + " ".join(f"=a{i}" for i in range(3_000)) + ">x</p>",
        "<!-->" + "<p " + " ".join(f"a{i}" for i in range(2_000)) + ">x</p><!-- -->",
    ],
    ids=["quote-names", "equals-names", "empty-comment-before"],
)
def test_attribute_names_the_tokenizer_accepts_are_counted(element: str) -> None:
    with pytest.raises(OverBudgetError):
        check_budget(f"<body>{element}</body>", max_attributes=1_000)


def _bomb(n: int = 2_000) -> str:
    """A start tag with ``n`` distinct attributes: an element the parser builds at quadratic
    cost wherever the tokenizer reads it as a tag."""
    return f"<em {_attributes(n)}>x</em>"


@pytest.mark.parametrize(
    "html",
    [
        # inside <svg>/<math> (foreign content), <style>, <title>, <script> and <textarea>
        # are ordinary elements: what they hold is markup, not text
        f"<svg viewBox='0 0 9 9'><style>{_bomb()}</style></svg>",
        f"<p>Formula: <math><title>{_bomb()}</title></math></p>",
        f"<svg><script>{_bomb()}</script></svg>",
        f"<svg><g><textarea>{_bomb()}</textarea></g></svg>",
        # an integration point hides the </svg>, so the <style> after it is still foreign
        f"<svg><foreignObject><div></svg></div></foreignObject><style>{_bomb()}</style></svg>",
        # a CDATA section in foreign content is text, the "</svg>" in it too
        f"<svg><![CDATA[ 1 > 0 </svg> ]]><style>{_bomb()}</style></svg>",
        # what only looks like a comment or a script start inside an attribute value
        f"<a title='<!-- note'>link</a>{_bomb()}<!-- -->",
        f"<a title='<script>'>link</a>{_bomb()}</script>",
        # a comment ends at "--!>" too
        f"<!-- old --!>{_bomb()}-->",
        # names that only begin like a raw-text element's
        f"<script-like>{_bomb()}</script-like>",
        f"<\u017fcript>{_bomb()}</script>",  # long s: no "script" to the tokenizer
        # a bogus comment "<!x ...>" ends at its first ">", the "<script>" in it is text
        f"<!x <script>>{_bomb()}</script>",
        # a script ends at the "</script>" after a "<!--" unless a "<script>" came between
        f"<script><!--<script></script><!--</script>{_bomb()}-->",
        # a style's or a title's text is not markup: a "<!--" there opens no comment
        f"<style>q::before{{content:'<!--'}}</style>{_bomb()}<style>q::after{{content:'-->'}}</style>",
        f"<title>Tags: <!--</title>{_bomb()}<textarea>--></textarea>",
    ],
    ids=[
        "svg-style",
        "math-title",
        "svg-script",
        "svg-textarea",
        "foreign-object",
        "cdata",
        "comment-in-value",
        "script-in-value",
        "bang-comment-end",
        "script-like-name",
        "long-s",
        "bogus-comment",
        "script-escapes",
        "comment-in-style",
        "comment-in-title",
    ],
)
def test_an_attribute_bomb_hidden_where_the_tokenizer_still_reads_tags_is_refused(
    html: str,
) -> None:
    with pytest.raises(OverBudgetError) as caught:
        check_budget(f"<html><body><p>story</p>{html}</body></html>", max_attributes=1_000)
    assert caught.value.reason == "attributes"


@pytest.mark.parametrize(
    "element",
    [
        # after a quoted value the next attribute needs no space
        "<p " + "".join(f'k{i}="v"' for i in range(2_000)) + ">x</p>",
        # an unquoted value may hold quotes
        "<p " + " ".join(f"k{i}=o'clock" for i in range(2_000)) + ">x</p>",
        # a name of non-breaking and other Unicode spaces (only ASCII white space separates)
        "<p "
        + " ".join("\xa0" + chr(0x2000 + i % 11) + chr(0x2000 + i // 11 % 11) for i in range(1_331))
        + ">x</p>",
    ],
    ids=["no-space-after-quote", "quote-in-unquoted-value", "unicode-space-names"],
)
def test_attributes_as_the_tokenizer_separates_them_are_counted(element: str) -> None:
    with pytest.raises(OverBudgetError):
        check_budget(f"<body>{element}</body>", max_attributes=1_000)


@pytest.mark.parametrize(
    "html",
    [
        # inline icons, closed, then a script whose code reads like a tag with many tokens
        "<svg class='icon'><title>Share</title><path d='M0 0h9v9z'/><use href='#x'/></svg>"
        "<math><mi>x</mi></math><script>if (a<b " + "x y " * 2_000 + "){}</script>",
        # the same code in a style and a textarea after an icon with its own style
        "<svg><style>.a{fill:red}</style><circle r='4'/></svg>"
        "<style>a<b " + "x y " * 2_000 + "</style><textarea>a<b " + "x y " * 2_000 + "</textarea>",
        # commented-out markup after an icon
        "<svg><path d='M1 1'></path></svg><!-- <div " + "x y " * 2_000 + " -->",
        # an old-style script hidden in a comment, one that writes a script tag, then a third
        "<script><!--\nif (a<b " + "x y " * 2_000 + "){}\n//--></script>"
        "<script><!--\ndocument.write('<script src=\"/ad.js\"></script>');\n"
        "if (a<b " + "x y " * 2_000 + "){}\n//--></script>"
        "<script>if (a<b " + "x y " * 2_000 + "){}</script>",
    ],
    ids=["icons-then-script", "icon-then-style", "icon-then-comment", "escaped-scripts"],
)
def test_code_and_markup_the_tokenizer_reads_as_text_pass(html: str) -> None:
    check_budget(f"<html><body><p>story</p>{html}</body></html>", max_attributes=1_000)


@pytest.mark.parametrize(
    "hide",
    [
        # inside <svg> a <style> holds markup: the <div>s nest (each leaves foreign content)
        ("<svg><style>", "</style></svg>"),
        ("<math><title>", "</title></math>"),
        # a "<script>" or "<!--" inside an attribute value opens nothing
        ("<a title='<script>'>link</a>", "</script>"),
        ("<a title='<!--'>link</a>", "-->"),
        # a style's text ends at its end tag, whatever comment it seems to open
        ("<style>q::before{content:'<!--'}</style>", "<style>q::after{content:'-->'}</style>"),
    ],
    ids=["svg-style", "math-title", "script-in-value", "comment-in-value", "comment-in-style"],
)
def test_a_nesting_bomb_hidden_where_the_tokenizer_still_reads_tags_is_refused(
    hide: tuple[str, str],
) -> None:
    before, after = hide
    html = f"<html><body><p>story</p>{before}{'<div>' * 2_000}x{after}</body></html>"
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html, max_depth=1_000)
    assert caught.value.reason == "depth"


def test_tags_in_scripts_after_a_closed_icon_are_not_elements() -> None:
    icon = "<svg><title>Share</title><path d='M0 0h9'/></svg>"
    html = f"<body>{icon}<script>" + "'<div>'+" * 5_000 + "</script><p>x</p></body>"
    check_budget(html, max_depth=100)


#: What a page may nest past the scan's count: the ``<html>`` and ``<body>`` Lexbor adds
#: when the page leaves them out, and a void element (``<br>``) at the bottom.
_IMPLIED_LEVELS = 3


def _passes(html: str, max_depth: int) -> bool:
    """Whether ``html`` passes a depth budget of ``max_depth`` (a refusal for depth)."""
    reason = None
    try:
        check_budget(html, max_depth=max_depth)
    except OverBudgetError as refused:
        reason = refused.reason
    assert reason in (None, "depth")
    return reason is None


@pytest.mark.parametrize(
    ("unit", "before"),
    [
        # an end tag with a block or a scope element between it and its element is ignored
        ("<span><div>story</span>", ""),
        ("<div><object>story</div>", ""),
        ("<em><marquee>story</em>", ""),
        ("<b><div>story</b>", ""),
        ("<div><table><td>story</div>", ""),
        # a new list item closes the open one only if no special element stands between
        ("<li><section>story", "<ul>"),
        ("<dd><article>story", "<dl>"),
        ("<dt><aside>story", "<dl>"),
        # an open option is closed only when it is the current element
        ("<option><div>story", ""),
        ("<optgroup><div>story", ""),
        # a ruby annotation closes only the annotations left open at the top
        ("<ruby><rt><div>story", ""),
        # an integration point in <svg>/<math> is a scope boundary for the next <p>
        ("<p><svg><desc>story", ""),
        ("<p><math><mi>story", ""),
        # end tags inside comments and scripts after the scan lost the tokenizer's state
        ("<div><!--</div>-->story", "<template></template>"),
        ("<div><script></div></script>story", "<select></select>"),
        ("<div><!--</div>-->story", "<svg><desc><i></i></desc></svg>"),
        ("<div><style></div></style>story", "<template><col></template>"),
        ("<div><textarea></div></textarea>story", "<frameset></frameset>"),
        # a table cell the parser wraps in the row and the table body it leaves out
        ("<table><td>story", ""),
        ("<table><tr>story", ""),
        # outside a <select> an optgroup closes no optgroup; without a doctype a table
        # opens inside a paragraph
        ("<optgroup>story", ""),
        ("<p><table><td>story", ""),
        # a formatting element closed with the table it was misplaced in is reopened
        ("<table><big></table><object>story", ""),
        ("<div><b id=x></div>story", ""),
        # in <svg>/<math> an <input> or a <col> is an element that holds others
        ("<input></li>story", "<math>"),
        ("<col></div>story", "<svg>"),
        # a new link does not close one a special element stands in front of
        ("<noscript><a>story", ""),
        # a list item closes a paragraph before the next heading could close the list item
        ("<h1><ul><p><label><dt>story", ""),
        ("<ruby><strike><dd><rt>story", ""),
        ("<head><rtc></head>story", ""),
        ("<frameset><tr><p>story", ""),
        # a second <html> is an ignored tag, which must not keep the table open
        ("<tr><ul></table>story", "<table><html>"),
        # a rule break closes a paragraph; inside a select Lexbor ignores an </object>
        ("<p><i><hr><rb>story", ""),
        ("<u></object><object><nobr><select>story", ""),
    ],
)
def test_a_page_that_passes_nests_no_deeper_than_the_budget_in_lexbor(
    unit: str, before: str
) -> None:
    """The scan may refuse a little more than the parser nests, never less: whatever page
    passes the depth budget, the tree Lexbor builds from it is within it."""
    budget = 1_000
    html = before + unit * 1_200
    passed = _passes(html, budget)
    assert not passed or lexbor_depth(html) <= budget + _IMPLIED_LEVELS
    assert not passed  # each of these nests past the budget


@pytest.mark.parametrize(
    "html",
    [
        # misnested inline and block elements: the block's end closes both
        "<body>" + "<div><span>story</div></span>" * 600 + "</body>",
        "<body>" + "<p><b>bold <i>both</b> italic</i></p>" * 600 + "</body>",
        # lists of sections, definition lists, option lists, tables without a tbody
        "<body><ul>" + "<li><section><p>item</p></section>" * 600 + "</ul></body>",
        "<body><dl>" + "<dt>term<dd><div>said</div>" * 600 + "</dl></body>",
        "<body><select>" + "<option>choice" * 600 + "</select></body>",
        "<body><table>" + "<tr><td>cell<td>cell" * 600 + "</table></body>",
        # a template and a commented-out block before ordinary markup
        "<body><template><p>x</p></template>" + "<div><!-- <div> --></div>" * 600 + "</body>",
        "<body><select><option>a</select>" + "<p>story</p>" * 600 + "</body>",
        # a template in the head, then an old script that writes a script tag in a comment
        "<head><template><p>x</p></template><script><!--\ndocument.write('<script src=a.js>"
        "</script>');\n//--></script></head><body>" + "<div>story</div>" * 600 + "</body>",
        # icons whose paths close themselves, a select, then a script holding markup
        "<body>" + "<svg><path d='M0 0h9'/><circle r='2'/></svg>" * 300 + "<select></select>"
        "<script>x = '<div>' + '<!--';</script>" + "<p>story</p>" * 300 + "</body>",
    ],
    ids=[
        "misnested",
        "formatting",
        "ul",
        "dl",
        "select",
        "table",
        "template",
        "select-before",
        "template-then-script",
        "icons-select-script",
    ],
)
def test_ordinary_markup_passes_a_small_depth_budget(html: str) -> None:
    assert lexbor_depth(html) < 50
    assert _passes(html, 100)


def test_cells_that_stay_under_the_budget_in_start_tags_still_count_their_wrappers() -> None:
    """Fewer start tags than the budget is no proof of a shallow tree when they are table
    cells: the parser adds a ``<tbody>`` and a ``<tr>`` around each cell written alone."""
    html = "<table><td>story" * 495  # 990 start tags; Lexbor nests about 1,980 levels
    assert lexbor_depth(html) > 1_000
    assert not _passes(html, 1_000)


@pytest.mark.parametrize(
    "unit",
    ["<div><b id={i}></div>story", "<p><i class=c{i}>story<div>", "<div><a href=/{i}>\n</div>"],
)
def test_formatting_elements_the_parser_reopens_count_whatever_their_attributes(
    unit: str,
) -> None:
    """The parser reopens a formatting element closed by another's end at the next text,
    and keeps at most three identical ones to reopen: differing attributes make them all
    distinct, so every one is counted."""
    html = "<body>" + "".join(unit.format(i=i) for i in range(1_200)) + "</body>"
    passed = _passes(html, 1_000)
    assert not passed or lexbor_depth(html) <= 1_000 + _IMPLIED_LEVELS


def test_paragraphs_each_with_an_unclosed_bold_pass() -> None:
    """Identical formatting elements left open in every paragraph: the parser reopens at
    most three, so the page stays shallow."""
    html = "<body>" + "<p><b>bold lead</b> text <i>aside" * 600 + "</body>"
    assert lexbor_depth(html) < 20
    assert _passes(html, 100)


@pytest.mark.parametrize(
    "unit",
    [
        "<tr><td><font size=2>{i}</td><td><font face=Arial>Item {i}</td></tr>",
        "<tr><td><b>{i}</td></tr>",
        "<tr><td><a href=/r/{i}>row {i}</td></tr>",
        "<tr><td><object><b>{i}</object></td></tr>",
    ],
    ids=["font-cells", "bold-cell", "link-cell", "object"],
)
def test_a_legacy_table_with_formatting_left_open_in_its_cells_passes(unit: str) -> None:
    # old pages leave <font>/<b>/<a> open in every cell; the parser forgets them when the
    # cell closes, so the table stays a few levels deep however many rows it has
    html = "<html><body><table>" + "".join(unit.format(i=i) for i in range(4_100)) + "</table>"
    assert lexbor_depth(html) < 20
    check_budget(html)  # within the default budgets: no OverBudgetError


@pytest.mark.parametrize(
    "unit",
    [
        "<form action=/s{i}>search {i}</form>",
        "<li><form method=post>vote {i}</form>",
        "<form><p>name {i}<form>nested start tag</form>",
        "<font face=Verdana><p>paragraph {i}</font></p>",
        "<b><p>lead {i}</b> more</p>",
        "<a href=/n/{i}><div>teaser {i}</a></div>",
    ],
    ids=["forms", "form-in-list-item", "form-twice", "font-over-p", "b-over-p", "a-over-div"],
)
def test_legacy_forms_and_formatting_closed_over_blocks_pass(unit: str) -> None:
    # thousands of small forms, or a <font>/<b> closed inside the paragraph it wraps: the
    # parser removes the form and moves the formatting element, so the page stays shallow
    html = "<html><body>" + "".join(unit.format(i=i) for i in range(8_100))
    assert lexbor_depth(html) < 20
    check_budget(html)  # within the default budgets: no OverBudgetError


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 9_000 + "<form>x</form>" * 3,
        "<form><table>" + "</form><div>" * 9_000,
        "<b><b><b><b>" + "</b>" * 3 + "<p>x</b>" * 9_000,
        "<b><table><td><p>x</b>" * 3_000,
        "<a><div><a>x</a><p>y</a>" * 3_000,
    ],
    ids=["deep-then-forms", "form-end-not-in-scope", "b-out-of-list", "b-behind-cell", "a-a"],
)
def test_hostile_forms_and_formatting_are_refused_or_within_budget(html: str) -> None:
    depth = lexbor_depth(html)
    try:
        check_budget(html)
    except OverBudgetError:
        return
    assert depth <= MAX_DEPTH


def test_ruby_annotations_on_a_deep_page_cost_little() -> None:
    html = "<div>" * 7_900 + "<ruby>" + "<rt>" * 240_000
    start = time.process_time()
    with contextlib.suppress(OverBudgetError):
        check_budget(html)
    assert time.process_time() - start < 3.0


def _near_miss(unit: str, size: int = 900_000) -> str:
    return "<html><body>" + unit * (size // len(unit)) + "</body></html>"


#: Elements each just under the attribute budget whose attributes are themselves tag-like
#: ("<a", "k=<a"): every "<a" starts a candidate element as long as the rest of the tag.
_ATTRIBUTE_NEAR_MISSES = {
    "tag-like-names": "<a" + " <a" * 999 + ">x",
    "tag-like-values": "<a" + " k=<a" * 999 + ">x",
    "in-select": "<select><a" + " <a" * 999 + ">x",
    "after-select": "<select></select><b" + " <b" * 999 + ">x",
}


@pytest.mark.parametrize("unit", _ATTRIBUTE_NEAR_MISSES.values(), ids=_ATTRIBUTE_NEAR_MISSES)
def test_elements_just_under_the_attribute_budget_are_scanned_in_linear_time(unit: str) -> None:
    """900 kB of such elements took 6 s (every "<a" re-read the tag after it); the page is
    read a bounded number of times now. A refusal is allowed where the scan cannot follow
    the tokenizer (inside a select); passing or refusing, it takes well under 2 s."""
    html = _near_miss(unit)
    started = time.process_time()
    with contextlib.suppress(OverBudgetError):
        check_budget(html, max_attributes=1_000)
    assert time.process_time() - started < 2.0


def test_elements_just_under_the_attribute_budget_pass_where_the_tokenizer_is_followed() -> None:
    check_budget(_near_miss(_ATTRIBUTE_NEAR_MISSES["tag-like-names"], 50_000), max_attributes=1_000)


@pytest.mark.parametrize("tag", ["html", "body"])
def test_attributes_merged_over_repeated_html_or_body_tags_count_together(tag: str) -> None:
    """The parser adds the attributes of a second ``<html>`` or ``<body>`` to the first one's
    (checking each against those it has): 100 tags of 999 distinct attributes took Lexbor 24 s."""
    repeated = "".join(
        f"<{tag} " + " ".join(f"a{j}_{i}" for i in range(600)) + ">" for j in range(2)
    )
    with pytest.raises(OverBudgetError) as caught:
        check_budget(f"<html><body><p>story</p>{repeated}</body></html>", max_attributes=1_000)
    assert caught.value.reason == "attributes"


def test_a_page_with_a_second_body_tag_passes() -> None:
    html = "<html><body class='a'><p>story</p><body class='b' id='c'><p>more</p></body></html>"
    check_budget(html, max_attributes=1_000)


#: Units whose formatting element the parser takes out with the table and rebuilds, with all
#: the ones before it, at the next unit (an applet, object or marquee in <math>/<svg> is a
#: foreign element, no marker that would end them): N units make 1 + 2 + … + N elements.
_REBUILT = [
    "<u id={i}></table><table><math><applet id={i}>x",
    "<b class=c{i}></table><table><svg><object id={i}>x",
    "<i title={i}></table><table><math><marquee id={i}>x",
]


@pytest.mark.parametrize("unit", _REBUILT)
def test_formatting_elements_rebuilt_in_every_unit_count_as_elements(unit: str) -> None:
    """2,000 such units (96 kB) made Lexbor hold 2 million elements (751 MB) and passed."""
    html = "".join(unit.format(i=i) for i in range(2_000))
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html)
    assert caught.value.reason in ("nodes", "depth")


@pytest.mark.parametrize("unit", _REBUILT)
def test_formatting_elements_rebuilt_past_a_foreign_applet_count_as_depth(unit: str) -> None:
    html = "".join(unit.format(i=i) for i in range(1_200))
    reason = None
    try:
        check_budget(html, max_depth=1_000, max_nodes=10**9)
    except OverBudgetError as refused:
        reason = refused.reason
    assert reason in (None, "depth")
    assert reason == "depth" or lexbor_depth(html) <= 1_000 + _IMPLIED_LEVELS


def test_ordinary_pages_with_formatting_in_every_paragraph_pass_the_element_budget() -> None:
    """Bold and italic left open in each of thousands of paragraphs are rebuilt a few at a
    time: the page holds a few elements per paragraph, and passes."""
    paragraph = "<p><b>Lead</b> and <i>more <em>words</em></i>, <strong>left open"
    html = "<html><body>" + paragraph * 8_000 + "</body></html>"
    check_budget(html)


@pytest.mark.parametrize(
    "unit",
    [
        "<p><b id={i}>x",
        "<li><i id={i}>x",
        "<div><em class=c{i}>x</div>",
        "<dd><s title={i}>x",
    ],
)
def test_formatting_elements_rebuilt_in_every_block_count_as_elements(unit: str) -> None:
    """Each block closes the formatting elements left open in the one before, and the
    parser rebuilds them all in the next: 3,000 units make 4.5 million elements (6,700
    such paragraphs, 100 kB, took Lexbor past 3 GB), nested only 3,000 deep."""
    html = "<body><ul><dl>" + "".join(unit.format(i=i) for i in range(3_000))
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html)
    assert caught.value.reason in ("nodes", "depth")


def test_a_select_with_tens_of_thousands_of_options_is_refused() -> None:
    """Lexbor's cost grows with the square of a select's options (20,000 took 1.9 s, the
    33,000 of a 1 MB page 10 s): a page past the budget of options is refused at once."""
    html = "<body><select>" + "".join(f"<option value={i}>choice {i}" for i in range(30_000))
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html)
    assert caught.value.reason == "nodes"


def test_a_long_list_of_countries_passes() -> None:
    options = "".join(f"<option value=c{i}>Country {i}</option>" for i in range(300))
    check_budget(f"<body><form><select name=country>{options}</select></form><p>x</p></body>")


def test_repeated_body_tags_with_the_same_attributes_pass() -> None:
    # pasted widgets, each a whole document: the parser adds to the page's <body> only the
    # attributes it does not have yet, so 60 copies of the same 20 count 20
    attrs = " ".join(f'data-a{i}="x"' for i in range(20))
    widgets = "".join(f"<div><body {attrs} CLASS=w><p>widget {n}</p></div>" for n in range(60))
    check_budget(f"<html><body class=page><p>story</p>{widgets}</body></html>")


def test_repeated_body_tags_with_distinct_attributes_add_up() -> None:
    widgets = "".join(
        "<div><body " + " ".join(f"data-{n}-{i}=x" for i in range(20)) + "><p>w</p></div>"
        for n in range(60)
    )
    with pytest.raises(OverBudgetError) as caught:
        check_budget(f"<html><body><p>story</p>{widgets}</body></html>")
    assert caught.value.reason == "attributes"


def test_a_shop_page_of_many_small_selects_passes() -> None:
    # Lexbor's cost is the square of one select's options: 400 quantity pickers of 30
    # options each (12,000 in all) parse in milliseconds and are a normal listing page
    picker = "<select name=qty>" + "".join(f"<option value={n}>{n}</option>" for n in range(30))
    items = "".join(f"<div class=item><p>Item {i}</p>{picker}</select></div>" for i in range(400))
    check_budget(f"<body>{items}</body>")


def test_options_counted_per_select_up_to_the_next_select_or_its_end() -> None:
    options = [f"<option value={i}>{i}" for i in range(10_500)]
    many, half, rest = "".join(options), "".join(options[:5_250]), "".join(options[5_250:])
    # a <select> start inside a select ends it, as its end tag does
    check_budget(f"<body><select>{half}<select>{rest}")
    with pytest.raises(OverBudgetError):
        check_budget(f"<body><p>x</p><SELECT name=a>{many}")  # unclosed, to the page's end


@pytest.mark.xfail(
    strict=True,
    reason="known hole: after a <math> the scan is lost, start tags close nothing there but "
    "end tags still do, so '</dd>' closes a <dd> the parser had closed with the <dt> and the "
    "<pre>/<dt> above it: the scan counts 1 level a unit, Lexbor 2 (bench/RESULTS.md)",
)
def test_a_definition_list_broken_out_of_math_is_counted_as_deep_as_lexbor() -> None:
    html = "</dd><pre><dd><dt><math>" * 900
    reason = None
    try:
        check_budget(html, max_depth=1_000, max_nodes=10**9)
    except OverBudgetError as refused:
        reason = refused.reason
    assert reason == "depth" or lexbor_depth(html) <= 1_000 + _IMPLIED_LEVELS


def test_a_cell_inside_svg_leaves_no_open_cell_counted_once_closed() -> None:
    # a <td> inside <svg> is a foreign element, not a table cell: when it closes, the scan
    # must not go on believing a cell is open (every later cell would search the stack)
    from pipeline.extract.parse import _OpenElements

    state = _OpenElements()
    state.push("svg", foreign=True)
    state.push("td", foreign=True)
    state.pop_to(0)
    assert state.stack == []
    assert all(count == 0 for count in state.counts.values())
