"""Russian enrichment: the same record as English, from natasha's news NER plus rules.

The statistical part is natasha's news NER (slovnet, with navec embeddings, both shipped in
the ``natasha`` wheel — see :mod:`pipeline.enrich.ru.model`); morphology is pymorphy3. The
rules are modules named after what they find: :mod:`~pipeline.enrich.ru.entities`,
:mod:`~pipeline.enrich.ru.people` (roles), :mod:`~pipeline.enrich.ru.dates`,
:mod:`~pipeline.enrich.ru.figures`, :mod:`~pipeline.enrich.ru.quotes`::

    from pipeline.enrich.ru import enrich_many_ru
    [enrichment] = enrich_many_ru([("Генеральная прокуратура Беларуси …", None)])

Entity labels are PERSON, ORG and LOC (the model does not tell countries from other places).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models import DateMention, Enrichment, EntityMention, Figure, NamedEntity, Quote
from pipeline.enrich.ru.dates import find_dates
from pipeline.enrich.ru.doc import Mention, RuDoc, Token
from pipeline.enrich.ru.entities import find_mentions
from pipeline.enrich.ru.figures import find_figures
from pipeline.enrich.ru.model import RussianModel, load_ru_model
from pipeline.enrich.ru.people import find_role
from pipeline.enrich.ru.quotes import find_quotes

__all__ = ["RussianModel", "enrich_many_ru", "enrich_ru", "load_ru_model"]

BATCH_SIZE = 32


#: Words (with inner hyphens, apostrophes, or inner "." "," between digits: "Санкт-Петербург",
#: "2,5", "12.05.2018", "8-800-555-35-35") and single other characters.
_TOKEN = re.compile(r"\d+(?:[.,:-]\d+)+|\w+(?:[-'’]\w+)*|[^\w\s]")


def _make_doc(model: RussianModel, text: str, published_at: str | None) -> RuDoc:
    tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    sents = [(s.start, s.stop) for s in model.segmenter.sentenize(text)]
    return RuDoc(text, tokens, sents, published_at)


def _entities(doc: RuDoc, mentions: list[Mention], label: str) -> list[NamedEntity]:
    counts: dict[str, int] = {}
    roles: dict[str, str | None] = {}
    others = [m for m in mentions if m.label != "PERSON"]
    for m in mentions:
        if m.label != label:
            continue
        counts[m.canonical] = counts.get(m.canonical, 0) + 1
        if label == "PERSON" and not roles.get(m.canonical):
            roles[m.canonical] = find_role(doc, m, others)
    return [NamedEntity(name=n, mentions=c, role=roles.get(n)) for n, c in counts.items()]


def _enrichment(doc: RuDoc, spans: list[tuple[int, int, str]]) -> Enrichment:
    mentions = find_mentions(doc, spans)
    dates = find_dates(doc.text, doc.published_at)
    blocked = [(d["start"], d["end"]) for d in dates]
    return Enrichment(
        entities=[
            EntityMention(
                text=doc.text[m.start : m.end],
                label=m.label,
                canonical=m.canonical,
                start=m.start,
                end=m.end,
                source=m.source,  # type: ignore[arg-type]
            )
            for m in mentions
        ],
        organizations=_entities(doc, mentions, "ORG"),
        people=_entities(doc, mentions, "PERSON"),
        places=_entities(doc, mentions, "LOC"),
        dates=[DateMention(**d) for d in dates],
        figures=[Figure(**f) for f in find_figures(doc, blocked)],
        quotes=[Quote(**q) for q in find_quotes(doc.text, mentions)],
    )


def enrich_many_ru(
    texts_with_dates: Iterable[tuple[str, str | None]],
    *,
    model: RussianModel | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[Enrichment]:
    """Enrich ``(text, published_at)`` pairs of Russian text, in input order; the NER runs
    over batches of ``batch_size`` texts."""
    model = model or load_ru_model()
    items = list(texts_with_dates)
    out: list[Enrichment] = []
    for i in range(0, len(items), batch_size):
        batch = items[i : i + batch_size]
        spans = model.tag([text for text, _ in batch])
        for (text, published), found in zip(batch, spans, strict=True):
            out.append(_enrichment(_make_doc(model, text, published), found))
    return out


def enrich_ru(text: str, published_at: str | None = None) -> Enrichment:
    """Enrich one Russian text (see :func:`enrich_many_ru`)."""
    return enrich_many_ru([(text, published_at)])[0]
