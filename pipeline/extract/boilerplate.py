"""Boilerplate vocabularies of the generic body extractor, kept as data.

Nothing here names a site: these are the words and tags page templates in general use for
what is not article text (navigation, share bars, related stories, comments, captions, ads)
and for what usually is (article, story, post body). :mod:`pipeline.extract.body` reads
them; change the vocabulary here, not in the scoring code.

Class and id values are matched word by word: ``"c-share-bar"``, ``"c_share_bar"`` and
``"shareBar"`` all contain the word ``share``. The classes a CMS writes for a post's
categories and tags (WordPress's ``category-<slug>``, ``tag-<slug>``, Ghost's, Drupal's
content type) are not read: their words are an editor's (a category "Sidebar").
"""

from __future__ import annotations

import functools
import operator
import re

__all__ = [
    "ACCOUNT_WORDS",
    "BOILER_ROLES",
    "BOILER_TAGS",
    "BOILER_WORDS",
    "CONSENT_WORDS",
    "CONTENT_TAGS",
    "CONTENT_WORDS",
    "FIRM_BOILER_WORDS",
    "INLINE_TAGS",
    "OVERLAY_WORDS",
    "SKIP_TAGS",
    "TAIL_PATTERNS",
    "class_weight",
    "is_boilerplate_class",
    "names_account_dialog",
    "names_comments",
    "names_consent",
]

#: Elements that never hold article text: their whole subtree is ignored.
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "canvas", "button", "input",
     "select", "option", "textarea", "object", "embed", "video", "audio", "picture", "img",
     "map", "head", "title", "meta", "link", "math", "source", "track", "param", "dialog",
     "menu"}
)  # fmt: skip

#: Elements whose class/id words are not read as furniture: the tag itself says what they
#: hold (CMSs fill an article's class with "tag-…", "has-post-thumbnail", "format-video").
CONTENT_TAGS = frozenset({"article", "main", "blockquote", "body"})

#: Elements that hold page furniture when they are not the page's main text container.
BOILER_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "figure", "figcaption"})

#: ARIA roles of page furniture.
BOILER_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "dialog", "search", "menu",
     "menubar", "toolbar", "alert", "alertdialog", "tooltip", "note"}
)  # fmt: skip

#: Inline elements: their text joins the paragraph around them.
INLINE_TAGS = frozenset(
    {"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn",
     "em", "font", "i", "ins", "kbd", "mark", "nobr", "q", "rp", "rt", "ruby", "s", "samp",
     "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
     "label", "o:p"}
)  # fmt: skip

#: "Comments" in other languages (German, Swedish/Danish/Norwegian, French, Spanish and
#: Portuguese, Italian, Dutch, Polish, Croatian/Serbian, Finnish, Romanian, Turkish, Russian
#: and Chinese transliterated, Hungarian), plurals only: the singular often names an opinion
#: piece ("Kommentar", "commento", "komentarz") and a WordPress post's element carries its
#: category ("category-kommentar"). Nor are "Beitrag" (a post) or "reactie" taken.
OTHER_COMMENT_WORDS = (
    "kommentare", "kommentarer", "commentaires", "comentarios", "commenti", "reacties",
    "komentarze", "komentari", "kommentit", "comentarii", "yorumlar", "kommentarii",
    "pinglun", "hozzaszolasok",
)  # fmt: skip

#: An element named with one of these words is a cookie or consent box, never the article
#: whatever its share of the page's prose (a consent notice outweighs a two-paragraph brief),
#: unless it holds a ``<main>``/``<article>`` or the page's first ``<h1>`` (a wrapper a script
#: names "cookies-accepted") or sits inside a ``<main>``/``<article>`` (a story's own box,
#: "cookie-recipe"; :mod:`pipeline.extract.body`).
CONSENT_WORDS = ("cookie", "cookies", "consent", "gdpr")

#: Words of class/id values that mark page furniture. A space stands for an optional
#: separator: "read more" matches ``read-more``, ``read_more``, ``readmore`` and ``readMore``.
#: Left out on purpose: "paywall" (sites wrap the text behind the paywall in it), "tag" and
#: "thumbnail" (CMSs put "tag-…" and "has-post-thumbnail" on the article), "player" (sports
#: tables), "hidden" (``hidden-xs`` is visible on a desktop).
BOILER_WORDS = (
    # sharing and social
    "share", "sharing", "share bar", "shares", "social", "socials", "social links", "follow",
    "tweet", "facebook", "twitter", "whatsapp", "linkedin", "pinterest",
    # related and recommended content
    "related", "recommended", "recommendations", "recommend", "recirc", "recirculation",
    "outbrain", "taboola", "teaser", "teasers", "trending", "popular", "most read",
    "most popular", "more stories", "read more", "read next", "up next", "next", "prev",
    "previous", "promo", "promotion", "promoted", "sponsor", "sponsored", "partner",
    # comments
    "comment", "comments", "disqus", "discussion", "respond", "reply", "replies",
    *OTHER_COMMENT_WORDS,
    # subscriptions and overlays
    "newsletter", "subscribe", "subscription", "sign up", "sign in", "login", "register",
    *CONSENT_WORDS, "banner", "popup", "modal",
    "overlay", "lightbox", "toast", "alert", "tooltip", "popover", "rollover", "hovercard",
    "dropdown",
    # advertising
    "ad", "ads", "adv", "advert", "advertisement", "advertising", "ad slot", "ad unit",
    "dfp", "gpt", "doubleclick", "commercial",
    # page frame
    "nav", "navbar", "navigation", "menu", "submenu", "breadcrumb", "breadcrumbs",
    "masthead", "footer", "sidebar", "rail", "widget", "widgets", "toolbar", "toolbox",
    "tools", "pagination", "pager", "skip", "search", "topbar",
    # article furniture that is not body text
    "caption", "captions", "credit", "credits", "byline", "bylines", "dateline", "author",
    "authors", "bio", "meta", "metadata", "timestamp", "tags", "tag list", "topics",
    "keywords", "disclaimer", "copyright", "print", "sr only", "visually hidden",
    "screen reader", "offscreen", "gallery", "slideshow", "carousel", "video",
    "audio", "podcast", "embed", "instagram", "correction", "feedback", "rating", "jump",
)  # fmt: skip

#: Of those, the words that name furniture whatever it holds: comment threads (prose, but
#: not the article's), page frame, subscription and cookie boxes, recommendation widgets,
#: captions and photo galleries, bylines.
#: An element named with one of the other words ("teaser", "widget", "read more", "promo")
#: that holds paragraphs of prose with few links is read as text (see
#: :mod:`pipeline.extract.body`); one named with these never is.
FIRM_BOILER_WORDS = (
    "comment", "comments", "disqus", "discussion", "respond", "reply", "replies",
    *OTHER_COMMENT_WORDS,
    "footer", "sidebar", "rail", "nav", "navbar", "navigation", "menu", "submenu",
    "breadcrumb", "breadcrumbs", "masthead", "toolbar", *CONSENT_WORDS,
    "newsletter", "subscribe", "subscription", "outbrain", "taboola", "recirc",
    "recirculation", "caption", "captions", "credit", "credits", "gallery", "slideshow",
    "carousel", "byline", "bylines", "dateline", "timestamp",
)  # fmt: skip

#: Of those, the words that name a comment thread.
COMMENT_WORDS = ("comment", "comments", "disqus", "discussion", "respond", "reply", "replies",
                 *OTHER_COMMENT_WORDS)  # fmt: skip

#: An element named with a word of each of these two lists is an account dialog (a log-in
#: or registration form drawn over the page: ``login-modal``, ``b-dialog x-dialog-login``,
#: ``signupPopup``), never the article whatever its share of the page's prose. One word alone
#: names no dialog: "login-required" wraps a member's article, "popup-gallery" a story's
#: pictures.
ACCOUNT_WORDS = ("login", "log in", "sign in", "sign up", "register", "registration",
                 "account", "password")  # fmt: skip
OVERLAY_WORDS = ("modal", "dialog", "popup", "overlay")

#: Words of class/id values that mark the article's text container.
CONTENT_WORDS = (
    "article", "article body", "body", "content", "entry", "entry content", "main", "post",
    "post body", "story", "story body", "text", "rich text", "blog", "prose", "copy",
)  # fmt: skip


#: Class lists that content management systems write on the element holding a post (and
#: on ``<body>``) name the post's categories, tags and author with an editor's words: a
#: category "Sidebar", "Kommentar" or "Newsletter", a tag "comments". Those words say
#: nothing about the element. WordPress's post_class() and body_class() write
#: ``post-<id> <type> type-<type> status-<status> format-<format> hentry category-<slug>
#: tag-<slug>`` and ``single single-<type> postid-<id> single-format-<format>``; Ghost's
#: post_class ``post tag-<slug> featured``; older WordPress themes ``hentry post publish
#: author-<name> category-<slug> post_tag-<slug>``. A value with one of these marks is
#: such a list …
_CMS_MARK = re.compile(
    r"hentry|post-template(?:-default)?|(?:post|postid)-\d+|single-format-[a-z0-9_-]+"
    r"|status-(?:publish|private|draft|future|pending|inherit)"
)
#: … whose taxonomy classes are left out of its words; a bare ``post`` (Ghost's one mark,
#: and a common theme word) vouches only for Ghost's ``tag-<slug>`` …
_CMS_TAXONOMY = re.compile(r"(?:category|tag|post_tag|author)-.")
_GHOST_TAXONOMY = re.compile(r"tag-.")
#: … and whose content type (post type, format) only counts when it does not sound like
#: furniture: the element holds a post of that type ("podcast", ``format-gallery``).
_CMS_TYPE = re.compile(r"(?:type|format|single-format)-(.+)")
#: Drupal's node template names the content type (``node--type-<bundle>``, on ``<body>``
#: ``page-node-type-<bundle>``) and the editor's flags (promoted to the front page, sticky,
#: unpublished) whatever the page's theme: no mark needed.
_DRUPAL_TYPE = re.compile(r"(?:node--type|page-node-type)-.")
_DRUPAL_FLAGS = frozenset({"node--promoted", "node--sticky", "node--unpublished"})


#: How many class/id values each class reader keeps its answer for: a page template
#: repeats its values, and the kept answers stay bounded however long a crawl runs. 4,000
#: keep a page's and a site's repeats (over the 709 pages of 700 sites of wcxb-articles-dev,
#: 15 % more misses than 50,000 and the same CPU time) and 19 MB less peak RSS
#: (``bench/extraction_memory.py``).
CACHED_VALUES = 4_000


@functools.lru_cache(maxsize=CACHED_VALUES)
def _without_cms_taxonomy(value: str) -> str:
    """A class/id value without the words a CMS writes for the post's taxonomy (its
    categories, tags, author) and without a content type named like furniture."""
    return value if "-" not in value else _drop_cms_taxonomy(value)


def _drop_cms_taxonomy(value: str) -> str:
    """:func:`_without_cms_taxonomy`, not kept."""
    classes = value.split()
    lowered = [c.lower() for c in classes]
    marked = any(_CMS_MARK.fullmatch(c) for c in lowered)
    taxonomy = _CMS_TAXONOMY if marked else _GHOST_TAXONOMY if "post" in lowered else None
    types: set[str] = set()
    if marked:
        for c in lowered:
            m = _CMS_TYPE.fullmatch(c)
            if m and c.startswith("type-"):
                types.add(m.group(1))
    kept = []
    for c, low in zip(classes, lowered, strict=True):
        if low in _DRUPAL_FLAGS:
            continue
        if taxonomy is not None and taxonomy.match(low):
            continue
        content_type = _DRUPAL_TYPE.match(low) or (
            marked and (_CMS_TYPE.fullmatch(low) or low in types)
        )
        if content_type and _plain_weight(c) < 0:
            continue
        kept.append(c)
    return value if len(kept) == len(classes) else " ".join(kept)


_BOILER = frozenset(w.replace(" ", "") for w in BOILER_WORDS)
_FIRM = frozenset(w.replace(" ", "") for w in FIRM_BOILER_WORDS)
_CONTENT = frozenset(w.replace(" ", "") for w in CONTENT_WORDS)
_COMMENT = frozenset(COMMENT_WORDS)
_ACCOUNT = frozenset(w.replace(" ", "") for w in ACCOUNT_WORDS)
_OVERLAY = frozenset(OVERLAY_WORDS)
_CONSENT = frozenset(CONSENT_WORDS)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_LETTER = re.compile(r"[^a-z]+")
_LETTERS = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=CACHED_VALUES)
def class_weight(value: str) -> int:
    """-2 for a class/id value (both joined by a space) that names page furniture with a
    firm word (comments, sidebar), -1 for one that names it otherwise ("teaser"), +1 for one
    that names article text, 0 otherwise."""
    return _plain_weight(_without_cms_taxonomy(value))


def _plain_weight(value: str) -> int:
    """:func:`class_weight` of a value read word by word, CMS class lists not told apart."""
    tokens = _tokens(value)
    if not _FIRM.isdisjoint(tokens):
        return -2
    if not _BOILER.isdisjoint(tokens):
        return -1
    return 0 if _CONTENT.isdisjoint(tokens) else 1


def _tokens(value: str) -> set[str]:
    """The words of a class/id value, and each two neighbours joined ("read-more" →
    "readmore")."""
    text = value if value.islower() else _CAMEL.sub("-", value).lower()
    words = _LETTERS.findall(text)
    tokens = set(words)
    if len(words) > 1:
        tokens.update(map(operator.add, words, words[1:]))
    return tokens


@functools.lru_cache(maxsize=CACHED_VALUES)
def names_account_dialog(value: str) -> bool:
    """Whether a class/id value (both joined by a space) names an account dialog: a word of
    :data:`ACCOUNT_WORDS` and one of :data:`OVERLAY_WORDS` (``loginModal``, ``popup
    signin-popup``)."""
    # each of its words, and two neighbours joined, is a part of its letters run
    # together: most values hold no overlay word there, and need no words
    letters = _NOT_LETTER.sub("", value.lower())
    if not any(word in letters for word in _OVERLAY):
        return False
    tokens = _tokens(_without_cms_taxonomy(value))
    return not (_ACCOUNT.isdisjoint(tokens) or _OVERLAY.isdisjoint(tokens))


@functools.lru_cache(maxsize=CACHED_VALUES)
def names_consent(value: str) -> bool:
    """Whether a class/id value (both joined by a space) names a cookie or consent box: a
    word of :data:`CONSENT_WORDS` (``cookie-consent``, ``cookieLayer``, ``gdpr-notice``)."""
    return not _CONSENT.isdisjoint(_tokens(_without_cms_taxonomy(value)))


def is_boilerplate_class(value: str) -> bool:
    """Whether a class/id value (both joined by a space) names page furniture."""
    return class_weight(value) < 0


#: Lines that end an article's text without being part of it: calls to follow, subscribe or
#: listen, "more stories" headings, credits and copyright. Matched (case-insensitive) only
#: against the last few paragraphs of a body, from the end, so a sentence in the middle of a
#: story that happens to say "newsletter" stays.
TAIL_PATTERNS = tuple(
    re.compile(p, re.I)
    for p in (
        r"\bfollow\b.{0,60}\bon (?:twitter|facebook|instagram|x|linkedin|youtube|tiktok)\b",
        r"\b(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletters?|updates|inbox|e-?mails?)\b",
        r"\bnewsletters?\b.{0,80}\b(?:sign up|subscribe|inbox|delivered)\b",
        r"\b(?:listen|watch)\b.{0,20}\b(?:live|back|now|here)\b",
        r"^(?:more|related|recommended|read more|see also|also read|most popular|"
        r"trending|latest)\b.{0,60}$",
        r"^\(?(?:additional )?(?:reporting|editing|writing|compiled) by\b",
        r"^(?:copyright|©|\(c\))|\ball rights reserved\b",
        r"\b(?:like|share) (?:this|us)\b.{0,40}(?:facebook|twitter|friend)",
    )
)


@functools.lru_cache(maxsize=CACHED_VALUES)
def names_comments(value: str) -> bool:
    """Whether a class/id value (both joined by a space) names a comment thread or a part
    of one (``comments-area``, ``wc-comment``, ``disqus_thread``)."""
    text = _without_cms_taxonomy(value)
    text = text if text.islower() else _CAMEL.sub("-", text).lower()
    return not _COMMENT.isdisjoint(_NOT_LETTER.split(text))
