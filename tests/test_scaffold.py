"""The maintainer's loop: genspider → fixture record → spiders check → --update, and --live.

The end-to-end test works in a temporary copy of the checkout (pipeline/, spiders/, models/,
the fixtures) and runs ``python -m pipeline.cli`` there, so the generated spider is the one
imported and nothing is left in the repository. Live checks run against the demo site served
on 127.0.0.1. Budget: about 10 s (a handful of fresh interpreters).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import demo_root, main
from pipeline.config import load_settings
from pipeline.demo.serve import serve_directory
from pipeline.errors import ConfigError, DuplicateSpiderError
from pipeline.maintain.check import live_check
from pipeline.maintain.fixture import record_fixture, slug_for, update_fixtures
from pipeline.maintain.genspider import generate_spider
from pipeline.spider import get_spider

REPO = Path(__file__).resolve().parents[1]
FLOOD = "a/flood-relief-reaches-families-in-southern-malawi/5585410.html"
SHIPPED = ("voa", "demo", "apnews", "euronews")
#: The demo site is served on 127.0.0.1: the address guard must be told to allow it.
LOOPBACK = ["127.0.0.1/32"]


def _checkout_copy(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("pipeline", "spiders", "models"):
        shutil.copytree(REPO / folder, dest / folder, ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", dest / "pyproject.toml")
    for name in SHIPPED:
        shutil.copytree(REPO / "tests" / "fixtures" / name, dest / "tests" / "fixtures" / name)
    return dest


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NEWSMILL_CONFIG")}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_generated_spider_with_a_recorded_fixture_checks_green(tmp_path):
    root = _checkout_copy(tmp_path / "checkout")
    page = root / "page.html"
    page.write_bytes((demo_root() / FLOOD).read_bytes())
    url = f"https://news.example.org/{FLOOD}"

    made = _run(root, "genspider", "example_news", "news.example.org", "--feed",
                "https://news.example.org/rss.xml")  # fmt: skip
    assert made.returncode == 0, made.stderr
    module = root / "spiders" / "example_news.py"
    assert 'name = "example_news"' in module.read_text()
    assert (root / "tests" / "fixtures" / "example_news" / "README.md").is_file()
    assert not (REPO / "spiders" / "example_news.py").exists()

    listed = _run(root, "spiders", "list")
    assert "example_news" in listed.stdout
    assert "news.example.org" in listed.stdout

    no_fixture = _run(root, "spiders", "check")
    assert no_fixture.returncode == 1
    assert "example_news" in no_fixture.stdout
    assert "no fixtures" in no_fixture.stdout

    rec = _run(root, "fixture", "record", "example_news", str(page), "--url", url)
    assert rec.returncode == 0, rec.stderr
    fixture = root / "tests" / "fixtures" / "example_news"
    slug = "flood-relief-reaches-families-in-southern-malawi"
    stored = json.loads((fixture / f"{slug}.json").read_text())
    assert gzip.decompress((fixture / f"{slug}.html.gz").read_bytes()) == page.read_bytes()
    assert stored["url"] == url
    assert stored["crawl_date"].endswith("Z")
    assert stored["title"] == "Flood relief reaches more than 300 families in southern Malawi"
    assert stored["authors"] == ["Grace Mwale", "Peter Lindqvist"]
    assert stored["body"].startswith("Aid convoys reached")

    green = _run(root, "spiders", "check")
    assert green.returncode == 0, green.stdout + green.stderr
    assert "example_news" in green.stdout
    assert "8 fixtures of 5 spiders: 8 ok" in green.stderr

    # a deliberate change: the check names the field, --update rewrites it and shows the diff
    module.write_text(module.read_text() + '    title_selector = "h2, .intro"\n')
    red = _run(root, "spiders", "check", "example_news")
    assert red.returncode == 1
    assert "title: got" in red.stdout
    updated = _run(root, "fixture", "record", "example_news", "--update")
    assert updated.returncode == 0, updated.stderr
    assert '- "title": "Flood relief reaches more than 300 families' in updated.stdout
    assert '+ "title":' in updated.stdout
    assert json.loads((fixture / f"{slug}.json").read_text())["crawl_date"] == stored["crawl_date"]
    assert _run(root, "spiders", "check", "example_news").returncode == 0


def test_genspider_refuses_bad_or_taken_names(tmp_path):
    (tmp_path / "spiders").mkdir()
    with pytest.raises(DuplicateSpiderError, match="'voa' exists already"):
        generate_spider("voa", "voanews.com", root=tmp_path)
    with pytest.raises(ConfigError, match="lower-case"):
        generate_spider("My-Site", "example.com", root=tmp_path)
    with pytest.raises(ConfigError, match="not a domain"):
        generate_spider("mysite", "not a domain", root=tmp_path)
    with pytest.raises(ConfigError, match="--feed"):
        generate_spider("mysite", "example.com", root=tmp_path, feed="rss.xml")
    made = generate_spider("mysite", "https://www.example.com", root=tmp_path)
    text = made.module.read_text()
    assert 'domains = ("example.com",)' in text
    assert 'listings = ("https://www.example.com/",)' in text
    compile(text, str(made.module), "exec")
    with pytest.raises(ConfigError, match="exists already"):
        generate_spider("mysite", "example.com", root=tmp_path)


def test_genspider_outside_a_checkout_is_one_line_error(tmp_path, capsys, monkeypatch):
    import pipeline.cli

    monkeypatch.setattr(pipeline.cli, "_checkout_root", lambda: tmp_path)
    assert main(["genspider", "mysite", "example.com"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsmill: error:")
    assert "not a newsmill checkout" in err
    assert len(err.strip().splitlines()) == 1


def test_fixture_record_fetches_a_url_through_the_crawler(tmp_path):
    settings = load_settings(crawl={"delay": 0.0}, fetch={"allow_networks": LOOPBACK})
    with serve_directory(demo_root()) as base:
        done = record_fixture("demo", f"{base}/{FLOOD}", root=tmp_path, settings=settings)
        slug = "flood-relief-reaches-families-in-southern-malawi"
        assert done.page == tmp_path / "demo" / f"{slug}.html.gz"
        with pytest.raises(ConfigError, match="--update"):
            record_fixture("demo", f"{base}/{FLOOD}", root=tmp_path, settings=settings)
    stored = json.loads(done.json.read_text())
    assert stored["url"] == f"{base}/{FLOOD}"
    assert stored["published"] == "2020-09-18T14:05:00Z"
    assert stored["lead"].startswith("Aid agencies say")
    # nothing changed in the spider: --update keeps the JSON and reports no diff
    again = update_fixtures("demo", root=tmp_path, source=slug)
    assert [r.diff for r in again] == [""]


def test_fixture_record_from_a_file_needs_its_url(tmp_path):
    page = demo_root() / FLOOD
    with pytest.raises(ConfigError, match="--url"):
        record_fixture("demo", str(page), root=tmp_path)
    with pytest.raises(ConfigError, match="neither a file nor"):
        record_fixture("demo", "no/such/page.html", root=tmp_path)


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://apnews.com/article/mexico-economy-3cc8424", "mexico-economy-3cc8424"),
        ("https://www.voanews.com/a/some-story-/7585813.html", "some-story"),
        ("https://example.org/", "index"),
        ("https://example.org/2024/04/30/Swedish%20Police?x=1", "swedish-police"),
    ],
)  # fmt: skip
def test_fixture_slug_comes_from_the_url(url, slug):
    assert slug_for(url) == slug


def test_live_check_against_a_site_on_loopback():
    settings = load_settings(crawl={"delay": 0.0}, fetch={"allow_networks": LOOPBACK})
    with serve_directory(demo_root()) as base:
        report = live_check(
            get_spider("demo", base_url=base),
            settings=settings,
            expect={"title", "body", "authors", "published"},
        )
    assert report.ok, report.problems
    assert len(report.notes) == 2  # the feed and the front page each led to an article
    assert all("/a/" in note for note in report.notes)


def test_live_check_reports_which_start_point_and_field_broke(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(demo_root(), site)
    (site / "rss.xml").unlink()  # the feed is gone
    for page in (site / "a").rglob("*.html"):  # a redesign dropped the bylines
        charset = "cp1251" if b"windows-1251" in page.read_bytes()[:2048] else "utf-8"
        html = page.read_text(encoding=charset)
        html = re.sub(r'<meta content="[^"]*" name="Author" />', "", html)
        html = html.replace('"author": ', '"x-author": ')
        html = re.sub(r"By <a [^>]*>[^<]*</a>(?:, <a [^>]*>[^<]*</a>)*", "", html)
        page.write_text(html, encoding=charset)
    config = tmp_path / "newsmill.toml"
    config.write_text('[crawl]\ndelay = 0.0\n[fetch]\nallow_networks = ["127.0.0.1/32"]\n')
    with serve_directory(site) as base:
        code = main(["spiders", "check", "demo", "--live", "--base-url", base,
                     "--config", str(config)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    assert "demo         live BROKEN" in out
    assert f"{base}/rss.xml: not fetched" in out
    assert "empty authors" in out
