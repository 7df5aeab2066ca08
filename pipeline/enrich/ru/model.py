"""Loading natasha's news NER (slovnet) for Russian: the model and the navec embeddings ship
inside the ``natasha`` wheel, so nothing is downloaded at run time."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.errors import ModelError

__all__ = ["RU_MODEL_PACKAGE", "RussianModel", "load_ru_model"]

RU_MODEL_PACKAGE = "natasha>=1.6,<2"


@dataclass(frozen=True)
class RussianModel:
    """natasha's segmenter and news NER tagger, with the label recorded in
    ``extraction.ner_model`` (e.g. ``"ru_slovnet_ner_news_v1-natasha-1.6.0"``)."""

    segmenter: Any
    ner: Any
    label: str

    def tag(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """NER spans ``(start, stop, type)`` of each text (types PER, ORG, LOC), batched."""
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        todo = [i for i, text in enumerate(texts) if text.strip()]  # slovnet fails on blanks
        for i, markup in zip(todo, self.ner.map([texts[i] for i in todo]), strict=True):
            out[i] = [(s.start, s.stop, s.type) for s in markup.spans]
        return out


@functools.cache
def load_ru_model() -> RussianModel:
    """The Russian model, loaded once per process from the installed ``natasha`` package.

    Raises :class:`~pipeline.errors.ModelError` (one line) when natasha is not installed.
    """
    try:
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # type: ignore[import-untyped]
        from natasha.data import NEWS_NER  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ModelError(
            f"cannot load the Russian NER model ({exc}); install it with: "
            f"pip install '{RU_MODEL_PACKAGE}'",
            stage="enrich",
        ) from None
    version = metadata.version("natasha")
    name = Path(NEWS_NER).name.removesuffix(".tar")
    return RussianModel(
        segmenter=Segmenter(),
        ner=NewsNERTagger(NewsEmbedding()),
        label=f"ru_{name}-natasha-{version}",
    )
