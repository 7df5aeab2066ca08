"""Closed boxes named like furniture — log-in modals, consent boxes, newsletter pop-ups, ad
slots, hidden or shown — stay out of the story whatever they hold, and a story a page hides
on purpose is read as before.

These are the guards of a rule tried and not kept (``bench/RESULTS.md``, "Hidden boxes and
account dialogs left open"): walking such a box when a template left it unclosed around the
article. It changed no labelled development page and fixed one page rewritten with lost end
tags; a box left open that hides the article hides it from readers too. The pages are made
up: a box that is closed — at the start of the page, or at its end after the story — stays
out, whatever it holds (a headline of its own, an ``<article>``, a ``<main>``, more text
than the story), and a page whose story sits in a hidden box on purpose is read.
"""

from __future__ import annotations

import pytest

from pipeline.extract.body import extract_body
from pipeline.extract.parse import parse_html

STORY = [
    "Fishermen in the northern bay landed their largest catch of mackerel in a decade this "
    "week, and the harbour master had to open a second quay to unload the boats.",
    "Scientists at the marine institute said warmer water in late summer had drawn the "
    "shoals closer to the coast, though they warned that one good season proves little.",
    "Prices at the morning auction fell by almost a third, which buyers from the canneries "
    "welcomed and the smaller crews, paid by weight, did not.",
    "The co-operative that runs the ice plant said it would stay open through the weekend "
    "so that nothing landed on Friday had to be thrown back or sold cheap.",
]

MENU = (
    '<ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>'
    '<li><a href="/sea">At sea</a></li></ul>'
)
SITE_FOOTER = "<footer><p>© 2026 Bay Chronicle. Printed in Northport since 1890.</p></footer>"
#: a consent box's long text: more prose than a short story
CONSENT = (
    "We and our partners store and access information on your device, such as cookies and "
    "unique identifiers, and process personal data such as browsing history to show you "
    "personalised advertising and content, to measure how advertising and content perform, "
    "and to learn about the people who read this site. Some partners do so on the basis of "
    "legitimate interest, which you may object to at any time on the settings page. You can "
    "change your mind whenever you like from the privacy link at the bottom of every page, "
    "and withdrawing consent does not affect processing done before you withdrew it."
)


def story(tag: str = "p") -> str:
    return "".join(f"<{tag}>{text}</{tag}>" for text in STORY)


def read(html: str) -> str:
    return "\n".join(extract_body(parse_html(html), second_opinion=False))


def page(before: str, after: str, *, headline: str = "h2", sentences: int = 4) -> str:
    return (
        f"<html><body><header>{MENU}</header>{before}"
        f"<div class='story'><{headline}>Record mackerel catch in the bay</{headline}>"
        + "".join(f"<p>{text}</p>" for text in STORY[:sentences])
        + f"</div>{SITE_FOOTER}{after}</body></html>"
    )


CLOSED_BOX = {
    # a closed log-in modal at the start of the page with a heading and more text than the
    # story
    "modal-with-h1-at-start": (
        "<div class='modal login-modal' aria-hidden='true'><p>Bay Chronicle</p><h1>Sign in</h1>"
        f"<p>{CONSENT}</p><p>{CONSENT}</p></div>",
        "",
    ),
    # a closed modal at the start of the page whose text is in a <main> of its own (the
    # HTML standard allows one in a <div>)
    "modal-with-main-at-start": (
        "<div class='modal' aria-hidden='true'>"
        f"<main><p>{CONSENT}</p><p>{CONSENT}</p></main></div>",
        "",
    ),
    # the same, a shown log-in modal with its own heading
    "login-modal-with-main-at-start": (
        "<div class='login-modal'><main><h2>Sign in</h2>"
        f"<p>{CONSENT}</p><p>{CONSENT}</p></main></div>",
        "",
    ),
    # a closed newsletter popup that ends the page, holding the page's only <h1> after
    # other text (not a logo) and more text than the story
    "newsletter-popup-with-h1-at-end": (
        "",
        "<div class='newsletter-popup' aria-hidden='true'><p>Bay Chronicle</p>"
        f"<h1>Our morning briefing</h1><p>{CONSENT}</p><p>{CONSENT}</p></div>",
    ),
    # a closed cookie banner that ends the page, its text in a <main> and an <article>
    "cookie-banner-with-main-at-end": (
        "",
        f"<div id='cookie-banner' style='display:none'><main><article><p>{CONSENT}</p>"
        f"<p>{CONSENT}</p></article></main></div>",
    ),
    # a shown consent dialog that ends the page: its <h1> follows its first line
    "consent-dialog-with-h1-at-end": (
        "",
        "<div class='consent-dialog' role='dialog'><p>Your privacy</p><h1>Before you go on</h1>"
        f"<p>{CONSENT}</p></div>",
    ),
}


@pytest.mark.parametrize("case", CLOSED_BOX)
@pytest.mark.parametrize("sentences", [4, 2])
def test_a_closed_box_stays_out(case: str, sentences: int) -> None:
    """A box closed where its template meant (at the start of the page, or ending it after a
    short or long story without a ``<h1>`` of its own) is not read, whatever it holds."""
    before, after = CLOSED_BOX[case]
    text = read(page(before, after, sentences=sentences))
    assert text.splitlines()[-sentences:] == STORY[:sentences]
    assert "personal data" not in text
    assert "Sign in" not in text
    assert "briefing" not in text


def test_a_hidden_read_more_box_stays_hidden() -> None:
    """The rest of a story hidden behind a "read more" button is not read (as before)."""
    html = (
        f"<html><body><header>{MENU}</header><article><h1>Record mackerel catch in the bay</h1>"
        f"<p>{STORY[0]}</p><p>{STORY[1]}</p><div class='more-text' hidden><p>{STORY[2]}</p>"
        f"<p>{STORY[3]}</p></div><a href='#more'>Read more</a></article>"
        f"{SITE_FOOTER}</body></html>"
    )
    text = read(html)
    assert text.splitlines()[-2:] == STORY[:2]
    assert STORY[2] not in text


@pytest.mark.parametrize(
    "box",
    [
        # the teaser's headline outside, the story hidden for subscribers
        pytest.param(
            f"<h1>Record mackerel catch in the bay</h1><div class='paywall' hidden>{story()}</div>",
            id="story-hidden-after-headline",
        ),
        # the whole story, headline included, hidden at the end of the page
        pytest.param(
            "<div class='premium-content' aria-hidden='true'>"
            f"<h1>Record mackerel catch in the bay</h1>{story()}</div>",
            id="story-and-headline-hidden-at-end",
        ),
    ],
)
def test_a_story_hidden_on_purpose_is_read_as_before(box: str) -> None:
    """A page that shows next to nothing and hides its story for a script to reveal (a
    paywall) is read hidden parts and all."""
    html = f"<html><body><nav>{MENU}</nav>{box}</body></html>"
    text = read(html)
    for sentence in STORY:
        assert sentence in text


def test_a_story_streamed_into_unnamed_hidden_boxes_is_read_whole() -> None:
    """A page that streams its story into hidden ``<div>`` boxes for a script to move into
    place (React's ``<div hidden id="S:1">``), one box nested in the other by a lost end
    tag: the first holds the headline and runs to the end of the page, but a box named like
    nothing is no furniture left open — the page is read hidden parts and all, every box."""
    html = (
        f"<html><body><div id='shell'><nav>{MENU}</nav><p>Loading…</p></div>"
        "<div hidden id='S:1'><p class='kicker'>Fisheries</p>"
        f"<h1>Record mackerel catch in the bay</h1><p>{STORY[0]}</p>"
        f"<p>{STORY[1]}</p><div hidden id='S:2'><p>{STORY[2]}</p><p>{STORY[3]}</p></div>"
        "</body></html>"
    )
    text = read(html)
    for sentence in STORY:
        assert sentence in text


def test_a_shown_wrapper_named_like_furniture_is_read_as_before() -> None:
    """A wrapper named like furniture ("has-sidebar") that is shown and no account dialog
    may hold the headline and run to the end of the page with no prose before it: it was
    read as a layout wrapper already, and the standfirst before the story's body stays."""
    html = (
        f"<html><body><nav>{MENU}</nav><div class='layout has-sidebar'>"
        "<header><time>3 December 2026</time><h1>Record mackerel catch in the bay</h1></header>"
        f"<p class='standfirst'>{STORY[0]}</p><div class='entry'><p>{STORY[1]}</p>"
        f"<p>{STORY[2]}</p><p>{STORY[3]}</p></div></div></body></html>"
    )
    assert read(html).splitlines()[-4:] == STORY


def test_boxes_nested_thousands_deep_around_the_article() -> None:
    """Hidden ad slots left open, one in the other, thousands deep, around the article: the
    visible page shows nothing, and the hidden retry reads the story."""
    html = (
        "<html><body>"
        + "<div class='ad-slot' aria-hidden='true'><span>Ad</span>" * 3000
        + f"<main><h1>Record mackerel catch in the bay</h1>{story()}</main>{SITE_FOOTER}"
        + "</body></html>"
    )
    assert parse_html(html).css_first("div.ad-slot div.ad-slot main") is not None
    assert read(html).splitlines()[-4:] == STORY
