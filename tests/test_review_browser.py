"""The review page in a real browser: headless Chromium (Debian's ``chromium``) driven by
Playwright with the system executable (never a downloaded browser build).

The seed record is built from the embedded demo site by the real pipeline (``newsmill demo``)
and shown with ``newsmill show``; the test counts the marks, switches a kind off and on in the
legend, reads the hover text of a figure and saves a screenshot. A second test opens pages of
hostile records (and the ``--serve`` index of them) and checks that no script of theirs runs.

Without ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it when run as root)
or without the ``playwright`` package, these tests skip and say why.

``NEWSMILL_REVIEW_SCREENSHOT=docs/review-page.png`` also writes the README's picture.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_review import HOSTILE, hostile_record, three_records, write_jsonl

from pipeline.maintain.review_server import serve_review

NEWSMILL = Path(sys.executable).with_name("newsmill")
SEED_TITLE = "Amnesty International urges to investigate torture in Belarus"
SEED_FIGURE = "more than 900 complaints of police abuse"
TRANSPARENT = "rgba(0, 0, 0, 0)"


def _chromium() -> str | None:
    for candidate in (os.environ.get("NEWSMILL_CHROMIUM"), "chromium", "chromium-browser"):
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium (the system's) under Playwright, for the module."""
    executable = _chromium()
    if executable is None:
        pytest.skip("no chromium on PATH: apt-get install chromium (.ci/run does when run as root)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'"
    )
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records dialogs (an ``alert`` is a script that ran) and errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.dialogs = []
    tab.errors = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()


def run_newsmill(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    return subprocess.run(
        [str(NEWSMILL), *args], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """The seed record, crawled from the demo site by ``newsmill demo``, and its review page
    written by ``newsmill show RUN --id ID -o PAGE``."""
    if _chromium() is None:
        pytest.skip("no chromium on PATH: apt-get install chromium")
    out = tmp_path_factory.mktemp("demo-run")
    proc = run_newsmill("demo", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    records = [
        json.loads(line)
        for part in sorted((out / "demo").glob("part-*.jsonl"))
        for line in part.read_text(encoding="utf-8").splitlines()
    ]
    record = next(r for r in records if r["title"] == SEED_TITLE)
    html = out / "seed.html"
    proc = run_newsmill("show", str(out), "--id", record["id"], "-o", str(html))
    assert proc.returncode == 0, proc.stderr
    return record, html


def _background(locator: Any) -> str:
    return str(locator.evaluate("e => getComputedStyle(e).backgroundColor"))


def test_the_seed_page_marks_every_item_toggles_kinds_and_explains_on_hover(
    page: Any, seed: tuple[dict[str, Any], Path], tmp_path: Path
) -> None:
    record, html = seed
    page.goto(html.as_uri())
    assert page.get_attribute("body", "data-ready") == "1", "the page's script did not run"
    assert page.errors == []  # no CSP violation, no script error

    # every entity, date, figure and quote is one mark; the text is the record's, unchanged
    counted = {k: len(record[k]) for k in ("entities", "dates", "figures", "quotes")}
    assert all(counted.values()), counted
    assert page.locator("mark.m:not(.more)").count() == sum(counted.values())
    assert page.locator("mark.k-figure:not(.more)").count() == counted["figures"]
    assert page.locator("mark.k-date:not(.more)").count() == counted["dates"]
    assert page.locator("mark.k-quote:not(.more)").count() == counted["quotes"]
    assert page.locator("mark[class*='k-e-']:not(.more)").count() == counted["entities"]
    assert page.locator("#text").evaluate("e => e.textContent") == record["text"]
    # marks nest: a quote holds the figures and names spoken in it
    inner = page.locator("mark.k-quote mark.k-figure", has_text="hundreds of peaceful")
    assert inner.count() == 1
    assert page.locator("mark.k-quote mark.k-e-GPE", has_text="Belarus").count() >= 1

    # the legend switches a kind off and on again; other kinds keep their colour
    figure = page.locator("mark.k-figure", has_text=SEED_FIGURE)
    org = page.locator("mark.k-e-ORG").first
    org_colour = _background(org)
    assert _background(figure) != TRANSPARENT
    page.click("label[data-kind='figure']")
    assert _background(figure) == TRANSPARENT
    assert _background(org) == org_colour
    page.click("label[data-kind='figure']")
    assert _background(figure) != TRANSPARENT

    # hovering a figure tells what was made of it
    figure.hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    lines = tip.inner_text().splitlines()
    assert lines[0] == "figure"
    assert "value: 900" in lines
    assert "qualifier: more_than" in lines
    assert "counted: complaints of police abuse" in lines

    shot = tmp_path / "seed.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("NEWSMILL_REVIEW_SCREENSHOT"):
        page.screenshot(path=os.environ["NEWSMILL_REVIEW_SCREENSHOT"])
    assert page.dialogs == []


def test_hostile_titles_and_texts_run_no_script(page: Any, tmp_path: Path) -> None:
    records = [hostile_record(), hostile_record(tmp_title=f"<b>{HOSTILE}</b>"), *three_records()]
    records[1]["id"] = "f" * 64
    records[1]["site"] = '"><script>alert("site")</script>'
    source = write_jsonl(tmp_path / "run.jsonl", records)
    html = tmp_path / "hostile.html"
    proc = run_newsmill("show", str(source), "--id", records[0]["id"], "-o", str(html))
    assert proc.returncode == 0, proc.stderr

    page.goto(html.as_uri())
    assert page.get_attribute("body", "data-ready") == "1"
    assert page.locator("h1").text_content() == HOSTILE  # shown as text, not run
    assert page.title().startswith(HOSTILE)
    assert page.locator("script").count() == 1  # only the page's own
    assert page.locator("img, svg, iframe, object, embed").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    entity = page.locator("mark.m[data-tip*='canonical']").first
    entity.hover()
    assert HOSTILE in page.locator("#tip").inner_text()
    assert page.locator("#tip *").count() == 0  # the tip holds text, never elements

    with serve_review(source) as base:
        page.goto(base)
        titles = page.locator("td.title a").all_text_contents()
        assert HOSTILE in titles
        assert f"<b>{HOSTILE}</b>" in titles
        assert page.locator("script, img, svg").count() == 0
        page.click(f"td.title a[href='/r/{'f' * 64}']")
        assert page.locator("h1").text_content() == f"<b>{HOSTILE}</b>"
        assert page.locator("script").count() == 1
    assert page.dialogs == []
    assert not [e for e in page.errors if "alert" in e]
