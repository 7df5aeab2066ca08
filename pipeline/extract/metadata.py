"""Generic metadata extraction: the article fields a page declares about itself.

Sources, strongest first, field by field: JSON-LD (``NewsArticle`` and friends, also inside
``@graph`` or arrays, or listed in a ``Blog`` or ``ItemList`` that names this page; its
URLs, language and site name with their HTML entities decoded, its text fields left to the
clean stage, which repairs and counts them; for the dates, the object describing the page
itself, a ``WebPage``, when no article object declares them), OpenGraph and ``article:*``
meta tags (``og:title`` before the JSON-LD headline), Dublin Core, plain ``<meta>`` tags,
``<time datetime>``, ``<html lang>``, ``rel=canonical``, ``<title>``; the page text (bylines,
a date in the URL) only as a last resort. Values are returned raw (uncleaned) in a
:class:`RawArticle`; the dates come from the date step, :mod:`pipeline.extract.pubdate`, as
the page writes them (read by :mod:`pipeline.extract.times`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.extract.clean import decode_entities
from pipeline.extract.deadline import Deadline
from pipeline.extract.parse import (
    UNCLOSABLE_FURNITURE,
    LexborHTMLParser,
    LexborNode,
    UnclosedMarks,
    left_open,
    node_text,
    unclosed_marks,
)
from pipeline.extract.pubdate import find_page_dates, jsonld_string
from pipeline.extract.raw import RawArticle
from pipeline.extract.title import choose_title
from pipeline.urls import http_url, is_valid_url, strip_tracking

__all__ = [
    "ARTICLE_TYPES",
    "BYLINE_LABEL",
    "article_jsonld",
    "clean_authors",
    "extract_metadata",
    "jsonld_objects",
]

#: schema.org types whose JSON-LD object describes the article.
ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    }
)

# An unrendered template placeholder ({{BASE_URL}}, {% url %}, ${url}, <%= url %>, [[url]]):
# a page saved before (or served without) its templating step has no URL there.
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{%|%\}|\$\{|<%|%>|\[\[|\]\]")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")

_BYLINE_SELECTORS = (
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    "[rel=author]",
    ".byline__name",
    ".byline-name",
    ".byline",
    ".article-byline",
    "[class*=byline i]",
    ".author-name",
    ".author",
    # theme and page-builder author boxes ("wp-block-post-author-name", "authorName")
    "[class*=author-name i]",
    "[class*=author__name i]",
    "[class*=author_name i]",
    "[class*=authorname i]",
    "[class*=author-box__name i]",
    # the author element of a block named the BEM way ("card__author", "post__author")
    "[class*=__author i]",
)
#: Links to an author's archive page ("/author/jane-doe/", "/authors/jane-doe"): their text
#: is the author's name.
_AUTHOR_LINK = 'a[href*="/author/"], a[href*="/authors/"]'

# -- author junk ------------------------------------------------------------------------------
#: A byline's "by" ("By", "Written by", "Von", "Par"…) …
_BY_WORDS = (
    r"(?:(?:written|reported|reporting|story|text|words|photos?|edited|compiled|posted"
    r"|published|created|authored|escrito|écrit|geschrieben)\s+)?(?:by|von|par|por|di|door|av)"
)
#: … at the start of an author text.
_BY_PREFIX = re.compile(rf"^{_BY_WORDS}\b[\s:]*", re.I)
_BY_GLUED = re.compile(r"^By(?=[A-Z])")
#: Between two names of an author text, or a name and what follows it: a comma, a bar, a
#: dash between spaces.
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:,|;|\||•|·)\s*|\s+[-–—]\s+")
#: A joining word between two words of an author text ("and", "AND", "Und", the Russian
#: "и"): what follows it is another person, or the rest of a job title ("Privacy and
#: Security Expert"). Never the first or last word ("Mit Patel", "Erik With"), nor a capital
#: "И" followed by a dot (an initial: "И. Петров"); :func:`_joining_split` decides which
#: capitalized ones join. Group 1: the word.
_JOINING = re.compile(r"(?<=\S)\s+(and|with|et|avec|und|mit|и)\s+(?=\S)", re.I)
#: A job title after the name ("Jane Doe, Co-Founder", "Jane Doe - Marketing Director").
_JOB = re.compile(
    r"\b(?:co-?founder|founder|ceo|cto|cfo|coo|cmo|president|director|manager|head of|expert"
    r"|specialist|coordinator|strategist|analyst|consultant|marketer|officer|engineer"
    r"|developer|designer|scientist|researcher|professor|owner|correspondent|reporter|writer"
    r"|editor|journalist"
    # the same jobs in the other languages newsmill reads bylines in
    r"|korrespondent(?:in)?|redakteur(?:in)?|reporter(?:in)|journalist(?:in)"
    r"|journaliste|rédact(?:eur|rice)|correspondant(?:e)?|envoyée?\s+spéciale?"
    r"|periodista|redactor(?:a)?|corresponsal|giornalista|redattore|redattrice|inviat[oa]"
    r"|corrispondente|verslaggever|redacteur"
    r"|корреспондент\w*|журналист\w*|редактор\w*|обозревател\w*|репортер\w*|фотограф\w*"
    r"|кореспондент\w*)\b",
    re.I,
)
#: Credentials and suffixes written after a name, without their dots, case folded ("Jane
#: Doe, MS, RD", "M.D.", "Ph.D.", "Jr."): a part of an author text made of them only is not
#: a name.
_CREDENTIALS = frozenset(
    {
        "md", "do", "phd", "dphil", "mph", "ms", "msc", "ma", "mba", "mfa", "bs", "bsc", "ba",
        "rn", "bsn", "msn", "np", "aprn", "dnp", "fnp", "pa-c", "rd", "rdn", "ld", "ldn", "cde",
        "cdces", "cscs", "cpt", "cns", "pharmd", "dds", "dmd", "dvm", "jd", "llm", "esq", "cpa",
        "cfa", "cfp", "facp", "faap", "facs", "facc", "facog", "fand", "faclm", "lcsw", "lpc",
        "psyd", "od", "dpt", "otr", "cpp", "psp", "cissp", "pmp", "mbbs", "mrcp", "frcp", "frcs",
        "edd", "med", "pc", "jr", "sr", "ii", "iii", "iv",
    }
)  # fmt: skip
#: Co-authors in brackets after the name, the word in any case ("(with Bo Chan)", "(Avec Léa
#: Roux et Max Bon)", an empty "(with)"); group 1: the names.
_WITH_ASIDE = re.compile(r"\(\s*(?:with|avec|mit)\b\s*([^()]*)\)", re.I)
#: Two single words joined by "&" name one firm ("Morgan & Morgan", "Ernst & Young"), not
#: two people ("Ana Ruiz & Leo Park").
_FIRM = re.compile(r"^[^\W\d_][\w'.-]*\s*&\s*[^\W\d_][\w'.-]*$")
#: The byline prepositions of other languages, capitalized as a byline line begins.
_PREPOSITIONS = r"(?:Von|Par|Por|Di|Door|Av)"
#: The words that label a byline in several languages ("Author", "Autorin", "Авторы"), as a
#: byline line capitalizes them.
_AUTHOR_LABELS = (
    r"Authors?|Contributors?|Autor(?:in|en|es|zy)?|Auteurs?|Autore|Autori|Texto|Redacción"
    r"|Авторы?|Текст|Автор текста|Аўтар"
)
#: A text that only labels the byline next to it ("Written by", "By:", "Author").
#: A byline's label at the start of a text, any case: a "by" word or an author label
#: ("By", "Written by", "Von", "Author:", "Автор:"); the clean stage's edge step reads it.
BYLINE_LABEL = re.compile(rf"^\W*(?:{_BY_WORDS}|{_AUTHOR_LABELS})\b\s*:?", re.I)
_BYLINE_LABEL = re.compile(
    r"^(?:(?:written|posted|published|reported|created|authored|article|recipe|story|words|text)"
    rf"\s+by|by|{_AUTHOR_LABELS}|escrito por|écrit par)\s*:?$",
    re.I,
)
#: A byline line: "By Jane Doe", "Written by Jane Doe" (the name capitalized, as bylines
#: write it, unlike the prose "by the council").
_BYLINE_LINE = re.compile(
    r"^(?:(?:(?:Written|Posted|Published|Reported|Article|Recipe|Story|Words|Text)\s+by"
    rf"|[Bb]y|BY)\s*:?|(?:{_AUTHOR_LABELS})\s*:|{_PREPOSITIONS}(?=\s))"
    r"\s*[^\W\d_a-zа-яё]"
)
#: A byline line whose label is a preposition of the page's language ("Von", "Par", "Por",
#: "Di", "Door", "Av"): a sentence may begin so ("Par Air France, le trajet…", "Di Maio
#: ha detto"), so only capitalized names may follow.
_PREPOSITION_LINE = re.compile(rf"^{_PREPOSITIONS}\s+")
#: " on April 2" after a byline's name: the date it was posted.
_ON_DATE = re.compile(r"\s+(?:on|at)\s+(.*)$")
#: The label of a byline line written with a colon ("Author: ", "Contributors: ").
_LINE_LABEL = re.compile(rf"^(?:{_AUTHOR_LABELS})\s*:\s*")
#: Lower-case words a name holds ("Ludwig van Beethoven", "Ana de Armas").
_PARTICLES = frozenset(
    {
        "van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "le", "la", "bin",
        "ibn", "al", "el", "y", "e", "dos", "das", "ter", "zu",
    }
)  # fmt: skip
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?:^|\s)@\w+")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk)\b", re.I)
_DATEISH = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b(?:19|20)\d{2}\b"
    r"|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.I,
)
_AUTHOR_JUNK = frozenset(
    {
        "share", "follow", "by", "and", "with", "et", "avec", "und", "mit", "staff", "admin",
        "administrator", "editor", "author",
        "facebook", "twitter", "x", "email", "print", "comments", "more", "updated", "published",
        "read more", "view all posts", "contributor", "unknown", "anonymous", "null", "none",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday",
    }
)  # fmt: skip
_ROLE_SUFFIX = re.compile(
    r"\s*(?:[,|-]\s*)?\b(?:(?:senior|chief|staff|political|special|foreign)\s+)*(?:correspondent|reporter|writer|editor|journalist|contributor)\b.*$",
    re.I,
)
#: A time shown beside a byline: how long ago ("8h", "3 days ago") or to read ("5 min read").
_ELAPSED = re.compile(
    r"^\d+\s*(?:[smhdwy]|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?)\b(?:\s+(?:ago|read))?$"
    r"|\b(?:ago|min read|minute read)$",
    re.I,
)
_CAPS_ALL = re.compile(r"\b(?:UPDATED|PUBLISHED|SHARE)\b.*$")
#: A firm's legal form after its name ("Bluebird Analytics, Inc.", "Nordlicht Medien GmbH",
#: "Orchard Dental P.C."): the company that runs the site, which a CMS writes where no one
#: signed the page. Group 1: the comma.
_LEGAL_FORM = re.compile(
    r"(\s*,)?\s+(?:(?:inc|llc|ltd|plc|gmbh|corp|pty)\.?|p\.c\.?|s\.a\.s\.?)$", re.I
)
#: A legal form that is also a surname or a credential ("Miklós Sas", "Tom Roe, PC"): a
#: firm's only in capitals right after the name ("Harbor Dental PC", "Lumière Conseil SAS"),
#: not in a byline all in capitals (group 1); a brand's account ("Vela Audio Official").
_LEGAL_FORM_CAPS = re.compile(r"(?<![\s,])\s+(?:(PC|SAS)|(?i:official))$")
#: A user name a system generated: one word running letters and digits together
#: ("jmarsh7q2kx0", "AB1234"), not a name someone signs with.
_GENERATED_USER = re.compile(r"^(?=\S*[^\W\d_]\d)\S+$")


def extract_metadata(
    tree: LexborHTMLParser,
    url: str | None = None,
    *,
    html: str | None = None,
    now: datetime | None = None,
    deadline: Deadline | None = None,
) -> RawArticle:
    """The article fields the page declares (title, authors, dates, lead, section, tags,
    language, canonical URL), raw, and the JSON-LD ``articleBody`` (``article_body``);
    ``paragraphs`` is left unset.

    The dates come from :func:`pipeline.extract.pubdate.find_page_dates` (``html`` is the
    page's text for htmldate, ``now`` the fetch time: no page date lies after it).
    ``deadline``: the page's time, read between the readers and in the date search
    (:class:`~pipeline.errors.OverBudgetError`, reason ``time``, once past it)."""
    deadline = deadline or Deadline(None)
    head = _HeadElements(tree)
    objects = _jsonld_of(head.scripts)
    metas = _meta_index(head.metas)
    article = _article_of(objects)
    art = article or _listed_article(objects, head.canonical, metas, url) or {}
    raw = RawArticle()
    body = article.get("articleBody") if article else None
    raw.article_body = body if isinstance(body, str) else None
    site_name = _meta(metas, "og:site_name") or _site_name_from_jsonld(objects)

    card = _meta(metas, "og:title", "twitter:title", "dc.title", "dcterms.title")
    raw.title = choose_title(tree, _str(art.get("headline")), card, site_name, url)

    deadline.check("metadata")
    raw.authors = _find_authors(tree, art, objects, metas, site_name)
    deadline.check("metadata")

    # dates (a slashed date shown on the page is read as its language writes it)
    language = _language_tag(tree, metas, art)
    dated = _dated_object(objects, art)
    dates = find_page_dates(
        tree,
        url,
        art=dated,
        metas=metas,
        html=html,
        now=now,
        language=language,
        deadline=deadline,
    )
    raw.published, raw.published_source = dates.published, dates.source
    raw.published_local, raw.modified = dates.published_local, dates.modified

    # lead, section, tags
    raw.lead = _str(art.get("description")) or _meta(
        metas, "og:description", "description", "twitter:description", "dc.description"
    )
    raw.section = _first_str(art.get("articleSection")) or _meta(
        metas, "article:section", "section"
    )
    raw.tags = (
        _tags(art.get("keywords"))
        or _dedupe(_metas(metas, "article:tag"))
        or _tags(_meta(metas, "news_keywords", "keywords"))
    )

    # language, canonical URL
    raw.language = language.split("-")[0] if language else None
    raw.canonical_url = _canonical(head.canonical, metas, art, url)
    return raw


#: What the metadata readers select, in one walk of the page: the JSON-LD scripts, the meta
#: tags with a content, the canonical links. Each part names its own tag, so a matched
#: element's tag tells which part it matched.
_JSONLD_SELECTOR = 'script[type^="application/ld+json" i]'
_HEAD_SELECTOR = f'{_JSONLD_SELECTOR}, meta[content], link[rel="canonical" i]'


class _HeadElements:
    """The elements of :data:`_HEAD_SELECTOR` on a page, in page order, by kind."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.scripts: list[LexborNode] = []
        self.metas: list[LexborNode] = []
        links: list[LexborNode] = []
        kinds = {"script": self.scripts, "meta": self.metas, "link": links}
        for node in tree.css(_HEAD_SELECTOR):
            kinds[node.tag or ""].append(node)
        #: the first canonical link's ``href`` (stripped), None when no link gives one
        self.canonical: str | None = None
        for node in links:
            href = (node.attributes.get("href") or "").strip()
            if href:
                self.canonical = href
                break


# -- JSON-LD ----------------------------------------------------------------------------------
def jsonld_objects(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, flattened out of arrays and ``@graph``.

    Invalid JSON-LD blocks are repaired when it is easy (comments, CDATA, trailing commas,
    raw control characters) and skipped otherwise.
    """
    return _jsonld_of(tree.css(_JSONLD_SELECTOR))


def _jsonld_of(scripts: list[LexborNode]) -> list[dict[str, Any]]:
    """Every JSON-LD object of the ``scripts`` (see :func:`jsonld_objects`)."""
    out: list[dict[str, Any]] = []
    for script in scripts:
        text = script.text(deep=True, separator="", strip=False)
        if len(text) > MAX_JSONLD_CHARS:  # hostile-page limit (SECURITY.md): not parsed
            continue
        data = _load_json(text)
        if data is not None:
            out.extend(_flatten(data))
    return out


#: Larger JSON-LD blocks are skipped (an article's JSON-LD is a few KB).
MAX_JSONLD_CHARS = 1_000_000


def article_jsonld(tree: LexborHTMLParser) -> dict[str, Any] | None:
    """The JSON-LD object that describes the article (NewsArticle, BlogPosting, …)."""
    return _article_of(jsonld_objects(tree))


def _article_of(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    best: dict[str, Any] | None = None
    for obj in objects:
        if _types(obj) & ARTICLE_TYPES:
            if best is None or (not best.get("headline") and obj.get("headline")):
                best = obj
            if best.get("headline") and best.get("datePublished"):
                break
    return best


#: JSON-LD objects that list articles, and the key that holds them: a blog's posts, a list's
#: elements (an article object, or a ``ListItem`` whose ``item`` is one).
_LISTS = (("Blog", "blogPost"), ("ItemList", "itemListElement"))


def _listed_article(
    objects: list[dict[str, Any]], canonical: str | None, metas: _Metas, url: str | None
) -> dict[str, Any] | None:
    """The article object a ``Blog`` or ``ItemList`` holds that names this very page (its
    ``url``, ``@id`` or ``mainEntityOfPage`` is the page's URL, its canonical URL or its
    ``og:url``): a blog's JSON-LD describes the blog and lists the post in ``blogPost``.
    None on a page no listed article names (the listing itself)."""
    if not any(kind in _types(obj) for obj in objects for kind, _ in _LISTS):
        return None  # no listing: no page key to make
    declared = (canonical, _meta(metas, "og:url"))
    pages = {_page_key(http_url(value, url)) for value in (url, *declared)} - {None}
    if not pages:
        return None
    for obj in objects:
        for kind, key in _LISTS:
            if kind not in _types(obj):
                continue
            for item in _listed(obj.get(key)):
                if pages & {_page_key(http_url(link, url)) for link in _links(item)}:
                    return item
    return None


def _listed(value: Any) -> Iterator[dict[str, Any]]:
    """The article objects of a ``blogPost`` or ``itemListElement`` value."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and not _types(item) & ARTICLE_TYPES:
            item = item.get("item")  # a ListItem
        if isinstance(item, dict) and _types(item) & ARTICLE_TYPES:
            yield item


def _links(obj: dict[str, Any]) -> list[str]:
    """The URLs a JSON-LD object gives for itself (``url``, ``@id``, ``mainEntityOfPage``)."""
    values = [obj.get("url"), obj.get("@id"), _main_entity(obj)]
    return [link for link in map(_str, values) if link]


def _main_entity(obj: dict[str, Any]) -> Any:
    """An object's ``mainEntityOfPage``: the page's URL, or a ``WebPage`` object's ``@id``."""
    main = obj.get("mainEntityOfPage")
    return main.get("@id") if isinstance(main, dict) else main


def _page_key(url: str | None) -> tuple[str, str, str] | None:
    """What names a page in a URL: its host (without ``www.``), path (without a trailing
    slash) and query (without tracking parameters); not its scheme or fragment."""
    if url is None:
        return None
    parts = urlsplit(strip_tracking(url))
    host = parts.netloc.lower().removeprefix("www.")
    return host, parts.path.rstrip("/"), parts.query


#: JSON-LD nested deeper is skipped: an article's is a few levels deep, and every reader of
#: it (``_flatten``, the author and publisher readers) walks it recursively.
MAX_JSONLD_DEPTH = 32


#: schema.org types of a JSON-LD object describing the one page it is on (not a listing of
#: others, as ``CollectionPage`` and ``SearchResultsPage`` are): a CMS that does not call the
#: page an article (a WordPress "page", a health site's page) declares its dates there.
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "MedicalWebPage", "FAQPage", "QAPage"})


def _dated_object(objects: list[dict[str, Any]], art: dict[str, Any]) -> dict[str, Any]:
    """The JSON-LD object whose dates are the page's: the article object, else the first
    object describing the page itself (:data:`PAGE_TYPES`), that declares a publication date
    (``datePublished``, ``dateCreated``); failing that, the first of them that declares a
    modification date; the article object (or ``{}``) when none does."""
    candidates = [art, *(obj for obj in objects if _types(obj) & PAGE_TYPES)]
    for keys in (("datePublished", "dateCreated"), ("dateModified",)):
        for obj in candidates:
            if any(_str(obj.get(key)) for key in keys):
                return obj
    return art


#: A JavaScript comment (``// …`` to the end of the line, ``/* … */``) outside a JSON string;
#: group 1 is a string, kept as it is (a URL's ``//``). An unclosed string or comment runs
#: to the end of the text (one pass, whatever a hostile page writes).
_COMMENT = re.compile(r'("(?:[^"\\]|\\.|\\\Z)*+(?:"|\Z))|//[^\n]*|/\*.*?(?:\*/|\Z)', re.S)


def _load_json(text: str) -> Any:
    """The JSON of a JSON-LD block (repaired when easy), or None: invalid, or nested deeper
    than :data:`MAX_JSONLD_DEPTH`."""
    text = text.strip()
    if not text:
        return None
    try:
        data = json.loads(text, strict=False)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than Python's stack
        repaired = re.sub(
            r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?://\s*\]\]>|\]\]>|-->)\s*$", "", text
        )
        repaired = _COMMENT.sub(lambda m: m.group(1) or "", repaired)
        repaired = re.sub(r",\s*([}\]])", r"\1", repaired)
        try:
            data = json.loads(repaired, strict=False)
        except (ValueError, RecursionError):
            data = _documents(repaired)
            if data is None:
                return None
    return data if _shallow(data, MAX_JSONLD_DEPTH) else None


#: At most this many JSON documents are read from one block.
_MAX_DOCUMENTS = 100


def _documents(text: str) -> list[Any] | None:
    """The JSON documents written one after another in ``text`` (some CMSs put two in one
    script element), as a list; None unless the whole text is such documents."""
    decoder = json.JSONDecoder(strict=False)
    found: list[Any] = []
    at = 0
    while at < len(text) and len(found) < _MAX_DOCUMENTS:
        try:
            value, at = decoder.raw_decode(text, at)
        except (ValueError, RecursionError):
            return None
        found.append(value)
        while at < len(text) and (text[at].isspace() or text[at] in ",;"):
            at += 1
    return found if len(found) > 1 and at >= len(text) else None


def _shallow(data: Any, limit: int) -> bool:
    """Whether ``data``'s arrays and objects nest at most ``limit`` deep (walked without
    recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])
        main = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(main, dict) and _types(main) & ARTICLE_TYPES:
            yield main


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _jsonld_people(
    value: Any, objects: list[dict[str, Any]] | None = None, *, persons: bool = False
) -> list[str]:
    """The names of a JSON-LD ``author`` value: a string, a Person or Organization object, a
    list of them; an object that only gives an ``@id`` is looked up among ``objects`` (the
    page's: a ``@graph`` lists the Person once and the article refers to it). With
    ``persons`` (a ``creator``, which often refers to the site's Organization), a looked-up
    object names someone only when it is a Person or gives no ``@type``."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [name for item in value for name in _jsonld_people(item, objects, persons=persons)]
    if isinstance(value, dict):
        ref = value.get("@id")
        if objects and "name" not in value and isinstance(ref, str):
            found = (obj for obj in objects if obj is not value and obj.get("@id") == ref)
            node = next(found, None)
            kinds = _types(node) if node is not None else set()
            if persons and kinds and "Person" not in kinds:
                return []  # the site's Organization, a WebPage: no one who wrote the page
            return _jsonld_people(node)  # one step: no reference loops
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return [f"{given} {family}"]
    return []


def _site_name_from_jsonld(objects: list[dict[str, Any]]) -> str | None:
    for obj in objects:
        if _types(obj) & {"WebSite", "NewsMediaOrganization", "Organization"}:
            name = jsonld_string(obj.get("name"))
            if name:
                return name
    return None


def _str(value: Any) -> str | None:
    """A JSON-LD string value, stripped, as written; None when empty. Text fields (headline,
    description, section, keywords) are repaired by the clean stage, which counts what it
    repairs; values no later stage cleans (a URL, a language, the site's name) go through
    :func:`pipeline.extract.pubdate.jsonld_string`."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        return next((s for s in (_str(v) for v in value) if s), None)
    return _str(value)


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        return _dedupe(value.split(","))
    if isinstance(value, list):
        return _dedupe([s for s in map(_str, value) if s])
    return []


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        v = " ".join(v.split())
        if v and v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return out


# -- meta tags --------------------------------------------------------------------------------
_Metas = dict[str, list[str]]


def _meta_index(nodes: list[LexborNode]) -> _Metas:
    """Contents of the page's meta tags (``nodes``: its ``meta[content]`` elements, in page
    order) by lower-cased name/property/itemprop/http-equiv (each of the names a tag gives,
    RDFa's space-separated ones too), in page order."""
    found: _Metas = {}
    for node in nodes:
        attrs = node.attributes
        content = (attrs.get("content") or "").strip()
        if not content:
            continue
        names = " ".join(attrs.get(a) or "" for a in ("property", "name", "itemprop", "http-equiv"))
        for key in dict.fromkeys(_meta_key(k) for k in names.split()):
            found.setdefault(key, []).append(content)
    return found


def _meta_key(name: str) -> str:
    """A meta tag's name as the readers look it up: lower-cased, Dublin Core's RDFa prefix
    (``dc:title``, ``dcterms:issued``) written as its HTML one (``dc.title``)."""
    key = name.lower()
    prefix, colon, rest = key.partition(":")
    return f"{prefix}.{rest}" if colon and prefix in ("dc", "dcterms") else key


def _metas(metas: _Metas, *names: str) -> list[str]:
    """Contents of every meta tag whose name/property is one of ``names`` (any case)."""
    return [v for n in names for v in metas.get(n.lower(), ())]


def _meta(metas: _Metas, *names: str) -> str | None:
    for n in names:
        values = metas.get(n.lower())
        if values:
            return values[0]
    return None


# -- language, canonical ----------------------------------------------------------------------
def _language_tag(tree: LexborHTMLParser, metas: _Metas, art: dict[str, Any]) -> str | None:
    """The language the page declares, as a lower-case tag with its region when given
    (``en-gb``, ``de``): the first of ``<html lang>``, ``xml:lang``, JSON-LD ``inLanguage``,
    ``og:locale``, ``Content-Language``… with a two-letter language; a bare language takes
    the region a later one gives it."""
    html_node = tree.css_first("html")
    candidates = [
        html_node.attributes.get("lang") if html_node is not None else None,
        html_node.attributes.get("xml:lang") if html_node is not None else None,
        jsonld_string(_first_str(art.get("inLanguage"))),
        _meta(metas, "og:locale", "content-language", "language", "dc.language"),
    ]
    tags = [
        m.group(0).lower().replace("_", "-")
        for value in candidates
        if value and (m := _LANG.match(value.strip())) and len(m.group(1)) == 2
    ]
    if not tags:
        return None
    # a bare language (<html lang="en">) takes its region from another source (og:locale)
    regional = (t for t in tags[1:] if "-" not in tags[0] and t.startswith(f"{tags[0]}-"))
    return next(regional, tags[0])


def _canonical(
    canonical: str | None, metas: _Metas, art: dict[str, Any], url: str | None
) -> str | None:
    for value in (
        canonical,
        _meta(metas, "og:url"),
        jsonld_string(art.get("url")),
        jsonld_string(_main_entity(art)),
    ):
        if value and not value.startswith("#") and not _placeholder(value):
            absolute = http_url(value, url)  # None for another scheme ("javascript:")
            if absolute is not None:
                return strip_tracking(absolute)
    return strip_tracking(url) if url and is_valid_url(url) else None


def _placeholder(value: str) -> bool:
    """Whether a URL is (or holds) an unrendered template placeholder, even percent-encoded."""
    return bool(_PLACEHOLDER.search(value) or _PLACEHOLDER.search(unquote(value)))


# -- authors ----------------------------------------------------------------------------------
def clean_authors(names: list[str]) -> list[str]:
    """People or desks from raw author strings: "By X and Y" split, junk (URLs, e-mails,
    handles, dates, "Share") dropped, duplicates removed, order kept."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        if not isinstance(raw, str):
            continue
        text = " ".join(decode_entities(raw).split())  # "&amp;"/"&#8217;" hold & and ;
        if not text or (_URLISH.search(text) and " " not in text.strip()):
            continue
        text = _BY_GLUED.sub("By ", text)
        text = re.sub(r"(?<=[a-z])(?=By[A-Z])", " ", text)
        text = _EMAIL.sub(" ", text)
        text = _CAPS_ALL.sub("", text)
        text = _BY_PREFIX.sub("", text.strip())
        if _LEGAL_FORM.search(text):  # "Acme, Inc." is one firm: no name before its comma
            text = _LEGAL_FORM.sub(lambda m: m.group(0).removeprefix(m.group(1) or ""), text)
        for part, joined in _author_parts(text):
            name = _clean_author(part, person=joined)
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                out.append(name)
    return out


def _author_parts(text: str) -> Iterator[tuple[str, bool]]:
    """The names of one author text, split on "," ";" "|" "and" "&" (not the "&" of a firm's
    name: :data:`_FIRM`), without the credentials and job titles after the first name ("MS,
    RD", "Co-Founder", "Privacy and Digital Security Expert"). A name after a joining word or
    "&" is a person's, whatever its words ("Ana Ruiz and Tom Owner")."""
    text = _WITH_ASIDE.sub(r", \1", text)  # "Ann Lee (with Bo Chan)": two authors
    for s, segment in enumerate(_AUTHOR_SEPARATOR.split(text)):
        parts = list(_joined_parts(segment))
        if s and _job_phrase(parts):
            continue
        for k, (part, joined) in enumerate(parts):
            if (s or k) and (_credentials_only(part) or (_JOB.search(part) and not joined)):
                continue
            if joined:  # "and Contributing Editor": her title; "and Director Tom Roe"
                titled, part = _leading_title(part)
                if titled and not part:
                    continue
            yield part, joined


def _joined_parts(segment: str) -> Iterator[tuple[str, bool]]:
    """The parts of a segment between joining words and "&", each with whether one comes
    before it."""
    for part, joined in _joining_split(segment):
        if "&" in part and not _FIRM.match(part.strip()):
            for j, name in enumerate(part.split("&")):
                yield name, joined or j > 0
        else:
            yield part, joined


#: A lower-case joining word at the start or end of a segment ("and Tom Roe" after a serial
#: comma, a byline cut after "and").
_JOINING_EDGE = re.compile(
    r"^\s*(?:and|with|et|avec|und|mit|и)\s+|\s+(?:and|with|et|avec|und|mit|и)\s*$"
)


def _joining_split(segment: str) -> list[tuple[str, bool]]:
    """A segment split on its joining words (:data:`_JOINING`), each part with whether one
    comes before it. One written in lower case always joins (at the segment's start or end
    too: :data:`_JOINING_EDGE`); one capitalized or in capitals ("With", "AND") only when a
    side holds two words or more ("Jane Doe With AP", "Staff And Wire Reports", not "Jan Und
    Berg": a name's word), the Cyrillic "И" only between two names of two words or more in a
    byline all in capitals."""
    edge = _JOINING_EDGE.match(segment)
    segment = _JOINING_EDGE.sub("", segment)
    matches = list(_JOINING.finditer(segment))
    pieces: list[tuple[str, bool]] = []
    start = 0
    for k, match in enumerate(matches):
        after = matches[k + 1].start() if k + 1 < len(matches) else len(segment)
        before_words = len(segment[start : match.start()].split())
        after_words = len(segment[match.end() : after].split())
        word, words = match.group(1), sorted((before_words, after_words))
        if word == "И":  # a capital "И" joins only in capitals, between two full names
            joins = words[0] >= 2 and segment.isupper()
        else:  # "Jane Doe With AP", "Staff And Wire Reports"; not "Jan Und Berg"
            joins = word.islower() or words[1] >= 2
        if joins:
            pieces.append((segment[start : match.start()], bool(pieces or edge)))
            start = match.end()
    pieces.append((segment[start:], bool(pieces or edge)))
    return pieces


#: Words a job title holds beside its job word ("Contributing Editor", "Senior Reporter",
#: "Health Reporter", "Staff Writer"): ranks, kinds and the desks a newsroom names.
_TITLE_WORDS = frozenset(
    {
        "senior", "junior", "chief", "staff", "contributing", "managing", "executive",
        "associate", "assistant", "deputy", "political", "special", "foreign", "guest",
        "freelance", "lead", "principal", "general", "news", "sports", "features", "digital",
        "our", "the", "a", "an", "science", "health", "politics", "business", "technology",
        "tech", "opinion", "culture", "arts", "world", "national", "local", "metro", "city",
        "education", "environment", "climate", "economics", "finance", "travel", "food",
        "photo", "video", "web", "online", "copy", "data", "investigative", "legal", "crime",
        "entertainment", "weather", "fashion", "books", "editorial", "social", "media",
    }
)  # fmt: skip
#: One job word of a title ("Director", "Writer", "Co-Founder"; "Head" before "of").
_JOB_WORD = re.compile(
    r"(?:co-?founder|founder|ceo|cto|cfo|coo|cmo|president|director|manager|expert|specialist"
    r"|coordinator|strategist|analyst|consultant|marketer|officer|engineer|developer|designer"
    r"|scientist|researcher|professor|owner|correspondent|reporter|writer|editor|journalist"
    r"|contributor|chief)",
    re.I,
)


def _leading_title(part: str) -> tuple[bool, str]:
    """Whether a part after a joining word begins with a job title, and what follows the
    title. Title words (:data:`_TITLE_WORDS`), then a job word, then more title or job words
    and an "of X" ("Contributing Editor", "Head of Design", "Director of Photography"); what
    follows is the co-author's name ("Director Tom Roe"), nothing for a bare title (the first
    name's) or one that names an employer after "at", "for", "of the" ("General Manager of
    the Tech Lab"). A part that begins with a name is no title ("Tom Owner", "Amy Writer")."""
    words = part.split()
    i = 0
    while i < len(words) and words[i].casefold() in _TITLE_WORDS:
        i += 1
    head = i + 1 < len(words) and words[i].casefold() == "head" and words[i + 1].casefold() == "of"
    if i == len(words) or not (head or _JOB_WORD.fullmatch(words[i])):
        return False, part
    i += 1
    while i < len(words) and (words[i].casefold() in _TITLE_WORDS or _JOB_WORD.fullmatch(words[i])):
        i += 1
    rest = [w.casefold() for w in words[i : i + 2]]
    if rest[:1] in (["at"], ["for"]) or rest in (["of", "the"], ["of", "a"], ["of", "our"]):
        return True, ""  # "Senior Editor at …", "General Manager of the …": her employer
    if rest[:1] == ["of"]:
        i += 2  # "Head of Design", "Professor of Law"
    return True, " ".join(words[i:])


def _job_phrase(parts: list[tuple[str, bool]]) -> bool:
    """Whether the parts of a segment after the name are one job title: it ends in a job word
    and what it joins before is single words ("Health and Science Editor"), not names; a
    segment that begins with a joining word (", and Tom Owner") names a co-author."""
    return (
        bool(parts)
        and not parts[0][1]
        and bool(_JOB.search(parts[-1][0]))
        and all(len(part.split()) <= 1 for part, _ in parts[:-1])
    )


def _credentials_only(part: str) -> bool:
    """Whether a part of an author text holds credentials only ("MS", "M.D. FACLM")."""
    words = part.replace(".", "").split()
    return bool(words) and all(w.casefold() in _CREDENTIALS for w in words)


def _firm_name(name: str) -> bool:
    """Whether a name is a firm's registered name (:data:`_LEGAL_FORM`,
    :data:`_LEGAL_FORM_CAPS`)."""
    if _LEGAL_FORM.search(name):
        return True
    caps = _LEGAL_FORM_CAPS.search(name)
    return caps is not None and not (caps.group(1) and name.isupper())


def _clean_author(part: str, *, person: bool = False) -> str | None:
    name = _LINE_LABEL.sub("", _BY_PREFIX.sub("", part.strip()))  # "By", "Author:" "Автор:"
    name = _HANDLE.sub(" ", name)
    untitled = _ROLE_SUFFIX.sub("", name)
    if not (person and len(untitled.split()) == 1):  # "and Amy Writer": her surname
        name = untitled
    dated = _ON_DATE.search(name)
    if dated and _DATEISH.search(dated.group(1)):
        name = name[: dated.start()]
    name = name.strip(" \t|·•-–—:;,.()[]\"'")
    name = " ".join(name.split())
    if not name or len(name) < 2 or len(name) > 60:
        return None
    dated = _DATEISH.search(name)
    if dated:  # "Ann Lee March 25": the name before its date
        name = name[: dated.start()].strip(" \t|·•-–—:;,.()[]\"'")
    if not name or _URLISH.search(name) or "@" in name or "©" in part:
        return None  # a link, an address, a copyright line
    if name.casefold() in _AUTHOR_JUNK or _ELAPSED.search(name):
        return None
    if _firm_name(name) or _GENERATED_USER.match(name):
        return None  # a firm or a system's user name: no one who signed the page
    words = name.split()
    if not re.search(r"[^\W\d_]", name) or len(words) > 6 or all(len(w) == 1 for w in words):
        return None  # no letter, a sentence, or initials only ("J J": an avatar's)
    return name


#: Meta tags that name the author, in the order they are read (the first that names
#: someone is taken: the others may name the desk or the site).
_AUTHOR_METAS = (
    "author",
    "article:author",
    # scholarly pages (Highwire Press tags): one tag per author, "Last, First" or "First Last"
    "citation_author",
    "citation_authors",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
    "cxenseparse:author",
    "byl",
    "og:author",
    "og:article:author",
    "article_author",
    "article-author",
)


def _find_authors(
    tree: LexborHTMLParser,
    art: dict[str, Any],
    objects: list[dict[str, Any]],
    metas: _Metas,
    site_name: str | None,
) -> list[str]:
    """The page's authors, from the first source that names one: the JSON-LD article's
    ``author`` and ``creator``, the first author meta tag, a twitter card labelled "Written by",
    the bylines the page shows (:func:`_byline_authors`). When the source names only the
    site itself (``og:site_name``, the JSON-LD site or publisher: a CMS's default), the
    names of the page's byline are taken instead, unless it names the site too ("Euronews
    with agencies"). In a list of several names, the site's own
    name is dropped: "Jane Doe, The Valley Courier" names the reporter and her paper."""
    people = _jsonld_people(art.get("author"), objects) + _jsonld_people(
        art.get("creator"), objects, persons=True
    )
    authors = clean_authors(people)
    for name in () if authors else _AUTHOR_METAS:  # the first tag that names someone
        values = _metas(metas, name)
        if name == "citation_authors":  # the plural tag: "Doe, Jane; Roe, Rick"
            values = [part for value in values for part in value.split(";")]
        one_each = name.startswith("citation_")  # one author per tag: a comma turns a name
        authors = clean_authors([_first_last(v) for v in values] if one_each else values)
        if authors:
            break
    if not authors:
        authors = clean_authors(_card_authors(metas))
    sites = {n.casefold() for n in [site_name or "", *_jsonld_people(art.get("publisher"))]} - {""}
    if not authors:
        authors = _byline_authors(tree)
    elif all(a.casefold() in sites for a in authors):
        shown = _byline_authors(tree)
        if shown and not any(_names_site(a, sites) for a in shown):
            authors = shown  # a byline that names the site too agrees with the source
    if len(authors) < 2:
        return authors
    return [a for a in authors if a.casefold() not in sites] or authors


def _first_last(value: str) -> str:
    """A name written "Last, First" (one comma, as one author's tag writes it) turned
    round; any other value as it is."""
    last, comma, first = value.partition(",")
    if not comma or "," in first or not first.strip() or len(last.split()) > 3:
        return value
    if len(first.split()) > 3 or _credentials_only(first):
        return value  # "Jane Doe, MD" or a list
    return f"{first.strip()} {last.strip()}"


def _names_site(text: str, sites: set[str]) -> bool:
    """Whether ``text`` names one of ``sites`` (case-folded) as a word: "Vice" is not in
    "Janice Vicente"."""
    folded = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(site)}(?!\w)", folded) for site in sites)


def _card_authors(metas: _Metas) -> list[str]:
    """The value of a twitter card labelled as the author (``twitter:label1`` "Written by",
    ``twitter:data1`` the name)."""
    for i in range(1, 5):
        label = _meta(metas, f"twitter:label{i}")
        if label and _BYLINE_LABEL.match(label.strip()):
            return _metas(metas, f"twitter:data{i}")[:1]
    return []


#: Every byline selector at once: when it selects nothing, no one of them selects anything.
_ANY_BYLINE = ", ".join((*_BYLINE_SELECTORS, _AUTHOR_LINK))
#: Elements whose own text may be a byline or its label (lexbor-contains reads an element's
#: own text, not its descendants').
_BY_CANDIDATES = ":is(p, span, div, li, h2, h3, h4, h5, h6, strong, b, em, small, dt, label)"
_BY_TEXT = tuple(
    f'{_BY_CANDIDATES}:lexbor-contains("{word}" i)' for word in ("by", "aut", "contrib")
)
#: The byline words of the page's declared language, read after the English ones find no
#: name (a preposition is a byline's label only in its own language: "Von Miller Fine Arts"
#: on an English page is a gallery).
_LANG_BY_TEXT = {
    lang: tuple(f'{_BY_CANDIDATES}:lexbor-contains("{word}")' for word in words)
    for lang, words in {
        "de": ("Von ",), "fr": ("Par ",), "es": ("Por ", "Texto", "Redacción"),
        "pt": ("Por ", "Texto"), "it": ("Di ",),
        "nl": ("Door ",), "sv": ("Av ",), "no": ("Av ",), "ru": ("Автор", "Текст"),
        "uk": ("Автор", "Текст"), "be": ("Аўтар", "Автор"),
    }.items()
}  # fmt: skip


def _byline_authors(tree: LexborHTMLParser) -> list[str]:
    """The authors a page shows: the first byline element that holds a name (in the order of
    :data:`_BYLINE_SELECTORS`), else its links to author pages (:func:`_linked_authors`),
    else a byline line or label (:func:`_labelled_authors`). Names written as prose is
    ("Personal finance", "More from Ann Lee": capitalized and lower-case words mixed) are
    not taken."""
    if tree.css_first(_ANY_BYLINE) is not None:
        names = _selected_authors(tree) or _linked_authors(tree)
        if names:
            return names
    return _labelled_authors(tree)


def _name_cased(name: str) -> bool:
    """Whether a name is cased as names are: not capitalized and lower-case words mixed
    (particles such as "van", "de" apart)."""
    words = name.split()
    lower = sum(w[:1].islower() and w not in _PARTICLES for w in words)
    return lower == 0 or lower == len(words)


def _names(text: str) -> list[str]:
    """The names of a byline text shown on the page (cased as names are)."""
    return [n for n in clean_authors([text]) if _name_cased(n)]


def _selected_authors(tree: LexborHTMLParser) -> list[str]:
    for selector in _BYLINE_SELECTORS:  # in their order: the first one that gives names wins
        for node in tree.css(selector):
            text = node.text(deep=True, separator=" ", strip=True)
            if text and len(text) <= 200:
                names = _names(text)
                if names:
                    return names
    return []


def _linked_authors(tree: LexborHTMLParser) -> list[str]:
    """The name of the first link to an author page that gives one, with the other author
    links of its byline (the short block around it: "By <a>Ann Lee</a> and <a>Ben Ng</a>")."""
    for link in tree.css(_AUTHOR_LINK):
        if link.css_first(_BLOCKS) is not None or _in_menu(link):
            continue  # a card (name, job, photo) or a menu entry, not a byline
        names = _names(node_text(link)[:200])
        if not names:
            continue
        block = link
        for _ in range(3):
            up = block.parent
            if up is None or len(up.text(deep=True, separator=" ", strip=True)) > 200:
                break
            block = up
        more = [name for a in block.css(_AUTHOR_LINK) for name in _names(node_text(a)[:200])]
        return clean_authors(names + more)
    return []


def _labelled_authors(tree: LexborHTMLParser) -> list[str]:
    """The names of the first byline line ("By Ann Lee", "Written by Ann Lee", on a page
    declared in their language "Von Ann Lee", "Автор: Анна Ли") or byline label ("Written
    by", "Author") followed by a name, in page order: the "by" ones first (one walk of the
    page per word, the next only when the one before finds no name)."""
    root = tree.css_first("html")
    lang = ((root.attributes.get("lang") if root is not None else None) or "")[:2].lower()
    selectors = _BY_TEXT + _LANG_BY_TEXT.get(lang, ())
    for node in (node for selector in selectors for node in tree.css(selector)):
        text = " ".join(node.text(deep=True, separator=" ", strip=True).split())
        if len(text) > 120:
            continue
        if _BYLINE_LABEL.match(text):
            names = _names(_text_after(node, text)[:120])
        elif _BYLINE_LINE.match(text) and len(text.split()) <= (8 if text[0] == "b" else 12):
            preposition = _PREPOSITION_LINE.match(text)
            if preposition and not _names_only(text[preposition.end() :]):
                continue
            names = _names(_LINE_LABEL.sub("", text))
        else:
            continue
        if names and _in_menu(node):
            continue  # "By use case" heads a menu's column
        if names:
            return names
    return []


def _names_only(text: str) -> bool:
    """Whether ``text`` is only names: capitalized words of two or more to a name (particles
    such as "de" aside), joined by commas or "und", "et", "y", "e", "and", "&", and maybe a
    job ("Korrespondent") after a comma."""
    if text.rstrip().endswith((".", "!", "?", ";", ":")):
        return False
    for k, name in enumerate(re.split(r"\s*,\s*|\s+(?:und|et|y|e|and|&)\s+", text.strip())):
        if k and _JOB.search(name):
            continue
        words = [w for w in name.split() if w not in _PARTICLES]
        if len(words) < 2 or not all(w[0].isupper() for w in words):
            return False
    return True


#: Block elements: a link holding one is a card, not a name.
_BLOCKS = "div, p, h2, h3, h4, h5, h6, ul"
_NOT_BYLINE = frozenset({"nav", "footer", "pre", "code"})
#: A class of the site's menus and footer, in any case ("menu-item", "sub-menu", "Menu",
#: "dropdown-menu", "navbar", "NavBar", "site-footer", "footer--row").
_MENU_CLASS = re.compile(
    r"(?:^|[\s_-])(?:menu|dropdown|nav|navbar|navigation|footer)(?:$|[\s_-])", re.I
)


def _in_menu(node: LexborNode) -> bool:
    """Whether a node is inside the site's navigation or footer (``<nav>``, ``<footer>``, a
    menu or dropdown: "By Harbour Hotels" there heads a list of the group's sites), or in
    code ("ORDER BY period"). A ``<nav>``, ``<aside>`` or ``<footer>`` that its template
    left unclosed around the article (:func:`~pipeline.extract.parse.left_open`) is none."""
    marks: UnclosedMarks | None = None
    up = node.parent
    while up is not None and up.tag != "body":
        tag = up.tag or ""
        if tag in _NOT_BYLINE or _MENU_CLASS.search(up.attributes.get("class") or ""):
            if tag not in UNCLOSABLE_FURNITURE:
                return True
            if marks is None:
                marks = _page_marks(up)
            if not left_open(up, tag, marks):
                return True
        up = up.parent
    return False


def _page_marks(node: LexborNode) -> UnclosedMarks:
    """:func:`~pipeline.extract.parse.unclosed_marks` of the ``<body>`` that holds ``node``
    (none marked when no ``<body>`` does)."""
    body = node.parent
    while body is not None and body.tag != "body":
        body = body.parent
    return unclosed_marks(body) if body is not None else (frozenset(), frozenset())


def _text_after(node: LexborNode, label: str) -> str:
    """The text of the element after a byline label (after its parent, when the label is all
    its parent holds: ``<div><b>Written by</b></div><a>Ann Lee</a>``)."""
    for _ in range(2):
        sibling = node.next
        while sibling is not None and (
            sibling.tag == "-comment" or (sibling.tag == "-text" and not sibling.text().strip())
        ):
            sibling = sibling.next
        if sibling is not None:
            return sibling.text().strip() if sibling.tag == "-text" else node_text(sibling)
        parent = node.parent
        if parent is None or " ".join(parent.text(deep=True).split()) != label:
            break
        node = parent
    return ""
