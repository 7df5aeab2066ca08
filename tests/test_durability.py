"""kill -9 at random points, then resume: exactly the records of a clean run.

A crawl runs in a child process (real HTTP to fault hosts on 127.0.0.1, small parts so that
commits happen all the time) and is killed with SIGKILL at random moments, several times;
a last run finishes. The parts left on disk must then hold each article exactly once, with
the content of a clean run, every line whole, no temp file left. Budget: about 10 s.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from faults import FaultRequest, Reply, serve_fault_hosts

ROOT = Path(__file__).resolve().parents[1]

ARTICLES_PER_HOST = 40

CHILD = textwrap.dedent(
    """
    import hashlib, re, sys
    from pathlib import Path
    from records import bare_article
    from pipeline.config import CrawlSettings, FetchSettings, Settings
    from pipeline.runs.crawl import CrawlOptions, CrawlOptions, run_crawl
    from pipeline.errors import ExtractionError
    from pipeline.spider import Spider

    class DurabilitySpider(Spider):
        name = "durability"
        article_url = r"/a/\\d+\\.html$"

    def extract(html, url=None, *, spider=None, content_type=None, fetched_at=None, **_):
        page = html.decode()
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        text = re.search(r"<p>(.*?)</p>", page).group(1)
        return bare_article(url, site=spider.name, title=title, text=text, fetched_at=fetched_at)

    out, state, *starts = sys.argv[1:]
    settings = Settings(crawl=CrawlSettings(delay=0.0, retries=0, deadline=5.0),
                        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]))
    result = run_crawl(
        [DurabilitySpider()],
        CrawlOptions.build(
            settings,
            out=out,
            state=state,
            start_urls=starts,
            part_size=3,
            keep_articles=False,
        ),
        extract=extract,
    )
    sys.exit(result.exit_code)
    """
)


def page(request: FaultRequest) -> Reply:
    if request.path == "/robots.txt":
        return Reply(404)
    if request.path == "/sitemap.xml":
        locs = "".join(f"<url><loc>/a/{i}.html</loc></url>" for i in range(ARTICLES_PER_HOST))
        body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
        return Reply(body=body.encode(), content_type="application/xml")
    name = f"host {request.host} {request.path}"
    html = f"<html><title>{name}</title><article><p>Text of {name}.</p></article></html>"
    return Reply(body=html.encode(), wait=0.015)


def run_child(script: Path, out: Path, state: Path, starts: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(script), str(out), str(state), *starts],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(map(str, (ROOT, ROOT / "tests")))},
    )


def records(out: Path) -> list[dict]:
    found = []
    for part in sorted(out.rglob("part-*.jsonl")):
        data = part.read_bytes()
        assert data.endswith(b"\n"), f"torn part {part}"
        found += [json.loads(line) for line in data.decode().splitlines()]
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_9_at_random_points_then_resume_gives_the_clean_run(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    with serve_fault_hosts(page, hosts=2) as hosts:
        starts = [base + "/sitemap.xml" for base in hosts.bases]
        clean = run_child(script, tmp_path / "clean", tmp_path / "clean.sqlite", starts)
        assert clean.wait(60) == 0
        out, state = tmp_path / "out", tmp_path / "state.sqlite"
        kills = 0
        for _ in range(4):
            child = run_child(script, out, state, starts)
            time.sleep(rng.uniform(0.3, 1.4))
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                kills += 1
            child.wait(30)
        final = run_child(script, out, state, starts)
        assert final.wait(60) == 0, f"seed {seed}"
    expected = records(tmp_path / "clean")
    assert len(expected) == 2 * ARTICLES_PER_HOST
    got = records(out)
    urls = [r["url"] for r in got]
    assert len(urls) == len(set(urls)), f"duplicate records (seed {seed})"
    pairs = sorted((r["url"], r["content_sha256"]) for r in got)
    assert pairs == sorted((r["url"], r["content_sha256"]) for r in expected), f"seed {seed}"
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert kills >= 1, f"no run was killed (seed {seed}); the crawl is too quick for this test"
