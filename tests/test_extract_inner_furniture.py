"""Furniture inside the article's container that holds the story, and furniture that does not.

A template that leaves an ad slot or a "related" box unclosed inside the article puts the
rest of the story inside that box: the parser nests every later paragraph in it, and a
browser shows the page as the author meant. The body stage leaves out what sits in a
furniture-named element below the chosen container, so such a page lost the story's later
half. The negatives are boxes that are furniture and must stay out even when they hold
prose: teasers with summaries, an author's biography, a comment thread, a newsletter box.
These pages are made up; the F1 of whole development pages rewritten this way is in
``bench/ablation.py`` (``lost-ends``, ``stray-ends``).
"""

from __future__ import annotations

from pipeline.extract.body import extract_body
from pipeline.extract.parse import parse_html

FERRY = [
    "The island's only ferry will run twice as often from next month, the harbour authority "
    "announced on Friday, after a summer in which hundreds of passengers were turned away.",
    "Residents had complained for years that the single morning crossing, full by seven, "
    "left workers and schoolchildren stranded on the quay with no way to reach the mainland.",
    "A second vessel, leased from a northern operator, will cover the afternoon crossings "
    "while the old boat is refitted, which the authority expects to take until the spring.",
    "Fares will stay the same for islanders, but visitors will pay a surcharge of two euros, "
    "which the authority says will cover about a third of the cost of the lease.",
    "The mayor welcomed the decision, saying the island had waited too long, and asked the "
    "authority to publish a timetable before the school term begins in September.",
    "Opposition councillors said the surcharge would hurt the cafés and guest houses that "
    "depend on day trippers, and promised to raise the matter at the next council meeting.",
]

ORCHARD = [
    "Apple growers in the valley expect their smallest harvest in a decade, after a late "
    "frost in April killed most of the blossom on the lower slopes.",
    "Some farms lost nine trees in ten of their early varieties; those higher up, where the "
    "cold air drained away, came through almost untouched.",
    "The growers' cooperative has asked the regional government for help with the cost of "
    "frost fans, which blow warmer air down onto the trees on still, clear nights.",
    "Prices at the farm gate have already risen by a fifth, and the cooperative warned that "
    "juice makers may have to buy fruit from abroad for the first time in years.",
    "The valley's cider festival, held every October since 1952, will go ahead, its "
    "organisers said, though with fewer stalls and a smaller competition.",
]

HEADER = "<header class='masthead'><a href='/'>Island Courier</a></header>"
FOOTER = "<footer><p>© 2026 Island Courier. All rights reserved. Contact us.</p></footer>"
#: other stories' summaries beside the article: prose of the page outside the story, so that
#: the box holding the story's later half is not half the page's prose
CARDS = [
    (
        "Harbour dredging to start in May",
        "The channel will be closed to yachts for three weeks while the silt left by the "
        "winter storms is cleared from the approach to the quay, the authority said.",
    ),
    (
        "Lighthouse keeper's cottage for sale",
        "The council is selling the empty cottage below the lighthouse, which has stood "
        "unused since the light was automated forty years ago, to pay for repairs.",
    ),
    (
        "School to get a new sports hall",
        "Work on the hall, paid for by a bequest from a former pupil, should be finished in "
        "time for the start of the next school year, the head teacher told parents.",
    ),
]
MORE = (
    "<div class='more-news'>"
    + "".join(
        f"<div class='card'><h3><a href='/n{i}'>{title}</a></h3><p>{summary}</p></div>"
        for i, (title, summary) in enumerate(CARDS)
    )
    + "</div>"
)


def paras(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def read(html: str) -> str:
    return "\n".join(extract_body(parse_html(html), second_opinion=False))


def page(article: str) -> str:
    return f"<html><body>{HEADER}<main>{article}</main>{MORE}{FOOTER}</body></html>"


# -- positives: a box left unclosed around the rest of the story ------------------------------


def test_an_ad_slot_left_unclosed_holds_the_rest_of_the_story() -> None:
    article = (
        "<article><h1>Ferry to run twice as often</h1><div class='story-body'>"
        f"{paras(FERRY[:2])}"
        "<div class='ad-slot mpu-ad'><div class='ad-inner'><span>Advertisement</span></div>"
        f"{paras(FERRY[2:])}"
        "</div></article>"
    )
    html = page(article)
    assert parse_html(html).css_first("div.ad-slot p") is not None  # the parser's reading
    text = read(html)
    for sentence in FERRY:
        assert sentence in text
    assert "Advertisement" not in text


def test_a_related_box_left_unclosed_holds_the_rest_of_the_story() -> None:
    article = (
        "<div class='post-content'><h1>A frost takes the valley's apples</h1>"
        f"{paras(ORCHARD[:1])}"
        "<div class='related-links'><a href='/frost-2019'>Frost in 2019</a>"
        f"{paras(ORCHARD[1:])}"
        "</div>"
    )
    text = read(page(article))
    for sentence in ORCHARD:
        assert sentence in text


def test_a_short_story_rest_in_an_unclosed_ad_slot() -> None:
    # the rest of the story is too short to be trusted as text on its own (400 characters)
    article = (
        "<article><h1>Ferry to run twice as often</h1><div class='entry'>"
        f"{paras(FERRY[:2])}<div class='advert-wrap'><div class='ad-label'>Advertisement</div>"
        f"{paras(FERRY[2:4])}<p>The new timetable is due in August.</p></div></article>"
    )
    text = read(page(article))
    for sentence in FERRY[:4]:
        assert sentence in text
    assert "Advertisement" not in text


def test_a_sidebar_promo_left_unclosed_inside_the_article() -> None:
    # named with a firm word ("sidebar"): never trusted as text for its own prose
    article = (
        "<article class='story'><h1>A frost takes the valley's apples</h1>"
        f"{paras(ORCHARD[:2])}<div class='sidebar-promo'>"
        "<a href='/subscribe'>Subscribe for 1 euro</a>"
        f"{paras(ORCHARD[2:])}</article>"
    )
    text = read(page(article))
    for sentence in ORCHARD:
        assert sentence in text
    assert "Subscribe for" not in text


# -- negatives: furniture inside the article stays out -----------------------------------------


def test_a_related_box_with_long_teaser_summaries_stays_out() -> None:
    teasers = "".join(
        f"<div class='teaser'><h3><a href='/story-{i}'>{title}</a></h3><p>{summary}</p></div>"
        for i, (title, summary) in enumerate(
            [
                (
                    "Harbour dredging to start in May",
                    "The channel will be closed to yachts for three weeks while the silt left "
                    "by the winter storms is cleared from the approach to the quay.",
                ),
                (
                    "Lighthouse keeper's cottage for sale",
                    "The council is selling the empty cottage below the lighthouse, which has "
                    "stood unused since the light was automated forty years ago.",
                ),
                (
                    "School to get a new sports hall",
                    "Work on the hall, paid for by a bequest from a former pupil, should be "
                    "finished in time for the start of the next school year.",
                ),
            ]
        )
    )
    article = (
        f"<article><h1>Ferry to run twice as often</h1>{paras(FERRY[:2])}"
        f"<div class='related-stories'><h2>Related</h2>{teasers}</div></article>"
    )
    text = read(page(article))
    for sentence in FERRY[:2]:
        assert sentence in text
    assert "Lighthouse keeper" not in text
    assert "silt left by the winter storms" not in text


def test_a_related_box_of_unnamed_items_with_summaries_stays_out() -> None:
    # the items carry no furniture name of their own, only the box (a firm word: never
    # trusted as text for its own prose); as many headlines as summaries
    items = "".join(
        f"<div class='item'><h3><a href='/n{i}'>{title}</a></h3><p>{summary}</p></div>"
        for i, (title, summary) in enumerate(CARDS)
    )
    article = (
        f"<article><h1>Ferry to run twice as often</h1>{paras(FERRY[:2])}"
        f"<div class='inline-sidebar related'><h2>More on the island</h2>{items}</div></article>"
    )
    text = read(f"<html><body>{HEADER}<main>{article}</main>{FOOTER}</body></html>")
    for sentence in FERRY[:2]:
        assert sentence in text
    assert "More on the island" not in text
    assert "head teacher told parents" not in text


def test_a_long_author_bio_box_stays_out() -> None:
    bio = (
        "<div class='author-bio'><p>Maria Lindqvist has covered the islands for the Courier "
        "since 2011, writing about transport, fisheries and the long fight over the harbour's "
        "future.</p><p>Before that she reported on farming for a regional radio station and "
        "spent two years as a deckhand on a research vessel in the North Atlantic."
        " She still takes the morning ferry.</p></div>"
    )
    # the biography: more than half the article's prose, under the size trusted as text
    article = f"<article><h1>Ferry to run twice as often</h1>{paras(FERRY[:2])}{bio}</article>"
    text = read(f"<html><body>{HEADER}<main>{article}</main>{FOOTER}</body></html>")
    for sentence in FERRY[:2]:
        assert sentence in text
    assert "research vessel" not in text


def test_a_comment_thread_inside_the_article_stays_out() -> None:
    comments = "".join(
        f"<div class='comment'><p>{c}</p></div>"
        for c in [
            "About time too. I have missed the crossing three times this month and my boss is "
            "running out of patience with me, which I can hardly blame him for.",
            "Two euros is nothing for a day on the island, the cafés will be fine, stop "
            "complaining and let the authority get on with it for once.",
            "Will the new boat take bicycles? The old one never had room for more than four "
            "and in summer the queue for the bike rack was longer than the one for tickets.",
            "My grandmother remembers when there were three ferries a day and a mail boat on "
            "Sundays; we have gone backwards for forty years and now one step forward.",
        ]
    )
    article = (
        f"<article><h1>Ferry to run twice as often</h1>{paras(FERRY[:2])}"
        f"<div id='comments' class='comments-area'>{comments}</div></article>"
    )
    text = read(page(article))
    for sentence in FERRY[:2]:
        assert sentence in text
    assert "bike rack" not in text
    assert "mail boat" not in text


def test_a_newsletter_box_with_prose_stays_out() -> None:
    box = (
        "<div class='newsletter-signup promo'><h3>The Island Courier morning briefing</h3>"
        "<p>Every weekday at seven we send the news from the harbour, the council and the "
        "schools, with the tides, the weather and the ferry times, straight to your inbox, "
        "free of charge and without advertising.</p>"
        "<form><input type='email'><button>Sign up</button></form></div>"
    )
    article = f"<article><h1>Apples</h1>{paras(ORCHARD[:2])}{box}</article>"
    text = read(page(article))
    for sentence in ORCHARD[:2]:
        assert sentence in text
    assert "morning briefing" not in text
    assert "straight to your inbox" not in text
