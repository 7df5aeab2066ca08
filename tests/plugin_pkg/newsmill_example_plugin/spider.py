"""The example plugin's spider: the demo site's article layout under another name.

Importing this module registers the spider (subclassing ``pipeline.spider.Spider``); the
package's ``newsmill.spiders`` entry point is what makes newsmill import it.
"""

from pipeline.spider import Spider


class ExamplePluginSpider(Spider):
    """example.org: Pangea-style article pages."""

    name = "example_plugin"
    domains = ("example.org",)
    listings = ("https://example.org/",)
    article_url = r"/a/[^/?#]+/\d+\.html$"
    title_selector = "h1.pg-title"
    authors_selector = ".publishing-details .links__item-link"
    body_selector = "#article-content div.wsw"
    drop_selectors = (".wsw__embed", "figure", ".dateline")
