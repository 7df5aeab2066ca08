"""CMS class lists on the element that holds the story (#14).

WordPress's post_class() and body_class(), Ghost's post_class and Drupal's node template
write the post's categories, tags, post type, format and bundle into the class of the element
that holds the story. Those words are an editor's (a category called "Sidebar", a tag
"comments", a "newsletter" category, a "podcast" post type): they must not make that element
look like page furniture. The markup here is made up.
"""

from __future__ import annotations

import pytest

from pipeline.extract.body import extract_body
from pipeline.extract.boilerplate import (
    class_weight,
    is_boilerplate_class,
    names_account_dialog,
    names_comments,
)
from pipeline.extract.parse import parse_html

STORY = [
    "The harbour authority said on Monday that the old ferry pier will be rebuilt next spring.",
    "Divers found that the wooden piles had rotted far deeper than the last survey suggested.",
    "Fishermen who moor along the pier will be moved to the east basin while the work goes on.",
    "The new pier, of concrete and steel, is meant to last sixty years, the authority said.",
    "A first ferry is to call at the rebuilt pier before the summer timetable starts in June.",
]

SIDEBAR = [
    "Our weekly guide to the coast: tides, walks and the best places to eat fish on the quay.",
    "The harbour museum opens its new hall on maritime trade with a lecture this Saturday.",
    "Letters to the editor: readers on parking fees, the lighthouse and the new ferry prices.",
]


def body_of(inner: str) -> list[str]:
    return extract_body(parse_html(f"<html><body>{inner}</body></html>"))


def paras(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


@pytest.mark.parametrize(
    "value",
    [
        # WordPress post_class(): categories and tags named like furniture
        "post-812 post type-post status-publish format-standard hentry category-sidebar",
        "post-812 post type-post status-publish format-standard hentry tag-comments tag-share",
        "entry post-77 post type-post status-publish has-post-thumbnail category-newsletter",
        "post-77 post type-post status-publish hentry category-kommentar category-ads",
        "post-5 post type-post status-publish hentry category-related-stories tag-footer",
        # a post format and a custom post type
        "post-90 post type-post status-publish format-gallery hentry",
        "post-91 post type-post status-publish format-video hentry category-promo",
        "post-2030 podcast type-podcast status-publish hentry category-episodes",
        # body_class() of a single post
        "single single-post postid-812 single-format-gallery category-breadcrumb",
        # an old theme's classes: the taxonomy's own name before the slug
        "hentry post publish post-1 author-jane category-menu post_tag-cookies",
        # Ghost's post_class
        "post tag-comments tag-newsletter featured",
        # Drupal's node template: the bundle and the editorial flags
        "node node--type-newsletter-issue node--promoted node--view-mode-full",
        "node node--type-podcast-episode node--sticky",
    ],
)
def test_cms_taxonomy_values_are_no_furniture_words(value: str) -> None:
    assert class_weight(value) >= 0
    assert not is_boilerplate_class(value)
    assert not names_comments(value)


@pytest.mark.parametrize(
    "value",
    [
        "post-1 post type-post status-publish hentry category-login category-modal",
        "post tag-signup tag-popup",
    ],
)
def test_cms_taxonomy_values_name_no_account_dialog(value: str) -> None:
    assert not names_account_dialog(value)


@pytest.mark.parametrize(
    ("value", "weight"),
    [
        # a positive word in a slug counts no more than a negative one
        ("hentry status-publish category-story tag-article", 0),
        # the theme's own words next to the CMS's still count
        ("post-3 post type-post status-publish hentry category-sidebar", 1),
        ("post-3 type-post status-publish hentry related-post category-news", -1),
        ("sidebar post-3 type-post status-publish hentry", -2),
        # the built-in post type stays a post
        ("post type-post status-publish hentry", 1),
        # Drupal's article bundle is an article
        ("node node--type-article node--view-mode-full", 1),
    ],
)
def test_the_other_words_of_a_cms_class_list_still_count(value: str, weight: int) -> None:
    assert class_weight(value) == weight


@pytest.mark.parametrize(
    ("value", "weight"),
    [
        # no CMS class list: the same words are a component's name
        ("sidebar", -2),
        ("category-menu", -2),
        ("category-nav-list", -2),
        ("tag-share-buttons", -1),
        ("topic-footer", -2),
        ("section-nav", -2),
        ("type-sidebar widget", -2),
        ("widget-area sidebar-primary", -2),
        ("comments-area", -2),
        # a teaser view mode is a teaser
        ("node node--type-article node--view-mode-teaser", -1),
        # a bare "post" (Ghost's one mark) vouches for Ghost's tags only: a theme's author
        # box or category menu inside a post's markup is still furniture
        ("post author-box", -1),
        ("entry post author-bio", -1),
        ("post category-menu", -2),
    ],
)
def test_furniture_words_outside_a_cms_class_list_still_count(value: str, weight: int) -> None:
    assert class_weight(value) == weight


COMMENTS = [
    "I have moored at that pier for thirty years, and the piles were already soft in the nineties.",
    "Good news, but why does it take until spring? The east basin is far too small for all of us.",
    "Concrete piers look dreadful. The wooden one was the last bit of the old harbour we had left.",
    "Will the ferry still run to the island while the pier is closed, or do we take the long road?",
    "My grandfather built boats on that quay. Sad to see the old pier go, but it had to happen.",
    "Sixty years is what they said about the last one too, and look at it now after forty years.",
]

BLURB = "The Coast Courier has reported on the towns and villages of the bay every week since 1921."


def post_page(value: str) -> str:
    """A blog page: a line about the site, the post in an element of class ``value``, and
    a thread of reader comments longer than the post."""
    return (
        f"<div class='site-intro'><p>{BLURB}</p></div><div id='content'>"
        f"<div class='{value}'><h1>Ferry pier to be rebuilt</h1>"
        f"<div class='entry-inner'>{paras(STORY)}</div></div>"
        f"<div id='comments' class='comments-area'>{paras(COMMENTS)}</div></div>"
    )


@pytest.mark.parametrize(
    "value",
    [
        # WordPress post_class(), with a category and tags named like furniture
        "post-812 post type-post status-publish format-standard hentry category-sidebar"
        " tag-comments tag-share",
        # a gallery post in a "newsletter" category
        "post-90 post type-post status-publish format-gallery has-post-thumbnail hentry"
        " category-newsletter",
        # Ghost's post_class
        "post tag-comments tag-footer",
        # Drupal's node template
        "node node--type-newsletter-issue node--promoted node--view-mode-full",
    ],
)
def test_a_post_named_with_its_cms_taxonomy_is_read(value: str) -> None:
    body = body_of(post_page(value))
    assert all(p in body for p in STORY)
    assert not any(p in body for p in COMMENTS)
    assert BLURB not in body


def test_a_post_in_a_plain_category_is_read_as_before() -> None:
    value = "post-812 post type-post status-publish format-standard hentry category-harbour"
    body = body_of(post_page(value))
    assert all(p in body for p in STORY)
    assert not any(p in body for p in COMMENTS)


def test_a_real_sidebar_stays_furniture() -> None:
    # the sidebar holds more prose than the story; only its class says what it is
    inner = (
        f"<div class='story'>{paras(STORY)}</div><div class='sidebar'>{paras(SIDEBAR[:2])}</div>"
    )
    assert body_of(inner) == STORY


def test_related_posts_listed_with_their_cms_classes_stay_out() -> None:
    related = "".join(
        f"<div class='post-{n} post type-post status-publish hentry category-news'>"
        f"<a href='/p/{n}'>{text}</a></div>"
        for n, text in enumerate(SIDEBAR)
    )
    inner = (
        f"<article class='post-1 post type-post status-publish hentry category-sidebar'>"
        f"{paras(STORY)}</article><div class='related-posts'>{related}</div>"
    )
    body = body_of(inner)
    assert all(p in body for p in STORY)
    assert not any(p in body for p in SIDEBAR)
