"""Scale-out benchmark: articles/s and peak memory extracting one WARC archive three ways.

    .venv/bin/python bench/scale.py [--pages 2400] [--files 8]

Builds an archive of ``--pages`` distinct article pages (the demo site's 7 pages and the 5
spider fixture pages, each repeated under distinct URLs that still match its spider, the
page's own references to its URL changed alike so every copy is its own article), in
``--files`` files, then extracts it with full enrichment:

* ``single``     one process, ``nlp.pipe`` in-process;
* ``n_process=2``  one process reading and extracting, spaCy NER in 2 worker processes;
* ``dask local:2`` two single-threaded Dask workers, whole WARC files as tasks;
* ``single ¼``   one process on the first quarter of the files (the flat-memory check:
  its peak memory should equal the whole archive's).

Each mode runs in a fresh child process; peak memory is the largest resident set of any one
process of the mode (``ru_maxrss``), and the sum over the mode's processes. Prints a
Markdown table for ``bench/RESULTS.md``. Everything is local: no network.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def _variant(url: str, body: bytes, i: int) -> tuple[str, bytes]:
    """Copy ``i`` of a page: its slug prefixed ``v<i>-`` in the URL and wherever the page
    repeats it (rel=canonical, og:url, JSON-LD), so the copy is an article of its own that
    still matches its spider's article-URL pattern."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    k = len(segments) - 2 if segments[-1].endswith(".html") else len(segments) - 1
    old = segments[k]
    segments[k] = f"v{i}-{old}"
    new_body = body.replace(f"/{old}".encode(), f"/{segments[k]}".encode())
    return urlunsplit(parts._replace(path="/".join(segments))), new_body


def build(directory: Path, pages: int, files: int) -> list[Path]:
    """Write the archive (``files`` files of consecutive pages); its files."""
    from warc_corpus import HTML, demo_pages, fixture_pages

    from pipeline.output.warc import WarcArchiver

    base = demo_pages() + fixture_pages()
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    written: list[Path] = []
    per_file = -(-pages // files)
    for f in range(files):
        with WarcArchiver(directory, f"bench{f + 1:02d}", max_bytes=10**12) as archiver:
            for i in range(f * per_file, min(pages, (f + 1) * per_file)):
                page = base[i % len(base)]
                url, body = _variant(page.url, page.body, i // len(base))
                archiver.archive(url, 200, HTML, body, fetched_at=moment)
                moment += timedelta(seconds=1)
        written += archiver.files
    return written


def _rss_kb(who: int = resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss  # kB on Linux


def child(mode: str, files: list[str], out: str) -> None:
    """Run one mode in this (fresh) process; print one JSON line."""
    from pipeline.runs.archive import ArchiveOptions, run_archives

    started = time.perf_counter()
    workers: list[int] = []
    if mode == "dask":
        from pipeline.runs.cluster import connect, run_on_dask

        client, cluster = connect("local:2")
        started = time.perf_counter()  # the cluster start is not extraction
        run = run_on_dask(files, out, ArchiveOptions(), "local:2", client=client)
        seconds = time.perf_counter() - started
        workers = list(client.run(_rss_kb).values())
        client.close()
        cluster.close()
    else:
        n_process = 2 if mode == "n_process=2" else 1
        run = run_archives(files, out, ArchiveOptions(n_process=n_process))
        seconds = time.perf_counter() - started
        workers = [_rss_kb(resource.RUSAGE_CHILDREN)] if n_process > 1 else []
    print(
        json.dumps(
            {
                "written": run.counts["written"],
                "duplicate": run.counts["duplicate"],
                "failed": run.counts["failed"],
                "seconds": seconds,
                "driver_kb": _rss_kb(),
                "workers_kb": workers,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2400)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, files, out = args.child
        child(mode, json.loads(files), out)
        return
    with tempfile.TemporaryDirectory(prefix="newsmill-scale-") as tmp:
        started = time.perf_counter()
        files = [str(p) for p in build(Path(tmp) / "warc", args.pages, args.files)]
        size = sum(Path(f).stat().st_size for f in files) / 1e6
        print(
            f"archive: {args.pages} pages in {len(files)} files, {size:.1f} MB gzip "
            f"(built in {time.perf_counter() - started:.1f} s)",
            file=sys.stderr,
        )
        quarter = files[: max(1, len(files) // 4)]
        rows = []
        for label, mode, which in (
            ("single process", "single", files),
            ("single process, ¼ of the files", "single", quarter),
            ("`n_process=2` (spaCy workers)", "n_process=2", files),
            ("Dask `local:2` (2 workers × 1 thread)", "dask", files),
        ):
            out = Path(tmp) / f"out-{len(rows)}"
            cmd = [sys.executable, __file__, "--child", mode, json.dumps(which), str(out)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"{label}: exit {done.returncode}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["label"] = label
            rows.append(result)
            print(f"{label}: {result}", file=sys.stderr)
    one = rows[0]["written"] / rows[0]["seconds"]
    print(
        "| mode | articles | seconds | articles/s | × single | peak RSS, largest process "
        "| peak RSS, all processes |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        rate = r["written"] / r["seconds"]
        peaks = [r["driver_kb"], *r["workers_kb"]]
        print(
            f"| {r['label']} | {r['written']} | {r['seconds']:.1f} | {rate:.1f} | "
            f"{rate / one:.2f} | {max(peaks) / 1024:.0f} MB | {sum(peaks) / 1024:.0f} MB |"
        )


if __name__ == "__main__":
    main()
