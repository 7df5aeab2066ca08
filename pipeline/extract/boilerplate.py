"""Boilerplate vocabularies of the generic body extractor, kept as data.

Nothing here names a site: these are the words and tags page templates in general use for
what is not article text (navigation, share bars, related stories, comments, captions, ads)
and for what usually is (article, story, post body). :mod:`pipeline.extract.body` reads
them; change the vocabulary here, not in the scoring code.

Class and id values are matched word by word: ``"c-share-bar"``, ``"c_share_bar"`` and
``"shareBar"`` all contain the word ``share``.
"""

from __future__ import annotations

import operator
import re

__all__ = [
    "ACCOUNT_WORDS",
    "BOILER_ROLES",
    "BOILER_TAGS",
    "BOILER_WORDS",
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
    "cookie", "cookies", "consent", "gdpr", "banner", "popup", "modal",
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
    "breadcrumb", "breadcrumbs", "masthead", "toolbar", "cookie", "cookies", "consent", "gdpr",
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


_BOILER = frozenset(w.replace(" ", "") for w in BOILER_WORDS)
_FIRM = frozenset(w.replace(" ", "") for w in FIRM_BOILER_WORDS)
_CONTENT = frozenset(w.replace(" ", "") for w in CONTENT_WORDS)
_COMMENT = frozenset(COMMENT_WORDS)
_ACCOUNT = frozenset(w.replace(" ", "") for w in ACCOUNT_WORDS)
_OVERLAY = frozenset(OVERLAY_WORDS)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_LETTER = re.compile(r"[^a-z]+")
_LETTERS = re.compile(r"[a-z]+")
_WEIGHTS: dict[str, int] = {}


def class_weight(value: str) -> int:
    """-2 for a class/id value (both joined by a space) that names page furniture with a
    firm word (comments, sidebar), -1 for one that names it otherwise ("teaser"), +1 for one
    that names article text, 0 otherwise."""
    weight = _WEIGHTS.get(value)
    if weight is None:
        tokens = _tokens(value)
        if not _FIRM.isdisjoint(tokens):
            weight = -2
        elif not _BOILER.isdisjoint(tokens):
            weight = -1
        else:
            weight = 0 if _CONTENT.isdisjoint(tokens) else 1
        if len(_WEIGHTS) > 50_000:
            _WEIGHTS.clear()
        _WEIGHTS[value] = weight
    return weight


def _tokens(value: str) -> set[str]:
    """The words of a class/id value, and each two neighbours joined ("read-more" →
    "readmore")."""
    text = value if value.islower() else _CAMEL.sub("-", value).lower()
    words = _LETTERS.findall(text)
    tokens = set(words)
    if len(words) > 1:
        tokens.update(map(operator.add, words, words[1:]))
    return tokens


_ACCOUNT_DIALOGS: dict[str, bool] = {}


def names_account_dialog(value: str) -> bool:
    """Whether a class/id value (both joined by a space) names an account dialog: a word of
    :data:`ACCOUNT_WORDS` and one of :data:`OVERLAY_WORDS` (``loginModal``, ``popup
    signin-popup``)."""
    named = _ACCOUNT_DIALOGS.get(value)
    if named is None:
        # each of its words, and two neighbours joined, is a part of its letters run
        # together: most values hold no overlay word there, and need no words
        letters = _NOT_LETTER.sub("", value.lower())
        named = any(word in letters for word in _OVERLAY)
        if named:
            tokens = _tokens(value)
            named = not (_ACCOUNT.isdisjoint(tokens) or _OVERLAY.isdisjoint(tokens))
        if len(_ACCOUNT_DIALOGS) > 50_000:  # a page template's values repeat: kept a while
            _ACCOUNT_DIALOGS.clear()
        _ACCOUNT_DIALOGS[value] = named
    return named


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


_NAMES_COMMENTS: dict[str, bool] = {}


def names_comments(value: str) -> bool:
    """Whether a class/id value (both joined by a space) names a comment thread or a part
    of one (``comments-area``, ``wc-comment``, ``disqus_thread``)."""
    named = _NAMES_COMMENTS.get(value)
    if named is None:
        text = value if value.islower() else _CAMEL.sub("-", value).lower()
        named = not _COMMENT.isdisjoint(_NOT_LETTER.split(text))
        if len(_NAMES_COMMENTS) > 50_000:  # a page template's values repeat: kept a while
            _NAMES_COMMENTS.clear()
        _NAMES_COMMENTS[value] = named
    return named
