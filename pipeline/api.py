"""The public API: one page → one :class:`models.Article`; plain text → enrichment.

These functions are what the CLI, the crawler, the tests and the benchmarks call, so a page
read from a file, stdin or a live crawl gets exactly the same record.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import models
from pipeline import __version__
from pipeline.clock import to_utc
from pipeline.config import Settings, load_settings
from pipeline.extract import TIME_BUDGET, extract_fields
from pipeline.spider import Spider, get_spider, spider_for_url
from pipeline.urls import canonicalize

if TYPE_CHECKING:
    import pandas

__all__ = [
    "enrich_articles",
    "enrich_text",
    "enrich_texts",
    "extract_article",
    "load",
]

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


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
    if isinstance(spider, str):
        spider = get_spider(spider)
    elif spider is None:
        spider = spider_for_url(url)
    fields = extract_fields(
        html,
        url,
        spider=spider,
        content_type=content_type,
        now=to_utc(fetched_at),
        time_budget=settings.page_budget if settings is not None else TIME_BUDGET,
    )
    content_sha = hashlib.sha256(fields.text.encode("utf-8")).hexdigest()
    canonical = _canonical_url(fields.canonical_url, url, content_sha)
    language = _language(fields.language)

    enrichment = models.Enrichment()
    ner_model = None
    warnings = list(fields.warnings)
    if enrich:
        if not _has_model(language):
            warnings.append(_skipped_warning(language))
        else:
            from pipeline.enrich import enrich_text as _enrich
            from pipeline.enrich import language_model_label, load_nlp

            settings = settings or load_settings()
            nlp = (
                None
                if language == "ru"
                else load_nlp(settings.ner_model, settings.ner_model_fallbacks)
            )
            enrichment = _enrich(
                fields.text, published_at=fields.published_at, language=language or "en", nlp=nlp
            )
            enrichment = _site_names(enrichment, spider)
            ner_model = language_model_label(language, nlp)

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
        # one of models.DateSource, as the model checks
        published_at_source=cast("models.DateSource | None", fields.published_at_source),
        published_at_local=fields.published_at_local,
        text=fields.text,
        word_count=len(fields.text.split()),
        content_sha256=content_sha,
        **_fields_of(enrichment),
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
    The contract is :func:`pipeline.enrich.enrich_text`'s, with the model of ``settings``:
    English and Russian (``"ru"``) have a model; a language without one gives an empty
    :class:`models.Enrichment`, as the records of such pages have (their
    ``extraction.warnings`` say so).
    """
    from pipeline.enrich import enrich_text as _enrich
    from pipeline.enrich import load_nlp

    settings = settings or load_settings()
    nlp = load_nlp(settings.ner_model, settings.ner_model_fallbacks)
    return _enrich(text, published_at=published_at, language=language, nlp=nlp)


def enrich_texts(
    texts: Iterable[str],
    *,
    published_at: str | Iterable[str | None] | None = None,
    language: str = "en",
    settings: Settings | None = None,
    batch_size: int = 32,
    n_process: int = 1,
) -> list[models.Enrichment]:
    """:func:`enrich_text` for many texts at once, batched through ``nlp.pipe`` (for notebooks).

    ``published_at`` is one ISO 8601 string for every text, or one value (or None) per text.
    Returns one :class:`models.Enrichment` per text, in input order; the results equal
    ``enrich_text`` on each text. ``n_process`` > 1 forks worker processes (English). As for
    :func:`enrich_text`, a language without a model gives empty results; a ``published_at``
    list of the wrong length raises :class:`pipeline.errors.ConfigError`.
    """
    from pipeline.enrich import enrich_many, load_nlp
    from pipeline.enrich import enrich_text as _enrich
    from pipeline.errors import ConfigError

    items = list(texts)
    if published_at is None or isinstance(published_at, str):
        dates: list[str | None] = [published_at] * len(items)
    else:
        dates = list(published_at)
        if len(dates) != len(items):
            raise ConfigError(f"published_at has {len(dates)} values for {len(items)} texts")
    lang = _language(language)
    if lang == "ru":  # natasha, outside spaCy's pipe
        pairs = zip(items, dates, strict=True)
        return [_enrich(t, published_at=d, language="ru") for t, d in pairs]
    if lang not in ("en", None):
        return [models.Enrichment() for _ in items]
    settings = settings or load_settings()
    nlp = load_nlp(settings.ner_model, settings.ner_model_fallbacks)
    return enrich_many(
        zip(items, dates, strict=True), nlp=nlp, batch_size=batch_size, n_process=n_process
    )


def enrich_articles(
    articles: Iterable[models.Article],
    *,
    settings: Settings | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    on_error: Callable[[models.Article, Exception], object] | None = None,
) -> Iterator[models.Article]:
    """Enrich articles extracted with ``enrich=False``, in batches through ``nlp.pipe``.

    Yields each article, in input order, exactly as ``extract_article(..., enrich=True)``
    would have made it (a language without a model gets the same warning). Lazy: at most
    ``batch_size`` articles are held at once, so a stream of any length runs in flat
    memory; long texts are enriched in chunks (:func:`pipeline.enrich.enrich_stream`).
    An article whose enrichment fails is passed to ``on_error`` and left out (without
    ``on_error`` the error is raised); the others go on. ``n_process`` is accepted for
    compatibility; parallel runs use processes around this function (Dask, the crawl pool).
    """
    from pipeline.enrich import enrich_records, load_nlp, model_label

    del n_process
    settings = settings or load_settings()
    nlp = load_nlp(settings.ner_model, settings.ner_model_fallbacks)
    label = model_label(nlp)

    def text_of(article: models.Article) -> tuple[str, str | None]:
        english = _has_model(article.language) and article.language != "ru"
        return (article.text if english else "", article.published_at)

    for result, article in enrich_records(articles, text_of, nlp=nlp, batch_size=batch_size):
        used = label
        if article.language == "ru":  # natasha, outside spaCy's pipe
            result, used = _enrich_russian(article)
        if isinstance(result, Exception):
            if on_error is None:
                raise result
            on_error(article, result)
            continue
        yield with_enrichment(article, result, used)


def _enrich_russian(article: models.Article) -> tuple[models.Enrichment | Exception, str]:
    """The Russian enrichment of ``article`` (or the exception that stopped it), and the
    Russian model's label."""
    from pipeline.enrich import enrich_text as _enrich
    from pipeline.enrich import language_model_label

    try:
        found = _enrich(article.text, published_at=article.published_at, language="ru")
        return found, language_model_label("ru")
    except Exception as exc:  # one bad text costs its own record
        return exc, ""


def with_enrichment(
    article: models.Article, enrichment: models.Enrichment, label: str
) -> models.Article:
    """``article`` with ``enrichment``'s fields and the model ``label`` (or, for a language
    without a model, the skipped-enrichment warning)."""
    extraction = article.extraction
    if _has_model(article.language):
        enrichment = _site_names(enrichment, _spider_named(article.site))
        update: dict[str, Any] = _fields_of(enrichment)
        update["extraction"] = extraction.model_copy(update={"ner_model": label})
    else:
        warnings = [*extraction.warnings, _skipped_warning(article.language)]
        update = {"extraction": extraction.model_copy(update={"warnings": warnings})}
    return article.model_copy(update=update)


def _site_names(enrichment: models.Enrichment, spider: Spider | None) -> models.Enrichment:
    """The spider's own spellings of names mapped to canonical ones (``entity_aliases``)."""
    if spider is None or not spider.entity_aliases:
        return enrichment
    from pipeline.enrich.aliases import apply_aliases

    return apply_aliases(enrichment, spider.entity_aliases)


def _spider_named(name: str | None) -> Spider | None:
    from pipeline.errors import SpiderError

    try:
        return get_spider(name) if name else None
    except SpiderError:
        return None


def _has_model(language: str | None) -> bool:
    """Whether text in ``language`` is enriched (English, Russian); unknown counts as English."""
    return language in (None, "en", "ru")


def _fields_of(enrichment: models.Enrichment) -> dict[str, Any]:
    """The enrichment's lists as they are (no dump and re-validation of every item)."""
    return {name: getattr(enrichment, name) for name in models.Enrichment.model_fields}


def _skipped_warning(language: str | None) -> str:
    return f"enrichment skipped: language {language!r} has no model"


def load(
    path_or_glob: str | Path | Iterable[str | Path], table: str = "articles"
) -> pandas.DataFrame:
    """newsmill JSONL output as a pandas DataFrame (see :mod:`pipeline.output.tables`).

    ``path_or_glob`` is a file, a folder (its ``*/part-*.jsonl`` and ``*.jsonl``), a glob
    (``"data/out/*/*.jsonl"``, ``**`` allowed) or a list of them. ``table="articles"`` gives
    one row per article; ``"entities"``, ``"organizations"``, ``"people"``, ``"places"``,
    ``"figures"``, ``"dates"`` or ``"quotes"`` one row per item. Every table carries the
    article's ``id``, ``url``, ``site`` and ``published_at``; timestamps are UTC datetimes
    (``datetime64[us, UTC]``), text columns pandas strings, counts integers, nullable
    numbers floats. Raises :class:`pipeline.errors.InputError` for a path that matches
    nothing or a line that is not a record, ``ValueError`` for an unknown table.
    """
    from pipeline.output.tables import load_table

    return load_table(path_or_glob, table)


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
