"""Entities, canonical names and people's roles on short news sentences."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from models import Enrichment
from pipeline.enrich import enrich_text, load_nlp
from pipeline.enrich.entities import _standalone


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def run(nlp: Language, text: str) -> Enrichment:
    result = enrich_text(text, published_at="2020-11-05T10:00:00Z", nlp=nlp)
    for span in [*result.entities, *result.dates, *result.figures, *result.quotes]:
        assert text[span.start : span.end] == span.text
    return result


def names(items) -> dict[str, tuple[int, str | None]]:
    return {e.name: (e.mentions, e.role) for e in items}


def test_gazetteer_variants_map_to_canonical_names(nlp: Language) -> None:
    r = run(nlp, "Amnesty and the UN told VOA that the U.N. Human Rights Council should act.")
    orgs = names(r.organizations)
    assert set(orgs) == {
        "Amnesty International",
        "United Nations",
        "Voice of America",
        "Human Rights Council",
    }
    assert {m.source for m in r.entities if m.label == "ORG"} == {"rule"}
    assert not any(m.text.startswith("the ") for m in r.entities)


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_state_body_patterns(nlp: Language, apostrophe: str) -> None:
    text = (
        f"The Prosecutor General{apostrophe}s Office of Belarus and the Ministry of Internal "
        "Affairs of Belarus replied, while the Russian Foreign Ministry kept silent."
    )
    orgs = names(run(nlp, text).organizations)
    assert set(orgs) == {
        "Prosecutor General's Office of Belarus",
        "Ministry of Internal Affairs of Belarus",
        "Russian Foreign Ministry",
    }


def test_metonymy_and_norp(nlp: Language) -> None:
    r = run(
        nlp,
        "Although official Minsk denied it, Belarusian officials met Lithuanian "
        "diplomats in Vilnius.",
    )
    assert set(names(r.places)) == {"Minsk", "Vilnius"}
    assert "official Minsk" not in {m.text for m in r.entities}
    norp = {m.text for m in r.entities if m.label == "NORP"}
    assert "Belarusian" in norp


def test_last_name_joins_full_name_and_titles_become_roles(nlp: Language) -> None:
    r = run(
        nlp,
        "President Alexander Lukashenko met Foreign Minister Vladimir Makei in Minsk. "
        "Lukashenko said nothing, and Makei left.",
    )
    people = names(r.people)
    assert people == {
        "Alexander Lukashenko": (2, "President"),
        "Vladimir Makei": (2, "Foreign Minister"),
    }
    short = [m for m in r.entities if m.text == "Lukashenko"]
    assert [m.canonical for m in short] == ["Alexander Lukashenko"]


def test_roles_from_appositions(nlp: Language) -> None:
    r = run(
        nlp,
        "Amnesty's director Marie Struthers called for an inquiry. Andrei Shved, the "
        "country's prosecutor general, said no crime had been committed.",
    )
    people = names(r.people)
    assert people["Marie Struthers"] == (1, "director of Amnesty")
    assert people["Andrei Shved"] == (1, "prosecutor general of the country")


def test_role_stops_at_clause_end(nlp: Language) -> None:
    r = run(
        nlp,
        "“We will keep documenting abuse,” said Anna Petrova, head of the Viasna "
        "human rights centre. She spoke in Vilnius.",
    )
    role = names(r.people)["Anna Petrova"][1]
    assert role == "head of the Viasna human rights centre"


def test_place_variants_and_multiword_titles(nlp: Language) -> None:
    r = run(
        nlp,
        "U.S. Secretary of State Antony Blinken told reporters in Kyiv that the US and "
        "the Belarusian Ministry of Internal Affairs should talk. Blinken left.",
    )
    assert names(r.people) == {"Antony Blinken": (2, "Secretary of State")}
    places = names(r.places)
    assert places["United States"][0] == 2
    assert "Kyiv" in places
    assert set(names(r.organizations)) == {"Belarusian Ministry of Internal Affairs"}


def test_longer_names_around_gazetteer_entries(nlp: Language) -> None:
    r = run(
        nlp,
        "The Malawi Red Cross Society and the United Nations Environment Programme "
        "worked with the Ministry of Health and Population in Malawi, while the "
        "Ministry of Economy and Egypt's Ministry of Supply signed a deal.",
    )
    orgs = set(names(r.organizations))
    assert {
        "Malawi Red Cross Society",
        "United Nations Environment Programme",
        "Ministry of Health and Population",
        "Ministry of Economy",
        "Ministry of Supply",
    } <= orgs
    assert "United Nations" not in orgs
    assert {"Malawi", "Egypt"} <= set(names(r.places))


def test_people_the_model_misses_and_false_people(nlp: Language) -> None:
    r = run(
        nlp,
        "Kristjan Tamm, the chairman of the Tartu electoral committee, said the "
        "recount was over. Turnout was 38%. “Nothing changes the outcome,” Tamm said.",
    )
    people = names(r.people)
    assert set(people) == {"Kristjan Tamm"}
    assert people["Kristjan Tamm"] == (2, "chairman of the Tartu electoral committee")
    assert [q.speaker for q in r.quotes] == ["Kristjan Tamm"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Official Tbilisi rejected the claims on Tuesday.", "Tbilisi"),
        ("The statement angered official Baku, diplomats said.", "Baku"),
        ("Although official Minsk denied it, the talks went ahead.", "Minsk"),
    ],
)
def test_official_capital_is_the_place(nlp: Language, text: str, place: str) -> None:
    r = run(nlp, text)
    assert [p.name for p in r.places] == [place]
    assert r.people == []
    assert not [m for m in r.entities if "official" in m.text.lower()]


@pytest.mark.parametrize(
    "text",
    [
        "Defenders speak of the need to use international&# 160; justice&# 160; to act.",
        "Lawyers urged the use of universal&# 160; jurisdiction&# 160; in the case.",
    ],
)
def test_html_residue_gives_no_names(nlp: Language, text: str) -> None:
    r = run(nlp, text)
    assert r.organizations == []
    assert r.people == []


def test_model_span_over_a_colon_is_cut(nlp: Language) -> None:
    r = run(nlp, "The Kharkiv Human Rights Protection Group: Report on torture was cited.")
    assert [o.name for o in r.organizations] == ["Kharkiv Human Rights Protection Group"]


@given(
    text=st.text(alphabet="ab -_.é1\n’&", max_size=16),
    name=st.text(alphabet="ab -_.é1’", min_size=1, max_size=3),
)
@settings(max_examples=400, deadline=None)
def test_name_search_finds_what_the_boundary_regex_finds(text: str, name: str) -> None:
    """Propagation looks names up with ``str.find`` (no pattern compiled per name); every
    occurrence it reports, and only those, is one the regex ``(?<![\\w-])NAME(?![\\w-])``
    reports."""
    want = [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    assert list(_standalone(text, name)) == want
