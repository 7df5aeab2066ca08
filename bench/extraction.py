"""Article extraction against its peers on every development set: body, titles, speed.

Usage::

    .venv/bin/python bench/extraction.py            # print the tables (``make bench``)
    .venv/bin/python bench/extraction.py --write    # … and put them in bench/RESULTS.md
    .venv/bin/python bench/extraction.py --sets readability-pages --peers trafilatura

For each development set of :mod:`bench.corpora` (article-extraction-benchmark,
readability-pages, wcxb-articles-dev, site-pages) it runs the shared scorer
(``../shared/eval/extraction_eval.py``) once with newsmill (this module's :func:`body_text`,
i.e. ``pipeline.extract_article(html, url, enrich=False).text``) and the peers
(trafilatura, readability-lxml: ``pip install -e '.[bench]'``), each in its own child
process; then scores each fixed half of the set (``tune``: the half the extractor was
developed on; ``held-out``: the other), the titles (exact after normalization, on the sets
whose truth has one) against trafilatura's (and newspaper4k's when installed), the speed
ratio to trafilatura (CPU pages/s), peak memory, and the time per page by HTML size. Needs
``../shared``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora
from bench.extraction_quick import load_scorer
from bench.titles import score_half, title_extractors
from pipeline import extract_article
from pipeline.errors import ExtractionError
from pipeline.extract.times import to_utc_iso

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
SELF = "py:bench.extraction:body_text"
PEERS = ("trafilatura", "readability-lxml")
START, END = "<!-- extraction:start -->", "<!-- extraction:end -->"
#: HTML sizes (characters) of the rows of the time-per-page table.
SIZE_BINS = (0, 25_000, 50_000, 100_000, 200_000, 400_000, 800_000)


def body_text(html: str, url: str | None) -> str:
    """The scorer's adapter: the article body newsmill extracts (no enrichment), or ``""``
    for a page where it finds no article text."""
    try:
        return extract_article(html, url or None, enrich=False).text
    except ExtractionError:
        return ""


def run_scorer(args: argparse.Namespace, data: Path, out: Path) -> tuple[dict[str, Any], str]:
    """Run the scorer on one set with newsmill and the peers; (its JSON report, header)."""
    cmd = [sys.executable, str(corpora.SCORER), str(data), "-e", SELF]
    for peer in args.peers:
        cmd += ["-e", peer]
    cmd += ["--json-out", str(out / "report.json"), "--save-predictions", str(out / "pred")]
    cmd += ["--n-bootstrap", "0", "--repeat", str(args.repeat)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"scorer failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    header = next(
        (ln for ln in proc.stderr.splitlines() if ln.startswith("# ") and "pages" in ln), ""
    )
    return report, header.lstrip("# ")


def halves_rows(
    scorer: ModuleType, set_name: str, pages: list[corpora.Page], out: Path, names: list[str]
) -> list[str]:
    """One row per extractor and half: F1, precision, recall, empty bodies, errors."""
    truth = {p.id: p.body for p in pages}
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rows = []
    for name in names:
        path = out / "pred" / f"{name}.json"
        if not path.exists():
            continue
        pred, _version = scorer.load_prediction_file(path)
        errors = report.get(name, {}).get("errors", {})
        cells = []
        for half in corpora.HALVES:
            ids = [k for k in truth if corpora.half(set_name, k) == half]
            m = scorer.score({k: truth[k] for k in ids}, {k: pred.get(k) for k in ids}, 0)
            empty = sum(1 for k in ids if scorer.words(truth[k]) and not scorer.words(pred.get(k)))
            cells.append(f"{m['f1']:.3f} ({m['precision']:.3f} / {m['recall']:.3f}) | {empty}")
        m = scorer.score(truth, {k: pred.get(k) for k in truth}, 0)
        rows.append(
            f"| {set_name} | {_label(name)} | {m['f1']:.3f} | {' | '.join(cells)} | {len(errors)} |"
        )
    return rows


def title_rows(set_name: str, pages: list[corpora.Page]) -> list[str]:
    """Titles exact after normalization (:func:`bench.extraction_quick.norm_title`) per
    half: newsmill beside trafilatura (and newspaper4k when it is installed)."""
    rows = []
    for name, fn in title_extractors().items():
        cells = []
        for half in corpora.HALVES:
            ok, n, _ = score_half(fn, set_name, pages, half)
            cells.append(f"{ok / n:.3f} ({ok}/{n})")
        rows.append(f"| {set_name} | {name} | {' | '.join(cells)} |")
    return rows


def speed_row(set_name: str, report: dict[str, Any]) -> tuple[str, bool]:
    """Pages/s (CPU) and peak memory of newsmill against trafilatura."""
    ours, peer = report.get(SELF), report.get("trafilatura")
    if not ours or not peer:
        return f"| {set_name} | - | - | - | - | - |", False
    ours_ps = len(ours["cpu_times"]) / sum(ours["cpu_times"])
    peer_ps = len(peer["cpu_times"]) / sum(peer["cpu_times"])
    ratio = ours_ps / peer_ps
    rss_ok = ours["peak_rss_mb"] <= peer["peak_rss_mb"]
    row = (
        f"| {set_name} | {ours_ps:.0f} | {peer_ps:.0f} | **{ratio:.1f}×** "
        f"| {ours['peak_rss_mb']:.0f} | {peer['peak_rss_mb']:.0f} |"
    )
    return row, ratio >= 5 and rss_ok


def size_table(samples: list[tuple[int, float, float]]) -> str:
    """Median CPU ms per page of newsmill and trafilatura by HTML size (all sets)."""
    rows = ["| HTML size | pages | newsmill ms (median) | trafilatura ms (median) | ratio |",
            "|---|---|---|---|---|"]  # fmt: skip
    bounds = [*SIZE_BINS, float("inf")]
    for lo, hi in itertools.pairwise(bounds):
        part = [(a, b) for size, a, b in samples if lo <= size < hi]
        if not part:
            continue
        ours = statistics.median(a for a, _ in part) * 1000
        peer = statistics.median(b for _, b in part) * 1000
        label = f"{lo // 1000}–{hi // 1000} kB" if hi != float("inf") else f"≥ {lo // 1000} kB"
        rows.append(f"| {label} | {len(part)} | {ours:.1f} | {peer:.1f} | {peer / ours:.1f}× |")
    return "\n".join(rows)


def fields_table(shared: Path) -> tuple[str, bool]:
    """Title, authors and published time on the site pages and the VOA fixture."""
    by_name = {p.name: p for p in (ROOT / "tests" / "fixtures" / "voa").glob("*.html.gz")}
    by_name.update({p.name: p for p in (shared / "corpora" / "site-pages").glob("*.html.gz")})
    pages = [by_name[name] for name in sorted(by_name)]
    rows = [
        "| page | spider | title | authors | published (minute, UTC) |",
        "|---|---|---|---|---|",
    ]
    all_ok = True
    for page in pages:
        expected = json.loads(
            page.with_name(page.name.replace(".html.gz", ".json")).read_text("utf-8")
        )
        html = gzip.decompress(page.read_bytes())
        cells = []
        for spider in (None, "generic"):
            art = extract_article(html, expected["url"], spider=spider, enrich=False)
            want_time = to_utc_iso(expected.get("published"))
            checks = (
                art.title == str(expected["title"]).strip(),
                art.authors == expected["authors"],
                (art.published_at or "")[:16] == (want_time or "")[:16],
            )
            all_ok = all_ok and all(checks)
            cells.append((art.extraction.spider, checks, art))
        for spider_name, checks, art in cells:
            marks = ["ok" if c else "**no**" for c in checks]
            rows.append(
                f"| {page.name.split('.')[0]} | {spider_name} | {marks[0]} | {marks[1]} "
                f"{', '.join(art.authors)} | {marks[2]} {art.published_at} |"
            )
    return "\n".join(rows), all_ok


def _label(name: str) -> str:
    return "newsmill" if name == SELF else name


def render(args: argparse.Namespace, parts: dict[str, Any]) -> str:
    """The RESULTS.md section."""
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    cmd = "$ make bench   # .venv/bin/python bench/extraction.py --write"
    return f"""{START}
## Extraction

`bench/extraction.py` (`make bench`) — the shared scorer (`../shared/eval/extraction_eval.py`:
word 4-gram shingles, precision over pages with output, recall over pages with truth) on
every development set, newsmill (`pipeline.extract_article(html, url, enrich=False).text`:
decode, parse, metadata, body, cleaning) and the peers in one run per set, each in its own
child process. Each set is split into two fixed halves by `bench/corpora.py` (a hash of the
page id): the extractor was tuned on `tune` only; `held-out` is reported, not looked at.
{machine}; shared with other jobs, so compare within a run.

```
{cmd}
{chr(10).join(parts["headers"])}
```

F1 (precision / recall) and pages with an empty body where the truth has text:

| set | extractor | F1 all | tune F1 (P / R) | empty | held-out F1 (P / R) | empty | errors |
|---|---|---|---|---|---|---|---|
{chr(10).join(parts["halves"])}

Titles, exact after normalization (NFKC, case, quotes and dashes, spaces, final punctuation),
on the sets whose truth has a title:

| set | extractor | tune | held-out |
|---|---|---|---|
{chr(10).join(parts["titles"])}

Speed, CPU pages/s in the scorer's child processes (target: newsmill ≥ 5× trafilatura, peak
RSS not above it):

| set | newsmill pages/s | trafilatura pages/s | ratio | newsmill RSS MB | trafilatura RSS MB |
|---|---|---|---|---|---|
{chr(10).join(parts["speed"])}

Time per page against the page's HTML size (CPU ms, median per size band, all sets):

{parts["sizes"]}

Fields through the same API on the site pages (`spider=None` picks the site spider by URL;
`generic` forces the generic extractor), title exact, authors exact, published to the minute
in UTC, against the reviewed JSON next to each page:

{parts["fields"]}
{END}"""


def write_results(section: str) -> None:
    """Replace (or append) the extraction section of bench/RESULTS.md."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Results\n"
    if START in text and END in text:
        text = re.sub(
            re.escape(START) + r".*?" + re.escape(END), lambda _m: section, text, flags=re.S
        )
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on every set, print the section, optionally write RESULTS.md."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=list(corpora.SETS))
    ap.add_argument("--peers", nargs="*", default=list(PEERS))
    ap.add_argument("--repeat", type=int, default=1, help="time each page K times, keep the best")
    ap.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = ap.parse_args(argv)
    missing = [s for s in args.sets if not corpora.available(s)]
    if missing:
        print(f"error: {', '.join(missing)} not found (the benchmark needs ../shared)",
              file=sys.stderr)  # fmt: skip
        return 2
    scorer = load_scorer()
    parts: dict[str, Any] = {"headers": [], "halves": [], "titles": [], "speed": []}
    samples: list[tuple[int, float, float]] = []
    all_ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for set_name in args.sets:
            print(f"# {set_name} ...", file=sys.stderr, flush=True)
            out = Path(tmp) / f"out-{set_name}"
            out.mkdir()
            data = corpora.data_dir(set_name, Path(tmp))
            pages = corpora.load(set_name)
            report, header = run_scorer(args, data, out)
            parts["headers"].append(f"# {header}")
            parts["halves"] += halves_rows(scorer, set_name, pages, out, [SELF, *args.peers])
            if set_name in corpora.TITLE_SETS:
                parts["titles"] += title_rows(set_name, pages)
            row, ok = speed_row(set_name, report)
            parts["speed"].append(row)
            all_ok = all_ok and ok
            if SELF in report and "trafilatura" in report:
                sizes = [len(p.html) for p in pages]  # the scorer times pages sorted by id
                samples += zip(sizes, report[SELF]["cpu_times"],
                               report["trafilatura"]["cpu_times"], strict=True)  # fmt: skip
    parts["sizes"] = size_table(samples) if samples else "(trafilatura did not run)"
    parts["fields"], fields_ok = fields_table(corpora.SHARED)
    section = render(args, parts)
    print(section)
    if args.write:
        write_results(section)
        print(f"# written to {RESULTS}", file=sys.stderr)
    print(
        f"# speed target {'met' if all_ok else 'NOT met'} on every set; "
        f"fields {'ok' if fields_ok else 'NOT ok'}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
