"""A cookie or consent box with more text than a short story is not the story.

A news brief of two paragraphs on a page whose template writes its consent notice into the
HTML (shown, or shown by a script) has less prose than the notice. Furniture that holds
half the page's prose is taken for a layout wrapper (a page builder's ``<div
class="sidebar-layout">`` around everything), so the notice won and the story was lost. A
box named with a consent word ("cookie", "consent", "gdpr") stays furniture whatever its
share of the prose, as comment threads and account dialogs do, unless it holds the page's
headline or its ``<main>``/``<article>`` (a wrapper a script names "cookies-accepted").
These pages are made up.
"""

from __future__ import annotations

import pytest

from pipeline import extract_article
from pipeline.extract.body import extract_body
from pipeline.extract.parse import parse_html

BRIEF = [
    "The harbour bridge will close for repairs for three weeks from Monday, the city's "
    "transport office said, and buses will run a shuttle service between the two banks.",
    "Cyclists and pedestrians can still cross on the old ferry, which will run every twenty "
    "minutes from six in the morning until midnight.",
]
NOTICE = (
    "We and our partners store and access information on your device, such as cookies and "
    "unique identifiers, and process personal data such as browsing history, to show you "
    "personalised advertising and content, to measure how advertising and content perform, "
    "and to learn about the people who read this site. You can change your choices at any "
    "time from the privacy link at the bottom of every page."
)
URL = "https://gazette.example/news/harbour-bridge-to-close"


def notice_box(name: str, heading: str = "h2") -> str:
    return (
        f"<div class='{name}'><{heading}>Your privacy</{heading}><p>{NOTICE}</p>"
        f"<p>{NOTICE}</p><button>Accept all</button><button>Settings</button></div>"
    )


def brief_page(before: str = "", after: str = "") -> str:
    story = "".join(f"<p>{text}</p>" for text in BRIEF)
    return (
        "<html><head><title>Harbour bridge to close - Gazette</title></head><body>"
        f"{before}<header><a href='/'>Gazette</a></header>"
        f"<main><article><h1>Harbour bridge to close for repairs</h1>{story}</article></main>"
        f"<footer><p>© 2026 Gazette</p></footer>{after}</body></html>"
    )


NOTICES = {
    "cookie box after the page": brief_page(after=notice_box("cookie-consent")),
    "consent banner before the page": brief_page(before=notice_box("consent-banner")),
    "gdpr box with its own h1": brief_page(after=notice_box("gdpr-notice", heading="h1")),
    "camel-cased cookie layer": brief_page(after=notice_box("cookieLayer")),
}


@pytest.mark.parametrize("html", NOTICES.values(), ids=NOTICES.keys())
def test_a_consent_box_with_more_text_than_a_brief_is_not_the_story(html: str) -> None:
    text = extract_article(html, URL, enrich=False).text
    for paragraph in BRIEF:
        assert paragraph in text
    assert "our partners store" not in text


def wrapper_page(wrapper: str, inside: str, after: str = "") -> str:
    story = "".join(f"<p>{text}</p>" for text in BRIEF)
    return (
        f"<html><body><div class='{wrapper}'><header><a href='/'>Gazette</a></header>"
        f"{inside.format(story=story)}</div>{after}</body></html>"
    )


ABOUT = (
    "<div class='about'><p>The Gazette has reported on the city and its harbour since 1871, "
    "and is owned by a trust that keeps it independent.</p></div>"
)
WRAPPED = {
    # a script marks the page's wrapper with the visitor's choice
    "wrapper named after the choice": wrapper_page(
        "page cookies-accepted",
        "<div class='story'><h1>Harbour bridge to close for repairs</h1>{story}</div>",
    ),
    # a consent-named wrapper around the page's <main>, the site's own words after it
    "wrapper around main, a note after it": wrapper_page(
        "gdpr-consent-given", "<main><h2>Harbour bridge to close</h2>{story}</main>", ABOUT
    ),
    # a consent-named wrapper around an <article>
    "wrapper around an article": wrapper_page(
        "cookie-choice-made", "<article><h2>Harbour bridge to close</h2>{story}</article>"
    ),
}


@pytest.mark.parametrize("html", WRAPPED.values(), ids=WRAPPED.keys())
def test_a_wrapper_named_with_a_consent_word_is_still_read(html: str) -> None:
    # the body stage itself: without the exception for wrappers it reads nothing here, or
    # the note after the wrapper
    text = "\n".join(extract_body(parse_html(html), second_opinion=False))
    for paragraph in BRIEF:
        assert paragraph in text
    assert "since 1871" not in text


STORY_BOXES = {
    # a post about the privacy rules whose text box its editor named after them
    "explainer inside an article": (
        "<html><body><header><a href='/'>Gazette</a></header><main>"
        "<article class='post-full post'><header><h1>Five years of the privacy rules</h1>"
        "</header><section class='post-full-content gdpr-explainer'>{story}</section>"
        "</article></main><footer><p>© Gazette</p></footer></body></html>"
    ),
    # a baking blog's recipe, its method in a box named after the recipe
    "recipe inside main": (
        "<html><body><header><a href='/'>Crumbs</a></header><main>"
        "<h1>Brown butter chocolate chip cookies</h1><div class='entry-content cookie-recipe'>"
        "{story}</div></main><footer><p>© Crumbs</p></footer></body></html>"
    ),
}


@pytest.mark.parametrize("html", STORY_BOXES.values(), ids=STORY_BOXES.keys())
def test_a_text_box_named_with_a_consent_word_inside_the_story_is_read(html: str) -> None:
    story = "".join(f"<p>{text}</p>" for text in BRIEF)
    text = "\n".join(extract_body(parse_html(html.format(story=story)), second_opinion=False))
    for paragraph in BRIEF:
        assert paragraph in text


def test_a_consent_named_wrapper_without_a_headline_is_read_by_the_second_opinion() -> None:
    # no <h1>, <main> or <article>: the wrapper stays furniture, the body stage finds nothing
    # of prose, and extract_article's second opinion (readability's reading) gives the story
    html = wrapper_page("site cookies-accepted", "<div class='story'>{story}</div>")
    assert extract_body(parse_html(html), second_opinion=False) == []
    text = extract_article(html, URL, enrich=False).text
    for paragraph in BRIEF:
        assert paragraph in text
