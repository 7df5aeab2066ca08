"""The enrichment of the model report (VOA, Belarus torture) — what a user checks first."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import Enrichment
from pipeline.enrich import enrich_text, load_nlp
from pipeline.enrich.aliases import apply_aliases
from spiders.voa import VoaSpider

SEED = Path(__file__).parent / "fixtures" / "enrich" / "belarus_clean.txt"
PUBLISHED_AT = "2020-11-05T10:00:00Z"


@pytest.fixture(scope="module")
def text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plain(text: str) -> Enrichment:
    """The seed through the enrichment alone, as for text of any site."""
    return enrich_text(text, published_at=PUBLISHED_AT, nlp=load_nlp())


@pytest.fixture(scope="module")
def result(plain: Enrichment) -> Enrichment:
    """The seed as the VOA spider's articles are enriched (with the site's own names)."""
    return apply_aliases(plain, VoaSpider.entity_aliases)


def test_site_spelling_is_site_data(plain: Enrichment, result: Enrichment) -> None:
    # "Voices of America" is VOA's own spelling: only the VOA spider maps it.
    assert "Voice of America" not in {o.name for o in plain.organizations}
    assert "Voice of America" in {o.name for o in result.organizations}
    assert plain.people == result.people
    assert plain.places == result.places


def _by_name(items):
    return {e.name: e for e in items}


def test_organizations(result: Enrichment) -> None:
    orgs = _by_name(result.organizations)
    assert {
        "Amnesty International",
        "Human Rights Council",
        "Prosecutor General's Office of Belarus",
        "Voice of America",
    } <= set(orgs)
    assert orgs["Amnesty International"].mentions == 5
    # No junk from the model: the colon phrase and the HTML residue are gone.
    assert not [o for o in orgs if ":" in o or "&" in o or o.startswith("the ")]


def test_people(result: Enrichment) -> None:
    people = _by_name(result.people)
    assert list(people) == ["Marie Struthers"]
    struthers = people["Marie Struthers"]
    assert struthers.mentions == 2
    assert struthers.role == "Director of Amnesty International for Eastern Europe and Central Asia"


def test_places(result: Enrichment) -> None:
    places = _by_name(result.places)
    assert {"Belarus", "Minsk"} <= set(places)
    assert places["Belarus"].mentions == 5
    assert "Belarusian" not in places
    assert "Russian" not in places


def test_entity_mentions(result: Enrichment, text: str) -> None:
    by_text = {(m.text, m.label): m for m in result.entities}
    voa = by_text[("Voices of America", "ORG")]
    assert (voa.canonical, voa.source) == ("Voice of America", "rule")
    assert by_text[("Belarusian", "NORP")].source == "model"
    pgo = by_text[("Prosecutor General’s Office of Belarus", "ORG")]
    assert pgo.canonical == "Prosecutor General's Office of Belarus"
    assert by_text[("Human Rights Council", "ORG")].start == text.index("Human Rights Council")
    # Every Belarus mention is a place, including the one the model called an ORG.
    assert {m.label for m in result.entities if m.text == "Belarus"} == {"GPE"}


def test_dates(result: Enrichment) -> None:
    found = {(d.text, d.value, d.granularity) for d in result.dates}
    assert found == {("August 2020", "2020-08", "month"), ("28 October 2020", "2020-10-28", "day")}


def _figure(result: Enrichment, **want):
    hits = [f for f in result.figures if all(getattr(f, k) == v for k, v in want.items())]
    assert len(hits) == 1, (want, result.figures)
    return hits[0]


def test_figures(result: Enrichment) -> None:
    f900 = _figure(result, value=900)
    assert f900.qualifier == "more_than"
    assert "complaints" in f900.noun
    assert _figure(result, value=657).noun == "criminal cases"
    f200 = _figure(result, value=200)
    assert (f200.qualifier, f200.noun) == ("more_than", "people")
    f4 = _figure(result, value=4)
    assert (f4.qualifier, f4.noun) == ("at_least", "people")
    hundreds = [f for f in result.figures if f.text.startswith("hundreds")]
    assert len(hundreds) == 2
    assert all((f.value, f.upper, f.approximate) == (100, 1000, True) for f in hundreds)
    assert {f.noun for f in hundreds} == {"criminal cases", "peaceful demonstrators"}
    dozens = _figure(result, value=12)
    assert (dozens.upper, dozens.approximate, dozens.noun) == (120, True, "cases")
    # Years are dates, not figures.
    assert not [f for f in result.figures if f.value == 2020]
    # "not a single criminal case has been opened" is a figure: zero.
    zero = _figure(result, value=0)
    assert (zero.text, zero.noun) == ("not a single criminal case", "criminal case")
    assert len(result.figures) == 8


def test_quotes(result: Enrichment) -> None:
    quotes = [q for q in result.quotes if q.speaker == "Marie Struthers"]
    assert len(quotes) == 3
    assert quotes[0].text.startswith("Since the beginning of the post-election protests")
    assert quotes[0].text.endswith("victims and witnesses")
    assert quotes[-1].text == "The international community cannot stand aside"
    assert not [q for q in result.quotes if q.text == "hopeless"]


def test_every_offset_matches_text(result: Enrichment, text: str) -> None:
    spans = [*result.entities, *result.dates, *result.figures, *result.quotes]
    assert spans
    for span in spans:
        assert text[span.start : span.end] == span.text
