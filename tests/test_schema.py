"""The record schema: the committed JSON Schema matches the models, and `validate` reports."""

from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest

import models
from pipeline.cli import main


def _record(**over: object) -> dict:
    base = {
        "schema_version": 1,
        "id": "a" * 64,
        "url": "https://example.org/a/1.html",
        "canonical_url": "https://example.org/a/1.html",
        "site": "generic",
        "language": "en",
        "title": "A title",
        "lead": None,
        "authors": ["Jane Doe"],
        "section": None,
        "tags": [],
        "published_at": "2020-10-28T09:00:00Z",
        "modified_at": None,
        "fetched_at": None,
        "published_at_source": "jsonld",
        "published_at_local": "2020-10-28T12:00:00+03:00",
        "text": "More than 900 complaints.",
        "word_count": 4,
        "content_sha256": "b" * 64,
        "entities": [],
        "organizations": [],
        "people": [{"name": "Jane Doe", "mentions": 1, "role": None}],
        "places": [],
        "dates": [],
        "figures": [
            {
                "text": "More than 900 complaints",
                "value": 900.0,
                "upper": None,
                "approximate": False,
                "qualifier": "more_than",
                "unit": None,
                "noun": "complaints",
                "start": 0,
                "end": 24,
            }
        ],
        "quotes": [],
        "extraction": {
            "spider": "generic",
            "ner_model": None,
            "version": "0.1.0",
            "warnings": [],
            "cleaning": {},
        },
    }
    base.update(over)
    # the record's own invariants hold unless the test breaks them on purpose
    if "id" not in over:
        base["id"] = hashlib.sha256(str(base["canonical_url"]).encode()).hexdigest()
    if "content_sha256" not in over:
        base["content_sha256"] = hashlib.sha256(str(base["text"]).encode()).hexdigest()
    return base


def test_committed_schema_matches_models():
    committed = models.SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == models.json_schema_text(), (
        "models/article.schema.json is out of date with models/: run `make schema` "
        "and review the diff (a breaking change needs a new SCHEMA_VERSION)"
    )


def test_committed_schema_accepts_a_record_and_rejects_a_wrong_type():
    schema = json.loads(models.SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(_record(), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_record(word_count="four"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({k: v for k, v in _record().items() if k != "figures"}, schema)


def test_every_key_is_required_and_serialized_in_schema_order():
    schema = json.loads(models.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["required"] == list(models.Article.model_fields)
    dumped = json.loads(models.Article.model_validate(_record()).to_json())
    assert list(dumped) == list(models.Article.model_fields)


def test_schema_command_prints_the_committed_schema(capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == models.SCHEMA_PATH.read_text(encoding="utf-8")


def test_validate_accepts_good_file(tmp_path, capsys):
    path = tmp_path / "good.jsonl"
    path.write_text(json.dumps(_record()) + "\n\n" + json.dumps(_record()) + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert "2 records valid" in capsys.readouterr().out


def test_validate_reports_line_and_field_of_each_problem(tmp_path, capsys):
    bad_time = _record(published_at="28/10/2020")
    bad_figure = _record()
    bad_figure["figures"][0]["value"] = "nine hundred"
    path = tmp_path / "broken.jsonl"
    path.write_text(
        "\n".join(
            [json.dumps(_record()), json.dumps(bad_time), "{not json", json.dumps(bad_figure)]
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 2: published_at:" in err
    assert "line 3: (line): not valid JSON" in err
    assert "line 4: figures.0.value:" in err
    assert "line 1:" not in err
    assert "3 of 4 records invalid" in err


def test_validate_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsmill: error: cannot read")
    assert "Traceback" not in err


def test_validate_takes_several_files_and_run_folders(tmp_path, capsys):
    """``newsmill validate data/out/demo/*.jsonl`` after two demo runs names two files; a run
    folder stands for its parts, as for export."""
    run = tmp_path / "out"
    (run / "demo").mkdir(parents=True)
    for name in ("part-a-00001.jsonl", "part-b-00001.jsonl"):
        (run / "demo" / name).write_text(json.dumps(_record()) + "\n", encoding="utf-8")
    parts = sorted(str(p) for p in (run / "demo").glob("*.jsonl"))
    assert main(["validate", *parts]) == 0
    assert capsys.readouterr().out.count("1 records valid") == 2
    assert main(["validate", str(run)]) == 0
    assert capsys.readouterr().out.count("1 records valid") == 2
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    assert main(["validate", parts[0], str(broken)]) == 1
    captured = capsys.readouterr()
    assert "1 records valid" in captured.out
    assert "broken.jsonl:line 1" in captured.err


def test_validate_of_a_file_that_is_not_jsonl_stops_early(tmp_path, capsys):
    """An HTML page given by mistake was one error line per line of the page."""
    page = tmp_path / "page.html"
    page.write_text("<html>\n" + "<p>text</p>\n" * 300 + "</html>\n", encoding="utf-8")
    assert main(["validate", str(page)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) <= 22
    assert lines[0].startswith(f"{page}:line 1: (line): not valid JSON")
    assert "not JSON" in lines[-1]
    assert "JSONL" in lines[-1]


def test_validate_checks_every_input_exists_before_reading_any(tmp_path, capsys):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(_record()) + "\n", encoding="utf-8")
    assert main(["validate", str(good), str(tmp_path / "nope.jsonl")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("newsmill: error: cannot read")
    assert main(["validate", str(tmp_path)]) == 0  # a folder of JSONL files
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["validate", str(empty)]) == 2
    assert "no JSONL files in" in capsys.readouterr().err


def test_validate_is_strict_about_types_and_invariants(tmp_path, capsys):
    """What pandas, DuckDB and polars fail on is an error, one line per problem."""
    stale = _record()
    stale["content_sha256"] = "c" * 64
    past_end = _record()
    past_end["figures"][0]["end"] = 999
    cases = [
        _record(word_count="266"),
        _record(word_count=True),
        _record(language="english"),
        _record(id="d" * 64),
        stale,
        past_end,
    ]
    lines = [json.dumps(c) for c in cases]
    lines.append(json.dumps(_record()).replace('"value": 900.0', '"value": NaN'))
    path = tmp_path / "strict.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    for expected in (
        "line 1: word_count: '266' is not of type 'integer'",
        "line 2: word_count: True is not of type 'integer'",
        "line 3: language: 'english' is not an ISO 639-1 code",
        "line 4: id: is not the sha256 of canonical_url",
        "line 5: content_sha256: is not the sha256 of text",
        "line 6: figures.0: offsets 0-999 outside the text",
        "line 7: (line): not valid JSON: NaN is not a JSON number",
        "7 of 7 records invalid",
    ):
        assert expected in err, err
    assert "Traceback" not in err


def test_load_gives_the_same_clear_error(tmp_path):
    from pipeline import load
    from pipeline.errors import InputError

    path = tmp_path / "part-1.jsonl"
    path.write_text(json.dumps(_record()) + "\n" + json.dumps(_record(word_count="266")) + "\n")
    with pytest.raises(InputError, match=r"part-1.jsonl:2: word_count: '266' is not of type"):
        load(path)
