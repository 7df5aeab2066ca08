"""Voice of America (voanews.com) article pages.

VOA's Pangea CMS puts the headline in ``h1.pg-title``, the byline links in the publishing
details box, a ``<time datetime>`` with the local offset, and the body in ``div.wsw`` with
embedded figures (``.wsw__embed``) and a dateline span that are not part of the text.
Its follow buttons ("I will follow", "Я подпишусь" on the Russian service) are furniture,
and its translations from the Russian service write "Voices of America" for itself.
"""

from typing import ClassVar

from pipeline.spider import Spider


class VoaSpider(Spider):
    """voanews.com: English articles under ``/a/<slug>/<id>.html``."""

    name = "voa"
    domains: ClassVar[tuple[str, ...]] = ("voanews.com",)  # the demo spider has none
    listings = ("https://www.voanews.com/",)
    article_url = r"/a/[^/?#]+/\d+\.html$"
    delay = 2.0
    language = "en"
    title_selector = "h1.pg-title"
    authors_selector = ".publishing-details .links__item-link"
    published_selector = ".publishing-details .published time[datetime]"
    lead_selector = "div.intro"
    body_selector = "#article-content div.wsw"
    drop_selectors = (".wsw__embed", "figure", ".dateline", ".media-pholder", ".clear")
    furniture_lines = ("I will follow", "Я подпишусь")
    entity_aliases: ClassVar[dict[str, tuple[str, str]]] = {
        "Voices of America": ("ORG", "Voice of America"),
    }
