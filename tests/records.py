"""A bare record, for crawl tests and benchmarks that stand in for the extractor (no spaCy).

``bare_article`` fills what a crawl needs (url, site, title, text) and leaves every other
field of the record empty, so the stand-ins stay valid records when the schema grows.
"""

from __future__ import annotations

import hashlib

import models


def bare_article(
    url: str,
    *,
    site: str,
    title: str,
    text: str,
    fetched_at: str | None = None,
    version: str = "test",
) -> models.Article:
    """A valid schema-v1 record with only these fields set (id from the URL)."""
    return models.Article(
        id=hashlib.sha256(url.encode()).hexdigest(),
        url=url,
        canonical_url=url,
        site=site,
        language="en",
        title=title,
        lead=None,
        authors=[],
        section=None,
        tags=[],
        published_at=None,
        modified_at=None,
        fetched_at=fetched_at,
        published_at_source=None,
        text=text,
        word_count=len(text.split()),
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
        entities=[],
        organizations=[],
        people=[],
        places=[],
        dates=[],
        figures=[],
        quotes=[],
        extraction=models.Extraction(spider=site, ner_model=None, version=version),
    )
