"""The enrichment stage: entities, people, places, dates, figures and quotes of clean text.

Only this package imports spaCy. Everything runs as spaCy components (see
:mod:`pipeline.enrich.nlp`), so :func:`enrich_many` batches whole articles through
``nlp.pipe``::

    from pipeline.enrich import enrich_text
    enrichment = enrich_text(text, published_at="2020-11-05T10:00:00Z")
    enrichment.people  # [NamedEntity(name="Marie Struthers", mentions=2, role="Director of …")]
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from models import DateMention, Enrichment, EntityMention, Figure, NamedEntity, Quote
from pipeline.enrich.nlp import load_nlp, model_label

__all__ = [
    "ENRICHED_LANGUAGES",
    "doc_to_enrichment",
    "enrich_many",
    "enrich_text",
    "language_model_label",
    "load_nlp",
    "model_label",
]

#: Languages with an enrichment pipeline: English (spaCy) and Russian (natasha, see
#: :mod:`pipeline.enrich.ru`). The record's ``language`` picks one.
ENRICHED_LANGUAGES = ("en", "ru")

DEFAULT_BATCH_SIZE = 32


def _make_doc(nlp: Language, text: str, published_at: str | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published_at = published_at
    return doc


def doc_to_enrichment(doc: Doc) -> Enrichment:
    """Convert a ``Doc`` that went through the newsmill pipeline into an :class:`Enrichment`."""
    return Enrichment(
        entities=[EntityMention(**m) for m in doc._.entity_mentions or []],
        organizations=[NamedEntity(**e) for e in doc._.organizations or []],
        people=[NamedEntity(**e) for e in doc._.people or []],
        places=[NamedEntity(**e) for e in doc._.places or []],
        dates=[DateMention(**d) for d in doc._.dates or []],
        figures=[Figure(**f) for f in doc._.figures or []],
        quotes=[Quote(**q) for q in doc._.quotes or []],
    )


def enrich_text(
    text: str,
    *,
    published_at: str | None = None,
    language: str = "en",
    nlp: Language | None = None,
) -> Enrichment:
    """Enrich one clean article text.

    ``published_at`` (ISO 8601 UTC, e.g. ``"2020-11-05T10:00:00Z"``) anchors relative dates
    ("yesterday", "last week"); without it their value is null. English goes through spaCy
    (``nlp``, default :func:`load_nlp`, cached), Russian (``"ru"``) through natasha and the
    rules of :mod:`pipeline.enrich.ru`; another ``language`` returns an empty
    :class:`Enrichment`. Offsets in the result are ``str`` indices into ``text``.
    """
    lang = _base_language(language)
    if lang == "ru":
        from pipeline.enrich.ru import enrich_ru

        return enrich_ru(text, published_at)
    if lang != "en":
        return Enrichment()
    return enrich_many([(text, published_at)], nlp=nlp)[0]


def _base_language(language: str | None) -> str:
    return (language or "en").lower().replace("_", "-").split("-")[0]


def language_model_label(language: str | None, nlp: Language | None = None) -> str:
    """The ``extraction.ner_model`` of a record in ``language``: the Russian model's label
    for Russian (e.g. ``"ru_slovnet_ner_news_v1-natasha-1.6.0"``), else :func:`model_label`
    of ``nlp``."""
    if _base_language(language) == "ru":
        from pipeline.enrich.ru import load_ru_model

        return load_ru_model().label
    return model_label(nlp or load_nlp())


def enrich_many(
    texts_with_dates: Iterable[tuple[str, str | None]],
    *,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> list[Enrichment]:
    """Enrich many ``(text, published_at)`` pairs with ``nlp.pipe``, in input order.

    ``n_process`` > 1 forks worker processes that share the loaded model copy-on-write; each
    runs whole batches through ``nlp.pipe`` *and* the conversion to :class:`Enrichment`, so
    only the small records travel back (spaCy's own ``n_process`` ships every ``Doc`` back to
    the parent and converts there, which keeps one core busy with serial work). Where
    ``fork`` is unavailable, spaCy's ``n_process`` is used instead.
    """
    nlp = nlp or load_nlp()
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        items = list(texts_with_dates)
        if len(items) > batch_size:
            return _enrich_forked(nlp, items, batch_size=batch_size, n_process=n_process)
        texts_with_dates = items
    docs = (_make_doc(nlp, text, published) for text, published in texts_with_dates)
    piped = nlp.pipe(docs, batch_size=batch_size, n_process=n_process)
    return [doc_to_enrichment(doc) for doc in piped]


_WORKER: dict[str, Language] = {}  # set only inside forked worker processes


def _worker_init(nlp: Language) -> None:
    _WORKER["nlp"] = nlp


def _worker_batch(batch: list[tuple[str, str | None]]) -> list[Enrichment]:
    return enrich_many(batch, nlp=_WORKER["nlp"], batch_size=len(batch), n_process=1)


def _enrich_forked(
    nlp: Language, items: list[tuple[str, str | None]], *, batch_size: int, n_process: int
) -> list[Enrichment]:
    # Small chunks keep both workers busy to the end; order is kept by imap.
    size = max(1, min(batch_size, len(items) // (n_process * 4) or 1))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(n_process, initializer=_worker_init, initargs=(nlp,)) as pool:
        return [e for chunk in pool.imap(_worker_batch, chunks) for e in chunk]
