"""``newsmill spiders check --html REPORT.html``: expected and extracted fields side by side.

One section per fixture page: each reviewed field (title, authors, published, topics, lead)
beside what the spider extracts now, the fields that differ marked; then the body, paragraph
by paragraph, aligned with :mod:`difflib`: paragraphs missing from the extraction, extra ones,
and changed ones with the changed words marked. The verdict of each field is the check's own
(``pipeline.check.compare``); the report only shows it. Self-contained like the review page.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from pipeline.maintain.htmlpage import document, esc, fmt_value

__all__ = ["render_check_report"]

#: The fields of the reviewed JSON the check compares, in the order shown.
FIELDS = ("title", "authors", "published", "topics", "lead")


class _Diff(Protocol):
    field: str
    note: str


class _Result(Protocol):
    spider: str
    page: Path
    error: str | None
    want: dict[str, Any] | None
    got: dict[str, Any] | None

    @property
    def diffs(self) -> list[Any]: ...
    @property
    def ok(self) -> bool: ...
    @property
    def slug(self) -> str: ...


REPORT_CSS = """
.page{max-width:96em;margin:0 auto;padding:1.2em 1.6em 3em}
section{border:1px solid var(--line);border-radius:.5em;margin:1.2em 0;padding:.2em 1em 1em}
section h2{display:flex;gap:.6em;align-items:baseline}
.badge{font-size:.8em;border-radius:1em;padding:.05em .6em;font-weight:600}
.badge.ok{background:#dafbe1;color:#116329}.badge.bad{background:#ffebe9;color:#a40e26}
table.cmp td,table.cmp th{width:44%}
table.cmp td:first-child,table.cmp th:first-child{width:8%}
table.cmp td.st,table.cmp th.st{width:4%;text-align:center}
tr.diff td{background:#fff1f0}
tr.diff td.st{color:#a40e26;font-weight:700}
tr.same td.st{color:#116329}
tr.missing td.want{background:#ffebe9}
tr.extra td.got{background:#fff8c5}
tr.changed td{background:#fffaf0}
tr.para-same td{color:var(--muted)}
del{background:#ffcecb;text-decoration:line-through}
ins{background:#ccffd8;text-decoration:none}
.err{color:#a40e26;font-weight:600}
"""


def _value(value: Any) -> str:
    if value is None or value == []:
        return '<span class="muted">—</span>'
    return esc(fmt_value(value))


def _word_diff(want: str, got: str) -> tuple[str, str]:
    """The two paragraphs with the words that differ wrapped in ``<del>`` / ``<ins>``."""
    a, b = want.split(), got.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = esc(" ".join(a[i1:i2])), esc(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
            continue
        if old:
            left.append(f"<del>{old}</del>")
        if new:
            right.append(f"<ins>{new}</ins>")
    return " ".join(left), " ".join(right)


def _paragraphs(text: Any) -> list[str]:
    return [p.strip() for p in str(text or "").split("\n\n") if p.strip()]


def _body_rows(want: str, got: str) -> tuple[list[str], int]:
    """Aligned paragraph rows of the body, and how many of them differ."""
    a, b = _paragraphs(want), _paragraphs(got)
    rows: list[str] = []
    differ = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [
                f'<tr class="para-same"><td>{i1 + k + 1}</td><td class="want">{esc(a[i1 + k])}'
                f'</td><td class="got">{esc(b[j1 + k])}</td><td class="st">=</td></tr>'
                for k in range(i2 - i1)
            ]
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            old = a[i1 + k] if i1 + k < i2 else None
            new = b[j1 + k] if j1 + k < j2 else None
            differ += 1
            if old is not None and new is not None:
                left, right = _word_diff(old, new)
                kind, mark = "changed", "≠"
            else:
                left = esc(old) if old is not None else ""
                right = esc(new) if new is not None else ""
                kind, mark = ("missing", "−") if new is None else ("extra", "+")
            number = i1 + k + 1 if old is not None else ""
            rows.append(
                f'<tr class="{kind}"><td>{number}</td><td class="want">{left}</td>'
                f'<td class="got">{right}</td><td class="st">{mark}</td></tr>'
            )
    return rows, differ


def _section(result: _Result) -> str:
    ok = result.ok
    state = "ok" if ok else (result.error or f"{len(result.diffs)} field(s) differ")
    head = (
        f"<h2>{esc(result.spider)} / {esc(result.slug)} "
        f'<span class="badge {"ok" if ok else "bad"}">{esc(state)}</span></h2>'
    )
    want, got = result.want or {}, result.got
    parts = [head, f'<div class="muted mono">{esc(result.page)}</div>']
    if want.get("url"):
        parts.append(f'<div class="muted mono">{esc(want["url"])}</div>')
    if got is None:
        parts.append(f'<p class="err">{esc(result.error or "not extracted")}</p>')
        return f'<section class="{"ok" if ok else "bad"}">' + "".join(parts) + "</section>"
    differing = {getattr(d, "field", "") for d in result.diffs}
    notes = {getattr(d, "field", ""): getattr(d, "note", "") for d in result.diffs}
    rows = []
    for name in (f for f in FIELDS if f in want):
        cls, mark = ("diff", "✗") if name in differing else ("same", "✓")
        rows.append(
            f'<tr class="{cls}" data-field="{name}"><td>{name}</td><td>{_value(want[name])}</td>'
            f'<td>{_value(got.get(name))}</td><td class="st">{mark}</td></tr>'
        )
    if "body" in want:
        cls, mark = ("diff", "✗") if "body" in differing else ("same", "✓")
        body_rows, changed = _body_rows(want["body"], got.get("body") or "")
        if "body" in differing:
            note = notes.get("body") or "differs"
        elif changed:
            note = f"{changed} paragraph(s) differ, within the check's tolerance"
        else:
            note = "the same paragraphs"
        rows.append(
            f'<tr class="{cls}" data-field="body"><td>body</td><td colspan="2">{esc(note)}</td>'
            f'<td class="st">{mark}</td></tr>'
        )
    table = (
        '<table class="cmp"><thead><tr><th>field</th><th>expected (reviewed JSON)</th>'
        f'<th>extracted now</th><th class="st"></th></tr></thead><tbody>{"".join(rows)}'
        "</tbody></table>"
    )
    parts.append(table)
    if "body" in want:
        open_ = " open" if "body" in differing else ""
        parts.append(
            f"<details{open_}><summary>body, paragraph by paragraph</summary>"
            '<table class="cmp body"><thead><tr><th>#</th><th>expected</th><th>extracted</th>'
            f'<th class="st"></th></tr></thead><tbody>{"".join(body_rows)}</tbody></table>'
            "</details>"
        )
    return f'<section class="{"ok" if ok else "bad"}">' + "".join(parts) + "</section>"


def render_check_report(results: Iterable[_Result], missing: Iterable[str] = ()) -> str:
    """The HTML report of a fixture check: ``results`` of ``pipeline.check.check_spiders``
    and the spiders that have no fixture."""
    results = list(results)
    missing = list(missing)
    good = sum(r.ok for r in results)
    spiders = len({r.spider for r in results} | set(missing))
    summary = f"{len(results)} fixtures of {spiders} spiders: {good} ok"
    lacking = "".join(
        f"<li><b>{esc(name)}</b>: no fixtures; record one with "
        f"<code>newsmill fixture record {esc(name)} URL</code></li>"
        for name in missing
    )
    body = (
        '<div class="page"><h1>newsmill spiders check</h1>'
        f'<p class="{"muted" if good == len(results) and not missing else "err"}">'
        f"{esc(summary)}</p>"
        + (f'<ul class="err">{lacking}</ul>' if lacking else "")
        + "".join(_section(r) for r in sorted(results, key=lambda r: r.ok))
        + "</div>"
    )
    return document("newsmill spiders check", body, css=REPORT_CSS)
