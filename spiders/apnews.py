"""AP News (apnews.com) article pages.

The page body is ``div.RichTextStoryBody`` (``div.Article`` on the older layout) with ads,
"related coverage" boxes and info boxes between the paragraphs; a ``___`` rule ends the story
and what follows (who reported from where) is not part of it. The JSON-LD headline is the
edited one when ``<h1>`` and ``og:title`` still carry an earlier version. AP's tags mix topics
with internal desk and wire labels ("PA State Wire", "AP Top News"), which are left out.
"""

import re

from pipeline.spider import LexborHTMLParser, Spider, article_jsonld


class ApNewsSpider(Spider):
    """apnews.com: articles under ``/article/<slug>-<32 hex id>``."""

    name = "apnews"
    domains = ("apnews.com",)
    sitemaps = ("https://apnews.com/news-sitemap-content.xml",)
    listings = ("https://apnews.com/",)
    article_url = r"apnews\.com/article/[a-z0-9-]+-[0-9a-f]{32}$"
    delay = 2.0
    language = "en"
    body_selector = "div.RichTextStoryBody, div.Article"
    drop_selectors = (
        ".SovrnAd",
        ".Enhancement",
        ".HTMLModuleEnhancement",
        ".Infobox",
        "figure",
        ".Advertisement",
    )

    _END_OF_STORY = re.compile(r"^_{3,}$")
    _DESK_TAG = re.compile(
        r"State Wire$|^AP Top News$|^(?:General|Domestic|International|World|Washington|U\.S\.)"
        r" news$",
        re.I,
    )

    def parse_title(self, tree: LexborHTMLParser, url: str | None) -> str | None:
        """The JSON-LD headline (the edited one), else the generic title."""
        art = article_jsonld(tree) or {}
        headline = art.get("headline")
        return headline.strip() if isinstance(headline, str) and headline.strip() else None

    def parse_body(self, tree: LexborHTMLParser, url: str | None) -> list[str] | None:
        """The story's paragraphs and subheads, up to the ``___`` rule."""
        paragraphs = super().parse_body(tree, url) or []
        for i, text in enumerate(paragraphs):
            if self._END_OF_STORY.match(text):
                return paragraphs[:i] or None
        return paragraphs or None

    def parse_tags(self, tree: LexborHTMLParser, url: str | None) -> list[str]:
        """Topics from the JSON-LD keywords, without desk labels and slug fragments."""
        art = article_jsonld(tree) or {}
        keywords = art.get("keywords") or []
        if isinstance(keywords, str):
            keywords = keywords.split(",")
        tags = []
        for kw in keywords:
            tag = str(kw).strip()
            if len(tag) < 2 or tag == tag.lower() or self._DESK_TAG.search(tag):
                continue
            if tag not in tags:
                tags.append(tag)
        return tags
