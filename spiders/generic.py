"""The generic spider: any site without a spider of its own.

It sets nothing, so every field comes from the generic extractor (JSON-LD, OpenGraph and
``article:*`` meta, ``<time>``, bylines, then the content-scoring body extractor). It takes
the ``--start`` URLs of ``newsmill crawl`` when no spider is named.
"""

from pipeline.spider import Spider


class GenericSpider(Spider):
    """Handles any URL; everything falls back to the generic extractor."""

    name = "generic"
