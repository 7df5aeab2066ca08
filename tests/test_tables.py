"""Analysts' tables: ``pipeline.load`` gives typed DataFrames (UTC datetimes, one row per item
with the article's id, url, site and published_at) and ``newsmill export --parquet`` writes
the same tables.

Budget: about 5 s (one enriched extraction of the 13-article test archive).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from warc_corpus import write_corpus

from pipeline import load
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.output.tables import TABLES
from pipeline.runs.archive import ArchiveOptions, run_archives

ITEM_TABLES = [t for t in TABLES if t != "articles"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = write_corpus(tmp_path_factory.mktemp("tables-corpus"))
    root = tmp_path_factory.mktemp("tables-out")
    run_archives(corpus.files, root, ArchiveOptions())
    return root


@pytest.fixture(scope="module")
def records(out: Path) -> list[dict]:
    return [
        json.loads(line)
        for part in sorted(out.glob("*/part-*.jsonl"))
        for line in part.read_text("utf-8").splitlines()
    ]


def test_articles_table_has_one_typed_row_per_article(out: Path, records: list[dict]) -> None:
    df = load(out / "*" / "*.jsonl")
    assert len(df) == len(records) == 13
    assert isinstance(df["published_at"].dtype, pd.DatetimeTZDtype)
    assert str(df["published_at"].dt.tz) == "UTC"
    assert str(df["fetched_at"].dtype) == str(df["published_at"].dtype)
    assert df["word_count"].dtype == "int64"
    assert isinstance(df["title"].dtype, pd.StringDtype)
    by_id = df.set_index("id")
    for record in records:
        row = by_id.loc[record["id"]]
        assert row["url"] == record["url"]
        assert row["site"] == record["site"]
        published = record["published_at"]
        if published:
            assert row["published_at"] == pd.Timestamp(published)
        assert row["n_figures"] == len(record["figures"])
        assert list(row["authors"]) == record["authors"]


@pytest.mark.parametrize("table", ITEM_TABLES)
def test_item_tables_have_one_row_per_item_with_the_article_keys(
    out: Path, records: list[dict], table: str
) -> None:
    df = load(out, table)
    assert len(df) == sum(len(r[table]) for r in records)
    assert list(df.columns[:4]) == ["id", "url", "site", "published_at"]
    assert "UTC" in str(df["published_at"].dtype)
    expected = [(r["id"], r["url"], r["site"]) for r in records for _ in r[table]]
    assert sorted(zip(df["id"], df["url"], df["site"], strict=True)) == sorted(expected)
    if table == "figures":
        assert df["value"].dtype == "float64"
        assert df["approximate"].dtype == "bool"
    if table in ("people", "organizations", "places"):
        assert df["mentions"].dtype == "int64"
        assert (df["mentions"] >= 1).all()


def test_dates_table_gives_the_start_of_each_normalized_value(out: Path) -> None:
    df = load(out, "dates")
    days = df[df["granularity"] == "day"]
    assert len(days) > 0
    for value, start in zip(days["value"], days["value_start"], strict=True):
        assert start == pd.Timestamp(value, tz="UTC")


def test_bad_input_is_a_clear_error(out: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown table 'figure'"):
        load(out, "figure")
    with pytest.raises(InputError, match="no newsmill JSONL files match"):
        load(tmp_path / "nothing-*.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1: not a newsmill record"):
        load(bad)


def _strings(arrow_type: object) -> object:
    return pd.StringDtype() if str(arrow_type) == "string" else None


def test_export_parquet_writes_the_same_tables(out: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "parquet"
    assert main(["export", "--parquet", str(target), str(out)]) == 0
    printed = capsys.readouterr().out
    for table in TABLES:
        frame = load(out, table)
        written = pq.read_table(target / f"{table}.parquet")
        assert written.num_rows == len(frame)
        assert f"{table}" in printed
        back = written.to_pandas(types_mapper=_strings)
        pd.testing.assert_frame_equal(back, frame, check_dtype=True)
    assert not list(target.glob(".*"))  # no temp file left
    assert main(["export", "--parquet", str(target), str(tmp_path / "none")]) != 0
