"""The record schema: the committed JSON Schema matches the models, and `validate` reports."""

from __future__ import annotations

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
