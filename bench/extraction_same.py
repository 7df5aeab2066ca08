"""Whether a change leaves newsmill's extraction output unchanged, page by page: the
regression harness for speed work.

Usage::

    .venv/bin/python bench/extraction_same.py --write /tmp/before.json   # before the change
    .venv/bin/python bench/extraction_same.py --check /tmp/before.json   # after it

Runs ``pipeline.extract_article(html, url, enrich=False)`` (what ``bench/extraction.py``
times) over every page of the development sets of :mod:`bench.corpora` and keeps, per page,
a digest of every field of the record (text, title, lead, authors, dates, language, tags,
canonical URL, warnings, cleaning counts…), or the error's class and message for a page with
no article. ``--check`` compares with a file written before and prints every page and field
that differs (with both values when the files hold them: ``--values``); it exits 1 when
anything differs. A speed change must leave this silent; one that changes output is an
accuracy change, scored with ``bench/extraction_quick.py``.

``--check FILE --lines`` (FILE written with ``--values``) also prints, for every page whose
text changed, each paragraph the text lost or gained, its half, and whether the page's
expected body holds it, then the counts per half: what a rule that drops lines (furniture,
bylines) takes that the truth keeps.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora
from pipeline import extract_article
from pipeline.errors import NewsmillError

#: Fixed fetch time, so that no output depends on the day the harness runs.
FETCHED_AT = "2026-12-01T00:00:00Z"


def page_fields(html: str, url: str | None) -> dict[str, Any]:
    """Every field of the record newsmill writes for one page (no enrichment), or the error
    it raised (``{"error": "ClassName: message"}``)."""
    try:
        art = extract_article(html, url, enrich=False, fetched_at=FETCHED_AT)
    except NewsmillError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    return art.model_dump(mode="json")


def digest(value: Any) -> str:
    """A short, stable digest of a JSON value."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def snapshot(sets: list[str], values: bool) -> dict[str, dict[str, Any]]:
    """``{"<set>/<page id>": {field: digest (or {"digest", "value"})}}`` for every page."""
    out: dict[str, dict[str, Any]] = {}
    for set_name in sets:
        if not corpora.available(set_name):
            print(f"{set_name}: not available", file=sys.stderr)
            continue
        started = time.process_time()
        pages = corpora.load(set_name)
        for page in pages:
            fields = page_fields(page.html, page.url or None)
            out[f"{set_name}/{page.id}"] = {
                k: {"digest": digest(v), "value": v} if values else digest(v)
                for k, v in sorted(fields.items())
            }
        took = time.process_time() - started
        print(f"{set_name}: {len(pages)} pages, {took:.1f} s CPU", file=sys.stderr)
    return out


def _digest_of(entry: Any) -> str:
    return entry["digest"] if isinstance(entry, dict) else str(entry)


def compare(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[str]:
    """One line per page and field that differs between two snapshots."""
    lines: list[str] = []
    for key in sorted(before.keys() | after.keys()):
        if key not in before or key not in after:
            lines.append(f"{key}: only in the {'new' if key in after else 'old'} run")
            continue
        old, new = before[key], after[key]
        for name in sorted(old.keys() | new.keys()):
            a, b = old.get(name), new.get(name)
            if a is not None and b is not None and _digest_of(a) == _digest_of(b):
                continue
            line = f"{key}: {name} differs"
            if isinstance(a, dict) and isinstance(b, dict):
                line += f"\n    was: {str(a['value'])[:300]!r}\n    now: {str(b['value'])[:300]!r}"
            lines.append(line)
    return lines


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def changed_lines(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]], sets: list[str]
) -> list[str]:
    """For every page whose text differs: each paragraph lost (``-``) or gained (``+``), with
    the page's half and ``truth`` when its expected body holds the paragraph; then the
    counts per half."""
    out: list[str] = []
    counts: dict[tuple[str, str, bool], int] = {}
    for set_name in sets:
        if not corpora.available(set_name):
            continue
        for page in corpora.load(set_name):
            key = f"{set_name}/{page.id}"
            old, new = before.get(key, {}).get("text"), after.get(key, {}).get("text")
            if not (isinstance(old, dict) and isinstance(new, dict)):
                continue
            was, now = str(old["value"] or "").split("\n\n"), str(new["value"] or "").split("\n\n")
            if was == now:
                continue
            half = corpora.half(set_name, page.id)
            truth = _collapsed(page.body or "")
            for sign, lines, other in (("-", was, now), ("+", now, was)):
                for line in (x for x in lines if x and x not in other):
                    held = _collapsed(line) in truth
                    counts[half, sign, held] = counts.get((half, sign, held), 0) + 1
                    out.append(f"{sign} {half} {key} {'truth' if held else '-'}: {line[:120]!r}")
    for half in corpora.HALVES:
        lost = [counts.get((half, "-", h), 0) for h in (True, False)]
        gained = [counts.get((half, "+", h), 0) for h in (True, False)]
        out.append(
            f"{half}: {sum(lost)} paragraphs lost ({lost[0]} in the truth), "
            f"{sum(gained)} gained ({gained[0]} in the truth)"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """Write or check a snapshot of every page's output; 1 when a check finds a change."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="FILE", help="write the snapshot to FILE")
    mode.add_argument("--check", type=Path, metavar="FILE", help="compare with FILE")
    ap.add_argument("--sets", nargs="*", default=list(corpora.SETS))
    ap.add_argument("--values", action="store_true", help="keep the values, not only digests")
    ap.add_argument(
        "--lines",
        action="store_true",
        help="with --check of a --values file: the paragraphs each changed text lost or gained",
    )
    ap.add_argument(
        "--no-extensive",
        action="store_true",
        help="diagnostic: the date step skips htmldate's extensive search (bench/diagnostics.py)",
    )
    args = ap.parse_args(argv)
    if args.no_extensive:
        from bench.diagnostics import no_extensive_search

        no_extensive_search()
    if args.check is not None and not args.check.is_file():
        print(f"error: no snapshot at {args.check}", file=sys.stderr)
        return 2
    current = snapshot(args.sets, args.values or args.lines)
    if args.no_extensive:
        from bench.diagnostics import CALLS

        print(f"htmldate calls of the date step: {CALLS}", file=sys.stderr)
    if args.write is not None:
        args.write.write_text(json.dumps(current, ensure_ascii=False, sort_keys=True), "utf-8")
        print(f"{len(current)} pages written to {args.write}")
        return 0
    before = json.loads(args.check.read_text("utf-8"))
    before = {k: v for k, v in before.items() if k.split("/", 1)[0] in args.sets}
    diffs = compare(before, current)
    for line in diffs:
        print(line)
    if args.lines:
        print("\n".join(changed_lines(before, current, args.sets)))
    verdict = f"{len(diffs)} differences" if diffs else "no change"
    print(f"{len(current)} pages compared: {verdict}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
