"""Long texts are enriched in chunks (linear cost, no max_length error), offsets kept, and
one text whose enrichment fails costs only its own result."""

from __future__ import annotations

import pytest
from records import bare_article

from pipeline.enrich import CHUNK_CHARS, chunk_text, enrich_many, enrich_stream

STORY = (
    "Amnesty International said on Tuesday that more than 900 complaints had been filed in "
    "Minsk since August. Marie Struthers, the director of the group, told reporters that at "
    "least four people had died in custody.\n\n"
    "Struthers said the Prosecutor General's Office of Belarus had opened 657 criminal cases "
    'against protesters. "Nobody has been held to account," she said.\n\n'
)


def test_chunks_cut_at_paragraphs_and_cover_the_text() -> None:
    text = STORY * 40
    pieces = chunk_text(text, 2_000)
    assert len(pieces) > 1
    assert "".join(chunk for _, chunk in pieces) == text
    for offset, chunk in pieces:
        assert text[offset : offset + len(chunk)] == chunk
        assert len(chunk) <= 2_000
    assert all(chunk.endswith("\n\n") for _, chunk in pieces[:-1])
    # no paragraph break: cut after a sentence, else at a space, else hard
    assert chunk_text("word " * 1000, 300)[0][1].endswith(" ")
    assert [len(c) for _, c in chunk_text("x" * 1000, 300)] == [300, 300, 300, 100]


def test_a_chunked_text_gives_the_same_mentions_at_the_right_offsets(nlp) -> None:  # type: ignore[no-untyped-def]
    copies = 6
    text = STORY * copies
    pairs = [(text, "2020-11-05T10:00:00Z", None)]
    ((whole, _),) = enrich_stream(pairs, nlp=nlp, chunk_chars=len(text) + 1)
    ((chunked, _),) = enrich_stream(pairs, nlp=nlp, chunk_chars=len(STORY) * 2)
    assert isinstance(whole, type(chunked))
    for name in ("entities", "dates", "figures", "quotes"):
        items = getattr(chunked, name)
        assert items, name
        for item in items:
            assert 0 <= item.start <= item.end <= len(text)
        assert [(i.start, i.end) for i in items] == [(i.start, i.end) for i in getattr(whole, name)]
    for e in chunked.entities:
        assert text[e.start : e.end] == e.text
    for f in chunked.figures:
        assert text[f.start : f.end] == f.text
    orgs = {o.name: o.mentions for o in chunked.organizations}
    assert orgs == {o.name: o.mentions for o in whole.organizations}
    people = {p.name: p.mentions for p in chunked.people}
    assert people.get("Marie Struthers") == {p.name: p.mentions for p in whole.people}.get(
        "Marie Struthers"
    )


def test_chunks_stay_under_spacy_max_length(nlp) -> None:  # type: ignore[no-untyped-def]
    assert nlp.max_length > CHUNK_CHARS


@pytest.fixture
def small_max_length(nlp):  # type: ignore[no-untyped-def]
    saved = nlp.max_length
    nlp.max_length = 3_000
    yield nlp
    nlp.max_length = saved


def test_one_failing_text_costs_only_its_own_result(small_max_length) -> None:  # type: ignore[no-untyped-def]
    nlp = small_max_length
    items = [(STORY, None, "a"), (STORY * 20, None, "too long"), (STORY, None, "c")]
    # chunks larger than max_length: the long text fails (spaCy E088), the others are kept
    results = list(enrich_stream(items, nlp=nlp, batch_size=8, chunk_chars=100_000))
    assert [c for _, c in results] == ["a", "too long", "c"]
    assert not isinstance(results[0][0], Exception)
    assert isinstance(results[1][0], ValueError)
    assert "E088" in str(results[1][0])
    assert results[2][0].organizations
    with pytest.raises(ValueError, match="E088"):
        enrich_many([(STORY * 20, None)], nlp=nlp)


def test_enrich_articles_reports_a_failed_record_and_goes_on(small_max_length) -> None:  # type: ignore[no-untyped-def]
    from pipeline import api
    from pipeline.enrich import load_nlp

    assert load_nlp() is small_max_length  # the cached model the API uses
    articles = [
        bare_article(f"https://example.org/{i}", site="generic", title="t", text=t)
        for i, t in enumerate([STORY, STORY * 20, STORY])
    ]
    failed: list[str] = []
    # the API chunks at CHUNK_CHARS (> this max_length), so the long one fails here
    out = list(api.enrich_articles(articles, on_error=lambda a, exc: failed.append(a.url)))
    assert [a.url for a in out] == ["https://example.org/0", "https://example.org/2"]
    assert failed == ["https://example.org/1"]
    assert all(a.extraction.ner_model for a in out)
