"""The embedded demo site (``data/demo/``), laid out like Voice of America pages.

``newsmill demo`` serves the site on 127.0.0.1 and gives this spider the server's address as
``base_url``; its start points are relative to it.
"""

from spiders.voa import VoaSpider


class DemoSpider(VoaSpider):
    """The demo news site: an RSS feed and a front page listing."""

    name = "demo"
    domains = ()
    feeds = ("/rss.xml",)
    sitemaps = ()
    listings = ("/",)
    delay = 0.0
    language = None  # each page declares its own (the site has a Russian report)
