"""The ``Doc._`` attributes newsmill's components write, registered on import."""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["DOC_EXTENSIONS", "register_extensions"]

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


register_extensions()
