"""The ``Spider`` base class and the spider registry.

A site spider is one module in ``spiders/`` holding one subclass of :class:`Spider` with a
unique ``name``. Subclassing registers it (no decorator, no list to edit); a second spider
with the same name is an error, not a warning. Everything a spider leaves unset falls back
to the generic extractor, so a spider can be a handful of declarative attributes::

    class ExampleSpider(Spider):
        name = "example"
        domains = ("example.com",)
        feeds = ("https://example.com/rss.xml",)
        article_url = r"/news/\\d{4}/"
        body_selector = "div.article-body"
        drop_selectors = ("figure", ".related")

For what selectors cannot express, override one field hook (:meth:`Spider.parse_title`,
``parse_authors``, ``parse_published``, ``parse_lead``, ``parse_body``, ``parse_tags``) and
return only that field; ``None`` leaves it to the generic extractor. ``docs/spiders.md`` is
the maintainers' guide; ``spiders/apnews.py`` a worked example.

Other packages add spiders through the ``newsmill.spiders`` entry-point group
(:func:`load_plugin_spiders`); only the entry points named in the config
(``[spiders] plugins = [...]``) are ever imported.

The registry (``_REGISTRY``) is newsmill's only module-level state.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from importlib import metadata
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from pipeline.errors import (
    DuplicateSpiderError,
    SpiderError,
    SpiderNameError,
    UnknownSpiderError,
)
from pipeline.extract.metadata import article_jsonld
from pipeline.extract.parse import (
    LexborHTMLParser,
    LexborNode,
    block_texts,
    node_text,
    select_attr,
    select_text,
    select_texts,
)
from pipeline.extract.raw import RawArticle

__all__ = [
    "LexborHTMLParser",
    "LexborNode",
    "RawArticle",
    "Spider",
    "article_jsonld",
    "block_texts",
    "get_spider",
    "load_plugin_spiders",
    "load_spiders",
    "node_text",
    "select_attr",
    "select_text",
    "select_texts",
    "spider_for_url",
]

ENTRY_POINT_GROUP = "newsmill.spiders"
_REGISTRY: dict[str, type[Spider]] = {}
_LOADED: dict[str, bool] = {"builtin": False}
#: Entry-point names of the plugins loaded so far.
_PLUGINS: set[str] = set()


class Spider:
    """Base class of every site spider; subclass it with a unique ``name`` to register one."""

    #: Unique spider name; also the ``site`` of its records and its output folder.
    name: ClassVar[str]
    #: Hosts this spider handles (a host matches its domain and any subdomain of it).
    domains: ClassVar[tuple[str, ...]] = ()
    #: RSS/Atom feeds, XML sitemaps and listing pages to discover articles from.
    feeds: ClassVar[tuple[str, ...]] = ()
    sitemaps: ClassVar[tuple[str, ...]] = ()
    listings: ClassVar[tuple[str, ...]] = ()
    #: Regular expression an article URL matches (searched in the whole URL).
    article_url: ClassVar[str | None] = None
    #: Site minimum seconds between two requests to a host (the run's delay and the robots
    #: Crawl-delay apply too: the largest wins), and connections per host (1 or 2).
    delay: ClassVar[float] = 0.0
    concurrency: ClassVar[int] = 1
    #: Language of the site's articles when pages do not declare one.
    language: ClassVar[str | None] = None
    #: CSS selectors for the fields the generic extractor gets wrong on this site.
    title_selector: ClassVar[str | None] = None
    authors_selector: ClassVar[str | None] = None
    published_selector: ClassVar[str | None] = None
    lead_selector: ClassVar[str | None] = None
    body_selector: ClassVar[str | None] = None
    #: Blocks inside the body to leave out (captions, embeds, share boxes, datelines).
    drop_selectors: ClassVar[tuple[str, ...]] = ()
    #: Site furniture added to the language's generic rules (``pipeline/extract/
    #: furniture_<lang>.json``): whole paragraphs to drop from ``text`` ("Follow VOA on
    #: X", compared case-insensitively without edge punctuation) and regexes searched in
    #: each paragraph, case-insensitively (anchor them: ``^More from VOA\b``).
    furniture_lines: ClassVar[tuple[str, ...]] = ()
    furniture_patterns: ClassVar[tuple[str, ...]] = ()
    #: The site's own spellings of names → (label, canonical name), applied to the enrichment
    #: of its articles (``pipeline.enrich.aliases``): {"Voices of America": ("ORG", "Voice of
    #: America")}. Site data stays here, out of the gazetteer every site shares.
    entity_aliases: ClassVar[dict[str, tuple[str, str]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("name")
        if not name:
            return  # an abstract base for other spiders
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise SpiderNameError(
                f"spider name {name!r} of {cls.__module__}.{cls.__qualname__} must be "
                "lower-case letters, digits and underscores"
            )
        other = _REGISTRY.get(name)
        if other is not None and _dotted(other) != _dotted(cls):
            raise DuplicateSpiderError(
                f"duplicate spider name {name!r}: {_dotted(other)} and {_dotted(cls)}"
            )
        _REGISTRY[name] = cls

    def __init__(self, *, base_url: str | None = None) -> None:
        self.base_url = base_url

    # -- discovery --------------------------------------------------------------------------
    def resolve(self, url: str) -> str:
        """An absolute URL: relative start points resolve against ``base_url``.

        With a ``base_url`` (a mirror or a local test server standing in for the site),
        absolute start points on the spider's own domains move to it too.
        """
        if not self.base_url:
            return url
        if self.domains and self.handles(url):
            parts = urlsplit(url)
            url = parts.path + (f"?{parts.query}" if parts.query else "")
        return urljoin(self.base_url, url)

    def start_urls(self) -> list[str]:
        """Feeds, sitemaps and listings, resolved, in that order."""
        return [self.resolve(u) for u in (*self.feeds, *self.sitemaps, *self.listings)]

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` looks like one of this site's article pages."""
        if self.article_url is None:
            return True
        return re.search(self.article_url, url) is not None

    def handles(self, url: str) -> bool:
        """Whether this spider is responsible for ``url``'s host."""
        return _covers(self.domains, _host(url))

    # -- extraction -------------------------------------------------------------------------
    def parse_article(self, tree: LexborHTMLParser, url: str | None) -> RawArticle:
        """Fields this spider reads itself; unset ones fall back to the generic extractor.

        The default calls one field hook per field (:meth:`parse_title`, :meth:`parse_authors`,
        :meth:`parse_published`, :meth:`parse_lead`, :meth:`parse_body`, :meth:`parse_tags`),
        each of which reads its ``*_selector`` attribute. Override a hook to fix one field;
        override this method (calling ``super()``) only to set several fields at once.
        """
        raw = RawArticle()
        raw.title = self.parse_title(tree, url)
        raw.authors = self.parse_authors(tree, url) or []
        raw.published = self.parse_published(tree, url)
        raw.published_source = "time" if raw.published else None
        raw.lead = self.parse_lead(tree, url)
        raw.paragraphs = self.parse_body(tree, url) or None
        raw.tags = self.parse_tags(tree, url) or []
        if self.language:
            raw.language = self.language
        return raw

    # Field hooks: return None (or []) to let the generic extractor fill the field.
    def parse_title(self, tree: LexborHTMLParser, url: str | None) -> str | None:
        """The headline, from ``title_selector``."""
        return select_text(tree, self.title_selector) if self.title_selector else None

    def parse_authors(self, tree: LexborHTMLParser, url: str | None) -> list[str]:
        """Author names, one per ``authors_selector`` match."""
        return select_texts(tree, self.authors_selector) if self.authors_selector else []

    def parse_published(self, tree: LexborHTMLParser, url: str | None) -> str | None:
        """The publication date as the page writes it (a ``datetime`` attribute or text)."""
        if not self.published_selector:
            return None
        return select_attr(tree, self.published_selector, "datetime") or select_text(
            tree, self.published_selector
        )

    def parse_lead(self, tree: LexborHTMLParser, url: str | None) -> str | None:
        """The standfirst, from ``lead_selector``."""
        return select_text(tree, self.lead_selector) if self.lead_selector else None

    def parse_body(self, tree: LexborHTMLParser, url: str | None) -> list[str] | None:
        """Body paragraphs of ``body_selector`` without ``drop_selectors``, in order."""
        if not self.body_selector:
            return None
        node = tree.css_first(self.body_selector)
        if node is None:
            return None
        return block_texts(node, drop=", ".join(self.drop_selectors) or None) or None

    def parse_tags(self, tree: LexborHTMLParser, url: str | None) -> list[str]:
        """Topic tags; none by default (the generic extractor reads meta and JSON-LD)."""
        return []


def _host(url: str) -> str | None:
    """``url``'s host, lower-cased; None for brackets that hold no IPv6 address."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # brackets that hold no IPv6 address: no site's URL
        return None


def _covers(domains: Iterable[str], host: str | None) -> bool:
    """Whether ``host`` is one of ``domains`` or a subdomain of one."""
    return host is not None and any(host == d or host.endswith("." + d) for d in domains)


def _dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def load_spiders(*, plugins: Iterable[str] = ()) -> dict[str, type[Spider]]:
    """Import every module of the ``spiders`` package (and the entry-point spiders named in
    ``plugins``, see :func:`load_plugin_spiders`); the registry.

    Plugins loaded earlier in the process stay registered. A duplicate name anywhere raises
    :class:`DuplicateSpiderError`.
    """
    if not _LOADED["builtin"]:
        import spiders

        for info in pkgutil.iter_modules(spiders.__path__, prefix="spiders."):
            try:
                importlib.import_module(info.name)
            except SpiderError:
                raise
            except Exception as exc:  # a spider file with a broken import or a syntax error
                raise SpiderError(
                    f"spider module {info.name} failed to import: {type(exc).__name__}: {exc}"
                ) from exc
        _LOADED["builtin"] = True
    wanted = [p for p in plugins if p not in _PLUGINS]
    if wanted:
        load_plugin_spiders(wanted)
    return dict(sorted(_REGISTRY.items()))


def load_plugin_spiders(names: Iterable[str]) -> list[str]:
    """Load the ``newsmill.spiders`` entry points called ``names`` (``[spiders] plugins``).

    An entry point names a module (``pkg.spiders``) or a :class:`Spider` subclass
    (``pkg.spiders:MySpider``); importing it registers its spiders. Returns the entry-point
    names loaded. This is the one place third-party code enters newsmill, and it is opt-in:
    an installed package whose entry point is not named is never imported.

    Raises :class:`SpiderError` (one line) when a named entry point is not installed, fails
    to import or names something that is not a spider, :class:`DuplicateSpiderError` on a
    name clash.
    """
    wanted = dict.fromkeys(names)
    if not wanted:
        return []
    available = {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}
    missing = [n for n in wanted if n not in available]
    if missing:
        raise SpiderError(
            f"spider plugin {missing[0]!r} named in spiders.plugins is not installed "
            f"(installed: {', '.join(sorted(available)) or 'none'})"
        )
    loaded = []
    for ep in (available[n] for n in wanted):
        try:
            obj = ep.load()
        except SpiderError:
            raise
        except Exception as exc:
            raise SpiderError(
                f"spider plugin {ep.name!r} ({ep.value}) failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        if isinstance(obj, type) and not issubclass(obj, Spider):
            raise SpiderError(f"spider plugin {ep.name!r} ({ep.value}) is not a Spider subclass")
        _PLUGINS.add(ep.name)
        loaded.append(ep.name)
    return loaded


def get_spider(name: str, *, base_url: str | None = None) -> Spider:
    """An instance of the spider called ``name``; :class:`UnknownSpiderError` if none is."""
    registry = load_spiders()
    try:
        return registry[name](base_url=base_url)
    except KeyError:
        known = ", ".join(registry) or "none"
        raise UnknownSpiderError(f"unknown spider {name!r} (known: {known})") from None


def spider_for_url(url: str | None) -> Spider:
    """The site spider whose domains cover ``url``, else the ``generic`` spider."""
    registry = load_spiders()
    if url:
        host = _host(url)  # read once: a spider that keeps the base class's test is not built
        for cls in registry.values():
            if cls.handles is Spider.handles:
                if _covers(cls.domains, host):
                    return cls()
                continue
            spider = cls()
            if spider.handles(url):
                return spider
    return registry["generic"]()
