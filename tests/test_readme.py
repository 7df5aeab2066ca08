"""The README checked against the CLI.

Every ``newsmill`` command and flag the README (and docs/spiders.md) names exists (its
``--help`` lists it), every command the CLI has is in the README, and the README's shell
examples run as written through the real console script: example.org URLs go to the demo
site served on 127.0.0.1, ``/shared/`` to a temporary folder; examples that need the internet
or a Dask scheduler are skipped, saying so.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from warc_corpus import FETCHED, HTML, Page, demo_pages, fixture_pages, write_corpus

import models
from pipeline.cli import main
from pipeline.demo.serve import serve_directory
from pipeline.output.warc import WarcArchiver

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "spiders.md").read_text(encoding="utf-8")
DEMO = ROOT / "data" / "demo"
SCRIPT = Path(sys.executable).with_name("newsmill")
#: example.org addresses of the README → paths of the demo site
EXAMPLE_ORG = {
    "https://example.org/rss.xml": "/rss.xml",
    "https://example.org/sitemap_news.xml": "/sitemap.xml",
    "https://example.org/story": (
        "/a/amnesty-international-urges-to-investigate-torture-in-belarus/5645123.html"
    ),
}
#: what makes an example unrunnable here, and why
NEEDS = [
    (re.compile(r"newsmill crawl (--all|voa|apnews|euronews)\b"), "the internet (a site spider)"),
    (re.compile(r"--dask tcp://"), "a running Dask scheduler"),
    (re.compile(r"^make (demo|test)$"), "a make run (the demo and this suite are tested as such)"),
    (re.compile(r"\bPORT\b|ID_PREFIX|part-…"), "the values of an earlier run (placeholders)"),
    (re.compile(r"--serve\b"), "to be stopped (it serves until Ctrl-C)"),
]
#: commands whose examples must write records
_WRITERS = re.compile(r"newsmill (extract|crawl|demo)\b")
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
_CALL = re.compile(r"(?:\.venv/bin/)?\bnewsmill\s+([^|>;&`\n]*)")


@dataclass
class Block:
    """A fenced code block of the README: its language, the section it is in, its text."""

    lang: str
    section: str
    text: str


def blocks(doc: str = README) -> list[Block]:
    """The fenced code blocks of a Markdown document (the README), in order."""
    found = []
    for match in re.finditer(r"^```(\w*)\n(.*?)^```", doc, re.M | re.S):
        headings = re.findall(r"^#+ (.+)$", doc[: match.start()], re.M)
        found.append(Block(match.group(1), headings[-1] if headings else "top", match.group(2)))
    return found


@functools.cache
def help_of(*path: str) -> str:
    """``newsmill PATH --help`` (in this process: it is asked for a dozen times)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([*path, "--help"]) == 0
    return out.getvalue()


@functools.cache
def commands() -> dict[str, list[str]]:
    """Top-level commands of ``newsmill --help``, each with its subcommands (groups)."""

    def listed(help_text: str) -> list[str]:
        section = help_text.split("Commands:", 1)[1] if "Commands:" in help_text else ""
        return re.findall(r"^  (\S+)\s", section, re.M)

    return {name: listed(help_of(name)) for name in listed(help_of())}


def mentions(doc: str = README) -> dict[tuple[str, ...], set[str]]:
    """Every ``newsmill …`` a document shows (code blocks and inline code): command path →
    the flags named with it."""
    inline = [c.replace("\\|", " ") for c in re.findall(r"`([^`\n]+)`", doc)]  # a\|b: or
    code = [b.text for b in blocks(doc)] + inline
    found: dict[tuple[str, ...], set[str]] = {}
    for snippet in code:
        for call in _CALL.finditer(snippet):
            words = call.group(1).split()
            if not words or words[0] not in commands():
                continue
            path = tuple(words[:2]) if commands()[words[0]] else (words[0],)
            found.setdefault(path, set()).update(_FLAG.findall(call.group(1)))
    return found


def test_the_readme_names_every_command_and_only_real_flags():
    named = mentions()
    every = {(c, *([s] if s else [])) for c, subs in commands().items() for s in subs or [None]}
    assert every - set(named) == set(), "commands missing from the README"
    for path, flags in sorted([*named.items(), *mentions(GUIDE).items()]):
        assert path in every, f"README names a command the CLI lacks: newsmill {' '.join(path)}"
        help_text = help_of(*path)
        listed = set(re.findall(r"^\s+(--[a-z][a-z-]*)", help_text, re.M))
        assert flags - listed == set(), f"newsmill {' '.join(path)}: flags it does not have"


def test_the_readme_says_which_commands_take_config():
    said = re.search(r"The commands that read settings \(([^)]*)\)\s+take `--config", README)
    assert said, "the README says which commands take --config"
    claimed = {tuple(c.split()) for c in re.findall(r"`([^`]+)`", said.group(1))}
    for path in mentions():
        takes = "--config" in help_of(*path)
        named = any(path[: len(c)] == c for c in claimed)
        assert takes == named, f"newsmill {' '.join(path)}: --config {takes}, README {named}"


# -- the shell examples, run ---------------------------------------------------------------------
def shell_examples() -> list[tuple[str, str]]:
    """(section, command line) of every line of the README's ``sh`` blocks, comments dropped."""
    found = []
    for block in blocks():
        if block.lang != "sh":
            continue
        for line in block.text.splitlines():
            line = line.split("  #")[0].strip()
            if line and not line.startswith("#"):
                found.append((block.section, line))
    return found


EXAMPLES = shell_examples()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder with what the examples read: page.html, data/warc/*.warc.gz from a crawl,
    CC-NEWS-*.warc.gz, and the config letting the crawler reach the local demo server."""
    shutil.copy(DEMO / EXAMPLE_ORG["https://example.org/story"].lstrip("/"), tmp_path / "page.html")
    write_corpus(tmp_path / "data" / "warc", files=2)
    # CC-NEWS-like: the demo's articles and a VOA report of 2024-05-02 (the fixture's, moved
    # four days on so that `--site voa --since 2024-05-01` keeps it)
    voa = next(p for p in fixture_pages() if "voanews.com" in p.url)
    pages = [*demo_pages(), Page(voa.url, voa.body.replace(b"2024-04-28", b"2024-05-02"))]
    with WarcArchiver(tmp_path / "cc", "00001", prefix="CC-NEWS-20240502") as archiver:
        for page in pages:
            archiver.archive(page.url, 200, HTML, page.body, fetched_at=FETCHED)
    for path in archiver.files:
        path.rename(tmp_path / path.name)
    (tmp_path / "newsmill.toml").write_text(
        '[fetch]\nallow_networks = ["127.0.0.1/32"]\n[crawl]\ndelay = 0.05\n'
    )
    return tmp_path


def _records(text: str) -> int:
    """JSON lines in ``text``, every one checked against the record schema."""
    lines = text.splitlines()
    for line in lines:
        models.Article.model_validate(json.loads(line))
    return len(lines)


@pytest.mark.parametrize(
    ("section", "line"), EXAMPLES, ids=[f"{s[:12]}-{i}" for i, (s, _) in enumerate(EXAMPLES)]
)
def test_a_readme_shell_example_runs(section: str, line: str, workdir: Path) -> None:
    why = next((why for rx, why in NEEDS if rx.search(line)), None)
    if why:
        pytest.skip(f"needs {why}: {line}")
    if "curl " in line and shutil.which("curl") is None:
        pytest.skip(f"needs curl: {line}")
    before = {p for p in workdir.rglob("*.jsonl")}
    with serve_directory(DEMO) as base:
        command = re.sub(r"(^|\| )(?:\.venv/bin/)?newsmill ", rf"\g<1>{SCRIPT} ", line)
        for url, path in EXAMPLE_ORG.items():
            command = command.replace(url, base + path)
        assert "example.org/" not in command, f"map this URL to the demo site: {line}"
        command = command.replace("/shared/", f"{workdir}/shared/")
        proc = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**os.environ, "NEWSMILL_CONFIG": str(workdir / "newsmill.toml")},
        )
    assert proc.returncode == 0, f"{line}\n{proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stderr
    assert "newsmill: error" not in proc.stderr, proc.stderr
    new = sorted(set(workdir.rglob("*.jsonl")) - before)
    written = sum(_records(p.read_text("utf-8")) for p in new)
    if _WRITERS.search(line):
        written += _records(proc.stdout)
        assert written > 0, f"{line}: no record written"
