"""The article's title: its visible headline, chosen by agreement between the candidates.

The candidates are the page's ``<h1>`` headings (what a reader sees) and the titles it
declares: the JSON-LD ``headline``, the OpenGraph/Twitter/Dublin Core card titles and the
``<title>``. :func:`choose_title` decides between them; :func:`strip_site_suffix` takes a
site's name off a declared title. Used by :mod:`pipeline.extract.metadata`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pipeline.extract.clean import decode_entities
from pipeline.extract.parse import LexborHTMLParser, node_text, select_texts

__all__ = ["choose_title", "strip_site_suffix"]

_SUFFIX_SEPARATORS = (
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", " ‹ ", " › ", " ~ ", " // ",
    " / ", " > ",
)  # fmt: skip

#: Chinese, Japanese and Korean letters and the full-width punctuation written with them.
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef"

#: The separators Chinese and Japanese titles write without spaces ("标题_栏目_网站",
#: "見出し｜サイト名") and a bare "|": "_" and "--" only where such a letter touches them
#: (an identifier's "snake_case" or "__slots__" and a typed dash in "rise--and" are no
#: separators). The white space around a mark is not part of it (every use strips the
#: parts): a leading ``\s*`` would be tried again from each space of a long run (quadratic).
_TIGHT_SEPARATOR = re.compile(rf"｜|\||(?<=[{_CJK}])\s*(?:_|--)|(?:_|--)(?=\s*[{_CJK}])")


def choose_title(
    tree: LexborHTMLParser,
    headline: str | None,
    card: str | None,
    site_name: str | None,
    url: str | None = None,
) -> str | None:
    """The article's visible headline, chosen by agreement between the candidates.

    The page's ``<h1>`` headings are what a reader sees; the JSON-LD ``headline``, the card
    title ``card`` (og:title, twitter:title or Dublin Core title) and the ``<title>`` are
    what the page declares (often with the site's name around them, or a version rewritten
    for search and sharing). The first ``<h1>`` that agrees with a declared title (the same
    words, or one of its segments between separators such as " | " and " - ", or most of
    its words) wins: a visible headline confirmed by the page's own metadata. Without such
    an ``<h1>`` the first ``<h1>`` is the headline when it is a sentence long (six words or
    more); otherwise (a section name or a logo in the ``<h1>``, no ``<h1>``) the declared
    titles decide, site names stripped.

    The site's names are ``site_name`` (og:site_name, the JSON-LD publisher), the segments
    of the ``<title>`` taken for the site's, and the names the ``url``'s host spells
    ("www.harbourpost.example": "Harbour Post"). A heading or declared title that is only
    the site's name (a masthead) is no candidate, and the site's name before or after a
    separator in the chosen title goes.
    """
    head_node = tree.css_first("head title") or tree.css_first("title")
    head = node_text(head_node) or None
    hosts = _host_keys(url)
    sites = _site_keys(head, site_name)
    headline, card, head = (
        None if _is_site(t, sites, hosts) else t for t in (headline, card, head)
    )
    declared = [t for t in (headline, card, head) if t]
    visible = _headings(tree)
    headings = [_without_site(h, sites, hosts) for h in visible if not _is_site(h, sites, hosts)]
    if declared:
        for h1 in headings:
            if any(_agrees(h1, d) for d in declared):
                return h1
    if headings and _word_count(headings[0]) >= _HEADLINE_WORDS:
        return headings[0]  # the first <h1>, a sentence long: the headline nothing contradicts
    title = _declared_title(headline, card, head, site_name)
    if title and hosts:
        title = _without_domain(_without_site(title, set(), hosts), hosts, visible)
    return title or next(iter(headings), None) or next(iter(select_texts(tree, "h1")), None)


#: An <h1> of this many words is a sentence: a headline even when no declared title agrees.
_HEADLINE_WORDS = 6

#: Chinese and Japanese letters, written without spaces between words.
_CJK_PAIR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2}")


def _word_count(text: str) -> int:
    """The words of ``text``: those between spaces, and in Chinese and Japanese (written
    without spaces) one for every two letters, about a word's length there."""
    return len(_CJK_PAIR.sub(" ", text).split()) + len(_CJK_PAIR.findall(text))


def _site_keys(head: str | None, site_name: str | None) -> set[str]:
    """The site's names as title keys: the declared one and the segments of the ``<title>``
    that :func:`strip_site_suffix` takes for the site's."""
    keys = {_title_key(site_name)} if site_name else set()
    if head:
        whole = " ".join(head.split())
        kept = strip_site_suffix(whole, site_name)
        if kept and kept != whole and kept in whole:
            rest = whole.replace(kept, " ", 1)
            keys.update(_title_key(seg) for seg in _TITLE_SEPARATORS.split(rest))
    keys.discard("")
    return keys


def _without_site(heading: str, sites: set[str], hosts: set[str]) -> str:
    """A heading without a site's name after (or before) a separator: a segment whose key
    is one of ``sites`` or whose letters and digits are one of ``hosts``."""
    for (lead, after_lead), (before_end, end) in _splits(heading):
        if before_end and _is_site(end, sites, hosts):
            return before_end
        if after_lead and _is_site(lead, sites, hosts):
            return after_lead
    return heading


def _without_domain(title: str, hosts: set[str], visible: list[str]) -> str:
    """A declared title without the site's domain as its first word, no separator needed
    ("davidbau.com Vibe Coding": "Vibe Coding"). The domain stays when what follows starts
    lower-case (it is the sentence's subject: "Amazon.com announces …") or when a visible
    ``<h1>`` shows it with more words (it is the headline's: "LWN.net Weekly Edition …"); a
    visible ``<h1>`` is never cut this way, and as the last word the domain is often the
    sentence's ("… by the readers of davidbau.com")."""
    words = title.split()
    if len(words) < 2 or not _is_domain(words[0], hosts) or words[1][:1].islower():
        return title
    domain = words[0].casefold()
    if any(len(h.split()) > 1 and domain in h.casefold().split() for h in visible):
        return title
    return " ".join(words[1:])


def _is_domain(word: str, hosts: set[str]) -> bool:
    """Whether ``word`` spells the site's domain with its dot ("LWN.net", "davidbau.com")."""
    word = word.strip("[]()<>«»")
    return "." in word.strip(".") and _alnum(word.casefold()) in hosts


def _splits(title: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """For each separator ``title`` has (those of :data:`_SUFFIX_SEPARATORS`, then the
    tight ones), ``((before the first, after it), (before the last, after it))``, stripped."""
    out = []
    for sep in _SUFFIX_SEPARATORS:
        first, found, rest = title.partition(sep)
        if found:
            head, _, tail = title.rpartition(sep)
            out.append(((first.strip(), rest.strip()), (head.strip(), tail.strip())))
    marks = list(_TIGHT_SEPARATOR.finditer(title))
    if marks:
        a, b = marks[0], marks[-1]
        out.append(
            (
                (title[: a.start()].strip(), title[a.end() :].strip()),
                (title[: b.start()].strip(), title[b.end() :].strip()),
            )
        )
    return out


def _is_site(text: str | None, sites: set[str], hosts: set[str]) -> bool:
    """Whether ``text`` is only the site's name (no article's title): its key is one of
    ``sites`` or its letters and digits are one of ``hosts``."""
    if not text:
        return False
    return _title_key(text) in sites or _squash(text) in hosts


def _squash(text: str) -> str:
    """Only the letters and digits of a title key ("Byte Sauna" and "bytesauna" agree)."""
    return _alnum(_title_key(text))


_NOT_ALNUM = re.compile(r"[\W_]+")


def _alnum(text: str) -> str:
    """``text`` with everything but its letters and digits removed."""
    return _NOT_ALNUM.sub("", text)


_HOST_LABELS_SKIPPED = frozenset({"www", "m", "amp", "com", "co", "org", "net", "gov", "ac"})


def _host_keys(url: str | None) -> set[str]:
    """The site's names a URL's host spells: the host without "www." and its main label
    ("www.bytesauna.com": "bytesaunacom", "bytesauna"), letters and digits only."""
    if not url:
        return set()
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return set()
    labels = [lab for lab in host.split(".") if lab]
    if len(labels) < 2 or all(lab.isdigit() for lab in labels):
        return set()
    if labels[0] in _HOST_LABELS_SKIPPED:
        labels = labels[1:]
    keys = {_alnum(".".join(labels))}
    main = [lab for lab in labels[:-1] if lab not in _HOST_LABELS_SKIPPED]
    if main and len(main[-1]) >= 3:
        keys.add(_alnum(main[-1]))
    keys.discard("")
    return keys


def _headings(tree: LexborHTMLParser) -> list[str]:
    """The texts of the page's ``<h1>`` elements (a few), in document order."""
    out = []
    for node in tree.css("h1")[:8]:
        text = node_text(node)
        if text and len(text) <= 300:
            out.append(text)
    return out


_TITLE_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
#: A declared title's separators: a mark with white space on both sides, or a bar. Only the
#: mark is matched (its segments are compared as :func:`_title_key`s, stripped): ``\s+`` on
#: its sides would be tried again from each space of a long run (quadratic).
_TITLE_SEPARATORS = re.compile(r"(?<=\s)(?:[|\-–—:·•»«‹›~/>]|//)(?=\s)|[|｜]")


def _title_key(text: str) -> str:
    text = decode_entities(text).translate(_TITLE_QUOTES).casefold()
    return " ".join(text.split()).strip(" .:;!?")


def _agrees(visible: str, declared: str) -> bool:
    """Whether a visible heading and a declared title name the same article: equal, or
    equal to one segment of the declared title, or sharing most of their words."""
    v, d = _title_key(visible), _title_key(declared)
    if not v or not d:
        return False
    if v == d:
        return True
    if (
        len(v) >= 8
        and v in d
        and any(_title_key(seg) == v for seg in _TITLE_SEPARATORS.split(declared))
    ):
        return True
    if len(v) >= 8 and (d.startswith(v) or d.endswith(v)) and len(v) >= 0.4 * len(d):
        return True
    vw, dw = set(re.findall(r"\w+", v)), set(re.findall(r"\w+", d))
    return len(vw) >= 3 and len(vw & dw) >= 0.6 * len(vw | dw)


def _declared_title(
    headline: str | None, card: str | None, head: str | None, site_name: str | None
) -> str | None:
    """The title the page declares: the JSON-LD headline or the card title (the shorter of
    two different ones, unless it is the other cut short), else the ``<title>``; site name
    stripped."""
    if card:
        card = strip_site_suffix(card, site_name) or card
    title = headline or card
    if headline and card and headline != card:
        short, long = sorted((headline, card), key=len)
        title = long if _truncated(short, long) else short
    if not title and head:
        title = strip_site_suffix(head, site_name) or None
    return title


def _truncated(headline: str, card: str) -> bool:
    """Whether ``headline`` is ``card`` cut short (a prefix, or ending in an ellipsis)."""
    h = headline.rstrip(" .…")
    return len(h) < len(card.strip()) and (card.startswith(h) or headline.endswith(("…", "...")))


def strip_site_suffix(title: str, site_name: str | None = None) -> str:
    """A ``<title>`` without its " | Site" / " - Site" suffix (or "Site | " prefix).

    With ``site_name`` known only that name is removed; without it, a short last segment
    after " | " is dropped (or a short one after a dash, before three words or more) unless
    what is before it is a one-word label before a headline of three words or more
    ("Opinion | Tram chaos again", "速報 | 図書館が開館"; "Merz | ZEIT ONLINE" loses its
    suffix), and the short last parts after the separators
    Chinese and Japanese titles write without spaces ("标题_栏目_网站", "見出し｜サイト名");
    words counted as :func:`_word_count` does (a Chinese or Japanese headline is many
    words, not one).
    """
    title = " ".join(title.split())
    if not title:
        return title
    if site_name:
        named = _without_named_site(title, site_name)
        if named is not None:
            return named
    for sep in (" | ", " :: ", " · ", " • "):
        head, found, tail = title.rpartition(sep)
        if found and head and _word_count(tail) <= 4 and not _label_before(head, tail):
            return strip_site_suffix(head, None) if sep in head else head.strip()
    for sep in (" - ", " – ", " — "):
        head, found, tail = title.rpartition(sep)
        if found and _word_count(tail) <= 3 and len(head) >= len(tail) and _word_count(head) >= 3:
            return head.strip()
    return _without_tight_suffix(title)


def _label_before(head: str, tail: str) -> bool:
    """Whether ``head`` before a bar is a one-word label ("Opinion", "速報") and ``tail``, of
    three words or more, the headline: not "Headline | Site"."""
    return _word_count(head) <= 1 and _word_count(tail) >= 3


def _without_tight_suffix(title: str) -> str:
    """``title`` without its short last parts after separators written without spaces
    ("标题_栏目_网站": "标题"): each goes when it is four words or fewer and shorter than
    what is before it (a spaced " -- " is no such separator: :func:`_spaced_dash`)."""
    marks = [m for m in _TIGHT_SEPARATOR.finditer(title) if not _spaced_dash(title, m)]
    end = len(title)  # the parts from the last mark back, one at a time (no recursion)
    for mark in reversed(marks):
        head, tail = title[: mark.start()].strip(), title[mark.end() : end].strip()
        if not (head and _word_count(tail) <= 4 and len(tail) < len(head)):
            break
        end = mark.start()
    return title[:end].strip() if end < len(title) else title


def _spaced_dash(title: str, mark: re.Match[str]) -> bool:
    """Whether ``mark`` is a "--" with white space on both sides: a dash typed inside a
    headline ("「物語」最終回 -- 放送日決定"), a separator only before a declared site's name
    (the unspaced "标题--栏目--网站" is the form Chinese titles write)."""
    start, end = mark.start(), mark.end()
    return (
        "--" in mark.group()
        and (mark.group()[:1].isspace() or title[start - 1 : start].isspace())
        and title[end : end + 1].isspace()
    )


def _without_named_site(title: str, site_name: str) -> str | None:
    """``title`` without ``site_name`` before or after a separator; None when it has none."""
    site = site_name.strip().casefold()
    for (lead, after_lead), (before_end, end) in _splits(title):
        if before_end and _site_matches(end, site):
            return before_end
        if after_lead and _site_matches(lead, site):
            return after_lead
    # a colon also ends many headlines' first part: only the site's exact name goes
    key = _title_key(site_name)
    for colon in (": ", "："):
        head, found, tail = title.rpartition(colon)
        if found and head.strip() and _title_key(tail) == key:
            return head.strip()
        first, found, rest = title.partition(colon)
        if found and rest.strip() and _title_key(first) == key:
            return rest.strip()
    return None


def _site_matches(segment: str, site: str) -> bool:
    """Whether a title's ``segment`` names the site ``site`` (case-folded): the same, or the
    same letters and digits, or one of them begins the other's."""
    seg = segment.strip().casefold()
    if not seg:
        return False
    squash = _alnum(seg)
    site_squash = _alnum(site)
    return (
        seg == site
        or squash == site_squash
        or site_squash.startswith(squash)
        or squash.startswith(site_squash)
    )
