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

For what selectors cannot express, override :meth:`Spider.parse_article` and fill only the
fields the generic extractor gets wrong.

The registry (``_REGISTRY``) is newsmill's only module-level state.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from importlib import metadata
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from pipeline.errors import DuplicateSpiderError, UnknownSpiderError
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
    "block_texts",
    "get_spider",
    "load_spiders",
    "node_text",
    "select_attr",
    "select_text",
    "select_texts",
    "spider_for_url",
]

ENTRY_POINT_GROUP = "newsmill.spiders"
_REGISTRY: dict[str, type[Spider]] = {}
_LOADED: dict[str, bool] = {"builtin": False, "plugins": False}


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

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("name")
        if not name:
            return  # an abstract base for other spiders
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise DuplicateSpiderError(
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
        """An absolute URL: relative start points resolve against ``base_url``."""
        return urljoin(self.base_url, url) if self.base_url else url

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
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)

    # -- extraction -------------------------------------------------------------------------
    def parse_article(self, tree: LexborHTMLParser, url: str | None) -> RawArticle:
        """Fields this spider reads itself; unset ones fall back to the generic extractor.

        The default reads the ``*_selector`` attributes. Override to add logic, and call
        ``super().parse_article(tree, url)`` to keep the selectors.
        """
        raw = RawArticle()
        if self.title_selector:
            raw.title = select_text(tree, self.title_selector)
        if self.authors_selector:
            raw.authors = select_texts(tree, self.authors_selector)
        if self.published_selector:
            raw.published = select_attr(tree, self.published_selector, "datetime") or select_text(
                tree, self.published_selector
            )
            raw.published_source = "time" if raw.published else None
        if self.lead_selector:
            raw.lead = select_text(tree, self.lead_selector)
        if self.body_selector:
            node = tree.css_first(self.body_selector)
            if node is not None:
                paragraphs = block_texts(node, drop=", ".join(self.drop_selectors) or None)
                raw.paragraphs = paragraphs or None
        if self.language:
            raw.language = self.language
        return raw


def _dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def load_spiders(*, plugins: bool = True) -> dict[str, type[Spider]]:
    """Import every module of the ``spiders`` package (and entry-point spiders); the registry.

    A duplicate name anywhere raises :class:`DuplicateSpiderError`.
    """
    if not _LOADED["builtin"]:
        import spiders

        for info in pkgutil.iter_modules(spiders.__path__, prefix="spiders."):
            importlib.import_module(info.name)
        _LOADED["builtin"] = True
    if plugins and not _LOADED["plugins"]:
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
            ep.load()
        _LOADED["plugins"] = True
    return dict(sorted(_REGISTRY.items()))


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
        for cls in registry.values():
            spider = cls()
            if spider.handles(url):
                return spider
    return registry["generic"]()
