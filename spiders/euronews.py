"""Euronews in English (euronews.com) article pages.

The summary above the story (``.c-article-summary``, a ``<p>`` or an ``<h2>`` depending on
the layout) is the first paragraph of the body and the standfirst. The story itself is the
``<p>`` elements of ``div.c-article-content``; its subheads, image and video widgets and ads
are not part of the text. The headline is the ``og:title``: the JSON-LD headline is often a
longer, search-engine version of it.
"""

from pipeline.spider import LexborHTMLParser, Spider, node_text, select_attr


class EuronewsSpider(Spider):
    """euronews.com (English): articles under ``/<yyyy>/<mm>/<dd>/<slug>``."""

    name = "euronews"
    domains = ("euronews.com",)
    feeds = ("https://www.euronews.com/rss",)
    sitemaps = ("https://www.euronews.com/sitemaps/en/latest-news.xml",)
    article_url = r"euronews\.com/(?:[a-z-]+/)?\d{4}/\d{2}/\d{2}/[a-z0-9-]+$"
    delay = 2.0
    language = "en"
    lead_selector = ".c-article-summary"
    body_selector = "div.c-article-content"
    drop_selectors = ("h2", "h3", ".widget", ".c-ad", ".advertising", ".connatix-container")

    def parse_title(self, tree: LexborHTMLParser, url: str | None) -> str | None:
        """The headline as the site shares it (``og:title``)."""
        return select_attr(tree, 'meta[property="og:title"]', "content")

    def parse_body(self, tree: LexborHTMLParser, url: str | None) -> list[str] | None:
        """The summary, then the story's paragraphs."""
        paragraphs = super().parse_body(tree, url)
        if not paragraphs:
            return None
        summary = node_text(tree.css_first(".c-article-summary"))
        return [summary, *paragraphs] if summary else paragraphs
