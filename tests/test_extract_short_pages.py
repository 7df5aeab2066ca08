"""Short pages: a story that is only its standfirst (a video's or an episode's description,
a two-sentence notice beside a big form) has it in ``text``; a page with no article (a
log-in page, an empty shell, a list of links) is still refused.

Hand-written markup, not taken from the development sets.
"""

from __future__ import annotations

import pytest

from pipeline import extract_article
from pipeline.errors import ExtractionError
from pipeline.extract.body import extract_body
from pipeline.extract.parse import parse_html

NAV = (
    '<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
    '<li><a href="/video">Video</a></li></ul></nav>'
)


def page(body: str, description: str = "", title: str = "A page") -> str:
    head = f"<title>{title}</title>"
    if description:
        head += (
            f'<meta name="description" content="{description}">'
            f'<meta property="og:description" content="{description}">'
        )
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def text_of(html: str) -> str:
    return extract_article(html, "https://example.org/a/1", spider="generic", enrich=False).text


VIDEO_LINE = (
    "Floods closed the coastal road for a third day. Engineers say the sea wall will hold, "
    "but residents of the lower town were told to leave their homes by nightfall."
)


#: An account dialog drawn over the page, whose messages outweigh a short story.
SIGN_IN = (
    '<div class="account-dialog"><h2>Sign in to My Channel</h2>'
    + "".join(
        f'<p class="form-error">{line}</p>'
        for line in (
            "There is no account for this e-mail address, or the password is not the right one.",
            "The password must be at least eight characters long and hold a digit and a capital.",
            "This e-mail address is already registered. Did you sign up with it before today?",
            "Your registration is being checked; please wait a moment until it is complete.",
            "Welcome! We have sent you a mail: confirm the link in it within a day to finish.",
        )
    )
    + "</div>"
)


def test_a_video_page_whose_description_sits_in_a_caption_has_it_in_text() -> None:
    html = page(
        NAV + '<main><article class="clip-page"><h1>Coast road closed again for a third day</h1>'
        '<div class="player-frame"><video src="/v/1.mp4"></video></div>'
        '<div class="clip-caption"><div class="info">'
        f'<p class="clip-description">{VIDEO_LINE}</p>'
        "<dl><dt>Length</dt><dd>3 min</dd></dl></div></div></article></main>"
        + SIGN_IN
        + '<div class="cookie-notice"><p>We use cookies to measure how this site is used and to '
        "show you offers that fit your interests. You can object here.</p></div>",
        description=VIDEO_LINE,
        title="Coast road closed again for a third day",
    )
    text = text_of(html)
    assert VIDEO_LINE in text
    assert "cookies" not in text


EPISODE = (
    "In this episode our science desk asks why honey bees dance, and what a hive decides "
    "when two scouts disagree about the best new home."
)


def test_an_episode_page_with_a_shortened_declared_description_has_the_shown_one() -> None:
    shortened = EPISODE[:80].rsplit(" ", 1)[0] + "…"
    html = page(
        '<div id="app"><header><a href="/">Radio Five</a></header>'
        '<section class="episode"><h2>The dance of the bees</h2>'
        '<audio controls src="/ep/12.mp3"></audio>'
        f'<div class="podcast-summary"><span>{EPISODE}</span></div>'
        '<div class="toolbar"><a href="/ep/11">Previous</a> <a href="/ep/13">Next</a></div>'
        "</section></div>",
        description=shortened,
        title="The dance of the bees",
    )
    text = text_of(html)
    assert EPISODE in text


NOTICE = [
    "Our spokeswoman was the guest of the morning show to explain why the petition against "
    "the sale of the city's water company opens today.",
    "To hear the interview again, press the button below.",
]


def test_a_two_sentence_notice_in_a_box_named_like_a_teaser_is_the_text_not_the_banner() -> None:
    html = page(
        '<div class="strip"><p><a href="/obs">New!</a> Discover our '
        '<a href="/obs">tax observatory</a>, open to all 👉</p></div>'
        + NAV
        + '<div class="columns"><article><h1>"The sale serves private interests"</h1>'
        f'<div class="teaser-text"><p>{NOTICE[0]}</p><p>{NOTICE[1]}</p></div>'
        '<ul class="share"><li><a href="/s/m">Mail</a></li><li><a href="/s/p">Print</a></li>'
        "</ul></article></div>" + SIGN_IN,
        description=NOTICE[0].replace("'", "’"),
        title="The sale serves private interests",
    )
    text = text_of(html)
    assert text == "\n\n".join(NOTICE)


def test_a_story_with_a_body_keeps_its_body_and_its_standfirst_stays_the_lead() -> None:
    lead = "The council closed the old bridge on Tuesday after its engineers found cracks."
    body = [
        "The decision came after a two-hour meeting in which residents asked for a ferry.",
        "Repairs would cost more than a new crossing, the report said, and take three years.",
        "A public meeting on the new crossing is planned for next month, officials said.",
    ]
    html = page(
        f'<article><h1>Bridge closed</h1><p class="standfirst">{lead}</p>'
        + "".join(f"<p>{p}</p>" for p in body)
        + "</article>",
        description=lead,
    )
    art = extract_article(html, "https://example.org/a/2", spider="generic", enrich=False)
    assert all(p in art.text for p in body)
    assert art.lead == lead


@pytest.mark.parametrize(
    "html",
    [
        # an empty shell: the description is declared, the page shows nothing of it
        page(
            '<div id="root">Loading…</div><script>start()</script>',
            description="Everything you need to know about the new bridge, updated every hour.",
        ),
        # a list of links whose description is not shown
        page(
            "<h1>Latest</h1><ul>"
            + "".join(f'<li><a href="/n/{i}">Headline number {i}</a></li>' for i in range(8))
            + "</ul>",
            description="The latest news from the city, the region and the world, every hour.",
        ),
    ],
    ids=["shell", "links"],
)
def test_a_page_without_an_article_is_still_refused(html: str) -> None:
    with pytest.raises(ExtractionError):
        text_of(html)


SHOWN = "Sign in to your account to read every story and to manage the letters you get."


@pytest.mark.parametrize(
    ("html", "lead"),
    [
        # shown only in a sign-in dialog
        (
            page(
                f'<div class="login-modal"><h2>Sign in</h2><p>{SHOWN}</p><form>'
                '<input name="user"><input name="password" type="password"></form></div>'
            ),
            SHOWN,
        ),
        # shown only inside a form (a log-in page)
        (
            page(
                f'<h1>Sign in</h1><form action="/login"><p>{SHOWN}</p>'
                '<input name="user"><input name="password" type="password">'
                "<button>Sign in</button></form>"
            ),
            SHOWN,
        ),
        # shown, but as a link (a teaser of another story)
        (
            page(f'<h1>Latest</h1><ul><li><a href="/n/1">{VIDEO_LINE}</a></li></ul>'),
            VIDEO_LINE,
        ),
        # not a sentence: a catalogue's keywords
        (
            page(
                '<div class="top"><p>Open on Sundays</p></div><div class="shop"><h2>Wines</h2>'
                "<p>Red wine, white wine, rosé and cava from Spain</p></div>"
            ),
            "Red wine, white wine, rosé and cava from Spain",
        ),
    ],
    ids=["login-dialog", "login-form", "link", "keywords"],
)
def test_a_description_shown_in_a_dialog_a_form_a_link_or_not_as_prose_changes_nothing(
    html: str, lead: str
) -> None:
    tree = parse_html(html)
    assert extract_body(tree, lead=lead) == extract_body(tree)
