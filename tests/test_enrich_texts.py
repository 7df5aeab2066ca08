"""pipeline.enrich_texts: the public batch API for notebooks."""

from __future__ import annotations

import pytest

import pipeline
from pipeline.errors import ConfigError

TEXTS = [
    "Police detained more than 200 protesters in Minsk on Monday, officials said.",
    "The company cut 1,500 jobs last week and its shares fell 4.2%.",
    "",
    "A 65-year-old teacher was fined £1,000 yesterday.",
]
PUB = "2020-11-05T10:00:00Z"


def test_batch_equals_one_by_one() -> None:
    batch = pipeline.enrich_texts(TEXTS, published_at=PUB)
    assert len(batch) == len(TEXTS)
    for text, got in zip(TEXTS, batch, strict=True):
        assert got == pipeline.enrich_text(text, published_at=PUB)
    assert [f.value for f in batch[1].figures] == [1500, 4.2]
    assert [(d.text, d.value) for d in batch[1].dates] == [("last week", "2020-10-29")]


def test_one_published_at_per_text() -> None:
    texts = ["Talks were held yesterday.", "Talks were held yesterday."]
    got = pipeline.enrich_texts(texts, published_at=["2020-11-05T10:00:00Z", None])
    assert [d.value for d in got[0].dates] == ["2020-11-04"]
    assert [d.value for d in got[1].dates] == [None]


def test_generator_input_and_bad_arguments() -> None:
    got = pipeline.enrich_texts(t for t in TEXTS[:2])
    assert len(got) == 2
    with pytest.raises(ConfigError, match="2 values for 1 texts"):
        pipeline.enrich_texts(["one text"], published_at=[PUB, PUB])
    with pytest.raises(ConfigError, match="only 'en'"):
        pipeline.enrich_texts(["Текст"], language="ru")
