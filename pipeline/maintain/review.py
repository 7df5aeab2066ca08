"""The review page: one record as a self-contained HTML page, with what was found marked on it.

``newsmill show`` writes it. The clean text is shown with every entity mention, date, figure
and quote marked by kind (coloured like spaCy's displaCy, a legend that switches a kind off
and on); hovering a mark shows what newsmill made of it (canonical name, normalized value and
granularity, qualifier, range, unit, counted noun, speaker). Beside the text: tables of
organizations, people with their roles, places, dates, figures and quotes, the cleaning counts
and the warnings, and any field this module does not know (records may grow) as a generic table.

Marks nest: a quote that holds entities and figures contains their marks. Spans that cross
(one starts inside another and ends after it) are split at the crossing; the pieces share one
``data-i`` and every piece but the first has the class ``more``, so
``mark.m:not(.more)`` counts each item once.

Records are read as plain JSON objects, not through the schema models, so a record written by
a newer or older newsmill still shows: unknown keys are rendered, never refused.
"""

from __future__ import annotations

import contextlib
import gzip
import heapq
import json
import os
import re
import stat
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, InputError
from pipeline.maintain.htmlpage import document, esc, fmt_number, fmt_value

__all__ = [
    "KIND_ORDER",
    "Mark",
    "collect_marks",
    "entity_kind",
    "extract_record",
    "field_of",
    "figure_amount",
    "is_html_source",
    "iter_records",
    "mark_up",
    "parse_line",
    "render_page",
    "select_record",
    "write_page",
]

#: Lists of the record whose items are marked in the text, with their legend names.
KIND_ORDER = ("quote", "figure", "date", "entity")
#: displaCy's colours for spaCy's labels; other labels get one of :data:`_SPARE` by name.
_LABEL_COLOURS = {
    "ORG": "#7aecec",
    "PERSON": "#aa9cfc",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "NORP": "#c887fb",
    "FAC": "#9cc9cc",
    "EVENT": "#ffeb80",
    "LAW": "#ff8197",
    "PRODUCT": "#bfeeb7",
    "WORK_OF_ART": "#f0d0ff",
    "LANGUAGE": "#ff8197",
    "PER": "#aa9cfc",
}
_LABEL_NAMES = {
    "ORG": "organization",
    "PERSON": "person",
    "PER": "person",
    "GPE": "place (country, city)",
    "LOC": "place (region, feature)",
    "NORP": "nationality or group",
    "FAC": "building or facility",
    "EVENT": "event",
    "LAW": "law",
    "PRODUCT": "product",
    "WORK_OF_ART": "work of art",
    "LANGUAGE": "language",
}
_SPARE = ("#e2e8f0", "#fde2e4", "#d8f3dc", "#e9d8fd", "#fff1c1", "#cde7f0")
_NOT_A_CLASS = re.compile(r"[^A-Za-z0-9_]")
_ITEM_KEYS = {"text", "start", "end"}
_KNOWN_TOP = {
    "schema_version", "id", "url", "canonical_url", "site", "language", "title", "lead",
    "authors", "section", "tags", "published_at", "modified_at", "fetched_at",
    "published_at_source", "text", "word_count", "content_sha256", "entities",
    "organizations", "people", "places", "dates", "figures", "quotes", "extraction",
}  # fmt: skip


# -- reading records ---------------------------------------------------------------------------


def is_html_source(path: Path) -> bool:
    """Whether ``path`` is an HTML page (by its name, else by its first character)."""
    name = path.name.lower()
    if name.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
        return True
    if name.endswith((".jsonl", ".json", ".ndjson")) or path.is_dir():
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith(b"<")


def iter_records(source: str | os.PathLike[str]) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    """``(file, byte offset, record)`` for every record of a JSONL file, a run folder (its
    ``*/part-*.jsonl`` and ``*.jsonl``) or a glob, files in sorted order.

    Raises :class:`~pipeline.errors.InputError` naming file and line for a line that is not
    a JSON object, and when nothing matches ``source``.
    """
    from pipeline.output.tables import input_files

    for path in input_files(source):
        try:
            fh = path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
        with fh:
            offset, number = 0, 0
            for line in fh:
                number += 1
                start, offset = offset, offset + len(line)
                if not line.strip():
                    continue
                yield path, start, parse_line(line, path, number)


def parse_line(line: bytes, path: Path, number: int) -> dict[str, Any]:
    """One JSONL line as a record object; :class:`InputError` names the line if it is not."""
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"{path}:{number}: not a JSON record") from None
    if not isinstance(record, dict):
        raise InputError(f"{path}:{number}: not a JSON object")
    return record


def select_record(
    source: str | os.PathLike[str], *, record_id: str | None = None, url: str | None = None
) -> dict[str, Any]:
    """The record of ``source`` with this id (or a unique prefix of it) or URL (``url`` or
    ``canonical_url``); the newest (last) when a URL was written more than once. With neither,
    the only record of ``source``. :class:`ConfigError` when none or several match."""
    if record_id is not None and url is not None:
        raise ConfigError("give --id or --url, not both")
    if record_id is not None and len(record_id) < 6:
        raise ConfigError("--id needs at least 6 characters of the record id")
    found: dict[str, dict[str, Any]] = {}
    for _, _, record in iter_records(source):
        if _matches(record, record_id, url):
            # by URL, the newest record (the last line) wins whatever its id
            found[str(record.get("id", "")) if url is None else url] = record
        if record_id is None and url is None and len(found) > 1:
            raise ConfigError(f"{source} holds several records: choose one with --id or --url")
    if not found:
        if record_id is None and url is None:
            raise ConfigError(f"{source} holds no record")
        wanted = f"id {record_id}" if record_id is not None else f"URL {url}"
        raise ConfigError(f"no record with {wanted} in {source}")
    if len(found) > 1:
        raise ConfigError(f"--id {record_id} matches {len(found)} records: give more of it")
    return next(iter(found.values()))


def _matches(record: dict[str, Any], record_id: str | None, url: str | None) -> bool:
    if record_id is not None:
        return str(record.get("id", "")).startswith(record_id.lower())
    if url is not None:
        return url in (record.get("url"), record.get("canonical_url"))
    return True


def extract_record(
    page: Path, *, url: str | None = None, spider: str | None = None, settings: Any = None
) -> dict[str, Any]:
    """Extract and enrich one HTML page (``.gz`` is unpacked) into a record, as
    ``newsmill extract`` would; the URL defaults to the file's ``file://`` address."""
    from pipeline.api import extract_article

    try:
        data = page.read_bytes()
        if page.name.lower().endswith(".gz"):
            data = gzip.decompress(data)
    except OSError as exc:
        raise InputError(f"cannot read {page}: {exc.strerror or exc}") from None
    except (gzip.BadGzipFile, EOFError, zlib.error):
        raise InputError(f"{page} is not a gzip file") from None
    article = extract_article(
        data, url or page.resolve().as_uri(), spider=spider, settings=settings
    )
    record: dict[str, Any] = json.loads(article.to_json())
    return record


def write_page(page_html: str, out: Path) -> None:
    """Write ``page_html`` to ``out`` whole or not at all (temp file, then rename)."""
    out = out.expanduser()
    if out.is_dir():
        raise ConfigError(f"-o {out} is a folder; give a file name")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ConfigError(f"-o {out}: no folder {folder}")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp's file is 0600: give the page the mode of the file it replaces, else that
        # of any new file (0644 under the usual umask)
        os.fchmod(fd, _mode_for(out))
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as fh:
            fh.write(page_html)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    """The permission bits a file written at ``path`` should get."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(path.stat().st_mode)
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


# -- marks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One marked span of the text: an entity mention, a date, a figure or a quote."""

    start: int
    end: int
    kind: str  # CSS class suffix: quote, figure, date or e-<LABEL>
    index: int  # the item's number on the page, shared by the pieces of a split span
    tip: str  # what hovering shows, one fact a line
    more: bool = False  # a continuation piece of a span split at a crossing

    @property
    def rank(self) -> int:
        """Which of two marks of the same range goes outside: quotes, figures, dates, names."""
        return KIND_ORDER.index(self.kind) if self.kind in KIND_ORDER else len(KIND_ORDER)


def field_of(record: dict[str, Any], key: str, kind: type[Any], default: Any) -> Any:
    """``record[key]`` when it is of type ``kind``, else ``default`` (records may be odd)."""
    value = record.get(key)
    return value if isinstance(value, kind) and not isinstance(value, bool) else default


def _items(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = record.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def entity_kind(label: object) -> str:
    """The CSS class suffix of an entity label: ``e-`` and the label's letters, digits and
    underscores (so a label can never break out of a class name)."""
    return "e-" + (_NOT_A_CLASS.sub("_", str(label))[:32] or "_")


def _extra_lines(item: dict[str, Any], known: set[str]) -> list[str]:
    return [f"{k}: {fmt_value(v)}" for k, v in item.items() if k not in known | _ITEM_KEYS]


def _entity_tip(item: dict[str, Any], roles: dict[str, str]) -> str:
    label = str(item.get("label", "?"))
    lines = [f"{label} · {_LABEL_NAMES.get(label, 'entity')}"]
    canonical = item.get("canonical")
    lines.append(f"canonical: {fmt_value(canonical)}")
    if isinstance(canonical, str) and canonical in roles:
        lines.append(f"role: {roles[canonical]}")
    lines.append(f"source: {fmt_value(item.get('source'))}")
    return "\n".join(lines + _extra_lines(item, {"label", "canonical", "source"}))


def _date_tip(item: dict[str, Any]) -> str:
    lines = [
        "date",
        f"value: {fmt_value(item.get('value'))}",
        f"granularity: {fmt_value(item.get('granularity'))}",
    ]
    return "\n".join(lines + _extra_lines(item, {"value", "granularity"}))


def figure_amount(item: dict[str, Any]) -> str:
    """A figure's value as text: ``900``, or ``12 – 120`` for a range."""
    value, upper = item.get("value"), item.get("upper")
    shown = fmt_value(value) if isinstance(value, int | float) else "?"
    if isinstance(upper, int | float) and not isinstance(upper, bool):
        shown += f" – {fmt_number(upper)}"
    return shown


def _figure_tip(item: dict[str, Any]) -> str:
    lines = ["figure"]
    ranged = item.get("upper") is not None
    lines.append(f"{'range' if ranged else 'value'}: {figure_amount(item)}")
    if item.get("approximate"):
        lines.append("approximate")
    for key, name in (("qualifier", "qualifier"), ("unit", "unit"), ("noun", "counted")):
        if item.get(key) is not None:
            lines.append(f"{name}: {fmt_value(item[key])}")
    known = {"value", "upper", "approximate", "qualifier", "unit", "noun"}
    return "\n".join(lines + _extra_lines(item, known))


def _quote_tip(item: dict[str, Any]) -> str:
    speaker = item.get("speaker")
    lines = ["quote", f"speaker: {speaker if speaker else 'not said'}"]
    return "\n".join(lines + _extra_lines(item, {"speaker"}))


def _span(item: dict[str, Any], text: str) -> tuple[int, int] | None:
    start, end = item.get("start"), item.get("end")
    if isinstance(start, bool) or isinstance(end, bool):
        return None
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    if not 0 <= start < end <= len(text):
        return None
    return start, end


def collect_marks(record: dict[str, Any]) -> tuple[list[Mark], list[str]]:
    """The marks of a record (quotes, figures, dates, entity mentions, in that order of
    numbering) and the problems met: spans outside the text, or whose text differs from the
    text at their offsets (still marked)."""
    text: str = field_of(record, "text", str, "")
    roles = {str(p.get("name")): str(p["role"]) for p in _items(record, "people") if p.get("role")}
    makers = {
        "quotes": ("quote", _quote_tip),
        "figures": ("figure", _figure_tip),
        "dates": ("date", _date_tip),
        "entities": ("", lambda item: _entity_tip(item, roles)),
    }
    marks: list[Mark] = []
    outside: dict[str, int] = {}
    moved: dict[str, int] = {}
    for key, (kind, tip) in makers.items():
        for item in _items(record, key):
            span = _span(item, text)
            if span is None:
                outside[key] = outside.get(key, 0) + 1
                continue
            if isinstance(item.get("text"), str) and text[span[0] : span[1]] != item["text"]:
                moved[key] = moved.get(key, 0) + 1
            mark_kind = kind or entity_kind(item.get("label"))
            marks.append(Mark(span[0], span[1], mark_kind, len(marks), tip(item)))
    problems = [f"{n} {key} not marked: offsets outside the text" for key, n in outside.items()]
    problems += [f"{n} {key} whose text differs from the text at their offsets" for key, n in
                 moved.items()]  # fmt: skip
    return marks, problems


def _open_tag(mark: Mark) -> str:
    more = " more" if mark.more else ""
    ident = "" if mark.more else f' id="m{mark.index}"'
    return (
        f'<mark class="m k-{mark.kind}{more}"{ident} data-i="{mark.index}" '
        f'data-tip="{esc(mark.tip)}">'
    )


def mark_up(text: str, marks: list[Mark]) -> str:
    """``text`` as escaped HTML with ``marks`` as properly nested ``<mark>`` elements.

    Of two marks starting at one place the longer goes outside (then by :attr:`Mark.rank`);
    a mark that crosses the end of an enclosing one is split there, the rest queued as a
    ``more`` piece. The text content of the result is ``text``, unchanged.
    """
    queue = [(m.start, -m.end, m.rank, m.index, m) for m in marks]
    heapq.heapify(queue)
    out: list[str] = []
    stack: list[Mark] = []
    pos = 0
    while queue:
        _, _, _, _, mark = heapq.heappop(queue)
        while stack and stack[-1].end <= mark.start:
            closing = stack.pop()
            out.append(esc(text[pos : closing.end]) + "</mark>")
            pos = closing.end
        out.append(esc(text[pos : mark.start]))
        pos = mark.start
        if stack and mark.end > stack[-1].end:
            rest = replace(mark, start=stack[-1].end, more=True)
            heapq.heappush(queue, (rest.start, -rest.end, rest.rank, rest.index, rest))
            mark = replace(mark, end=stack[-1].end)
        out.append(_open_tag(mark))
        stack.append(mark)
    while stack:
        closing = stack.pop()
        out.append(esc(text[pos : closing.end]) + "</mark>")
        pos = closing.end
    out.append(esc(text[pos:]))
    return "".join(out)


# -- the page ----------------------------------------------------------------------------------

PAGE_CSS = """
.wrap{display:grid;grid-template-columns:minmax(0,46em) minmax(18em,1fr);gap:1.2em 2.2em;
max-width:90em;margin:0 auto;padding:1.2em 1.6em 3em}
@media (max-width:900px){.wrap{grid-template-columns:1fr}}
header{grid-column:1/-1;border-bottom:1px solid var(--line);padding-bottom:.7em}
.meta{color:var(--muted);font-size:.92em}
.meta b{color:var(--ink);font-weight:600}
.lead{font-size:1.06em;color:#3a3f45;margin:.5em 0 0}
.legend{position:sticky;top:0;z-index:2;background:#fffffff0;padding:.45em 0;
border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:.35em .5em;font-size:.86em}
.legend label{display:inline-flex;align-items:center;gap:.3em;cursor:pointer;
border:1px solid var(--line);border-radius:1em;padding:.05em .6em .05em .35em;user-select:none}
.legend input{margin:0}
.legend .sw{display:inline-block;width:.9em;height:.9em;border-radius:.2em}
.text{white-space:pre-wrap;font-size:1.04em;line-height:1.75;margin-top:.8em}
mark.m{background:transparent;color:inherit;border-radius:.25em;padding:.08em 0;
-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.m.hl{outline:2px solid #0969da;outline-offset:1px}
mark.k-quote{background:#f3ecfa;box-shadow:inset 0 -2px #8e44ad;border-radius:0}
mark.k-figure{background:#a7f3d0;box-shadow:inset 0 -2px #059669}
mark.k-date{background:#bfdbfe;box-shadow:inset 0 -2px #2563eb}
#tip{position:fixed;z-index:9;display:none;max-width:26em;white-space:pre-line;
background:#1f2328;color:#fff;font-size:.84em;line-height:1.45;padding:.45em .65em;
border-radius:.4em;box-shadow:0 4px 14px #0004;pointer-events:none}
#tip.on{display:block}
aside h2:first-child{margin-top:.2em}
aside table{margin-bottom:.4em}
.warn{background:#fff8c5;border:1px solid #d4a72c66;border-radius:.4em;padding:.35em .7em;
font-size:.9em}
.warn li{margin:.1em 0}
nav.back{font-size:.9em;margin-bottom:.3em}
"""

PAGE_SCRIPT = """
(function(){
var tip=document.getElementById('tip');var lit=[];
function clear(){lit.forEach(function(e){e.classList.remove('hl')});lit=[];}
document.addEventListener('mouseover',function(ev){
var m=ev.target.closest?ev.target.closest('mark.m'):null;clear();
if(!m){tip.classList.remove('on');return;}
tip.textContent=m.getAttribute('data-tip');tip.classList.add('on');
document.querySelectorAll('mark.m[data-i="'+m.getAttribute('data-i')+'"]').forEach(
function(e){e.classList.add('hl');lit.push(e);});
var r=m.getBoundingClientRect();var w=tip.offsetWidth,h=tip.offsetHeight;
var x=Math.max(4,Math.min(r.left,window.innerWidth-w-4));
var y=r.bottom+6;if(y+h>window.innerHeight-4){y=Math.max(4,r.top-h-6);}
tip.style.left=x+'px';tip.style.top=y+'px';});
document.body.setAttribute('data-ready','1');
})();
"""


def _kind_name(kind: str) -> str:
    if kind.startswith("e-"):
        label = kind[2:]
        return f"{label} {_LABEL_NAMES[label]}" if label in _LABEL_NAMES else label
    return kind


def _kind_colour(kind: str) -> str:
    label = kind[2:]
    if label in _LABEL_COLOURS:
        return _LABEL_COLOURS[label]
    return _SPARE[sum(label.encode()) % len(_SPARE)]


def _kinds_css(kinds: list[str]) -> str:
    rules = []
    for kind in kinds:
        if kind.startswith("e-"):
            rules.append(f"mark.k-{kind}{{background:{_kind_colour(kind)}}}")
            rules.append(f".sw.k-{kind}{{background:{_kind_colour(kind)}}}")
        # unticking a kind in the legend takes its colour off (no script needed)
        rules.append(
            f"body:has(#t-{kind}:not(:checked)) mark.k-{kind}"
            "{background:transparent;box-shadow:none}"
        )
    rules.append(".sw.k-quote{background:#f3ecfa;box-shadow:inset 0 -2px #8e44ad}")
    rules.append(".sw.k-figure{background:#a7f3d0}.sw.k-date{background:#bfdbfe}")
    return "\n".join(rules)


def _legend(marks: list[Mark]) -> tuple[str, list[str]]:
    counts: dict[str, int] = {}
    for mark in marks:
        if not mark.more:
            counts[mark.kind] = counts.get(mark.kind, 0) + 1
    entities = sorted((k for k in counts if k.startswith("e-")), key=lambda k: -counts[k])
    kinds = entities + [k for k in ("date", "figure", "quote") if k in counts]
    items = [
        f'<label data-kind="{kind}"><input type="checkbox" id="t-{kind}" checked>'
        f'<span class="sw k-{kind}"></span>{esc(_kind_name(kind))} '
        f'<span class="muted">{counts[kind]}</span></label>'
        for kind in kinds
    ]
    if not items:
        return '<div class="legend muted">nothing marked in this text</div>', kinds
    return '<div class="legend" role="group" aria-label="kinds">' + "".join(items) + "</div>", kinds


def _cell(value: Any, link: str | None = None) -> str:
    shown = esc(fmt_value(value))
    cls = ' class="num"' if isinstance(value, int | float) and not isinstance(value, bool) else ""
    if link:
        shown = f'<a href="#{link}">{shown}</a>'
    return f"<td{cls}>{shown}</td>"


def _table(rows: list[list[str]], head: list[str]) -> str:
    thead = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{thead}</tr></thead><tbody>{body}</tbody></table>"


def _first_mentions(record: dict[str, Any], marks_by_item: dict[tuple[str, int], int]) -> dict:
    first: dict[str, int] = {}
    for n, item in enumerate(_items(record, "entities")):
        name = item.get("canonical")
        if isinstance(name, str) and name not in first and ("entities", n) in marks_by_item:
            first[name] = marks_by_item[("entities", n)]
    return first


def _named_table(title: str, items: list[dict[str, Any]], first: dict[str, int]) -> str:
    if not items:
        return ""
    with_role = any(item.get("role") for item in items)
    head = ["name", *(["role"] if with_role else []), "mentions"]
    extra = sorted({k for item in items for k in item} - {"name", "role", "mentions"})
    rows = []
    for item in items:
        name = item.get("name")
        link = f"m{first[name]}" if isinstance(name, str) and name in first else None
        row = [_cell(name, link)]
        if with_role:
            row.append(_cell(item.get("role")))
        row.append(_cell(item.get("mentions")))
        row += [_cell(item.get(k)) for k in extra]
        rows.append(row)
    return f"<h2>{esc(title)} <span class='muted'>{len(items)}</span></h2>" + _table(
        rows, head + extra
    )


def _span_table(
    title: str,
    key: str,
    items: list[dict[str, Any]],
    columns: list[tuple[str, Any]],
    marks_by_item: dict[tuple[str, int], int],
    covered: frozenset[str] = frozenset(),
) -> str:
    if not items:
        return ""
    known = {name for name, _ in columns} | _ITEM_KEYS | covered
    extra = sorted({k for item in items for k in item} - known)
    rows = []
    for n, item in enumerate(items):
        index = marks_by_item.get((key, n))
        row = [_cell(item.get("text"), f"m{index}" if index is not None else None)]
        row += [_cell(getter(item)) for _, getter in columns]
        row += [_cell(item.get(k)) for k in extra]
        rows.append(row)
    head = ["text", *(name for name, _ in columns), *extra]
    return f"<h2>{esc(title)} <span class='muted'>{len(items)}</span></h2>" + _table(rows, head)


def _generic_table(title: str, items: list[Any]) -> str:
    dicts = [item for item in items if isinstance(item, dict)]
    if not dicts:
        rows = [[_cell(item)] for item in items]
        return f"<h2>{esc(title)}</h2>" + _table(rows, ["value"])
    keys = list(dict.fromkeys(k for item in dicts for k in item))
    rows = [[_cell(item.get(k)) for k in keys] for item in dicts]
    return f"<h2>{esc(title)} <span class='muted'>{len(dicts)}</span></h2>" + _table(rows, keys)


def _header(record: dict[str, Any], index_url: str | None) -> str:
    title = record.get("title") or "(no title)"
    authors: list[Any] = field_of(record, "authors", list, [])
    bits = [
        f"<b>{esc(record.get('site') or '?')}</b>",
        "by " + esc(", ".join(str(a) for a in authors) if authors else "—"),
        "published " + esc(record.get("published_at") or "—"),
    ]
    if record.get("modified_at"):
        bits.append("modified " + esc(record["modified_at"]))
    if record.get("section"):
        bits.append("section " + esc(record["section"]))
    if isinstance(record.get("word_count"), int):
        bits.append(f"{record['word_count']:,} words")
    if record.get("language"):
        bits.append("language " + esc(record["language"]))
    url = str(record.get("url") or "")
    shown = esc(url)
    if url.startswith(("http://", "https://")):
        shown = f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>'
    back = f'<nav class="back"><a href="{esc(index_url)}">← all records</a></nav>'
    lead = f'<p class="lead">{esc(record["lead"])}</p>' if record.get("lead") else ""
    return (
        f"<header>{back if index_url else ''}<h1>{esc(title)}</h1>"
        f'<div class="meta">{" · ".join(bits)}</div>'
        f'<div class="meta mono">{shown}</div>{lead}</header>'
    )


def _provenance(record: dict[str, Any], problems: list[str]) -> str:
    extraction: dict[str, Any] = field_of(record, "extraction", dict, {})
    warnings: list[Any] = field_of(extraction, "warnings", list, [])
    parts = ["<h2>Cleaning and warnings</h2>"]
    cleaning = extraction.get("cleaning")
    if isinstance(cleaning, dict) and cleaning:
        rows = [[_cell(k), _cell(v)] for k, v in cleaning.items()]
        parts.append(_table(rows, ["repair", "count"]))
    else:
        parts.append('<p class="muted">no cleaning repairs recorded</p>')
    notes = [str(w) for w in warnings] + [f"review page: {p}" for p in problems]
    if notes:
        parts.append('<ul class="warn">' + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
    else:
        parts.append('<p class="muted">no warnings</p>')
    fields = {k: record.get(k) for k in ("id", "canonical_url", "tags", "published_at_source",
                                          "fetched_at", "content_sha256")}  # fmt: skip
    fields.update({f"extraction.{k}": v for k, v in extraction.items()
                   if k not in ("warnings", "cleaning")})  # fmt: skip
    fields.update({k: v for k, v in record.items() if k not in _KNOWN_TOP
                   and not isinstance(v, list)})  # fmt: skip
    rows = [[_cell(k), f'<td class="mono">{esc(fmt_value(v))}</td>'] for k, v in fields.items()]
    parts.append("<details><summary>record fields</summary>" + _table(rows, ["field", "value"]))
    parts.append("</details>")
    return "".join(parts)


def _side(record: dict[str, Any], marks: list[Mark], problems: list[str]) -> str:
    marks_by_item = _mark_numbers(record)
    first = _first_mentions(record, marks_by_item)
    figure_cols = [
        ("value", figure_amount),
        ("qualifier", lambda f: f.get("qualifier")),
        ("unit", lambda f: f.get("unit")),
        ("counted", lambda f: f.get("noun")),
        ("~", lambda f: "~" if f.get("approximate") else ""),
    ]
    figure_keys = frozenset({"upper", "approximate", "noun"})
    parts = [
        _named_table("Organizations", _items(record, "organizations"), first),
        _named_table("People", _items(record, "people"), first),
        _named_table("Places", _items(record, "places"), first),
        _span_table("Dates", "dates", _items(record, "dates"),
                    [("value", lambda d: d.get("value")),
                     ("granularity", lambda d: d.get("granularity"))], marks_by_item),
        _span_table("Figures", "figures", _items(record, "figures"), figure_cols, marks_by_item,
                    figure_keys),
        _span_table("Quotes", "quotes", _items(record, "quotes"),
                    [("speaker", lambda q: q.get("speaker"))], marks_by_item),
    ]  # fmt: skip
    for key, value in record.items():
        if key not in _KNOWN_TOP and isinstance(value, list) and value:
            parts.append(_generic_table(key, value))
    entities = _items(record, "entities")
    if entities:
        table = _span_table("", "entities", entities,
                            [("label", lambda e: e.get("label")),
                             ("canonical", lambda e: e.get("canonical")),
                             ("source", lambda e: e.get("source"))], marks_by_item)  # fmt: skip
        parts.append(
            f"<details><summary>all {len(entities)} entity mentions</summary>{table}</details>"
        )
    parts.append(_provenance(record, problems))
    return "<aside>" + "".join(parts) + "</aside>"


def _mark_numbers(record: dict[str, Any]) -> dict[tuple[str, int], int]:
    """``(list, position) -> mark number`` in :func:`collect_marks`' numbering."""
    text: str = field_of(record, "text", str, "")
    numbers: dict[tuple[str, int], int] = {}
    for key in ("quotes", "figures", "dates", "entities"):
        for n, item in enumerate(_items(record, key)):
            if _span(item, text) is not None:
                numbers[(key, n)] = len(numbers)
    return numbers


def render_page(record: dict[str, Any], *, index_url: str | None = None) -> str:
    """The review page of one record (a JSON object of newsmill's JSONL), self-contained.

    ``index_url`` adds a link back to the run's index (the ``--serve`` mode).
    """
    text: str = field_of(record, "text", str, "")
    marks, problems = collect_marks(record)
    legend, kinds = _legend(marks)
    body = (
        '<div class="wrap">'
        + _header(record, index_url)
        + f'<main>{legend}<div class="text" id="text">{mark_up(text, marks)}</div></main>'
        + _side(record, marks, problems)
        + '</div><div id="tip" role="tooltip"></div>'
    )
    title = f"{record.get('title') or '(no title)'} — newsmill review"
    language: str = field_of(record, "language", str, "en")
    return document(
        title,
        body,
        css=PAGE_CSS + _kinds_css(kinds),
        script=PAGE_SCRIPT,
        lang=language if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", language) else "en",
    )
