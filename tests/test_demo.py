"""`newsmill demo` end to end: the embedded site served on 127.0.0.1, crawled over real HTTP,
extracted, enriched and written as JSONL — and the seed report carries every item users need.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import models
from pipeline.cli import main

EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "demo_expected.json").read_text())
BELARUS_TITLE = "Amnesty International urges to investigate torture in Belarus"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("demo-out")
    import contextlib
    import io

    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = main(["demo", "--out", str(out)])
    parts = sorted((out / "demo").glob("part-*.jsonl"))
    lines = [line for p in parts for line in p.read_text(encoding="utf-8").splitlines()]
    return {"code": code, "out": out, "parts": parts, "lines": lines, "stdout": stdout.getvalue()}


@pytest.fixture(scope="module")
def records(demo_run: dict) -> dict[str, models.Article]:
    articles = [models.Article.model_validate_json(line) for line in demo_run["lines"]]
    return {a.title: a for a in articles}


@pytest.fixture(scope="module")
def seed(records: dict[str, models.Article]) -> models.Article:
    return records[BELARUS_TITLE]


def test_demo_exits_zero_and_writes_every_article(demo_run, records):
    assert demo_run["code"] == 0
    assert demo_run["parts"], "no JSONL part written"
    assert sorted(records) == sorted(e["title"] for e in EXPECTED)
    assert not list((demo_run["out"] / "demo").glob("*.tmp*")), "temp file left behind"


def test_demo_never_fetches_what_robots_forbids(records):
    assert not any("/private/" in a.url for a in records.values())


def test_demo_prints_a_table_of_findings(demo_run):
    out = demo_run["stdout"]
    assert BELARUS_TITLE in out
    assert "Marie Struthers" in out
    assert "organizations" in out
    assert "figures" in out


def test_demo_output_validates_with_the_cli(demo_run, capsys):
    for part in demo_run["parts"]:
        assert main(["validate", str(part)]) == 0
    assert "records valid" in capsys.readouterr().out


@pytest.mark.parametrize("want", EXPECTED, ids=lambda e: e["path"].split("/")[1][:30])
def test_demo_article_fields(records, want):
    a = records[want["title"]]
    assert a.site == "demo"
    assert a.authors == want["authors"]
    assert a.published_at == want["published_at"]
    assert a.section == want["section"]
    assert a.lead == want["lead"]
    assert a.url.endswith(want["path"])
    assert a.fetched_at is not None
    for snippet in want["must_contain"]:
        assert snippet in a.text
    for junk in want["must_not_contain"]:
        assert junk not in a.text, f"{junk!r} left in the body"
    orgs = {o.name for o in a.organizations}
    assert set(want["organizations"]) <= orgs, orgs
    assert set(want["people"]) <= {p.name for p in a.people}
    assert set(want["places"]) <= {p.name for p in a.places}


def _spans_consistent(a: models.Article) -> None:
    for item in (*a.entities, *a.dates, *a.figures, *a.quotes):
        assert a.text[item.start : item.end] == item.text, item


def test_seed_text_is_clean(seed):
    for noise in ("&#", "&amp;", "\u00a0", "..", " ”", "I will follow", "Other news"):
        assert noise not in seed.text, f"{noise!r} left in the clean text"
    assert "international justice" in (seed.lead or "")
    assert "witnesses,” said Marie Struthers" in seed.text
    assert "Russian service «Voices of America»" in seed.text
    assert seed.text.count(BELARUS_TITLE) == 0, "headline repeated inside the body"
    assert seed.extraction.cleaning, "repairs are not counted"


def test_seed_organizations_people_places(seed):
    orgs = {o.name: o for o in seed.organizations}
    for name in ("Amnesty International", "Human Rights Council", "Voice of America"):
        assert name in orgs, sorted(orgs)
    prosecutor = [n for n in orgs if n.startswith("Prosecutor General") and n.endswith("Belarus")]
    assert prosecutor, sorted(orgs)
    assert orgs["Amnesty International"].mentions == 4  # every mention in the body
    people = {p.name: p for p in seed.people}
    assert people["Marie Struthers"].role == (
        "Director of Amnesty International for Eastern Europe and Central Asia"
    )
    assert people["Marie Struthers"].mentions == 2
    assert {"Belarus", "Minsk"} <= {p.name for p in seed.places}
    assert all(not e.text.lower().startswith("the ") for e in seed.entities if e.label == "ORG")
    _spans_consistent(seed)


def test_seed_dates(seed):
    dates = {d.text: d for d in seed.dates}
    assert (dates["August 2020"].value, dates["August 2020"].granularity) == ("2020-08", "month")
    assert (dates["28 October 2020"].value, dates["28 October 2020"].granularity) == (
        "2020-10-28",
        "day",
    )


def _figure(seed: models.Article, value: float, noun_word: str) -> models.Figure:
    found = [f for f in seed.figures if f.value == value and noun_word in (f.noun or "")]
    assert found, [(f.text, f.value, f.noun) for f in seed.figures]
    return found[0]


def test_seed_figures(seed):
    complaints = _figure(seed, 900, "complaints")
    assert complaints.qualifier == "more_than"
    assert not complaints.approximate
    cases = _figure(seed, 657, "criminal cases")
    assert cases.qualifier is None
    assert cases.upper is None
    people = _figure(seed, 200, "people")
    assert people.qualifier == "more_than"
    four = _figure(seed, 4, "people")
    assert four.qualifier == "at_least"
    hundreds = [f for f in seed.figures if f.text.lower().startswith("hundreds")]
    assert hundreds
    assert all((f.value, f.upper, f.approximate) == (100, 1000, True) for f in hundreds)
    dozens = [f for f in seed.figures if f.text.lower().startswith("dozens")]
    assert dozens
    assert (dozens[0].value, dozens[0].upper, dozens[0].approximate) == (12, 120, True)
    assert not any(f.value in (2020, 28) for f in seed.figures), "dates counted as figures"


def test_seed_quotes_have_speakers(seed):
    spoken = [q for q in seed.quotes if q.speaker == "Marie Struthers"]
    assert len(spoken) >= 2
    assert any("international community cannot stand aside" in q.text for q in spoken)


# --- the Russian report: the seed in its own language, served as windows-1251 ---------------

RUSSIAN_TITLE = "Amnesty International призывает расследовать пытки в Беларуси"
RUSSIAN_PATH = "a/amnesty-international-prizyvaet-rassledovat-pytki-v-belarusi/5645001.html"


@pytest.fixture(scope="module")
def ru_seed(records: dict[str, models.Article]) -> models.Article:
    return records[RUSSIAN_TITLE]


def test_russian_page_is_served_as_windows_1251():
    import httpx

    from pipeline.cli import demo_root
    from pipeline.demo.serve import serve_directory

    page = (demo_root() / RUSSIAN_PATH).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    assert "Генеральная прокуратура Беларуси" in page.decode("cp1251")
    with serve_directory(demo_root()) as base:
        reply = httpx.get(f"{base}/{RUSSIAN_PATH}")
    assert reply.headers["content-type"] == "text/html; charset=windows-1251"


def test_russian_record_is_russian_and_enriched_by_the_russian_model(ru_seed):
    assert ru_seed.language == "ru"
    assert ru_seed.extraction.ner_model.startswith("ru_slovnet_ner_news")
    assert "natasha" in ru_seed.extraction.ner_model
    assert not any("skipped" in w for w in ru_seed.extraction.warnings)
    assert ru_seed.extraction.cleaning.get("entity_broken", 0) > 0  # the "&# 171;" noise
    for noise in ("&#", "&amp;", "\u00a0", "..", "Подписывайтесь", "Другие новости"):
        assert noise not in ru_seed.text, f"{noise!r} left in the clean text"
    _spans_consistent(ru_seed)


def test_russian_entities_in_the_nominative(ru_seed):
    orgs = {o.name: o for o in ru_seed.organizations}
    assert "Генеральная прокуратура Беларуси" in orgs, sorted(orgs)  # a state body, whole
    assert orgs["Amnesty International"].mentions == ru_seed.text.count("Amnesty International")
    places = {p.name for p in ru_seed.places}
    assert {"Беларусь", "Минск", "Восточная Европа", "Центральная Азия"} <= places, places
    assert "Беларуси" not in places
    people = {p.name: p for p in ru_seed.people}
    assert list(people) == ["Мари Стразерс"]  # "Стразерс" merged into the full name
    assert people["Мари Стразерс"].mentions == 2
    assert people["Мари Стразерс"].role == (
        "директор Amnesty International по Восточной Европе и Центральной Азии"
    )


def test_russian_dates(ru_seed):
    dates = {d.text: (d.value, d.granularity) for d in ru_seed.dates}
    assert dates["августе 2020 года"] == ("2020-08", "month")
    assert dates["28 октября 2020 года"] == ("2020-10-28", "day")


def _ru_figure(record: models.Article, value: float, noun: str) -> models.Figure:
    found = [f for f in record.figures if f.value == value and f.noun == noun]
    assert len(found) == 1, [(f.text, f.value, f.noun) for f in record.figures]
    return found[0]


def test_russian_figures(ru_seed):
    assert _ru_figure(ru_seed, 900, "жалоб").qualifier == "more_than"
    assert _ru_figure(ru_seed, 0, "уголовного дела").text == "ни одного уголовного дела"
    assert _ru_figure(ru_seed, 657, "уголовных дел").qualifier is None
    assert _ru_figure(ru_seed, 200, "человек").qualifier == "more_than"
    four = _ru_figure(ru_seed, 4, "человек")
    assert (four.qualifier, four.text) == ("at_least", "по меньшей мере четырех человек")
    hundreds = _ru_figure(ru_seed, 100, "уголовных дел")
    assert (hundreds.upper, hundreds.approximate) == (1000, True)
    dozens = _ru_figure(ru_seed, 12, "дел")
    assert (dozens.upper, dozens.approximate) == (120, True)
    assert not any(f.value in (2020, 28) for f in ru_seed.figures), "dates counted as figures"


def test_russian_quotes_have_speakers(ru_seed):
    spoken = [q for q in ru_seed.quotes if q.speaker == "Мари Стразерс"]
    assert len(spoken) == 3
    assert any("Международное сообщество не может оставаться в стороне" in q.text for q in spoken)


def test_demo_table_shows_the_russian_enrichment(demo_run):
    out = demo_run["stdout"]
    assert RUSSIAN_TITLE in out
    assert "Мари Стразерс (директор Amnesty International" in out
    assert "Генеральная прокуратура Беларуси" in out
    assert "августе 2020 года → 2020-08" in out
