"""``newsmill show DIR --serve``: browse every record of a run in a browser, on 127.0.0.1 only.

The index lists the records (newest first) and filters them by site, publication date, entity
and words of the title; each opens its review page (:func:`pipeline.maintain.review.render_page`).
The records are indexed once at start (file and byte offset per id, a line read again when its
page is asked for), so a large run costs little memory; a record written twice (an edited
article) shows its newest version.

The server is the standard library's threading HTTP server bound to 127.0.0.1. It answers only
requests addressed to ``127.0.0.1:PORT`` or ``localhost:PORT`` (so a web page cannot reach it
through DNS rebinding), only ``GET``/``HEAD``, and sends every page with the page's strict CSP.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from pipeline.errors import ConfigError
from pipeline.maintain.htmlpage import csp_for, document, esc
from pipeline.maintain.review import field_of, iter_records, parse_line, render_page

__all__ = ["Entry", "Filters", "RecordIndex", "index_page", "serve_forever", "serve_review"]

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
#: Rows the index shows at most; narrower filters show the rest.
MAX_ROWS = 500
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^/r/([0-9a-f]{6,64})$")
_NAMED = ("organizations", "people", "places")


@dataclass(frozen=True)
class Entry:
    """One record of the index: what the list shows and filters on, and where the line is."""

    id: str
    title: str
    site: str
    published_at: str | None
    names: tuple[str, ...]  # canonical organizations, people, places
    counts: tuple[int, int, int, int]  # entities, dates, figures, quotes
    path: Path
    offset: int


@dataclass(frozen=True)
class Filters:
    """The index's filters, from the query string (all optional)."""

    q: str = ""
    site: str = ""
    entity: str = ""
    since: str = ""
    until: str = ""

    @classmethod
    def from_query(cls, query: str) -> Filters:
        """Filters from ``?q=…&site=…&entity=…&from=YYYY-MM-DD&to=YYYY-MM-DD``; malformed
        days are ignored."""
        values = {k: v[0].strip() for k, v in parse_qs(query).items() if v}
        since, until = values.get("from", ""), values.get("to", "")
        return cls(
            q=values.get("q", ""),
            site=values.get("site", ""),
            entity=values.get("entity", ""),
            since=since if _DAY.match(since) else "",
            until=until if _DAY.match(until) else "",
        )

    def keep(self, entry: Entry) -> bool:
        """Whether ``entry`` passes every filter set."""
        day = (entry.published_at or "")[:10]
        if self.site and entry.site != self.site:
            return False
        if (self.since or self.until) and not day:
            return False
        if (self.since and day < self.since) or (self.until and day > self.until):
            return False
        if self.q and not all(w in entry.title.casefold() for w in self.q.casefold().split()):
            return False
        wanted = self.entity.casefold()
        return not wanted or any(wanted in name.casefold() for name in entry.names)


def _names(record: dict[str, Any]) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for key in _NAMED:
        items: list[Any] = field_of(record, key, list, [])
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                names[item["name"]] = None
    return tuple(names)


def _count(record: dict[str, Any], key: str) -> int:
    value = record.get(key)
    return len(value) if isinstance(value, list) else 0


class RecordIndex:
    """The records of a JSONL file, run folder or glob, by id (the newest line of each)."""

    def __init__(self, source: str | os.PathLike[str]) -> None:
        self.source = source
        self.entries: dict[str, Entry] = {}
        for path, offset, record in iter_records(source):
            rid = str(record.get("id") or "")
            if not re.fullmatch(r"[0-9a-f]{6,64}", rid):
                continue  # not a newsmill record: nothing to link it by
            published = record.get("published_at")
            self.entries[rid] = Entry(
                id=rid,
                title=str(record.get("title") or "(no title)"),
                site=str(record.get("site") or "?"),
                published_at=published if isinstance(published, str) else None,
                names=_names(record),
                counts=tuple(_count(record, k) for k in ("entities", "dates", "figures", "quotes")),  # type: ignore[arg-type]
                path=path,
                offset=offset,
            )

    def record(self, rid: str) -> dict[str, Any] | None:
        """The full record of id ``rid`` (read again from its file), None if unknown."""
        entry = self.entries.get(rid)
        if entry is None:
            return None
        with entry.path.open("rb") as fh:
            fh.seek(entry.offset)
            return parse_line(fh.readline(), entry.path, 0)

    def select(self, filters: Filters) -> list[Entry]:
        """The entries that pass ``filters``, newest first (undated last), then by title."""
        kept = [e for e in self.entries.values() if filters.keep(e)]
        kept.sort(key=lambda e: e.title.casefold())
        kept.sort(key=lambda e: e.published_at or "", reverse=True)
        return kept

    def sites(self) -> list[str]:
        """The sites of the records, sorted."""
        return sorted({e.site for e in self.entries.values()})

    def top_names(self, limit: int = 300) -> list[str]:
        """The names found in most records, for the entity filter's suggestions."""
        counts = Counter(name for e in self.entries.values() for name in e.names)
        return [name for name, _ in counts.most_common(limit)]


INDEX_CSS = """
.page{max-width:78em;margin:0 auto;padding:1.2em 1.6em 3em}
form{display:flex;flex-wrap:wrap;gap:.5em .8em;align-items:end;background:var(--panel);
border:1px solid var(--line);border-radius:.5em;padding:.7em .9em;margin:.6em 0 1em}
form label{display:flex;flex-direction:column;font-size:.82em;color:var(--muted);gap:.15em}
input,select,button{font:inherit;font-size:.95rem;padding:.25em .4em}
td.title a{font-weight:600;text-decoration:none}
td.title a:hover{text-decoration:underline}
.names{color:var(--muted);font-size:.88em}
"""


def _options(values: list[str], chosen: str) -> str:
    return "".join(
        f'<option value="{esc(v)}"{" selected" if v == chosen else ""}>{esc(v)}</option>'
        for v in values
    )


def _form(index: RecordIndex, f: Filters) -> str:
    names = "".join(f'<option value="{esc(n)}">' for n in index.top_names())
    return (
        '<form method="get" action="/">'
        f'<label>title words<input name="q" value="{esc(f.q)}" size="28"></label>'
        f'<label>site<select name="site"><option value="">all sites</option>'
        f"{_options(index.sites(), f.site)}</select></label>"
        f'<label>entity<input name="entity" value="{esc(f.entity)}" list="names" size="22">'
        f'</label><datalist id="names">{names}</datalist>'
        f'<label>published from<input type="date" name="from" value="{esc(f.since)}"></label>'
        f'<label>to<input type="date" name="to" value="{esc(f.until)}"></label>'
        '<button type="submit">filter</button> <a href="/">clear</a></form>'
    )


def index_page(index: RecordIndex, filters: Filters) -> tuple[str, str]:
    """The index page for ``filters``, and its Content-Security-Policy."""
    entries = index.select(filters)
    rows = []
    for e in entries[:MAX_ROWS]:
        names = ", ".join(e.names[:4]) + (" …" if len(e.names) > 4 else "")
        rows.append(
            f"<tr><td class='mono'>{esc((e.published_at or '—')[:10])}</td>"
            f"<td>{esc(e.site)}</td>"
            f"<td class='title'><a href='/r/{quote(e.id)}'>{esc(e.title)}</a>"
            f"<div class='names'>{esc(names)}</div></td>"
            + "".join(f"<td class='num'>{n}</td>" for n in e.counts)
            + "</tr>"
        )
    shown = f"{len(entries)} of {len(index.entries)} records"
    if len(entries) > MAX_ROWS:
        shown += f" (the first {MAX_ROWS} listed: narrow the filters)"
    head = "".join(
        f"<th>{h}</th>" for h in ("published", "site", "title", "entities", "dates", "figures",
                                  "quotes")
    )  # fmt: skip
    body = (
        f'<div class="page"><h1>newsmill review</h1>'
        f'<div class="muted mono">{esc(os.fspath(index.source))}</div>'
        f"{_form(index, filters)}<p class='muted'>{esc(shown)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    page = document("newsmill review", body, css=INDEX_CSS)
    return page, _page_csp(page)


def _page_csp(page: str) -> str:
    """The CSP a page of :func:`document` carries in its meta tag (sent as a header too)."""
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    script = page.rsplit("<script>", 1)[1].split("</script>", 1)[0] if "<script>" in page else ""
    return csp_for(css, script)


def _handler(index: RecordIndex) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def version_string(self) -> str:
            return "newsmill-review"

        def do_HEAD(self) -> None:
            self._answer(head=True)

        def do_GET(self) -> None:
            self._answer(head=False)

        def _answer(self, head: bool) -> None:
            port = _port(self.server)
            if self.headers.get("Host") not in (f"{HOST}:{port}", f"localhost:{port}"):
                self._send(HTTPStatus.FORBIDDEN, "unexpected Host header", head=head)
                return
            parts = urlsplit(self.path)
            if parts.path == "/":
                page, csp = index_page(index, Filters.from_query(parts.query))
                self._send(HTTPStatus.OK, page, csp=csp, head=head)
                return
            match = _ID.match(parts.path)
            record = index.record(match.group(1)) if match else None
            if record is None:
                self._send(HTTPStatus.NOT_FOUND, "no such record", head=head)
                return
            page = render_page(record, index_url="/")
            self._send(HTTPStatus.OK, page, csp=_page_csp(page), head=head)

        def _send(self, status: HTTPStatus, body: str, *, csp: str = "", head: bool) -> None:
            data = body.encode("utf-8", errors="replace")  # a lone surrogate in a record
            self.send_response(status)
            kind = "text/html" if csp else "text/plain"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", csp or "default-src 'none'")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("review server: " + format, *args)

    return Handler


def _port(server: Any) -> int:
    """The port a server bound to."""
    return int(server.server_address[1])


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _make_server(source: str | os.PathLike[str], port: int) -> tuple[_Server, RecordIndex]:
    index = RecordIndex(source)
    try:
        server = _Server((HOST, port), _handler(index))
    except OSError as exc:
        raise ConfigError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
    return server, index


@contextlib.contextmanager
def serve_review(source: str | os.PathLike[str], port: int = 0) -> Iterator[str]:
    """Serve the review index of ``source`` in a background thread; yields its base URL."""
    server, _ = _make_server(source, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://{HOST}:{_port(server)}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def serve_forever(
    source: str | os.PathLike[str], *, port: int = 0, echo: Callable[[str], Any] = print
) -> int:
    """Serve the review index of ``source`` until interrupted (Ctrl-C or SIGTERM); exit 0."""
    server, index = _make_server(source, port)
    url = f"http://{HOST}:{_port(server)}/"
    echo(f"serving {len(index.entries)} records of {os.fspath(source)} at {url} (Ctrl-C stops)")
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
