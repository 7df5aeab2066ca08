"""newsmill: crawl news sites, extract and clean articles, enrich them, write JSONL.

The public Python API (the same functions the CLI, the tests and the benchmarks use)::

    from pipeline import extract_article, enrich_text, load

    article = extract_article(html_bytes, url="https://www.voanews.com/a/…/7585813.html")
    enrichment = enrich_text("More than 900 complaints were filed in August 2020.")
    batch = enrich_texts(texts, published_at="2020-11-05T10:00:00Z")  # one per text

Imports are lazy: ``import pipeline`` does not load spaCy or httpx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "enrich_text", "enrich_texts", "extract_article", "load"]

if TYPE_CHECKING:
    from pipeline.api import enrich_text, enrich_texts, extract_article, load


def __getattr__(name: str) -> Any:
    if name in ("extract_article", "enrich_text", "enrich_texts", "load"):
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
