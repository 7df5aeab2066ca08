"""JSONL part files: atomic parts, safe names, manifests, stdout."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

import models
from pipeline.errors import OutputError
from pipeline.output.jsonl import PartWriter, safe_name, write_manifest, write_stdout


@dataclass
class Rec:
    url: str

    def to_json(self) -> str:
        return json.dumps({"url": self.url})


def test_parts_of_n_records_sorted_within_a_part(tmp_path: Path) -> None:
    with PartWriter(tmp_path, "site_a", "RUN1", part_size=2) as writer:
        for url in ("u/5", "u/4", "u/3", "u/2", "u/1"):
            writer.add(Rec(url))
        assert len(writer.parts) == 2  # two full parts committed, one record buffered
    names = [p.name for p in writer.parts]
    assert names == ["part-RUN1-00001.jsonl", "part-RUN1-00002.jsonl", "part-RUN1-00003.jsonl"]
    contents = [[json.loads(x)["url"] for x in p.read_text().splitlines()] for p in writer.parts]
    assert contents == [["u/4", "u/5"], ["u/2", "u/3"], ["u/1"]]
    assert writer.written == 5
    assert sorted(p.name for p in (tmp_path / "site_a").iterdir()) == names  # no temp files
    assert all(p.read_bytes().endswith(b"\n") for p in writer.parts)


def test_flush_without_records_writes_nothing(tmp_path: Path) -> None:
    writer = PartWriter(tmp_path, "s", "r")
    assert writer.flush() is None
    writer.close()
    assert writer.parts == []
    assert not (tmp_path / "s").exists()


def test_a_record_must_be_one_line(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        PartWriter(tmp_path, "s", "r").add('{"a":\n1}')


def test_unwritable_directory_raises_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    writer = PartWriter(blocker, "s", "r")
    writer.add(Rec("u"))
    with pytest.raises(OutputError):
        writer.flush()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("voa", "voa"),
        ("..", "_"),
        ("../../etc", "_.._etc"),
        ("a/b\\c", "a_b_c"),
        ("bad\x00\n\tname", "bad_name"),
        ("", "_"),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected
    assert "/" not in safe_name(name)
    assert not safe_name(name).startswith(".")


def test_site_names_cannot_escape_the_output_dir(tmp_path: Path) -> None:
    writer = PartWriter(tmp_path / "out", "../escape", "../run")
    writer.add(Rec("u"))
    writer.close()
    assert writer.parts[0].resolve().is_relative_to((tmp_path / "out").resolve())


def test_write_manifest_atomically(tmp_path: Path) -> None:
    manifest = models.RunManifest(
        run_id="r1",
        started_at="2024-01-01T00:00:00Z",
        finished_at="2024-01-01T00:01:00Z",
        spiders=["a"],
        exit_code=0,
        counts={"written": 3},
    )
    path = write_manifest(tmp_path / "_runs" / "r1.json", manifest)
    assert models.RunManifest.model_validate_json(path.read_text()) == manifest
    assert [p.name for p in path.parent.iterdir()] == ["r1.json"]


def test_write_stdout() -> None:
    out = io.StringIO()
    assert write_stdout([Rec("a"), '{"url": "b"}'], stream=out) == 2
    assert out.getvalue() == '{"url": "a"}\n{"url": "b"}\n'
