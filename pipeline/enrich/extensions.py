"""The ``Doc._`` attributes newsmill's components write, registered on import."""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["DOC_EXTENSIONS", "doc_text", "keep_text", "register_extensions"]

#: ``published_at`` is read by the date component; the others hold each component's output
#: as plain dicts shaped like the ``models`` classes.
DOC_EXTENSIONS = (
    "published_at",
    "dates",
    "figures",
    "quotes",
    "entity_mentions",
    "organizations",
    "people",
    "places",
)


def register_extensions() -> None:
    """Register the ``Doc._`` attributes (idempotent; also safe in worker processes)."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_TEXT_KEY = "newsmill.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per ``Doc`` and kept in ``doc.user_data`` (spaCy rebuilds
    ``Doc.text`` from every token on each access; several components read it)."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Record ``text``, the string ``doc`` was tokenized from (spaCy's tokenizer keeps every
    character, so it equals ``doc.text``), for :func:`doc_text`."""
    doc.user_data[_TEXT_KEY] = text


register_extensions()
