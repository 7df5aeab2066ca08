"""A navigation, sidebar or footer left unclosed holds the rest of the page: the article is
still read.

A template that opens ``<nav>`` and ends it with ``</div>`` (or ``</span>``) leaves the
element open: the HTML parser puts everything after it — the article, the real footer —
inside it, and a browser shows the page as the author meant. The body stage skips
navigation, sidebars and footers whole, so such a page lost its article (a few links were
its "text"). These pages are made up; the F1 of whole development pages rewritten this way
is in ``bench/ablation.py``.
"""

from __future__ import annotations

import pytest

from pipeline.extract.body import declared_blocks, extract_body
from pipeline.extract.parse import parse_html

STORY = [
    "The city council voted seven to two on Tuesday night to build protected bike lanes "
    "along the length of Harbour Road, ending a debate that had run for three years.",
    "Supporters said the lanes would cut the number of crashes on one of the busiest routes "
    "into the centre, where four cyclists were injured last winter.",
    "Shop owners on the road asked for the loading bays outside their premises to stay, and "
    "the council agreed to keep six of them, moved to side streets where possible.",
    "Work is due to start in the spring and to take about eight months, the city's transport "
    "office said in a statement after the vote.",
]

MENU = (
    '<ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
    '<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul>'
)
SITE_FOOTER = (
    "<footer><p>© 2025 Harbour Gazette. All rights reserved. Contact the newsroom.</p></footer>"
)


def paragraphs(tag: str = "p") -> str:
    return "".join(f"<{tag}>{text}</{tag}>" for text in STORY)


def read(html: str) -> str:
    return "\n".join(extract_body(parse_html(html), second_opinion=False))


UNCLOSED = {
    # <nav> ended with </div> where no div is open: the parser keeps it open to the end
    "nav-closed-with-div": (
        f"<html><body><nav class='site-nav'>{MENU}</div>"
        f"<main><article><h1>Council approves bike lanes</h1>{paragraphs()}</article></main>"
        f"{SITE_FOOTER}</body></html>",
        "nav main",
        "Weather",
    ),
    # a sidebar before an article without <main>: it runs to the end and holds the first h1
    "sidebar-before-article": (
        "<html><body><div class='top'><a href='/'>Harbour Gazette</a></div>"
        "<aside class='left-column'><p><a href='/weather'>Weather: 12°C, light rain</a></p></span>"
        f"<article class='story'><h1>Council approves bike lanes</h1>{paragraphs()}</article>"
        f"{SITE_FOOTER}</body></html>",
        "aside article",
        "Weather",
    ),
    # closed late by its wrapper's end tag: the page goes on after it (a real footer), but
    # the nav holds <main>, which no navigation may hold
    "nav-closed-by-its-wrapper": (
        f"<html><body><div id='page'><nav>{MENU}</span>"
        f"<main><h1>Council approves bike lanes</h1><div class='entry'>{paragraphs()}</div></main>"
        f"</div>{SITE_FOOTER}</body></html>",
        "nav main",
        "Sport",
    ),
}


@pytest.mark.parametrize("case", UNCLOSED)
def test_furniture_left_unclosed_around_the_article(case: str) -> None:
    html, swallowed, furniture = UNCLOSED[case]
    assert parse_html(html).css_first(swallowed) is not None  # the parser's own reading
    text = read(html)
    for sentence in STORY:
        assert sentence in text
    assert furniture not in text
    assert "All rights reserved" not in text


def test_a_closed_nav_with_the_site_name_as_h1_stays_out() -> None:
    html = (
        f"<html><body><nav><h1><a href='/'>Harbour Gazette</a></h1>{MENU}</nav>"
        f"<div class='content'><h2>Council approves bike lanes</h2>{paragraphs()}</div>"
        f"{SITE_FOOTER}</body></html>"
    )
    text = read(html)
    assert text.splitlines()[-4:] == STORY
    assert "Harbour Gazette" not in text
    assert "Weather" not in text


def teasers(count: int, summary: str) -> str:
    return "".join(
        f"<article><h3><a href='/p{i}'>Earlier story number {i}</a></h3>"
        f"<p>{summary.format(i=i, lead=STORY[i % 4][:60])}</p></article>"
        for i in range(count)
    )


@pytest.mark.parametrize(
    ("box", "heading"),
    [
        # a site footer of "latest" teasers: furniture, as when it is skipped
        pytest.param(
            "<footer><h2>Latest</h2>"
            + teasers(3, "A short summary of an earlier story about the harbour, number {i}.")
            + "<p>© 2025 Harbour Gazette.</p></footer>",
            "Latest",
            id="footer-of-teasers",
        ),
        # a sidebar of long teaser summaries: the story is still the one <main> article
        pytest.param(
            "<aside class='more'><h2>More</h2>"
            + teasers(
                4,
                "{lead} — a longer summary of an earlier report on the harbour and its roads, "
                "number {i}, as the paper's readers saw it at the time.",
            )
            + "</aside>",
            "More",
            id="sidebar-of-long-teasers",
        ),
    ],
)
def test_a_box_of_teaser_articles_ending_the_page_stays_out(box: str, heading: str) -> None:
    """A closed box that ends the page and holds ``<article>`` teasers holds the page's
    first ``<h1>`` nowhere and no ``<main>``: it is not walked."""
    html = (
        f"<html><body><header>{MENU}</header>"
        f"<main><article><h1>Council approves bike lanes</h1>{paragraphs()}</article></main>"
        f"{box}</body></html>"
    )
    text = read(html)
    assert text.splitlines()[-4:] == STORY
    assert heading not in text.splitlines()
    assert "Earlier story" not in text
    assert "summary" not in text


ABOUT = (
    "The Harbour Gazette is an independent paper owned by its readers since 1921. It covers "
    "the port towns, their councils, schools and courts, and publishes every day but "
    "Christmas. Its reporters live in the towns they write about, and every story on this "
    "site is free to read thanks to the members who pay for it each month. Letters, tips "
    "and corrections go to the newsroom on Quay Street, which is open to visitors on weekdays."
)


def test_a_closed_footer_with_a_heading_and_an_about_text_stays_out() -> None:
    html = (
        f"<html><body><header>{MENU}</header>"
        f"<main><article><h1>Council approves bike lanes</h1>{paragraphs()}</article></main>"
        f"<footer><h1>About the Gazette</h1><p>{ABOUT}</p><p>© 2025</p></footer></body></html>"
    )
    assert read(html).splitlines()[-4:] == STORY
    assert "owned by its readers" not in read(html)


def test_a_short_story_keeps_its_place_before_a_footer_of_about_text() -> None:
    """The footer ends the page and holds the first heading (the site's logo) and an
    ``<article>``, and more prose than the story: still the site's footer."""
    for footer in (
        f"<footer><article><p>{ABOUT}</p></article></footer>",
        f"<footer class='site-footer'><h1 class='logo'>Harbour Gazette</h1><p>{ABOUT}</p>"
        f"<p>{ABOUT}</p></footer>",
    ):
        html = (
            f"<html><body><header>{MENU}</header>"
            f"<div class='story'><h2>Council approves bike lanes</h2><p>{STORY[0]}</p></div>"
            f"{footer}</body></html>"
        )
        text = read(html)
        assert STORY[0] in text
        assert "owned by its readers" not in text


def test_a_footer_of_four_long_teasers_is_not_added() -> None:
    teasers = "".join(
        f"<article><h3><a href='/p{i}'>Ferry timetable changes, part {i}</a></h3>"
        f"<p>The ferry company will run fewer boats on weekday evenings from March, and "
        f"commuters on the island route say the change, number {i}, leaves them stranded.</p>"
        "</article>"
        for i in range(4)
    )
    html = (
        f"<html><body><header>{MENU}</header>"
        f"<div class='content'><h1>Council approves bike lanes</h1>"
        f"<p>{STORY[0]}</p><p>{STORY[1]}</p><p>{STORY[2]}</p></div>"
        f"<footer><h2>More from the Gazette</h2>{teasers}</footer></body></html>"
    )
    text = read(html)
    assert text.splitlines()[-3:] == STORY[:3]
    assert "ferry" not in text.lower()


def test_an_author_box_ending_the_page_is_not_added() -> None:
    bio = (
        "Maria Lindqvist has reported on the city's transport for the Gazette since 2014. "
        "She covered courts and the county government before that, and grew up on the "
        "island, where she still lives with her family and two very old cats. Her reporting "
        "on the ferry contracts won the regional press award in 2022, and she teaches a "
        "course on public records at the college every autumn."
    )
    html = (
        f"<html><body><div id='page'><header>{MENU}</header>"
        f"<div class='story'><h1>Council approves bike lanes</h1>{paragraphs()}</div>"
        f"<aside><h1>About the author</h1><p>{bio}</p></aside></div></body></html>"
    )
    text = read(html)
    assert text.splitlines()[-4:] == STORY
    assert "Lindqvist" not in text


def test_a_declared_body_keeps_out_its_own_sidebar() -> None:
    """A fragment (a JSON-LD ``articleBody``, readability's summary) is already the article:
    a sidebar at its end is not read, whatever it holds."""
    body = (
        f"{paragraphs()}<aside><h1>Related</h1><p>The ferry company will run fewer boats on "
        "weekday evenings from March, commuters say.</p></aside>"
    )
    assert declared_blocks(body) == STORY


def test_navs_nested_thousands_deep_around_the_article() -> None:
    """Every one of them holds ``<main>`` and runs to the end of the page: each is read as a
    layout wrapper, and the article found, without a search of the page per nav."""
    html = (
        "<html><body>"
        + "<nav><a href='/'>Home</a>" * 3000
        + "<div><span>x</span></div>" * 2000
        + f"<main><h1>Council approves bike lanes</h1>{paragraphs()}</main></body></html>"
    )
    assert read(html).splitlines()[-4:] == STORY


DRAWER = (
    "<nav class='drawer'><h1>Harbour Gazette</h1>"
    f"<p>{ABOUT}</p><p>Sections: news, sport, the islands, letters and the archive.</p></nav>"
)


DRAWER_PAGES = {
    # a closed off-canvas menu at the end of the page holds its first <h1> (the logo) and
    # more prose than a short story titled with an <h2>: the story comes before it, so the
    # menu was not left open around it
    "shown after a short story": (
        f"<html><body><div class='story'><h2>Council approves bike lanes</h2>"
        f"<p>{STORY[0]}</p><p>{STORY[1]}</p></div>{DRAWER}</body></html>"
    ),
    # a page with little visible text is walked again with its hidden parts (for pages that
    # reveal their article by script): a hidden menu opening with the logo's heading is not
    # read there either
    "hidden after a one-paragraph story": (
        f"<html><body><div class='story'><h2>Council approves bike lanes</h2>"
        f"<p>{STORY[0]}</p></div>{DRAWER.replace('<nav ', '<nav hidden ')}</body></html>"
    ),
}


@pytest.mark.parametrize("html", DRAWER_PAGES.values(), ids=DRAWER_PAGES.keys())
def test_a_drawer_menu_ending_the_page_with_the_logo_heading_stays_out(html: str) -> None:
    text = read(html)
    assert STORY[0] in text
    assert "owned by its readers" not in text


def test_a_sidebar_holding_a_main_of_its_own_is_never_read_as_text() -> None:
    """A closed sidebar that holds the page's first ``<main>`` (a panel's own landmark) is
    walked, but only as a possible layout wrapper: holding less than half the page's prose,
    its own long text stays furniture, however few links it has."""
    panel = f"<aside class='panel'><main><h2>Members' corner</h2><p>{ABOUT}</p></main></aside>"
    html = (
        f"<html><body><header>{MENU}</header>"
        f"<div class='story'><h1>Council approves bike lanes</h1>{paragraphs()}"
        f"<p>{STORY[0]} {STORY[1]}</p>{panel}</div>{SITE_FOOTER}</body></html>"
    )
    text = read(html)
    assert STORY[3] in text
    assert "owned by its readers" not in text
