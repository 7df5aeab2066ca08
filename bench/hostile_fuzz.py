"""Hostile page shapes against the whole extraction, each in its own process: no page may
crash newsmill with an exception of another library or run without bound.

Usage::

    .venv/bin/python bench/hostile_fuzz.py                       # every shape, 100 kB, 1 MB, 5 MB
    .venv/bin/python bench/hostile_fuzz.py --sizes 100k --shapes div-nesting,nul-bytes
    .venv/bin/python bench/hostile_fuzz.py --list                # the shapes' names

Each shape is a unit of markup (deep nesting, misnested tags, many or huge attributes,
processing instructions, CDATA, foreign content, unclosed tables, formatting elements the
parser rebuilds, giant text, NUL characters, lone surrogates, undecodable bytes…) repeated,
most with a number that changes in every unit, to the page size. ``extract_fields`` (what
the extract, crawl and WARC commands run on a page) reads it in a child process with a
timeout (``--timeout``, seconds) and an address-space limit (``--memory-mb``); the parent
takes the child's peak RSS from ``wait4``. One row per page: shape, size, outcome
(``record``, ``refused: <reason>`` for newsmill's own error, ``FOREIGN EXCEPTION`` for any
other, ``TIMEOUT``, ``CRASH`` for a child killed by a signal), CPU seconds, wall seconds of
``extract_fields``, peak MB. The last line counts foreign exceptions, timeouts and crashes
(all three must be 0) and gives the longest wall time of a page. ``--time-budget`` is
``extract_fields``' ``time_budget`` (default its own, 20 s): with a small one, the longest
wall time minus the budget is how far a page runs past its time before it is refused.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = {"100k": 100_000, "1M": 1_000_000, "5M": 5_000_000}

_WORDS = "the harbour council met on monday and agreed to reopen the pier after repairs "


def _repeat(unit: str | Callable[[int], str], size: int, head: str = "", tail: str = "") -> str:
    """``head``, then ``unit`` (a string, or a function of the unit's number) repeated until
    the page is ``size`` characters long, then ``tail``."""
    parts, length, i = [head], len(head) + len(tail), 0
    while length < size:
        piece = unit(i) if callable(unit) else unit
        parts.append(piece)
        length += len(piece)
        i += 1
    parts.append(tail)
    return "".join(parts)


_HEAD = "<!doctype html><html><head><title>Hostile page</title></head><body><p>Intro text.</p>"
_TAIL = "</body></html>"


def _page(unit: str | Callable[[int], str], head: str = _HEAD, tail: str = _TAIL):  # type: ignore[no-untyped-def]
    return lambda size: _repeat(unit, size, head, tail)


def _one(before: str, filler: Callable[[int], str], after: str):  # type: ignore[no-untyped-def]
    """One element whose part ``filler(n)`` makes the page ``size`` long."""
    return lambda size: before + filler(max(0, size - len(before) - len(after))) + after


def _attributes(n: int) -> str:
    return " ".join(f"a{i}" for i in range(n // 7))


def _deep_json(size: int) -> str:
    depth = size // 2
    return (
        '<html><head><script type="application/ld+json">'
        + "[" * depth
        + "]" * depth
        + "</script></head><body><p>Story text.</p></body></html>"
    )


#: name -> function of the page size giving the page (str, or bytes for decoding shapes).
SHAPES: dict[str, Callable[[int], str | bytes]] = {
    # nesting and misnesting
    "div-nesting": _page("<div>"),
    "span-div-misnest": _page("<span><div></span>"),
    "table-cells": _page("<table><td>"),
    "unclosed-tables": _page("<table>"),
    "table-rows-text": _page(lambda i: f"<table><tr><td>cell {i}"),
    "list-sections": _page("<li><section>", head=_HEAD + "<ul>"),
    "option-div": _page("<option><div>word "),
    "select-options": _page(lambda i: f"<option value={i}>choice {i}", head=_HEAD + "<select>"),
    "font-over-paragraph": _page("<font face=Verdana><p>para</font></p>"),
    "form-in-form": _page("<form>x</form>"),
    "template-nesting": _page("<template>"),
    "frameset-nesting": _page("<frameset>"),
    "ruby-annotations": _page("<ruby><rt>"),
    "noscript-nesting": _page("<noscript><div>"),
    "inline-nesting": _page(lambda i: f"<b><i class=c{i}>"),
    # formatting elements the parser rebuilds
    "rebuilt-in-math": _page(lambda i: f"<u id={i}></table><table><math><applet id={i}>x"),
    "rebuilt-in-svg": _page(lambda i: f"<b class={i}></table><table><svg><object id={i}>x"),
    "bold-per-paragraph": _page(lambda i: f"<p><b id={i}>x"),
    "strike-template-col": _page(
        lambda i: f"<strike id={i}></table><table><td><col>", head=_HEAD + "<svg><template>"
    ),
    "dd-pre-math": _page("</dd><pre><dd><dt><math>"),
    # foreign content
    "svg-nesting": _page("<g>", head=_HEAD + "<svg>"),
    "math-nesting": _page("<mrow>", head=_HEAD + "<math>"),
    "foreign-object-nesting": _page("<svg><foreignObject>"),
    "svg-cdata": _page(lambda i: f"<svg><![CDATA[ {i} < 0 </svg> ]]></svg>"),
    # attributes
    "many-attributes": _one("<html><body><div ", _attributes, ">x</div></body></html>"),
    "attributes-near-miss": _page("<p " + " ".join(f"a{i}" for i in range(999)) + ">x</p>"),
    "tag-like-attributes": _page("<a" + " <a" * 999 + ">x"),
    "html-tags-merged": _page(
        lambda i: f"<html {' '.join(f'a{i}_{j}' for j in range(999))}>", head="", tail=""
    ),
    "huge-attribute-value": _one('<html><body><img src="', lambda n: "A" * n, '"></body></html>'),
    "unclosed-quote": _one('<html><body><div class="', lambda n: "x " * (n // 2), ""),
    # markup that is not elements
    "processing-instructions": _page(lambda i: f"<?php echo {i}; ?><p>text {i}</p>"),
    "cdata-in-html": _page(lambda i: f"<![CDATA[ x{i} ]]><p>t</p>"),
    "comments": _page(lambda i: f"<!-- comment {i} --><p>t {i}</p>"),
    "unclosed-comment": _one(_HEAD + "<!--", lambda n: "<p>x</p>" * (n // 8), ""),
    "bogus-comments": _page(lambda i: f"<!x{i}><? {i} >"),
    "doctypes": _page("<!DOCTYPE html>"),
    "unclosed-script": _one(_HEAD + "<script>", lambda n: "if (a<b) { x(); }\n" * (n // 18), ""),
    "huge-style": _one(_HEAD + "<style>", lambda n: "p{color:red}" * (n // 12), "</style>"),
    "plaintext": _one(_HEAD + "<plaintext>", lambda n: "<div>" * (n // 5), ""),
    "deep-json-ld": _deep_json,
    # text
    "giant-paragraph": _one(_HEAD + "<p>", lambda n: _WORDS * (n // len(_WORDS)), "</p>" + _TAIL),
    "one-giant-word": _one(_HEAD + "<p>", lambda n: "x" * n, "</p>" + _TAIL),
    "giant-title": _one("<html><head><title>", lambda n: "T " * (n // 2), "</title></head></html>"),
    "entities": _page("&amp;&#x110000;&#99999999999;&nbsp;&bogus; "),
    "nul-characters": _page(lambda i: f"<p>a\x00b {i}\x00</p>"),
    "lone-surrogates": _page(lambda i: f"<p>text \ud800 {i} \udfff</p>"),
    "zero-width-and-controls": _page("<p>\u200b\u202e\u0007\u001b\ufeff word</p>"),
    "many-links": _page(lambda i: f'<a href="/news/{i}">link {i}</a> '),
    "many-meta": _page(lambda i: f'<meta property="og:title" content="Title {i}">', tail=""),
    "many-bylines": _page(lambda i: f'<span class="author">Name{i} Surname</span>'),
    # bytes the decoder reads
    "invalid-utf8": lambda size: (_HEAD + "<p>" + "caf\xe9 " * (size // 5)).encode("latin-1"),
    "surrogate-bytes": lambda size: _HEAD.encode() + b"<p>\xed\xa0\x80 x</p>" * (size // 14),
    "utf16-bom": lambda size: (_HEAD + "<p>" + "word " * (size // 10) + "</p>").encode("utf-16"),
    "binary": lambda size: os.urandom(size),
}


def _child(shape: str, size: int, budget: float | None) -> None:
    """Run one page in this (child) process and print the outcome as one JSON line."""
    from pipeline.errors import NewsmillError
    from pipeline.extract import TIME_BUDGET, extract_fields

    page = SHAPES[shape](size)
    started, wall = time.process_time(), time.monotonic()
    try:
        seconds = TIME_BUDGET if budget is None else budget
        fields = extract_fields(page, "https://example.org/hostile", time_budget=seconds)
        outcome = f"record ({len(fields.text):,} chars)"
    except NewsmillError as exc:
        reason = getattr(exc, "reason", None) or type(exc).__name__
        outcome = f"refused: {reason}"
    except BaseException as exc:
        outcome = f"FOREIGN EXCEPTION {type(exc).__module__}.{type(exc).__name__}: {exc!s:.80}"
    cpu, wall = time.process_time() - started, time.monotonic() - wall
    print(json.dumps({"outcome": outcome, "cpu": cpu, "wall": wall}), flush=True)


def _limit_memory(megabytes: int) -> Callable[[], None]:
    def apply() -> None:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_one(
    shape: str, size: int, timeout: float, memory_mb: int, budget: float | None = None
) -> tuple[str, float, float, float]:
    """(outcome, CPU seconds, wall seconds, peak RSS in MB) of one page in a child process
    (wall: of ``extract_fields``, or of the child when it did not finish)."""
    budget_args = [] if budget is None else ["--time-budget", str(budget)]
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", shape, str(size), *budget_args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        preexec_fn=_limit_memory(memory_mb),
    )
    deadline = time.monotonic() + timeout
    status = rusage = None
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            _, status, rusage = os.wait4(proc.pid, 0)
            proc.returncode = -signal.SIGKILL
            cpu, took = rusage.ru_utime + rusage.ru_stime, time.monotonic() - started
            return "TIMEOUT", cpu, took, rusage.ru_maxrss / 1024
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    peak = rusage.ru_maxrss / 1024
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        last = err.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        kind = "CRASH" if proc.returncode < 0 else "FOREIGN EXCEPTION"
        cpu, took = rusage.ru_utime + rusage.ru_stime, time.monotonic() - started
        return f"{kind} {last[0][:80]}", cpu, took, peak
    result = json.loads(lines[-1])
    return result["outcome"], result["cpu"], result["wall"], peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1M,5M", help="comma-separated: 100k, 1M, 5M")
    parser.add_argument("--shapes", default="", help="comma-separated names (default: all)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per page")
    parser.add_argument("--memory-mb", type=int, default=3_000, help="address-space limit")
    parser.add_argument(
        "--time-budget",
        type=float,
        default=None,
        help="extract_fields' time_budget in seconds (default: its own)",
    )
    parser.add_argument("--list", action="store_true", help="print the shapes' names")
    parser.add_argument("--child", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), args.time_budget)
        return 0
    if args.list:
        print("\n".join(SHAPES))
        return 0
    shapes = [s for s in args.shapes.split(",") if s] or list(SHAPES)
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        parser.error(f"unknown shapes: {', '.join(unknown)}")
    sizes = [s for s in args.sizes.split(",") if s]
    print(
        "| shape | size | outcome | CPU s | wall s | peak MB |\n|---|---:|---|---:|---:|---:|",
        flush=True,
    )
    bad = {"FOREIGN EXCEPTION": 0, "TIMEOUT": 0, "CRASH": 0}
    longest = (0.0, "")
    for shape in shapes:
        for size_name in sizes:
            outcome, cpu, wall, peak = run_one(
                shape, SIZES[size_name], args.timeout, args.memory_mb, args.time_budget
            )
            for kind in bad:
                bad[kind] += outcome.startswith(kind)
            longest = max(longest, (wall, f"{shape} {size_name}"))
            print(
                f"| {shape} | {size_name} | {outcome} | {cpu:.2f} | {wall:.2f} | {peak:.0f} |",
                flush=True,
            )
    total = len(shapes) * len(sizes)
    print(
        f"{total} pages: {bad['FOREIGN EXCEPTION']} foreign exceptions, "
        f"{bad['TIMEOUT']} timeouts, {bad['CRASH']} crashes; "
        f"longest {longest[0]:.2f} s wall ({longest[1]})"
    )
    return 0 if not any(bad.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
