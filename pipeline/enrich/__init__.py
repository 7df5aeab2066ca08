"""The enrichment stage: entities, people, places, dates, figures and quotes of clean text.

Only this package imports spaCy. Everything runs as spaCy components (see
:mod:`pipeline.enrich.nlp`), so :func:`enrich_many` batches whole articles through
``nlp.pipe``::

    from pipeline.enrich import enrich_text
    enrichment = enrich_text(text, published_at="2020-11-05T10:00:00Z")
    enrichment.people  # [NamedEntity(name="Marie Struthers", mentions=2, role="Director of …")]
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from models import DateMention, Enrichment, EntityMention, Figure, NamedEntity, Quote
from pipeline.enrich.nlp import load_nlp, model_label

__all__ = ["doc_to_enrichment", "enrich_many", "enrich_text", "load_nlp", "model_label"]

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
    ("yesterday", "last week"); without it their value is null. Only English is supported:
    another ``language`` returns an empty :class:`Enrichment`. ``nlp`` defaults to
    :func:`load_nlp` (cached). Offsets in the result are ``str`` indices into ``text``.
    """
    if language and language.lower().split("-")[0] != "en":
        return Enrichment()
    return enrich_many([(text, published_at)], nlp=nlp)[0]


def enrich_many(
    texts_with_dates: Iterable[tuple[str, str | None]],
    *,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> list[Enrichment]:
    """Enrich many ``(text, published_at)`` pairs with ``nlp.pipe``, in input order.

    ``n_process`` > 1 runs spaCy worker processes (worth it for thousands of articles).
    """
    nlp = nlp or load_nlp()
    docs = (_make_doc(nlp, text, published) for text, published in texts_with_dates)
    piped = nlp.pipe(docs, batch_size=batch_size, n_process=n_process)
    return [doc_to_enrichment(doc) for doc in piped]
