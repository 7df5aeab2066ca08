"""Publication dates: newsmill's date step beside htmldate, on fixed halves of htmldate-pages.

Usage (from the project root)::

    .venv/bin/python bench/pubdate.py [../shared/corpora/htmldate-pages] [--speed-only]
    .venv/bin/python bench/pubdate.py --half dev  # only the half the rules are decided on
    .venv/bin/python bench/pubdate.py --compare   # by source, on the pages decided on, and
                                                  # wcxb tune's undated pages still dated
    .venv/bin/python bench/pubdate.py --wcxb 100  # the date step's share of whole extraction

The 799 pages are split once and for all by the SHA-256 of their name (first byte even:
half ``dev``, where the date rules were decided; odd: half ``held-out``, only reported). For
each half the script writes a folder with that half's ``truth.json`` and links to its pages,
and runs ``../shared/eval/pubdate_eval.py`` on it with ``-e htmldate -e
py:bench.pubdate:published_day``, so the accuracy table is the official scorer's (same day,
the page's own local day). Then it times, page by page in this process, htmldate's
``find_date`` against newsmill's date step on the same pages (decode, parse, the
metadata reading and the date step; htmldate parses the page itself), and prints the
ratio; the metadata reading and date step on an already parsed page (what the date step
adds to the pipeline, which parses each page once for every extractor; the other metadata
fields are in it too) and decode + parse alone are shown as well.

``--wcxb N`` times, in CPU seconds page by page in turn, on the first N pages of
``../shared/corpora/wcxb-articles-dev``: htmldate's ``find_date`` as the scorer calls it, the
metadata reading and date step on the parsed page, newsmill's whole extraction
(``extract_fields``) and, when installed (``pip install -e '.[bench]'``), trafilatura's
``extract`` beside it.

``published_day(html_bytes, url)`` is the scorer's entry point: the page's
``published_at_local`` as newsmill's extract stage computes it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import diagnostics  # noqa: E402, F401 - applies NEWSMILL_BENCH_NO_EXTENSIVE
from pipeline.extract.decode import decode_page  # noqa: E402
from pipeline.extract.metadata import extract_metadata  # noqa: E402
from pipeline.extract.parse import parse_html  # noqa: E402
from pipeline.extract.raw import RawArticle  # noqa: E402
from pipeline.extract.times import to_local_iso  # noqa: E402

#: A JSON-LD ``datePublished`` with a value, as the page's script text writes it (whatever
#: object holds it and whether newsmill's loader reads the block).
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"[^"\s]')

DEFAULT_DATA = ROOT.parent / "shared" / "corpora" / "htmldate-pages"
SCORER = ROOT.parent / "shared" / "eval" / "pubdate_eval.py"


def half(name: str) -> str:
    """``dev`` or ``held-out``: the fixed half a page belongs to."""
    return "dev" if hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


def published_day(html: bytes, url: str | None) -> str | None:
    """The page's ``published_at_local`` (its own day first), as the extract stage sets it."""
    raw = _read(html, url)[1]
    return raw.published_local or to_local_iso(raw.published)


def _split(data: Path, out: Path) -> dict[str, Path]:
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    folders = {}
    for name in ("dev", "held-out"):
        folder = out / name
        (folder / "html").mkdir(parents=True)
        part = {k: v for k, v in truth.items() if half(k) == name}
        (folder / "truth.json").write_text(json.dumps(part), encoding="utf-8")
        for key in part:
            page = f"{key}.html.gz"
            (folder / "html" / page).symlink_to((data / "html" / page).resolve())
        folders[name] = folder
    return folders


def _in_turn(
    runs: dict[str, Callable[[Any, str | None], Callable[[], object]]],
    pages: Sequence[tuple[Any, str | None]],
    clock: Callable[[], float],
) -> dict[str, float]:
    """Seconds per run label on ``clock``, the runs taken in turn page by page (their order
    reversed every other page), so drifts of the machine's load hit every run alike."""
    times = dict.fromkeys(runs, 0.0)
    for i, (html, url) in enumerate(pages):
        order = list(runs.items())
        for label, make in order if i % 2 else order[::-1]:
            run = make(html, url)
            t0 = clock()
            run()
            times[label] += clock() - t0
    return times


def _speed(data: Path) -> None:
    from htmldate import find_date

    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    pages = [
        (gzip.decompress((data / "html" / f"{k}.html.gz").read_bytes()), v.get("url"))
        for k, v in sorted(truth.items())
    ]

    def on_tree(html: bytes, url: str | None) -> Callable[[], object]:
        text = decode_page(html).text
        tree = parse_html(text)  # parsed before the clock starts: the pipeline parses once
        return lambda: extract_metadata(tree, url, html=text)

    runs: dict[str, Callable[[bytes, str | None], Callable[[], object]]] = {
        "htmldate find_date (parses the page itself)": lambda h, u: (
            lambda: find_date(h.decode("utf-8", "replace"), url=u, original_date=True)
        ),
        "newsmill: decode + parse + metadata + date step": lambda h, u: lambda: published_day(h, u),
        "newsmill: metadata + date step on the parsed page": on_tree,
        "newsmill: decode + parse only": lambda h, u: lambda: parse_html(decode_page(h).text),
    }
    for html, url in pages[:50]:  # imports, lazy tables and caches out of the timing
        for make in runs.values():
            make(html, url)()
    times = _in_turn(runs, pages, time.perf_counter)
    times["newsmill: the date step alone (find_page_dates; a second pass)"] = _date_step(pages)
    print(f"\nSpeed on all {len(pages)} pages, in turn page by page in one process:\n")
    _time_table(times, len(pages), "htmldate find_date (parses the page itself)", "seconds")


def _date_step(pages: Sequence[tuple[bytes, str | None]]) -> float:
    """Seconds of the date step alone (``find_page_dates``, which the metadata step calls
    after reading the page's JSON-LD and meta tags) over ``pages``, parsed beforehand: the
    metadata step runs with newsmill's own ``find_page_dates`` wrapped by a timer."""
    import pipeline.extract.metadata as metadata

    real = metadata.find_page_dates
    spent = [0.0]

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    setattr(metadata, "find_page_dates", timed)  # noqa: B010 - our own module, restored below
    try:
        for html, url in pages:
            text = decode_page(html).text
            extract_metadata(parse_html(text), url, html=text)
    finally:
        setattr(metadata, "find_page_dates", real)  # noqa: B010
    return spent[0]


_WCXB_RUNS = {
    "htmldate find_date (as the scorer calls it)": "htmldate",
    "newsmill: whole extraction (extract_fields)": "newsmill",
    "trafilatura extract (peer)": "trafilatura",
}


def _wcxb_pages(count: int) -> list[tuple[str, str | None]]:
    from bench.corpora import load

    return [(p.html, p.url or None) for p in load("wcxb-articles-dev")[:count]]


def _wcxb_runner(kind: str) -> Callable[[str, str | None], object]:
    """One page's work for ``kind`` (``htmldate``, ``newsmill``, ``metadata`` or
    ``trafilatura``)."""
    if kind == "htmldate":
        from htmldate import find_date

        return lambda html, url: find_date(html, url=url, original_date=True)
    if kind == "trafilatura":
        import trafilatura

        return lambda html, url: trafilatura.extract(html, url=url)
    from pipeline.errors import NewsmillError
    from pipeline.extract import extract_fields

    def whole(html: str, url: str | None) -> object:
        try:
            return extract_fields(html, url, time_budget=None)
        except NewsmillError:  # a page without article text is a counted outcome
            return None

    return whole


def _cold_child(kind: str, count: int) -> None:
    """Print the CPU seconds ``kind`` takes on ``count`` wcxb pages in this fresh process:
    the lazy tables and caches its first pages build are paid, as in one cron run."""
    pages = _wcxb_pages(count)
    run = _wcxb_runner(kind)
    t0 = time.process_time()
    for html, url in pages:
        run(html, url)
    print(f"{time.process_time() - t0:.3f}")


def _wcxb_speed(count: int) -> None:
    """CPU seconds of htmldate, newsmill's date step and whole extraction on ``count`` wcxb
    pages: each in a fresh process, then in turn page by page in one warmed process."""
    import importlib.util

    from bench.corpora import available

    if not available("wcxb-articles-dev"):
        print("wcxb-articles-dev is not in ../shared/corpora", file=sys.stderr)
        return
    kinds = {k: v for k, v in _WCXB_RUNS.items() if importlib.util.find_spec(v) or v == "newsmill"}
    cold = {}
    for label, kind in kinds.items():
        command = [sys.executable, __file__, "--cold-child", kind, str(count)]
        out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
        cold[label] = float(out.stdout.split()[-1])
    print(f"\nCPU time on the first {count} pages of wcxb-articles-dev, each in a fresh process:\n")
    _time_table(cold, count, "htmldate find_date (as the scorer calls it)")

    pages = _wcxb_pages(count + 20)

    def on_tree(html: str, url: str | None) -> Callable[[], object]:
        tree = parse_html(html)
        return lambda: extract_metadata(tree, url, html=html)

    runs: dict[str, Callable[[str, str | None], Callable[[], object]]] = {
        label: (lambda run: lambda h, u: lambda: run(h, u))(_wcxb_runner(kind))
        for label, kind in kinds.items()
    }
    runs["newsmill: metadata + date step on the parsed page"] = on_tree
    for html, url in pages[count:]:  # imports, lazy tables and caches out of the timing
        for make in runs.values():
            make(html, url)()
    times = _in_turn(runs, pages[:count], time.process_time)
    print("\nThe same pages in turn page by page, in one process warmed on 20 others:\n")
    _time_table(times, count, "htmldate find_date (as the scorer calls it)")


def _time_table(times: dict[str, float], pages: int, base: str, unit: str = "CPU s") -> None:
    """One Markdown row per timed step: seconds, pages/s and the time against ``base``'s."""
    print(f"| step | {unit} | pages/s | time vs htmldate |")
    print("|---|---|---|---|")
    for label, secs in times.items():
        print(f"| {label} | {secs:.2f} | {pages / secs:.0f} | {secs / times[base]:.2f}x |")


def _decided_pages(data: Path) -> dict[str, list[tuple[str, bytes, str | None, str]]]:
    """The hand-dated pages the date rules may be decided on: the ``dev`` half of
    htmldate-pages, and the tuned half of wcxb-articles-dev that has a ``publish_date``
    (another 2025 set, English, about one page per site; its annotators took the date a
    page shows, sometimes the "updated" one). (name, html, url, right day) each."""
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    sets = {
        "htmldate-pages dev": [
            (name, gzip.decompress((data / "html" / f"{name}.html.gz").read_bytes()),
             want["url"], want["published"])
            for name, want in sorted(truth.items()) if half(name) == "dev"
        ]
    }  # fmt: skip
    from bench.corpora import CORPORA
    from bench.corpora import half as set_half

    wcxb = CORPORA / "wcxb-articles-dev"
    if (wcxb / "ground-truth.json").is_file():
        rows = json.loads((wcxb / "ground-truth.json").read_text(encoding="utf-8"))
        sets["wcxb-articles-dev tune"] = [
            (name, gzip.decompress((wcxb / "html" / f"{name}.html.gz").read_bytes()),
             want["url"], want["publish_date"])
            for name, want in sorted(rows.items())
            if want.get("publish_date") and set_half("wcxb-articles-dev", name) == "tune"
        ]  # fmt: skip
    return sets


def _jsonld_unused(tree: Any, source: str | None) -> bool:
    """Whether the page's JSON-LD declares a ``datePublished`` and newsmill's pick is not
    from JSON-LD (a shape it does not read, or a date a rule put aside)."""
    scripts = tree.css('script[type^="application/ld+json" i]')
    texts = (s.text(deep=True, separator="", strip=False) for s in scripts)
    return source != "jsonld" and any(_JSONLD_DATE.search(t) for t in texts)


def _count_unused(unused: dict[str, int], tree: Any, source: str | None) -> None:
    """Count the page under its pick's ``source`` when :func:`_jsonld_unused`."""
    if _jsonld_unused(tree, source):
        key = source or "none"
        unused[key] = unused.get(key, 0) + 1


def _read(html: bytes, url: str | None) -> tuple[Any, RawArticle]:
    """The page's tree and its metadata, as the extract stage reads them."""
    text = decode_page(html).text
    tree = parse_html(text)
    return tree, extract_metadata(tree, url, html=text)


def _day(raw: RawArticle) -> str:
    """The day of the page's ``published_at_local`` (its own day first), ``""`` for none."""
    return (raw.published_local or to_local_iso(raw.published) or "")[:10]


def _unused_line(set_name: str, unused: dict[str, int]) -> str:
    by_source = ", ".join(f"{k} {v}" for k, v in sorted(unused.items()))
    return (
        f"{set_name}: pages whose JSON-LD declares a datePublished newsmill does not take: "
        f"{sum(unused.values())}" + (f" ({by_source})" if unused else "")
    )


def _undated() -> None:
    """On the tuned half of wcxb-articles-dev, the pages whose truth has no
    ``publish_date``: how many newsmill still gives a date, by source, and how many of
    those dates fall on the 1st of a month (htmldate's reading of a year or a month
    alone, such as a copyright line)."""
    from bench.corpora import CORPORA
    from bench.corpora import half as set_half

    wcxb = CORPORA / "wcxb-articles-dev"
    if not (wcxb / "ground-truth.json").is_file():
        return
    rows = json.loads((wcxb / "ground-truth.json").read_text(encoding="utf-8"))
    names = [
        name
        for name, want in sorted(rows.items())
        if not want.get("publish_date") and set_half("wcxb-articles-dev", name) == "tune"
    ]
    dated: dict[str, int] = {}
    unused: dict[str, int] = {}
    firsts = 0
    for name in names:
        html = gzip.decompress((wcxb / "html" / f"{name}.html.gz").read_bytes())
        tree, raw = _read(html, rows[name]["url"])
        _count_unused(unused, tree, raw.published_source)
        day = _day(raw)
        if day:
            source = raw.published_source or "none"
            dated[source] = dated.get(source, 0) + 1
            firsts += day.endswith("-01")
    by_source = ", ".join(f"{k} {v}" for k, v in sorted(dated.items()))
    print(
        f"\nwcxb-articles-dev tune, {len(names)} pages without a publish_date: newsmill "
        f"gives a date on {sum(dated.values())} ({by_source}), on the 1st of a month {firsts}"
    )
    print(_unused_line("wcxb-articles-dev tune, undated", unused))


def _compare(data: Path) -> None:
    """On the pages the rules are decided on (never the held-out half): by the source of
    newsmill's pick, how often newsmill and htmldate are right, and who is right where they
    disagree; then the pages where only one of the two is right, and how many pages declare
    a JSON-LD ``datePublished`` newsmill does not take (by the source it takes instead);
    then the undated pages of wcxb's tuned half that newsmill still dates
    (:func:`_undated`)."""
    from htmldate import find_date

    for set_name, pages in _decided_pages(data).items():
        rows = []
        unused: dict[str, int] = {}
        for name, html, url, want in pages:
            tree, raw = _read(html, url)
            _count_unused(unused, tree, raw.published_source)
            ours = _day(raw)
            theirs = (find_date(html.decode("utf-8", "replace"), url=url, original_date=True)
                      or "")[:10]  # fmt: skip
            rows.append((name, want, ours, theirs, raw.published_source or "none"))
        print(f"\n{set_name}, {len(rows)} pages, by the source of newsmill's pick:\n")
        print("| source | pages | newsmill right | htmldate right | they differ | "
              "only newsmill right | only htmldate right |")  # fmt: skip
        print("|---|---|---|---|---|---|---|")
        for source in [*sorted({r[4] for r in rows}), "all"]:
            part = [r for r in rows if source in ("all", r[4])]
            cells = (
                len(part),
                sum(o == w for _, w, o, _, _ in part),
                sum(t == w for _, w, _, t, _ in part),
                sum(o != t for _, _, o, t, _ in part),
                sum(o == w != t for _, w, o, t, _ in part),
                sum(t == w != o for _, w, o, t, _ in part),
            )
            print(f"| {source} | " + " | ".join(map(str, cells)) + " |")
        print("\n| page | right day | newsmill (source) | htmldate |\n|---|---|---|---|")
        for name, want, ours, theirs, source in rows:
            if (ours == want) != (theirs == want):
                print(f"| {name[:40]} | {want} | {ours} ({source}) | {theirs} |")
        print("\n" + _unused_line(set_name, unused))
    _undated()


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="newsmill's date step beside htmldate on fixed halves of htmldate-pages "
        "(accuracy per half, then speed)."
    )
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--half",
        choices=("dev", "held-out", "both"),
        default="both",
        help="which half's accuracy to print (dev: where the rules are decided; default both)",
    )
    parser.add_argument("--speed-only", action="store_true", help="skip the accuracy tables")
    parser.add_argument(
        "--compare", action="store_true", help="by source of newsmill's pick, dev half only"
    )
    parser.add_argument(
        "--wcxb", type=int, nargs="?", const=100, metavar="N",
        help="the date step's share of whole extraction on the first N wcxb pages",
    )  # fmt: skip
    parser.add_argument("--cold-child", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Print the accuracy table of each half, then the speed table (``--compare``: the
    comparison by source on the pages decided on instead; ``--wcxb N``: the times on wcxb
    pages)."""
    opts = _options(argv)
    if opts.cold_child:
        _cold_child(opts.cold_child[0], int(opts.cold_child[1]))
        return 0
    if opts.wcxb is not None:
        _wcxb_speed(opts.wcxb)
        return 0
    data = opts.data
    if not (data / "truth.json").is_file() or not SCORER.is_file():
        print(f"error: needs {data}/truth.json and {SCORER}", file=sys.stderr)
        return 2
    if opts.compare:
        _compare(data)
        return 0
    if not opts.speed_only:
        with tempfile.TemporaryDirectory() as tmp:
            for name, folder in _split(data, Path(tmp)).items():
                if opts.half not in ("both", name):
                    continue
                print(f"\nHalf {name!r} ({'decided on' if name == 'dev' else 'reported'}):\n")
                sys.stdout.flush()
                command = [sys.executable, str(SCORER), str(folder), "-e", "htmldate"]
                command += ["-e", "py:bench.pubdate:published_day"]
                subprocess.run(command, cwd=ROOT, check=True)
    _speed(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
