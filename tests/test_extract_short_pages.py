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


#: An episode's description, no longer than a line (the page shows no prose but it).
EPISODE = "Why do honey bees dance, and what does a hive decide when two scouts disagree?"


def test_an_episode_page_with_a_shortened_declared_description_has_the_shown_one() -> None:
    shortened = EPISODE[:50].rsplit(" ", 1)[0] + "…"
    html = page(
        '<div id="app"><header><a href="/">Radio Five</a></header>'
        '<section class="episode"><h2>The dance of the bees</h2>'
        '<audio controls src="/ep/12.mp3"></audio>'
        f'<div class="podcast-summary"><span>{EPISODE}</span></div>'
        '<div class="toolbar"><a href="/ep/11">Previous</a> <a href="/ep/13">Next</a></div>'
        "</section></div>" + SIGN_IN,
        description=shortened,
        title="The dance of the bees",
    )
    text = text_of(html)
    assert text == EPISODE


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


# -- the reviewer's findings (review of 71f4c20) -------------------------------------------

BRIEF_LEAD = "The harbour ferry runs again from Monday after two weeks of repairs to its engine."
BRIEF_BODY = [
    "The first crossing leaves the north quay at seven, the operator said.",
    "Season tickets bought in March remain valid until the end of June.",
]


def test_a_brief_whose_standfirst_sits_in_its_header_keeps_the_paragraphs_after_it() -> None:
    html = page(
        NAV + "<main><article><header><h1>Ferry back</h1>"
        f'<p class="standfirst">{BRIEF_LEAD}</p></header><div class="article-body">'
        + "".join(f"<p>{p}</p>" for p in BRIEF_BODY)
        + "</div></article></main>",
        description=BRIEF_LEAD,
        title="Ferry back",
    )
    tree = parse_html(html)
    body = extract_body(tree, html, lead=BRIEF_LEAD)
    assert body == [BRIEF_LEAD, *BRIEF_BODY]


def test_a_read_more_line_in_a_briefs_body_does_not_make_it_a_card() -> None:
    # one link line among the brief's own paragraphs, the standfirst beside the body
    lead = "The town pool opens again on Saturday after a new roof was fitted."
    lines = ["Lanes for swimmers are kept free every morning.", "Children under six swim free."]
    html = page(
        NAV + "<main><article><h1>Pool reopens</h1>"
        f'<p class="standfirst">{lead}</p><section class="story-text">'
        + "".join(f"<p>{p}</p>" for p in lines)
        + '<p><a href="/n/77">Read more: boatyard strike called off</a></p>'
        "</section></article></main>",
        description=lead,
        title="Pool reopens",
    )
    assert extract_body(parse_html(html), lead=lead) == [lead, *lines]


CAPTIONS = [
    "Before sunrise the bakers of the old quarter light ovens that are older than the town hall.",
    "The first loaves go to the hospital kitchen, carried in baskets by the owner's two sons.",
    "At nine the queue reaches the corner, where a busker plays the same three songs every day.",
    "By noon the shelves are bare, and the bakers sleep for a few hours before the evening batch.",
]


def test_a_photo_essay_whose_description_is_its_first_caption_keeps_every_caption() -> None:
    figures = "".join(
        f'<figure class="shot"><img src="/p/{i}.jpg" alt=""><figcaption>{c}</figcaption></figure>'
        for i, c in enumerate(CAPTIONS)
    )
    html = page(
        f"{NAV}<main><article><h1>A day at the bakery</h1><p>Photos: Ana Lima</p>"
        f"{figures}</article></main>",
        description=CAPTIONS[0],
    )
    body = extract_body(parse_html(html), html, lead=CAPTIONS[0])
    assert body == CAPTIONS


@pytest.mark.parametrize(
    "box", ['div class="promo"', 'section class="advert"', 'div id="related-galleries"']
)
def test_the_captions_of_a_furniture_box_of_galleries_do_not_follow_a_photo_essay(
    box: str,
) -> None:
    figures = "".join(
        f'<figure class="shot"><img src="/p/{i}.jpg" alt=""><figcaption>{c}</figcaption></figure>'
        for i, c in enumerate(CAPTIONS)
    )
    others = "".join(
        f'<figure class="shot"><a href="/g/{i}"><img src="/g/{i}.jpg" alt=""></a>'
        f"<figcaption>{c}</figcaption></figure>"
        for i, c in enumerate(
            [
                "Gallery: the lantern parade through the old harbour, seen from the roofs.",
                "Gallery: twenty years of the cheese market, in pictures from our archive.",
            ]
        )
    )
    tag = box.split()[0]
    html = page(
        f"{NAV}<main><article><h1>A day at the bakery</h1><p>Photos: Ana Lima</p>"
        f"{figures}<{box}><h2>Other galleries</h2>{others}</{tag}></article></main>",
        description=CAPTIONS[0],
    )
    assert extract_body(parse_html(html), html, lead=CAPTIONS[0]) == CAPTIONS


CLIP = (
    "A landslide blocked the mountain railway near the second tunnel. Crews expect to clear "
    "the line by Thursday, the operator said this morning."
)


def test_the_teasers_of_other_clips_after_a_description_are_not_its_prose() -> None:
    teasers = [
        "Snow ploughs at work on the pass road, filmed at dawn.",
        "How the last cable car was rebuilt in a single summer.",
        "A first look inside the new sleeping cars of the train.",
    ]
    playlist = (
        '<div class="playlist"><h2>Up next</h2>'
        + "".join(
            f'<div class="item"><h3><a href="/c/{i}">Clip {i}</a></h3><p>{t}</p></div>'
            for i, t in enumerate(teasers)
        )
        + "</div>"
    )
    html = page(
        f'{NAV}<main><div class="video"><h1>Railway blocked</h1><div id="player"></div>'
        f'<div class="video-caption"><p>{CLIP}</p></div>{playlist}</div></main>',
        description=CLIP,
    )
    body = extract_body(parse_html(html), lead=CLIP)
    assert CLIP in body
    assert not any(t in body for t in teasers)


STORY_LINE = "A pod of dolphins followed the evening ferry into the bay on Sunday."
STORY_PAGE = (
    '<main><article class="clip"><h1>Dolphins in the bay</h1><p class="summary">'
    f'{STORY_LINE}</p><div class="player"><video src="/v/9.mp4"></video></div></article></main>'
)


@pytest.mark.parametrize(
    "box",
    [
        '<div class="consent"><p>This site stores small files to count your visits.</p>'
        "<p>Press accept to allow them, or change the settings.</p></div>",
        '<div class="box"><p>Our morning letter brings the coast\'s news to your inbox before '
        "breakfast.</p><p>Write your address below; it costs nothing and you can stop it any "
        "day.</p></div>",
    ],
)
def test_a_box_after_a_short_story_is_not_what_follows_its_standfirst(box: str) -> None:
    html = page(NAV + STORY_PAGE + box, description=STORY_LINE)
    assert extract_body(parse_html(html), html, lead=STORY_LINE) == [STORY_LINE]


@pytest.mark.parametrize("before", [True, False])
def test_a_card_repeating_the_description_does_not_repeat_it(before: bool) -> None:
    card = (
        '<section class="more-clips"><h2>Watch next</h2><div class="tile">'
        f'<img src="/t/9.jpg" alt=""><p>{STORY_LINE}</p><a href="/a/1"><img src="/t/p.png" '
        'alt=""></a></div></section>'
    )
    html = page(NAV + (card + STORY_PAGE if before else STORY_PAGE + card), STORY_LINE)
    assert extract_body(parse_html(html), html, lead=STORY_LINE) == [STORY_LINE]


def test_a_description_in_a_wrapper_of_links_has_nothing_follow_it() -> None:
    # the element around the description adds mostly links: a page's wrapper, not a story
    desc = "Fire crews fought a warehouse blaze by the river through the night."
    after = "Residents were told to keep their windows shut until the smoke clears."
    links = " ".join(f'<a href="/t/{i}">Topic number {i}</a>' for i in range(8))
    html = page(
        f'{CLIP_PAGE}<div class="wrap"><div class="desc"><p>{desc}</p></div><p>{after}</p>'
        f"<div>{links}</div></div>" + SIGN_IN,
        description=desc,
    )
    assert extract_body(parse_html(html), lead=desc) == [desc]


def test_a_page_wrapped_in_one_form_still_has_its_standfirst() -> None:
    # ASP.NET WebForms put the whole page in <form id="aspnetForm">
    html = page(
        '<form id="aspnetForm" method="post" action="./clip.aspx">'
        + NAV
        + '<main><article class="clip-page"><h1>Coast road closed again for a third day</h1>'
        '<div class="player-frame"><video src="/v/1.mp4"></video></div>'
        '<div class="clip-caption"><div class="info">'
        f'<p class="clip-description">{VIDEO_LINE}</p>'
        "<dl><dt>Length</dt><dd>3 min</dd></dl></div></div></article></main>" + SIGN_IN + "</form>",
        description=VIDEO_LINE,
    )
    body = extract_body(parse_html(html), html, lead=VIDEO_LINE)
    assert VIDEO_LINE in body


SIGNUP = "Get the morning briefing: the five stories you need, in your inbox before seven."
#: A clip page whose own lines are no prose.
CLIP_PAGE = (
    '<main><article><h1>Harbour lights</h1><div id="player"></div>'
    "<p>Filmed from the north pier on Tuesday night.</p>"
    '<ul class="meta"><li>2 min</li><li>Yesterday</li></ul></article></main>'
)


@pytest.mark.parametrize(
    ("shown", "description"),
    [
        pytest.param(
            '<div class="newsletter"><form action="/subscribe">'
            f'<p>{SIGNUP}</p><input name="email"><button>Subscribe</button></form></div>' + SIGN_IN,
            SIGNUP,
            id="only-in-a-form-beside-a-clip",
        ),
        pytest.param(
            '<div class="comments"><div class="comment">'
            f"<p>{CLIP}</p><p>Quoted from the clip above: does anyone know more?</p></div></div>",
            CLIP,
            id="quoted-in-a-comment-thread",
        ),
    ],
)
def test_a_description_shown_where_no_story_is_changes_nothing(
    shown: str, description: str
) -> None:
    tree = parse_html(page(CLIP_PAGE + shown, description=description))
    assert extract_body(tree, lead=description) == extract_body(tree)


def test_an_article_named_comments_open_is_no_thread() -> None:
    html = page(
        NAV + '<main><article class="clip-page comments-open"><h1>Coast road closed</h1>'
        '<div class="player-frame"></div>'
        f'<div class="clip-caption"><p class="clip-description">{VIDEO_LINE}</p>'
        "<dl><dt>Length</dt><dd>3 min</dd></dl></div></article></main>" + SIGN_IN,
        description=VIDEO_LINE,
    )
    body = extract_body(parse_html(html), lead=VIDEO_LINE)
    assert VIDEO_LINE in body
    assert not any("password" in p for p in body)


def test_an_escaped_or_marked_up_description_is_found_as_shown() -> None:
    line = "The mayor's office says the bridge & the tunnel reopen on Friday."
    html = page(
        '<main><article><h1>Bridge</h1><div id="player"></div>'
        "<p>Filmed from the north pier on Tuesday night.</p>"
        f'<div class="clip-text"><p>{line.replace("&", "&amp;")}</p></div></article></main>'
        + SIGN_IN
    )
    tree = parse_html(html)
    for lead in (line, line.replace("&", "&amp;").replace("'", "&#39;"), f"<p>{line}</p>"):
        assert extract_body(tree, lead=lead) == [line]


def test_a_cjk_standfirst_keeps_the_short_sentence_after_it() -> None:
    lead = "山体滑坡阻断了山区铁路，周四前恢复通车。"
    after = "沿线居民被要求暂时改乘公路客车。"
    html = (
        f'<html><head><meta name="description" content="{lead}"></head><body><main>'
        f'<div class="clip"><h1>铁路中断</h1><div class="clip-text"><p>{lead}</p><p>{after}</p>'
        "</div></div></main>" + SIGN_IN + "</body></html>"
    )
    body = extract_body(parse_html(html), lead=lead)
    assert body[:2] == [lead, after]


def test_a_standfirst_in_thousands_of_nested_dialog_boxes_is_quick() -> None:
    import time

    line = "Floods closed the coastal road for a third day, engineers said."
    depth = 7800
    html = page(
        '<h1>T</h1><div class="login-modal">'
        + f'<div class="box"><p>{line}</p>' * depth
        + "</div>" * depth
        + "</div>",
        description=line,
    )
    tree = parse_html(html)
    start = time.process_time()
    extract_body(tree, lead=line)
    assert time.process_time() - start < 2.0  # about 0.03 s; a climb per block: 3-4 s
