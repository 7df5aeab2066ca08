"""The generic body extractor on real pages (token F1 against the reviewed body) and snippets."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.extract.body import declared_blocks, extract_body
from pipeline.extract.boilerplate import class_weight, names_comments
from pipeline.extract.metadata import extract_metadata
from pipeline.extract.parse import parse_html
from pipeline.maintain.check import token_f1

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = [
    FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.html.gz",
    *sorted((FIXTURES / "extract" / "site-pages").glob("*.html.gz")),
]
F1_FLOOR = 0.9


def load(page: Path) -> tuple[str, dict[str, object]]:
    html = gzip.decompress(page.read_bytes()).decode("utf-8")
    expected = json.loads(page.with_name(page.name.replace(".html.gz", ".json")).read_text("utf-8"))
    return html, expected


def test_fixture_pages_present() -> None:
    assert len(PAGES) == 5


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name.split(".")[0])
def test_generic_body_f1(page: Path) -> None:
    html, expected = load(page)
    tree = parse_html(html)
    paragraphs = extract_body(tree)
    assert len(paragraphs) >= 3
    assert token_f1(" ".join(paragraphs), str(expected["body"])) >= F1_FLOOR


def test_extract_body_does_not_modify_the_tree() -> None:
    html, _ = load(PAGES[0])
    tree = parse_html(html)
    before = tree.html
    extract_body(tree)
    assert tree.html == before


ARTICLE = """
<html><body>
  <header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
  <div class="breadcrumb"><a href="/">Home</a> › <a href="/world">World</a></div>
  <main>
    <article>
      <h1>Rivers burst their banks</h1>
      <div class="share-tools"><a href="#">Share</a> <a href="#">Tweet</a></div>
      <figure><img src="x.jpg">
        <figcaption>A flooded street. (AP Photo/Jo Bloggs)</figcaption></figure>
      <div class="article-body">
        <p>Heavy rain caused rivers to burst their banks across the north on Sunday,
           officials said.</p>
        <p>More than 900 homes were flooded, and hundreds of people were moved to shelters.</p>
        <div class="promo-box"><p>Sign up for our newsletter, delivered every morning.</p></div>
        <h2>What happens next</h2>
        <p>Forecasters expect more rain this week, with warnings in place until Thursday.</p>
        <ul>
          <li>Schools in three districts are closed on Monday and Tuesday.</li>
          <li>Two bridges remain shut to traffic until engineers inspect them.</li>
        </ul>
        <ul class="links">
          <li><a href="/a">Storm season starts early</a></li>
          <li><a href="/b">How to prepare your home for floods</a></li>
        </ul>
        <p><a href="/c">Read more: the 2020 floods</a></p>
      </div>
      <aside class="related"><h3>Related</h3>
        <p><a href="/d">Older flood story with a long headline</a></p></aside>
    </article>
  </main>
  <div id="comments">
    <p>First comment, this is a long comment text from a reader of the site.</p></div>
  <footer><p>Copyright 2024 Example News. All rights reserved. Contact us anytime.</p></footer>
</body></html>
"""


def test_snippet_body_keeps_headings_and_lists_drops_boilerplate() -> None:
    paragraphs = extract_body(parse_html(ARTICLE))
    assert paragraphs == [
        "Heavy rain caused rivers to burst their banks across the north on Sunday, officials said.",
        "More than 900 homes were flooded, and hundreds of people were moved to shelters.",
        "What happens next",
        "Forecasters expect more rain this week, with warnings in place until Thursday.",
        "Schools in three districts are closed on Monday and Tuesday.",
        "Two bridges remain shut to traffic until engineers inspect them.",
    ]


def test_jsonld_article_body_fallback() -> None:
    body = (
        "First paragraph of the real story, long enough.\nSecond paragraph with more detail here."
    )
    html = (
        '<html><head><script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "headline": "H", "articleBody": body})
        + "</script></head><body><div id='app'>Loading…</div></body></html>"
    )
    assert extract_body(parse_html(html)) == body.split("\n")


def test_the_body_metadata_read_is_the_one_used() -> None:
    """The extract stage hands the body stage the JSON-LD body the metadata read: the same
    paragraphs as reading it again, and ``[]`` means the page declares none."""
    body = "The council met at noon and voted.\nThe mayor said the budget would pass."
    html = (
        '<html><head><script type="application/ld+json">'
        + json.dumps({"@type": "BlogPosting", "headline": "Budget", "articleBody": body})
        + "</script></head><body><div id='app'>Loading…</div></body></html>"
    )
    tree = parse_html(html)
    raw = extract_metadata(tree, "https://city.example/budget")
    assert raw.article_body == body
    declared = declared_blocks(raw.article_body)
    assert extract_body(tree, declared=declared) == extract_body(tree) == body.split("\n")
    assert extract_body(tree, declared=[]) == []  # told there is none: the page shows none
    assert declared_blocks(None) == declared_blocks(["not", "text"]) == []


def test_div_and_br_pages() -> None:
    html = (
        "<html><body><div class='menu'><a href='/'>Home</a></div><div class='story'>"
        "The first part of a story written without paragraph tags, only line breaks.<br><br>"
        "The second part, which continues the story with more words and detail.</div></body></html>"
    )
    assert extract_body(parse_html(html)) == [
        "The first part of a story written without paragraph tags, only line breaks.",
        "The second part, which continues the story with more words and detail.",
    ]


def body_of(inner: str, head: str = "") -> list[str]:
    """The generic body of a page whose <body> holds ``inner``."""
    return extract_body(parse_html(f"<html><head>{head}</head><body>{inner}</body></html>"))


PROSE = [
    "The council voted on Tuesday to close the old bridge, citing a report by its engineers.",
    "Repairs would cost more than a new crossing, the report said, and take three years.",
    "Residents who use the bridge every day said they were not consulted before the vote.",
    "A public meeting on the new crossing is planned for next month, officials said.",
]


def paras(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def test_embedded_post_in_a_furniture_named_wrapper_is_kept() -> None:
    tweet = "We asked for a safer crossing for years, and nobody listened to us at all."
    inner = (
        f"<article><div class='story'>{paras(PROSE[:2])}"
        f"<div class='social-embed'><blockquote class='twitter-tweet'><p>{tweet}</p>"
        "<a href='https://t.example/1'>— Resident (@res) November 18, 2019</a></blockquote></div>"
        f"<div class='share-bar'><a href='#'>Share on Facebook</a> <span>Share</span></div>"
        f"{paras(PROSE[2:])}</div></article>"
    )
    body = body_of(inner)
    assert tweet in body
    assert PROSE[0] in body
    assert PROSE[3] in body
    assert not any("Share" in p for p in body)


def test_related_list_with_partly_linked_items_is_dropped_but_a_list_of_facts_stays() -> None:
    related = "".join(
        f"<li>Read: <a href='/r{i}'>Another story about bridges number {i}</a></li>"
        for i in range(4)
    )
    facts = (
        "<ul><li>The bridge opened in 1931 and carries 12,000 cars a day.</li>"
        "<li>Its last major repair, in 1998, cost <a href='/r'>$4 million</a>.</li></ul>"
    )
    body = body_of(f"<div class='text'>{paras(PROSE)}{facts}<ul>{related}</ul></div>")
    assert "The bridge opened in 1931 and carries 12,000 cars a day." in body
    assert "Its last major repair, in 1998, cost $4 million." in body
    assert not any("Another story" in p for p in body)


def test_table_rows_are_one_line_each() -> None:
    table = (
        "<table><tr><th>Team</th><th>Points</th></tr>"
        "<tr><td>Rovers</td><td>42</td></tr><tr><td>United</td><td>40</td></tr></table>"
    )
    body = body_of(f"<div class='text'>{paras(PROSE)}{table}</div>")
    assert body[-3:] == ["Team Points", "Rovers 42", "United 40"]


def test_article_split_around_an_ad_is_read_whole() -> None:
    inner = (
        "<main><div class='chunks'>"
        f"<div class='grid'><div class='chunk'>{paras(PROSE[:2])}</div></div>"
        "<div class='ad-slot'><p>Advertisement</p></div>"
        f"<div class='grid'><div class='chunk'>{paras(PROSE[2:])}</div></div>"
        "</div></main><div class='sidebar'><p>Most read: a story about something else.</p></div>"
    )
    assert body_of(inner) == PROSE


def test_class_names_do_not_hide_the_article_text() -> None:
    # a CMS that lists tags and thumbnails in the article's class; a layout wrapper
    # whose class mentions the sidebar it makes room for; a field wrapper called "meta"
    inner = (
        "<div class='layout has-sidebar'><article class='post tag-bridges has-post-thumbnail'>"
        f"<span class='cms_meta_field'>{paras(PROSE)}</span></article>"
        "<aside><p>About us: a long text about the site that is not the article.</p></aside>"
        "</div>"
    )
    assert body_of(inner) == PROSE


def test_hidden_elements_are_skipped() -> None:
    inner = (
        f"<div class='text'>{paras(PROSE[:2])}"
        "<p style='display: none'>A hidden paragraph that scripts would show later on.</p>"
        "<p hidden>Another hidden paragraph with enough words to count as prose.</p>"
        f"{paras(PROSE[2:])}</div>"
    )
    assert body_of(inner) == PROSE


def test_calls_to_follow_are_dropped_only_at_the_end() -> None:
    middle = "The mayor said she would follow the engineers' advice on Twitter and elsewhere."
    end = "Follow us on Twitter and Facebook for more local news."
    body = body_of(f"<div class='text'>{paras([PROSE[0], middle, *PROSE[1:], end])}</div>")
    assert middle in body
    assert end not in body


def test_a_short_jsonld_teaser_does_not_replace_the_page_text() -> None:
    teaser = "The council voted on Tuesday to close the old bridge."
    head = (
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "headline": "H", "articleBody": teaser})
        + "</script>"
    )
    assert body_of(f"<div class='text'>{paras(PROSE)}</div>", head) == PROSE


def test_bare_page_with_paragraphs_right_in_body() -> None:
    assert body_of(paras(PROSE[:1])) == PROSE[:1]


def test_a_page_nested_thousands_of_levels_deep() -> None:
    # unclosed inline and block tags: the walk keeps its own stack, no RecursionError
    for tag in ("font", "div"):
        assert body_of(f"<{tag}>" * 5000 + paras(PROSE[:1])) == PROSE[:1]


# -- generalization (#14): pages built in ways the extractor was not tuned on -----------------
GUIDE = [
    "Start with a soil test: most garden centres sell kits, and the result tells you what to add.",
    "Dig in compost in autumn, so that worms have the winter to work it into the top layer.",
    "Sow the hardy crops first, broad beans and peas, as soon as the ground is workable.",
    "Keep a notebook of what you planted where, because rotating crops keeps pests away.",
    "Water in the morning rather than the evening, when slugs come out to feed on wet leaves.",
    "Mulch the beds in early summer to keep the moisture in during the dry weeks ahead.",
]


def test_an_article_split_over_consecutive_sections_is_read_whole() -> None:
    # a page builder: one section per part of the guide, each its own column, no shared
    # paragraph parent; the best single section holds only a third of the text
    sections = "".join(
        f"<section class='builder-row'><div class='col'><h2>Part {i + 1}</h2>"
        f"{paras(GUIDE[2 * i : 2 * i + 2])}</div></section>"
        for i in range(3)
    )
    inner = (
        f"<div class='page'>{sections}</div>"
        "<div class='more'><ul><li><a href='/a'>Ten tools for the allotment</a></li>"
        "<li><a href='/b'>How to grow tomatoes</a></li></ul></div>"
    )
    body = body_of(inner)
    assert [p for p in body if p in GUIDE] == GUIDE
    assert "How to grow tomatoes" not in body


CLOSING = ["By late summer the first harvest is in, and the notebook shows what to change."]


def test_a_story_whose_element_is_named_like_furniture_is_kept() -> None:
    # "teaser" and "read-more" name the elements holding the story on some templates
    inner = (
        f"<main><p>{PROSE[0]}</p><div class='article-teaser'>{paras(PROSE[1:] + GUIDE[:2])}"
        f"</div><div id='read-more'><a href='#more'>Read more</a>"
        f"<div class='read-more-content'>{paras(GUIDE[2:] + CLOSING)}</div></div></main>"
    )
    body = body_of(inner)
    assert all(p in body for p in PROSE + GUIDE + CLOSING)


def test_prose_in_a_comment_thread_is_not_the_article() -> None:
    comments = [
        "I have crossed that bridge every day for twenty years and it was always fine, honestly.",
        "The engineers know better than us, but the council should have asked people first.",
        "This is the third time they close something without asking the people who use it.",
        "Does anyone know if the bus will still run across the river while the works go on?",
        "My father helped build that bridge in the sixties, and it is sad to see it go this way.",
    ]
    inner = (
        f"<article><div class='story'>{paras(PROSE)}</div>"
        f"<section class='comments'>{paras(comments)}</section></article>"
    )
    assert body_of(inner) == PROSE


def test_an_article_inside_a_header_element_is_read() -> None:
    inner = (
        "<header class='site'><a href='/'>Home</a></header><main>"
        f"<header class='hero-section'><h1>Bridge to close</h1>{paras(PROSE + GUIDE)}</header>"
        "</main>"
    )
    assert [p for p in body_of(inner) if p in PROSE + GUIDE] == PROSE + GUIDE


def test_page_builder_widgets_holding_the_article_are_read() -> None:
    # every block of the article in its own "widget" wrapper, headings included
    widgets = "".join(
        f"<div class='builder-widget-container'><h2>Step {i + 1}</h2></div>"
        f"<div class='builder-widget-container'><p>{text}</p></div>"
        for i, text in enumerate(GUIDE)
    )
    inner = (
        f"<main><div class='builder-page'>{widgets}</div></main>"
        "<div class='related-widget'><a href='/x'>Ten tools for the allotment</a></div>"
    )
    body = body_of(inner)
    assert [p for p in body if p in GUIDE] == GUIDE
    assert "Step 3" in body
    assert "Ten tools for the allotment" not in body


def test_an_article_streamed_into_a_hidden_element_is_read() -> None:
    # a script reveals it later (React streaming: <div hidden id="S:0">); the visible page
    # is a loading shell
    inner = f"<div id='root'><p>Loading…</p></div><div hidden id='S:0'>{paras(PROSE)}</div>"
    assert body_of(inner) == PROSE


def test_a_hidden_element_next_to_a_visible_article_stays_hidden() -> None:
    inner = f"<article>{paras(GUIDE)}</article><div hidden>{paras(PROSE)}</div>"
    assert body_of(inner) == GUIDE


def test_a_list_of_sentences_that_carry_links_is_article_text() -> None:
    # a release-notes post: each item is a sentence whose subject or object is a link; a
    # list of headlines (every item wholly a link) beside it is still a box of links
    notes = [
        ("Priya", "fixed a crash when saving very large spreadsheets"),
        ("Tomás", "made the importer read files with Windows line endings"),
        ("the docs team", "rewrote the guide for first-time contributors"),
    ]
    items = "".join(
        f"<li><a href='/u/{w}'>{w}</a> <a href='/bug/{i}'>{what}</a> in this release.</li>"
        for i, (w, what) in enumerate(notes)
    )
    headlines = "".join(f"<li><a href='/n{i}'>Earlier release notes, part {i}</a></li>"
                        for i in range(4))  # fmt: skip
    body = body_of(f"<article>{paras(PROSE[:3])}<ul>{items}</ul><ul>{headlines}</ul></article>")
    for who, what in notes:
        assert f"{who} {what} in this release." in body
    assert not any("Earlier release notes" in p for p in body)


def test_headings_and_table_cells_that_are_links_stay_in_the_article() -> None:
    # a guide whose section headings link to themselves and whose table names link out
    inner = (
        "<div class='entry'>"
        "<h2><a href='#costs'>What the new crossing will cost</a></h2>"
        f"{paras(PROSE[:2])}"
        "<h3><a href='#timeline'>When work starts</a></h3>"
        f"{paras(PROSE[2:])}"
        "<table><tr><td><a href='/firm/a'>Harbour Engineering</a></td><td>£41m</td>"
        "<td>lowest bid, chosen by the council</td></tr>"
        "<tr><td><a href='/firm/b'>Northbank Builders</a></td><td>£44m</td>"
        "<td>withdrew in the second round</td></tr></table>"
        "<p><a href='/more'>More stories about the bridge and the town council</a></p>"
        "</div>"
    )
    body = body_of(inner)
    assert "What the new crossing will cost" in body
    assert "When work starts" in body
    assert "Harbour Engineering £41m lowest bid, chosen by the council" in body
    assert not any("More stories" in p for p in body)
    assert PROSE[0] in body
    assert PROSE[3] in body


def test_a_table_wrapped_in_a_figure_is_read_its_caption_is_not() -> None:
    # block editors wrap every table in <figure> (a photo's caption still stays out)
    table = (
        "<figure class='wp-block-table'><table><tbody>"
        "<tr><td>Plan</td><td>Monthly fee</td><td>Best for</td></tr>"
        "<tr><td>Starter</td><td>$9</td><td>one person keeping a small garden log</td></tr>"
        "<tr><td>Family</td><td>$19</td><td>households sharing plots and harvest notes</td></tr>"
        "</tbody></table><figcaption>Prices as of March.</figcaption></figure>"
    )
    photo = (
        "<figure><img src='p.jpg'><figcaption>The old bridge at dawn, seen from the "
        "north bank of the river.</figcaption></figure>"
    )
    body = body_of(f"<article>{paras(PROSE[:2])}{photo}{table}{paras(PROSE[2:])}</article>")
    assert "Starter $9 one person keeping a small garden log" in body
    assert "Family $19 households sharing plots and harvest notes" in body
    assert not any("Prices as of" in p for p in body)
    assert not any("old bridge at dawn" in p for p in body)


MORE_PROSE = [
    "Engineers first warned about corrosion in the bridge's steel cables in a 2015 survey.",
    "The survey found that two of the eight cables had lost a fifth of their strength.",
    "A weight limit for lorries followed, and buses were rerouted through the town centre.",
    "Shop owners on the north bank say their trade fell by a third after the limit began.",
    "The new crossing would be built a hundred metres downstream, on land the town owns.",
    "Construction could start next spring if the regional government approves the money.",
]


def test_an_article_in_two_wrapped_parts_is_read_whole() -> None:
    # a template that wraps each part of the story (split around an ad slot) in a wrapper of
    # the same class, each holding one block: the first part is short beside the second
    sections = [
        f"Section {n} of the engineers' report lists the repairs, their costs and the delays."
        for n in ("two", "three", "four", "five", "six", "seven")
    ]
    inner = (
        "<article><h1>Council votes to close the old bridge</h1>"
        f"<div class='story-part'><div class='story-text'>{paras(PROSE)}</div></div>"
        f"<div class='story-part'><div class='story-text'>{paras(MORE_PROSE + sections)}"
        "</div></div></article>"
        "<div class='more'><p>Elsewhere: <a href='/x'>a story about the harbour</a></p></div>"
    )
    body = body_of(inner)
    for paragraph in PROSE + MORE_PROSE + sections:
        assert paragraph in body
    assert not any("Elsewhere" in p for p in body)


def _builder_block(texts: list[str], heading: str = "") -> str:
    """One block of a page builder: five wrappers deep around its paragraphs."""
    title = f"<h3 class='block__headline'>{heading}</h3>" if heading else ""
    return (
        f"<div class='block-id'><section class='content-section'><div class='section-wrap'>"
        f"{title}<div class='row'><div class='col-md-12'><div class='richtext'>{paras(texts)}"
        "</div></div></div></div></section></div>"
    )


def _see_also(links: list[str]) -> str:
    """A "see also" line between two blocks: a link line of its own."""
    return "".join(
        f"<div class='inline-link'><p><a href='/{i}'>&gt;&gt;&gt; {t}</a></p></div>"
        for i, t in enumerate(links)
    )


@pytest.mark.parametrize(
    "parts",
    [
        [
            [
                "Der Zulieferer meldet einen Auftragseingang, wie es ihn vor der Krise nie gab.",
                "Die Branche sei für Jahre ausverkauft, sagte der Vorstand am Dienstag.",
            ],
            [
                "Weltweit seien heuer so viele Flugzeuge verkauft worden wie im ganzen Vorjahr.",
                "Die Nachfrage der Fluglinien sei höher, als die Industrie liefern könne, hieß es.",
            ],
            [
                "Die Lieferketten würden sich nachhaltig verändern, auch wegen der Inflation.",
                "Das Unternehmen liefert von seinem Werk aus an Kunden in Europa und Amerika.",
            ],
            [
                "Beim Treibstoff setze man auf neue Verfahren, die bis 2030 marktreif sein sollen.",
                "Bis dahin, so der Vorstand, müsse die Politik die richtigen Anreize setzen.",
            ],
        ],
        [
            [
                "La mairie a présenté lundi son plan pour rénover les écoles de la ville, enfin.",
                "Les travaux commenceront cet été et dureront, selon elle, au moins trois ans.",
            ],
            [
                "Les parents d'élèves, consultés en mars, demandent surtout des cantines neuves.",
                "Le budget, de douze millions d'euros, sera voté par le conseil en septembre.",
            ],
            [
                "Deux écoles fermeront pendant un an, et leurs élèves seront accueillis ailleurs.",
                "Les enseignants regrettent de ne pas avoir été associés au choix des classes.",
            ],
        ],
    ],
)
def test_an_article_over_deeply_nested_builder_blocks_is_read_whole(
    parts: list[list[str]],
) -> None:
    # each part of the story sits five wrappers deep in a block of its own, and the blocks
    # are separated by "see also" link lines and followed by a list of links: the article
    # is every block, not the best one
    blocks = [_builder_block(part, f"Teil {i}" if i else "") for i, part in enumerate(parts)]
    links = ["Die größten Unternehmen des Landes", "Der Bericht des Jahres", "Neue Werke"]
    inner = "".join(b + _see_also(links[i % 3 : i % 3 + 2]) for i, b in enumerate(blocks))
    inner = (
        f"<div class='article'><div class='container'><div class='behind-paywall'>{inner}"
        "</div><ul class='tags'><li><a href='/t1'>Industrie</a></li><li><a href='/t2'>Export"
        "</a></li><li><a href='/t3'>Luftfahrt</a></li></ul></div></div>"
    )
    body = body_of(inner)
    expected = [p for part in parts for p in part]
    assert [p for p in body if p in expected] == expected
    assert not any("&gt;" in p or ">>>" in p for p in body)
    assert "Luftfahrt" not in body


@pytest.mark.parametrize(
    "paragraphs",
    [
        [
            "Wir sind am Samstag früh aufgebrochen, der Wind kam aus Westen.",
            "Am Abend lag das Boot im Hafen.",
        ],
        [
            "Tuples are immutable lists, and they take less memory than lists do.",
            "Generators are lazy.",
        ],
        [
            "Le marché ouvre à sept heures, et les premiers clients arrivent tôt.",
            "Il ferme à midi.",
        ],
    ],
)
def test_a_declared_body_of_escaped_html_is_read_as_text(paragraphs: list[str]) -> None:
    # some templates write the article's HTML into the JSON-LD articleBody entity-escaped
    # ("&lt;p&gt;…"): it is markup, not text to print
    escaped = "".join(f"&lt;p&gt;{p} &lt;code class=&quot;x&quot;&gt;x&lt;/code&gt;&lt;/p&gt;\n"
                      for p in paragraphs)  # fmt: skip
    blocks = declared_blocks(escaped)
    assert [b.removesuffix(" x") for b in blocks] == paragraphs
    assert not any("&lt;" in b or "<p>" in b or "code" in b for b in blocks)
    head = (
        '<script type="application/ld+json">'
        + json.dumps({"@type": "BlogPosting", "articleBody": escaped * 12})
        + "</script>"
    )
    # an app shell: the page shows next to nothing, the declared body is the text
    body = body_of("<main><div id='app'>Loading…</div></main>", head)
    assert [b.removesuffix(" x") for b in body] == paragraphs * 12
    assert not any("&lt;" in b or "<p>" in b for b in body)


RECIPE = {
    "de": [
        "Dieser saftige Kuchen vom Blech ist schnell gemacht und gelingt auch Anfängern gut.",
        "Butter, Zucker und Eier schaumig rühren, dann Mehl und den Saft der Zitronen unterheben.",
    ],
    "en": [
        "This lemon sheet cake is quick to make, and it works even for a first-time baker.",
        "Beat the butter, sugar and eggs until fluffy, then fold in the flour and lemon juice.",
    ],
    "es": [
        "Este bizcocho de limón se prepara en poco tiempo y sale bien incluso a principiantes.",
        "Bate la mantequilla, el azúcar y los huevos, y luego añade la harina y el zumo.",
    ],
}
THREAD = [
    "Thanks, I baked it on Friday for my neighbours, and everyone asked for the recipe, really!",
    "Can I turn the batter into muffins instead? Do I need to change anything at all, then?",
    "That should work, but they will be a little drier, so check them with a skewer early.",
    "Mine came out dense and oily, and I have no idea why, since I bake a lot, honestly.",
    "Second try with one egg less and whipped egg whites worked out fine, it was a hit.",
    "We could not solve the mystery, I am afraid, but the main thing is that it tastes good.",
    "I added some poppy seeds to the batter, and it looked and tasted wonderful, thank you.",
    "How long does it keep? Mine is gone after a day, so I never found out, sadly enough.",
]


def _thread(comments: list[str]) -> str:
    """A comment thread far longer than the article, each comment in its own element."""
    items = "".join(
        f"<div class='wc-comment'><div class='wc-comment-author'>Reader {i}</div>"
        f"<div class='wc-comment-text'><p>{c}</p></div></div>"
        for i, c in enumerate(comments)
    )
    return f"<div id='comments' class='comments-area'><h3>Leave a comment</h3>{items}</div>"


@pytest.mark.parametrize("language", sorted(RECIPE))
def test_a_comment_thread_longer_than_the_article_is_not_the_article(language: str) -> None:
    # a recipe or a short post under a thread three times its length: the thread holds most
    # of the page's prose, and still is no layout wrapper
    article = RECIPE[language]
    inner = (
        "<div class='site-inner'><div class='content-sidebar-wrap'><main class='content'>"
        f"<article class='entry'><h1>Lemon cake</h1>"
        f"<div class='entry-content'>{paras(article)}</div></article>"
        f"{_thread(THREAD * 2)}</main><aside class='sidebar'><a href='/a'>Cakes</a></aside>"
        "</div></div>"
    )
    body = body_of(inner)
    assert [p for p in body if p in article] == article
    assert not any(c in body for c in THREAD)


def test_a_wrapper_named_after_its_comments_still_holds_the_article() -> None:
    # templates mark the post wrapper "comments-open": it holds the article and its thread
    article = RECIPE["en"] + PROSE + GUIDE
    inner = (
        f"<div class='post-wrap comments-open'><div class='entry-content'>{paras(article)}"
        f"</div>{_thread(THREAD)}</div>"
    )
    body = body_of(inner)
    assert [p for p in body if p in article] == article
    assert not any(c in body for c in THREAD)


def test_a_declared_article_body_over_the_structure_budget_is_not_read() -> None:
    """A JSON-LD ``articleBody`` is HTML the page's own budget check never saw (it sits in a
    script): one with an element of 300,000 attributes, entity-escaped, is skipped, not
    parsed for minutes."""
    attributes = " ".join(f"a{i}" for i in range(300_000))
    assert declared_blocks(f"&lt;p {attributes}&gt;story&lt;/p&gt;") == []
    assert declared_blocks("&lt;p class=&quot;x&quot;&gt;A short story.&lt;/p&gt;") == [
        "A short story."
    ]


ACCOUNT_DIALOG = {
    "de": [
        "Mein Konto – Registrierung",
        "Das Passwort muss mindestens acht Zeichen lang sein, einen Großbuchstaben und eine "
        "Ziffer enthalten.",
        "Du erhältst in Kürze eine E-Mail von uns, bitte bestätige den Link darin innerhalb "
        "von 24 Stunden, um deine Registrierung abzuschließen.",
        "Deine Registrierung ist leider fehlgeschlagen. Bitte lösche den Verlauf und deine "
        "Cookies, und klicke dann erneut auf den Bestätigungslink.",
        "Hier kann sich dein Kind einen Spitznamen geben, denn im Internet ist es nicht "
        "üblich, seinen echten Namen zu verwenden.",
    ],
    "en": [
        "My account – create a new account",
        "Your password must be at least eight characters long, with one capital letter and "
        "one digit.",
        "We have sent you an e-mail, so please confirm the link in it within 24 hours to "
        "complete your registration.",
        "Sorry, your registration failed. Please clear your history and cookies, and then "
        "click the confirmation link again.",
        "Forgot your password? Enter the address you signed up with, and we will send you a "
        "link to choose a new one.",
    ],
    "fr": [
        "Mon compte – inscription",
        "Le mot de passe doit contenir au moins huit caractères, dont une majuscule et un chiffre.",
        "Vous allez recevoir un courriel, confirmez le lien qu'il contient dans les 24 heures "
        "pour terminer votre inscription.",
        "Votre inscription a échoué. Veuillez effacer votre historique et vos cookies, puis "
        "cliquer de nouveau sur le lien de confirmation.",
        "Mot de passe oublié ? Saisissez votre adresse, et nous vous enverrons un lien pour "
        "en choisir un nouveau.",
    ],
}
TEASER = {
    "de": "New York ist das Zentrum der Pandemie in den USA, und auch der Sport steht still, "
    "während die Ligen auf neue Termine warten.",
    "en": "New York is the centre of the pandemic in the US, and sport has come to a halt "
    "while the leagues wait for new dates.",
    "fr": "New York est l'épicentre de la pandémie aux États-Unis, et le sport est à l'arrêt "
    "tandis que les ligues attendent de nouvelles dates.",
}


def _account_dialog(texts: list[str], names: tuple[str, str]) -> str:
    """A log-in and registration dialog in the page's markup (a script shows it), with its
    form: a heading, then its messages as paragraphs."""
    outer, inner = names
    return (
        f"<div class='{outer}'><section class='{inner}'><h2>{texts[0]}</h2>"
        f"<form action='/register'>{paras(texts[1:])}<input name='email'></form>"
        "</section></div>"
    )


@pytest.mark.parametrize("language", sorted(ACCOUNT_DIALOG))
@pytest.mark.parametrize(
    "names", [("b-dialog x-dialog-login", "registry-area"), ("loginModal", "modal-body")]
)
def test_a_login_dialog_is_not_the_article_of_a_video_page(
    language: str, names: tuple[str, str]
) -> None:
    # a video page shows a one-sentence teaser; the account dialog in its markup holds
    # most of the page's prose, and still is no article
    dialog = ACCOUNT_DIALOG[language]
    inner = (
        f"<div class='video-page'><div class='player-teaser'><p>{TEASER[language]}</p></div>"
        f"</div>{_account_dialog(dialog, names)}"
    )
    assert body_of(inner) == [TEASER[language]]


@pytest.mark.parametrize("language", sorted(ACCOUNT_DIALOG))
def test_a_sign_in_popup_longer_than_a_short_post_is_left_out(language: str) -> None:
    article = RECIPE.get(language, RECIPE["en"])
    dialog = ACCOUNT_DIALOG[language]
    inner = (
        f"<main><article class='post'><h1>Lemon cake</h1>{paras(article)}</article></main>"
        f"{_account_dialog(dialog, ('popup signin-popup', 'popup-inner'))}"
    )
    body = body_of(inner)
    assert [p for p in body if p in article] == article
    assert not any(line in body for line in dialog)


@pytest.mark.parametrize(
    "cls", ["content login-required", "popup-gallery entry", "account-news story"]
)
def test_a_wrapper_named_after_log_ins_or_popups_alone_still_holds_the_article(cls: str) -> None:
    # "login-required" (a member's article), "popup-gallery" (images that open in a popup):
    # one word of the pair is no dialog
    article = PROSE + GUIDE
    body = body_of(f"<div class='{cls}'><h1>The bridge</h1>{paras(article)}</div>")
    assert [p for p in body if p in article] == article


def test_an_article_in_short_cjk_paragraphs_outweighs_a_latin_box() -> None:
    # paragraphs of 15-25 ideographs say as much as English sentences of 50-80 letters
    zh = [
        "市议会周二投票决定关闭旧桥，理由是工程师的报告。",
        "报告说，维修费用将超过新建桥梁，而且需要三年。",
        "每天使用这座桥的居民说，投票前没有人征求意见。",
        "官员表示，关于新桥的公开会议计划在下个月举行。",
    ]
    ko = [
        "시의회는 화요일 낡은 다리를 폐쇄하기로 의결했다.",
        "보고서는 수리 비용이 새 다리보다 많이 든다고 밝혔다.",
        "매일 다리를 이용하는 주민들은 의견을 묻지 않았다고 했다.",
    ]
    box = (
        "<div class='about'><p>This site is run by volunteers in their free time, since 2009.</p>"
        "<p>Pictures and texts may be used freely, with a link back to the original page.</p>"
        "</div>"
    )
    for story in (zh, ko):
        body = body_of(f"<div class='main'>{paras(story)}</div>{box}")
        assert body == story


FORUM_POSTS = [
    "Since the last system update the fan of my Mac mini runs at full speed even when idle.",
    "Same here: resetting the SMC helped for a day, then the noise came back after a reboot.",
    "Check the activity monitor first, a stuck indexing process kept mine busy for a week.",
    "That was it, the indexer had hung on an external drive. Removing it from the list fixed it.",
]


def forum_page(posts: list[str], lang_path: str = "Forum › Hardware › Mac mini") -> str:
    # a thread whose opening post and answers are all named like comments, under a path
    items = "".join(
        f"<div class='comment-item'><div class='comment-author'>user{i}</div>"
        f"<div class='comment-body'><p>{post}</p></div></div>"
        for i, post in enumerate(posts)
    )
    return (
        f"<div class='top'><p>{lang_path}</p><h1>Fan noise after the update</h1></div>"
        f"<div id='comments' class='comments-list'>{items}</div>"
    )


def test_a_forum_thread_named_like_comments_is_read_when_the_page_shows_no_other_prose() -> None:
    body = body_of(forum_page(FORUM_POSTS))
    assert all(post in body for post in FORUM_POSTS)


def test_a_forum_thread_in_cjk_is_read_too() -> None:
    posts = [
        "更新系统以后，我的电脑风扇一直全速运转，即使什么都不做。有人遇到同样的问题吗？",
        "我也一样，重置以后好了一天，重启后噪音又回来了。看来不是硬件的问题。",
        "先看看活动监视器，我的电脑被一个卡住的索引进程占用了一周。删掉外接硬盘就好了。",
    ]
    body = body_of(forum_page(posts, "论坛 › 硬件"))
    assert all(post in body for post in posts)


def test_a_short_cjk_post_keeps_its_comments_out() -> None:
    # a blog post in lines of 15-20 ideographs: prose, though no line has 80 characters
    # and all of them 80 together; its comments are longer
    post = [
        "周末我们去了海边的小镇，天气很好。",
        "早上在市场买了新鲜的鱼，中午自己做饭。",
        "下午沿着海岸散步，看到很多渔船回港。",
        "晚上在码头看日落，第二天一早坐车回家。",
    ]
    comments = [
        "照片真漂亮，我明年也想去那个小镇看看，请问住在哪里？价格贵不贵？要提前预订吗？",
        "看起来很好吃，市场的鱼贵不贵？周末人多吗？我们上次去的时候市场已经关门了。",
        "我小时候也在那里住过，海边的日落特别美。现在镇上多了很多新的饭店和旅馆。",
        "请问从市区坐车要多久？有没有直达的公交车？我们打算下个月带孩子一起去玩。",
        "码头旁边那家小店的鱼汤很好喝，下次去一定要试试，不过周末要排很久的队。",
        "谢谢分享，写得很仔细。我们去年秋天去过一次，那时候游客不多，非常安静。",
    ]
    threads = "".join(f"<div class='comment'><p>{c}</p></div>" for c in comments)
    inner = (
        f"<article><div class='post'>{paras(post)}</div></article>"
        f"<div class='comments'>{threads}</div>"
    )
    assert body_of(inner) == post


def test_a_short_post_with_prose_keeps_its_comments_out() -> None:
    post = [
        "The harbour at dawn, taken from the old lighthouse before the ferries started to run.",
    ]
    comments = FORUM_POSTS[1:]
    threads = "".join(f"<div class='comment'><p>{c}</p></div>" for c in comments)
    inner = (
        f"<article><div class='post'>{paras(post)}</div></article>"
        f"<div class='comments'>{threads}</div>"
    )
    assert body_of(inner) == post


@pytest.mark.parametrize(
    "container",
    [
        "<article>{}</article>",
        "<div itemprop='articleBody'>{}</div>",
    ],
)
def test_a_news_brief_the_page_marks_as_its_article_keeps_longer_comments_out(
    container: str,
) -> None:
    # one short sentence of news, then reader comments each longer than the whole brief
    brief = ["The city park reopens on Monday after repairs to its two footbridges."]
    comments = FORUM_POSTS[1:]
    threads = "".join(f"<div class='comment'><p>{c}</p></div>" for c in comments)
    inner = container.format(paras(brief)) + f"<section class='comments'>{threads}</section>"
    assert body_of(inner) == brief


def lead_page(lead: str) -> str:
    """A paragraph beside the story's container, in the wrapper around both."""
    return f"<div class='wrap'><p class='x'>{lead}</p><div class='story'>{paras(PROSE)}</div></div>"


@pytest.mark.parametrize(
    "lead",
    [
        "परिषद ने मंगलवार शाम पुराने पुल को अगले वसंत से सभी यातायात के लिए बंद करने का फैसला किया।",
        "পরিষদ মঙ্গলবার সন্ধ্যায় পুরনো সেতুটি আগামী বসন্ত থেকে সব যানবাহনের জন্য বন্ধ করার সিদ্ধান্ত নিয়েছে।",
        "ምክር ቤቱ ማክሰኞ ምሽት ባደረገው ስብሰባ አሮጌውን ድልድይ ከሚቀጥለው ጸደይ ጀምሮ ለሁሉም ተሽከርካሪዎች ትራፊክ ለመዝጋት ወስኗል።",
        "Խորհուրդը երեքշաբթի երեկոյան որոշեց փակել հին կամուրջը "
        "բոլոր տրանսպորտային միջոցների համար։",
        "هل كان قرار المجلس إغلاق الجسر القديم أمام حركة المرور اعتبارا من الربيع المقبل صائبا؟",
        "کونسل نے منگل کی شام پرانے پل کو اگلے موسم بہار سے "
        "ہر قسم کی ٹریفک کے لیے بند کرنے کا فیصلہ کیا۔",
        "ကောင်စီက အင်္ဂါနေ့ညနေတွင် တံတားဟောင်းကို နောက်နွေဦးမှစ၍ ယာဉ်အားလုံးအတွက် ပိတ်ရန် ဆုံးဖြတ်ခဲ့သည်။",
        "ក្រុមប្រឹក្សាបានសម្រេចនៅល្ងាចថ្ងៃអង្គារ បិទស្ពានចាស់សម្រាប់ចរាចរណ៍ទាំងអស់ចាប់ពីរដូវផ្ការីកខាងមុខ។",
        "Θα κλείσει τελικά η παλιά γέφυρα για όλα τα οχήματα από την επόμενη άνοιξη, "
        "όπως αποφάσισε το συμβούλιο\u037e",
        "市議会は火曜日の夜、来春から古い橋を全面通行止めにすると決めた。技師の報告によると、"
        "修理には新しい橋を架けるより多くの費用と三年の工期がかかる。市長は記者団に対し、"
        "「市民の安全が第一だ」",
    ],
)
def test_a_lead_before_the_story_is_read_in_every_script(lead: str) -> None:
    assert body_of(lead_page(lead)) == [lead, *PROSE]


def test_a_line_before_the_story_that_ends_no_sentence_stays_out() -> None:
    line = "परिषद ने मंगलवार शाम पुराने पुल को अगले वसंत से सभी यातायात के लिए बंद करने का फैसला किया"
    zh = (
        "市议会周二晚间决定从明年春天起旧桥禁止一切车辆通行相关阅读更多新闻请点击这里查看"
        "市议会周二晚间决定从明年春天起旧桥禁止一切车辆通行相关阅读更多新闻请点击这里查看"
    )
    for text in (line, zh):
        assert body_of(lead_page(text)) == PROSE


@pytest.mark.parametrize(
    "value",
    [
        "kommentare",
        "article-kommentare",
        "userKommentare",
        "commentaires-liste",
        "comentarios",
        "bloque_commenti",
        "reacties",
        "komentarze-lista",
        "kommentarer",
        "kommentit",
        "lista-comentarii",
        "komentari",
        "yorumlar",
        "kommentarii-block",
        "pinglun-list",
        "hozzaszolasok",
    ],
)
def test_comment_threads_are_named_in_many_languages(value: str) -> None:
    assert names_comments(value)
    assert class_weight(value) == -2


@pytest.mark.parametrize(
    "value",
    [
        "kommentar",
        "category-kommentar",
        "commentaire-article",
        "comentario",
        "commento",
        "reactie",
        "komentarz",
        "beitrag",
        "antwort",
        "meinung",
    ],
)
def test_words_that_also_name_an_article_are_no_comment_thread(value: str) -> None:
    # an opinion piece is "Kommentar", "commento", "komentarz"; a post is a "Beitrag"
    assert not names_comments(value)
    assert class_weight(value) > -2


def test_a_thread_of_reader_comments_in_another_language_is_left_out() -> None:
    story = [
        "Der Gemeinderat hat am Dienstag beschlossen, die alte Brücke im Frühjahr zu schließen.",
        "Eine Reparatur würde mehr kosten als ein Neubau, heißt es im Bericht der Ingenieure.",
        "Anwohner, die die Brücke täglich nutzen, sagen, niemand habe sie vorher gefragt.",
    ]
    comments = [
        "Ich fahre seit zwanzig Jahren jeden Tag über diese Brücke, und nie gab es ein Problem.",
        "Die Ingenieure wissen es besser, aber der Rat hätte die Leute vorher fragen müssen.",
        "Schon wieder wird etwas geschlossen, ohne die Menschen zu fragen, die es brauchen.",
        "Weiß jemand, ob der Bus während der Bauarbeiten noch über den Fluss fahren wird?",
        "Mein Vater hat diese Brücke in den Sechzigern mitgebaut, schade, dass sie so endet.",
    ]
    for name in ("kommentare", "commentaires", "komentarze", "reacties"):
        inner = (
            f"<div class='beitrag kommentar'>{paras(story)}</div>"
            f"<div class='{name}'>{paras(comments)}</div>"
        )
        assert body_of(inner) == story
