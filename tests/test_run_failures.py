"""Output failures stop a run at once with one line and exit 74; JSON logs stay JSON.

Through the real console script (a fresh interpreter), as cron would run it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hostile import good_page

EXIT_OUTPUT = 74


def cli(*args: str, **kwargs: object) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *args]


def pages(tmp_path: Path, n: int) -> list[str]:
    files = []
    for i in range(n):
        path = tmp_path / f"page{i}.html"
        path.write_bytes(good_page(i).body)
        files.append(str(path))
    return files


def test_extract_into_a_closed_pipe_stops_with_one_line(tmp_path: Path) -> None:
    files = pages(tmp_path, 40)
    proc = subprocess.Popen(
        cli("extract", *files, "--no-enrich"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # the reader takes one record and goes away (like `| head -1`)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == EXIT_OUTPUT
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1, err
    assert "cannot write to stdout" in lines[0]
    assert "Traceback" not in err.decode()


def test_an_unusable_out_is_found_before_any_work(tmp_path: Path) -> None:
    plain = tmp_path / "a-file"
    plain.write_text("not a folder")
    warc = tmp_path / "x.warc.gz"
    warc.write_bytes(b"")
    for args in (
        ("extract", "--warc", str(warc), "--no-enrich", "--out", str(plain)),
        ("crawl", "--start", "http://127.0.0.1:9/feed.xml", "--no-enrich", "--out", str(plain)),
    ):
        done = subprocess.run(cli(*args), capture_output=True, timeout=120, check=False)
        assert done.returncode == EXIT_OUTPUT, done.stderr
        err = done.stderr.decode()
        assert err.strip().splitlines() == [
            f"newsmill: error: output folder {plain} is a file, not a folder"
        ]


def test_json_logs_make_every_stderr_line_json(tmp_path: Path) -> None:
    files = [*pages(tmp_path, 1), str(tmp_path / "page0.html")]
    empty = tmp_path / "empty.html"
    empty.write_text("")
    done = subprocess.run(
        cli("extract", *files, str(empty), "--no-enrich", "--log-format", "json"),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.decode().strip().splitlines()
    assert lines
    records = [json.loads(line) for line in lines]  # every line is JSON
    assert any(r["level"] == "error" and "input is empty" in r["message"] for r in records)


def test_usage_errors_are_json_lines_under_json_logs(tmp_path: Path) -> None:
    """Click's own usage errors (found before the command runs) keep exit 2 and, with
    ``--log-format json`` anywhere on the line, are JSON lines like every other."""
    for args, words in (
        (("crawl", "--log-format", "json", "--no-such-flag"), "no such option"),
        (("extract", "--log-format=json"), "missing argument"),
        (("extract", "x.html", "--max-articles", "zero", "--log-format", "json"), "invalid value"),
        (("--log-format", "json", "schema"), "no such option"),  # not an option of the root
    ):
        done = subprocess.run(cli(*args), capture_output=True, timeout=120, check=False)
        assert done.returncode == 2, (args, done.stderr)
        lines = done.stderr.decode().strip().splitlines()
        assert len(lines) == 1, (args, lines)
        record = json.loads(lines[0])
        assert record["level"] == "error"
        assert words in record["message"], (args, record)
    # without it the same error stays one plain line
    done = subprocess.run(cli("crawl", "--no-such-flag"), capture_output=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.decode().startswith("newsmill: error: no such option: --no-such-flag")


def test_log_lines_never_glue_onto_the_progress_line(capsys) -> None:  # type: ignore[no-untyped-def]
    import logging

    from pipeline.cli import _ProgressBar, _setup_logging

    _setup_logging()
    bar = _ProgressBar(unit="files")
    bar({"done": 1, "total": 3, "written": 1, "failed": 0})
    logging.getLogger("newsmill").warning("a page failed")
    bar({"done": 2, "total": 3, "written": 1, "failed": 1})
    bar.close()
    err = capsys.readouterr().err
    # the log line replaces the bar on its own line; the bar is drawn again below it
    assert "\r\x1b[2Knewsmill: WARNING: a page failed\n[" in err
    assert "1/3 files" in err
    assert "2/3 files, 1 written, 1 failed" in err
    assert err.endswith("\n")
    assert logging.getLogger().handlers[0] is not bar  # the plain handler is back


def test_the_library_leaves_logging_to_its_caller_and_the_cli_quiets_helpers() -> None:
    # importing the extractor changes no logger's level (a notebook's logging is its own);
    # the CLI, which shows INFO lines, quiets the libraries' internal chatter
    code = (
        "import logging, pipeline.extract, pipeline.extract.fallback\n"
        "names = ('readability', 'htmldate', 'httpx')\n"
        "print([logging.getLogger(n).level for n in names])\n"
        "from pipeline.cli import _setup_logging\n"
        "_setup_logging()\n"
        "print([logging.getLogger(n).level for n in names])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = done.stdout.splitlines()
    assert before == "[0, 0, 0]"
    assert after == "[30, 50, 30]"  # WARNING, CRITICAL, WARNING
