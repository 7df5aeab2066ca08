"""The command line as a user runs it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

import models
from pipeline.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
VOA = FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.html.gz"
VOA_URL = json.loads((FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.json").read_text())["url"]


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real console entry point in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def voa_html(tmp_path: Path) -> Path:
    path = tmp_path / "voa.html"
    path.write_bytes(gzip.decompress(VOA.read_bytes()))
    return path


def test_extract_file_to_one_valid_record(voa_html, capsys):
    assert main(["extract", str(voa_html), "--url", VOA_URL, "--no-enrich"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    article = models.Article.model_validate_json(lines[0])
    assert article.site == "voa"
    assert article.url == VOA_URL
    assert article.title.startswith("America's child care crisis")
    assert article.extraction.ner_model is None
    assert article.entities == []


def test_extract_stdin_with_enrichment_through_the_console_script(voa_html):
    proc = run_cli("extract", "-", "--url", VOA_URL, stdin=voa_html.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    article = models.Article.model_validate_json(proc.stdout.decode().strip())
    assert article.extraction.ner_model
    assert "en_core_web_sm" in article.extraction.ner_model
    names = {p.name for p in article.people}
    assert "Nicole Slemp" in names
    assert any(f.unit == "USD" and f.value == 2000 for f in article.figures)


def test_extract_keeps_input_order_and_reports_bad_inputs(voa_html, tmp_path, capsys):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    second = tmp_path / "copy.html"
    second.write_bytes(voa_html.read_bytes().replace(b"America&#39;s child", b"Second child"))
    code = main(["extract", str(voa_html), str(empty), str(second), "--no-enrich"])
    out, err = capsys.readouterr()
    assert code == 1  # some inputs failed, others written
    titles = [json.loads(line)["title"] for line in out.splitlines()]
    assert len(titles) == 2
    assert titles[0].startswith("America's")
    assert titles[1].startswith("Second child")
    assert f"{empty}: " in err
    assert "empty" in err.lower()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "png"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "pdf"),
        (b"Just a plain text note.\nNo markup at all here.\n", "not an html"),
        (
            b"<html><head><title>Empty</title></head><body><nav>Home</nav></body></html>",
            "no article",
        ),
        (
            b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            b"<title>Harbour Gazette</title><item><title>Ferry fares rise</title>"
            b"<description>&lt;p&gt;The council agreed on Tuesday.&lt;/p&gt;</description>"
            b"</item></channel></rss>",
            "feed",
        ),
        (
            b'<?xml version="1.0"?>\n<!-- generated -->\n<urlset xmlns="http://www.'
            b'sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example/a</loc></url>'
            b"</urlset>",
            "sitemap",
        ),
    ],
    ids=["empty", "whitespace", "png", "pdf", "plain-text", "no-article", "rss", "sitemap"],
)
def test_malformed_input_gives_one_line_error_and_nonzero_exit(tmp_path, content, words):
    path = tmp_path / "input.html"
    path.write_bytes(content)
    proc = run_cli("extract", str(path), "--no-enrich")
    err = proc.stderr.decode()
    assert proc.returncode != 0
    assert proc.stdout == b""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newsmill: error: ")
    assert words in lines[0].lower()


def test_extract_missing_file_and_unknown_spider(tmp_path, voa_html, capsys):
    # a missing input is a usage error (2), found before any page is read
    assert main(["extract", str(voa_html), str(tmp_path / "missing.html"), "--no-enrich"]) == 2
    captured = capsys.readouterr()
    assert "missing.html: no such file" in captured.err
    assert captured.out == ""
    assert main(["extract", str(voa_html), "--spider", "nope"]) == 2
    assert "unknown spider 'nope'" in capsys.readouterr().err


def test_usage_errors_exit_2():
    assert run_cli("extract").returncode == 2
    assert run_cli("no-such-command").returncode == 2
    proc = run_cli("crawl")
    assert proc.returncode == 2
    assert b"name a spider" in proc.stderr


def test_bad_config_file_is_a_usage_error(tmp_path, voa_html, capsys):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[crawl]\ndelay = -3\n")
    assert main(["extract", str(voa_html), "--config", str(cfg), "--no-enrich"]) == 2
    assert "invalid setting crawl.delay" in capsys.readouterr().err


def test_spiders_list(capsys):
    assert main(["spiders", "list"]) == 0
    out = capsys.readouterr().out
    assert "voa" in out
    assert "voanews.com" in out
    assert "generic" in out
    assert "demo" in out


def test_missing_model_fails_at_start_up_before_any_work(voa_html):
    import os

    env = {**os.environ, "NEWSMILL_NER_MODEL": "no_such_model"}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "extract", str(voa_html)],
        capture_output=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert proc.returncode == 2
    assert proc.stdout == b""
    err = proc.stderr.decode().strip()
    assert err.startswith("newsmill: error: cannot load a spaCy model (tried no_such_model)")
    assert "Traceback" not in err
