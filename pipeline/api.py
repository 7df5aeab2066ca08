"""The public API: one page → one :class:`models.Article`; plain text → enrichment.

These functions are what the CLI, the crawler, the tests and the benchmarks call, so a page
read from a file, stdin or a live crawl gets exactly the same record.
"""

from __future__ import annotations

import glob
import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import models
from pipeline import __version__
from pipeline.config import Settings, load_settings
from pipeline.extract import extract_fields
from pipeline.spider import Spider, get_spider, spider_for_url
from pipeline.urls import canonicalize

if TYPE_CHECKING:
    import pandas

__all__ = ["enrich_text", "extract_article", "load", "utc_now"]

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string with ``Z``, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def extract_article(
    html: str | bytes,
    url: str | None = None,
    *,
    spider: Spider | str | None = None,
    enrich: bool = True,
    content_type: str | None = None,
    fetched_at: str | None = None,
    settings: Settings | None = None,
) -> models.Article:
    """Extract, clean and (unless ``enrich=False``) enrich one article page.

    ``html`` is the page as ``str`` or as the ``bytes`` fetched (decoded by the decode stage,
    using ``content_type``'s charset when given). The spider is chosen from ``url`` when not
    given; ``spider`` may be a name. Raises :class:`pipeline.errors.InputError` for input
    that is not an HTML page and :class:`pipeline.errors.ExtractionError` for a page with no
    article text.
    """
    settings = settings or load_settings()
    if isinstance(spider, str):
        spider = get_spider(spider)
    elif spider is None:
        spider = spider_for_url(url)
    fields = extract_fields(html, url, spider=spider, content_type=content_type)
    content_sha = hashlib.sha256(fields.text.encode("utf-8")).hexdigest()
    canonical = _canonical_url(fields.canonical_url, url, content_sha)
    language = _language(fields.language)

    enrichment = models.Enrichment()
    ner_model = None
    warnings = list(fields.warnings)
    if enrich:
        if language not in (None, "en"):
            warnings.append(f"enrichment skipped: language {language!r} has no model")
        else:
            from pipeline.enrich import enrich_text as _enrich
            from pipeline.enrich import load_nlp, model_label

            nlp = load_nlp(settings.ner_model, settings.ner_model_fallbacks)
            enrichment = _enrich(fields.text, published_at=fields.published_at, nlp=nlp)
            ner_model = model_label(nlp)

    return models.Article(
        id=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        url=url or canonical,
        canonical_url=canonical,
        site=spider.name,
        language=language,
        title=fields.title,
        lead=fields.lead,
        authors=fields.authors,
        section=fields.section,
        tags=fields.tags,
        published_at=fields.published_at,
        modified_at=fields.modified_at,
        fetched_at=fetched_at,
        published_at_source=fields.published_at_source,  # type: ignore[arg-type]
        text=fields.text,
        word_count=len(fields.text.split()),
        content_sha256=content_sha,
        **enrichment.model_dump(),
        extraction=models.Extraction(
            spider=spider.name,
            ner_model=ner_model,
            version=__version__,
            warnings=warnings,
            cleaning=fields.cleaning,
        ),
    )


def enrich_text(
    text: str,
    *,
    published_at: str | None = None,
    language: str = "en",
    settings: Settings | None = None,
) -> models.Enrichment:
    """Entities, organizations, people, places, dates, figures and quotes of plain text.

    Relative dates ("last week") resolve against ``published_at`` (ISO 8601) when given.
    Only English has a model; other languages raise :class:`pipeline.errors.ConfigError`.
    """
    from pipeline.enrich import enrich_text as _enrich
    from pipeline.enrich import load_nlp
    from pipeline.errors import ConfigError

    if _language(language) != "en":
        raise ConfigError(f"no enrichment model for language {language!r} (only 'en')")
    settings = settings or load_settings()
    nlp = load_nlp(settings.ner_model, settings.ner_model_fallbacks)
    return _enrich(text, published_at=published_at, nlp=nlp)


def load(path_or_glob: str | Path, table: str = "articles") -> pandas.DataFrame:
    """newsmill JSONL output as a pandas DataFrame (pandas must be installed).

    ``table="articles"`` gives one row per article with the nested lists as Python objects;
    ``"entities"``, ``"figures"``, ``"dates"``, ``"people"``, ``"organizations"``,
    ``"places"`` or ``"quotes"`` give one row per item with the article ``id`` beside it.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    paths = sorted(glob.glob(str(path_or_glob), recursive=True)) or [str(path_or_glob)]
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rows.append(models.Article.model_validate_json(line).model_dump())
    if table == "articles":
        return pd.DataFrame(rows)
    if table not in models.Enrichment.model_fields:
        raise ValueError(f"unknown table {table!r}")
    items = [{"id": r["id"], **item} for r in rows for item in r[table]]
    return pd.DataFrame(items)


def _canonical_url(page_canonical: str | None, url: str | None, content_sha: str) -> str:
    for candidate in (page_canonical, url):
        if candidate and re.match(r"^https?://", candidate):
            return canonicalize(candidate)
    if url:
        return url
    return f"urn:newsmill:sha256:{content_sha}"


def _language(value: str | None) -> str | None:
    if not value:
        return None
    m = _LANG.match(value.strip().lower())
    return m.group(1)[:2] if m else None
