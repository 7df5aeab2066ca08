"""State database, lock file, config file and --since parsing (units, no network)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.config import load_settings
from pipeline.crawl.filters import is_older, parse_since, sniff
from pipeline.crawl.lock import LockHeld, RunLock
from pipeline.crawl.state import CrawlState, Done, retry_delay
from pipeline.errors import ConfigError


def test_commit_part_marks_urls_done_with_validators(tmp_path: Path) -> None:
    part = tmp_path / "out" / "s" / "part-R1-00001.jsonl"
    part.parent.mkdir(parents=True)
    part.write_text("{}\n")
    with CrawlState(tmp_path / "state.sqlite") as state:
        state.start_run("R1", tmp_path / "out")
        state.commit_part(part, "R1", "s", [Done("http://h/a", "s", "ab" * 32, etag='"e1"')])
        state.finish_run("R1", 0)
    with CrawlState(tmp_path / "state.sqlite") as state:  # durable across connections
        row = state.get("http://h/a")
        assert row is not None
        assert row.status == "done"
        assert row.conditional_headers() == {"If-None-Match": '"e1"'}
        assert state.parts() == [part.resolve()]
        assert state.get("http://h/unknown") is None


def test_failures_back_off_and_come_back_when_due(tmp_path: Path) -> None:
    with CrawlState(tmp_path / "s.sqlite") as state:
        state.mark_failed("http://h/x", "s", "HTTP 500")
        state.flush()
        row = state.get("http://h/x")
        assert row is not None
        assert (row.status, row.attempts) == ("failed", 1)
        assert row.next_try > time.time() + retry_delay(1) - 5
        assert state.due_retries("s") == []
        assert state.due_retries("s", now=row.next_try + 1) == ["http://h/x"]
        state.mark_failed("http://h/x", "s", "HTTP 500")
        state.flush()
        second = state.get("http://h/x")
        assert second is not None
        assert second.attempts == 2
    assert retry_delay(2) == 2 * retry_delay(1)
    assert retry_delay(100) == retry_delay(200)  # capped


def test_recover_removes_uncommitted_parts_of_killed_runs_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = out / "s"
    site.mkdir(parents=True)
    committed = site / "part-R1-00001.jsonl"
    orphan = site / "part-R1-00002.jsonl"
    temp = site / ".part-R1-00003.jsonl.123.tmp"
    foreign = site / "part-OTHER-00001.jsonl"  # not a run of this database
    for path in (committed, orphan, temp, foreign):
        path.write_text("{}\n")
    with CrawlState(tmp_path / "s.sqlite") as state:
        state.start_run("R1", out)
        state.commit_part(committed, "R1", "s", [Done("http://h/a", "s", "cd" * 32)])
        # killed here: the run never finishes
    with CrawlState(tmp_path / "s.sqlite") as state:
        removed = state.recover()
        assert sorted(removed) == sorted([orphan, temp])
        assert state.recover() == []  # a recovered run is not looked at again
    assert committed.exists()
    assert foreign.exists()


def test_lock_is_exclusive_and_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "crawl.sqlite.lock"
    with RunLock(path), pytest.raises(LockHeld, match=f"pid {os.getpid()}"):
        RunLock(path).acquire()
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from pipeline.crawl.lock import RunLock; "
            f"RunLock({str(path)!r}).acquire(); print('locked', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            with pytest.raises(LockHeld):
                RunLock(path).acquire()
        finally:
            holder.kill()
            holder.wait()
    with RunLock(path):  # the kernel dropped the dead holder's lock
        pass


@pytest.mark.parametrize(
    ("content", "content_type", "verdict"),
    [
        (b"%PDF-1.7 ...", "text/html", "PDF served as text/html"),
        (b"\x89PNG\r\n\x1a\n....", "text/html; charset=utf-8", "PNG image served as text/html"),
        (b"\xff\xd8\xff\xe0 JFIF", None, "JPEG image served as no content type"),
        (b"<html>fine</html>", "application/pdf", "content type application/pdf is not a web page"),
        (b"<html><p>ok</p></html>", "text/html", None),
        (b"<!doctype html><p>ok</p>", "application/octet-stream", None),
        (b"<html><p>ok</p></html>", None, None),
    ],
)
def test_sniff(content: bytes, content_type: str | None, verdict: str | None) -> None:
    assert sniff(content, content_type) == verdict


def test_since_parsing() -> None:
    now = datetime(2024, 5, 10, 12, tzinfo=UTC)
    assert parse_since("2d", now) == datetime(2024, 5, 8, 12, tzinfo=UTC)
    assert parse_since("12h", now) == datetime(2024, 5, 10, 0, tzinfo=UTC)
    assert parse_since("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_since("2024-05-01T10:00:00+02:00") == datetime(2024, 5, 1, 8, tzinfo=UTC)
    with pytest.raises(ConfigError, match="--since"):
        parse_since("yesterday")
    since = datetime(2024, 5, 1, tzinfo=UTC)
    assert is_older("2024-04-30T23:59:59Z", since)
    assert not is_older("2024-05-01T00:00:00Z", since)
    assert not is_older(None, since)  # an unknown date is kept


def test_config_file_env_var_local_file_and_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSMILL_CONFIG", raising=False)
    assert load_settings().crawl.delay == 1.0  # no file anywhere: defaults
    (tmp_path / "newsmill.toml").write_text(
        '[crawl]\ndelay = 3.0\nuser_agent = "bot/1 (+https://example.org/bot)"\n'
        "[spiders.voa]\ndelay = 5.0\nmax_articles = 7\n"
    )
    local = load_settings()
    assert local.crawl.delay == 3.0
    assert local.spiders["voa"].max_articles == 7
    assert load_settings(crawl={"delay": 0.5, "retries": None}).crawl.delay == 0.5  # flag wins
    other = tmp_path / "other.toml"
    other.write_text("[crawl]\ndelay = 9.0\n")
    monkeypatch.setenv("NEWSMILL_CONFIG", str(other))
    assert load_settings().crawl.delay == 9.0  # the variable beats ./newsmill.toml
    bad = tmp_path / "bad.toml"
    bad.write_text('[crawl]\nuser_agent = "anonymous"\n')
    with pytest.raises(ConfigError, match="contact"):
        load_settings(bad)
    bad.write_text("[spiders.voa]\nconcurrency = 5\n")
    with pytest.raises(ConfigError, match=r"spiders\.voa\.concurrency"):
        load_settings(bad)
