"""The enrichment stage: entities, people, places, dates, figures and quotes of clean text.

Only this package imports spaCy. Everything runs as spaCy components (see
:mod:`pipeline.enrich.nlp`), so :func:`enrich_many` batches whole articles through
``nlp.pipe``. A text longer than :data:`CHUNK_CHARS` is enriched in chunks cut at paragraph
(else sentence, else word) boundaries and the results merged with their offsets shifted
back into the whole text, so the cost grows linearly with the length and no text hits
spaCy's ``max_length``::

    from pipeline.enrich import enrich_text
    enrichment = enrich_text(text, published_at="2020-11-05T10:00:00Z")
    enrichment.people  # [NamedEntity(name="Marie Struthers", mentions=2, role="Director of …")]
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from models import DateMention, Enrichment, EntityMention, Figure, NamedEntity, Quote
from pipeline.enrich.extensions import keep_text
from pipeline.enrich.nlp import load_nlp, model_label

__all__ = [
    "CHUNK_CHARS",
    "ENRICHED_LANGUAGES",
    "MAX_NAME_CHARS",
    "chunk_text",
    "doc_to_enrichment",
    "enrich_many",
    "enrich_stream",
    "enrich_text",
    "language_model_label",
    "load_nlp",
    "model_label",
]

#: Languages with an enrichment pipeline: English (spaCy) and Russian (natasha, see
#: :mod:`pipeline.enrich.ru`). The record's ``language`` picks one.
ENRICHED_LANGUAGES = ("en", "ru")

DEFAULT_BATCH_SIZE = 32
#: Texts longer than this are enriched in chunks of at most this many characters (some
#: components compare every token with every date span: whole-text cost grows with the
#: square of the length, chunked cost linearly).
CHUNK_CHARS = 20_000
#: Names, roles, speakers and mention texts are cut to this many characters.
MAX_NAME_CHARS = 300

T = TypeVar("T")
_BREAKS = (re.compile(r"\n\n"), re.compile(r"[.!?…][\"'”’»)]?\s"), re.compile(r"\s"))


def chunk_text(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``text`` as ``(offset, chunk)`` pieces of at most ``size`` characters.

    Cuts fall on the last paragraph break of a window, else its last sentence end, else its
    last white space, else at ``size`` exactly. A text up to ``size`` is one piece.
    """
    out: list[tuple[int, str]] = []
    start, n = 0, len(text)
    while n - start > size:
        cut = start + size
        window = text[start + size // 2 : cut]
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window)]
            if ends:
                cut = start + size // 2 + ends[-1]
                break
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def _make_doc(nlp: Language, text: str, published_at: str | None) -> Doc:
    doc = nlp.make_doc(text)
    keep_text(doc, text)
    doc._.published_at = published_at
    return doc


def _cap(value: str | None) -> str | None:
    return value if value is None or len(value) <= MAX_NAME_CHARS else value[:MAX_NAME_CHARS]


def doc_to_enrichment(doc: Doc) -> Enrichment:
    """Convert a ``Doc`` that went through the newsmill pipeline into an :class:`Enrichment`.

    Names, roles and speakers longer than :data:`MAX_NAME_CHARS` are cut to it.
    """

    def named(items: list[dict[str, Any]] | None) -> list[NamedEntity]:
        return [
            NamedEntity(**{**e, "name": _cap(e["name"]), "role": _cap(e.get("role"))})
            for e in items or []
        ]

    return Enrichment(
        entities=[
            EntityMention(**{**m, "text": _cap(m["text"]), "canonical": _cap(m["canonical"])})
            for m in doc._.entity_mentions or []
        ],
        organizations=named(doc._.organizations),
        people=named(doc._.people),
        places=named(doc._.places),
        dates=[DateMention(**d) for d in doc._.dates or []],
        figures=[Figure(**f) for f in doc._.figures or []],
        quotes=[Quote(**{**q, "speaker": _cap(q.get("speaker"))}) for q in doc._.quotes or []],
    )


def _shifted(items: list[Any], offset: int) -> list[Any]:
    if not offset:
        return list(items)
    return [i.model_copy(update={"start": i.start + offset, "end": i.end + offset}) for i in items]


def _merge_named(parts: list[list[NamedEntity]], people: bool = False) -> list[NamedEntity]:
    merged: dict[str, NamedEntity] = {}
    for items in parts:
        for e in items:
            key = e.name
            if people and " " not in key and key not in merged:
                # a surname alone in a later chunk joins the full name an earlier one gave
                key = next((n for n in merged if n.rsplit(" ", 1)[-1] == key), key)
            have = merged.get(key)
            if have is None:
                merged[key] = e
            else:
                merged[key] = have.model_copy(
                    update={"mentions": have.mentions + e.mentions, "role": have.role or e.role}
                )
    return list(merged.values())


def merge_chunks(pieces: list[tuple[int, Enrichment]]) -> Enrichment:
    """One :class:`Enrichment` of a whole text from those of its chunks (offset, result):
    mentions shifted by their chunk's offset, canonical entities merged by name."""
    if len(pieces) == 1 and pieces[0][0] == 0:
        return pieces[0][1]
    return Enrichment(
        entities=[x for off, e in pieces for x in _shifted(e.entities, off)],
        organizations=_merge_named([e.organizations for _, e in pieces]),
        people=_merge_named([e.people for _, e in pieces], people=True),
        places=_merge_named([e.places for _, e in pieces]),
        dates=[x for off, e in pieces for x in _shifted(e.dates, off)],
        figures=[x for off, e in pieces for x in _shifted(e.figures, off)],
        quotes=[x for off, e in pieces for x in _shifted(e.quotes, off)],
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

        # in chunks as English is: bounded work per call, cost linear in the length
        parts = chunk_text(text)
        return merge_chunks([(off, enrich_ru(part, published_at)) for off, part in parts])
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


def enrich_stream(
    items: Iterable[tuple[str, str | None, T]],
    *,
    nlp: Language,
    batch_size: int = DEFAULT_BATCH_SIZE,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[tuple[Enrichment | Exception, T]]:
    """Enrich ``(text, published_at, context)`` items lazily, in input order.

    Yields ``(enrichment, context)``, or ``(exception, context)`` for an item whose
    enrichment failed: one bad text costs its own result only. Items go through
    ``nlp.pipe`` ``batch_size`` at a time (long texts as several chunks, see
    :func:`chunk_text`); when a batch fails, its items are redone one by one to find the
    bad one. At most one batch is held at once.
    """
    stream = iter(items)
    while batch := list(islice(stream, batch_size)):
        try:
            results: list[Enrichment | Exception] = list(
                _enrich_batch(nlp, [(t, p) for t, p, _ in batch], batch_size, chunk_chars)
            )
        except Exception:  # find the item that broke the batch; the others are kept
            results = []
            for text, published, _ in batch:
                try:
                    results += _enrich_batch(nlp, [(text, published)], 1, chunk_chars)
                except Exception as exc:
                    results.append(exc)
        yield from zip(results, (c for _, _, c in batch), strict=True)


def _enrich_batch(
    nlp: Language, batch: list[tuple[str, str | None]], batch_size: int, chunk_chars: int
) -> list[Enrichment]:
    pieces: list[tuple[int, int, str, str | None]] = [
        (i, offset, chunk, published)
        for i, (text, published) in enumerate(batch)
        for offset, chunk in chunk_text(text, chunk_chars)
    ]
    docs = ((_make_doc(nlp, chunk, published), (i, off)) for i, off, chunk, published in pieces)
    grouped: list[list[tuple[int, Enrichment]]] = [[] for _ in batch]
    for doc, (i, off) in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
        grouped[i].append((off, doc_to_enrichment(doc)))
    return [merge_chunks(g) for g in grouped]


def enrich_many(
    texts_with_dates: Iterable[tuple[str, str | None]],
    *,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> list[Enrichment]:
    """Enrich many ``(text, published_at)`` pairs with ``nlp.pipe``, in input order.

    Raises the first failure (see :func:`enrich_stream` to keep going past one).
    ``n_process`` > 1 forks worker processes that share the loaded model copy-on-write; each
    runs whole batches through ``nlp.pipe`` *and* the conversion to :class:`Enrichment`, so
    only the small records travel back (spaCy's own ``n_process`` ships every ``Doc`` back to
    the parent and converts there, which keeps one core busy with serial work). Where
    ``fork`` is unavailable, batches run in this process.
    """
    nlp = nlp or load_nlp()
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        items = list(texts_with_dates)
        if len(items) > batch_size:
            return _enrich_forked(nlp, items, batch_size=batch_size, n_process=n_process)
        texts_with_dates = items
    out: list[Enrichment] = []
    pairs = ((t, p, None) for t, p in texts_with_dates)
    for result, _ in enrich_stream(pairs, nlp=nlp, batch_size=batch_size):
        if isinstance(result, Exception):
            raise result
        out.append(result)
    return out


def enrich_records(
    records: Iterable[T],
    text_of: Callable[[T], tuple[str, str | None]],
    *,
    nlp: Language,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[tuple[Enrichment | Exception, T]]:
    """:func:`enrich_stream` over any records, ``text_of(record)`` giving their text and date."""
    return enrich_stream(((*text_of(r), r) for r in records), nlp=nlp, batch_size=batch_size)


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
