"""Self-contained HTML documents: inline CSS and script only, locked down by a strict CSP.

Every page newsmill writes for people to look at (the review page, the run index, the spider
check report) goes through :func:`document`. The page carries its own
``Content-Security-Policy``: nothing may load from anywhere (``default-src 'none'``), and the
only style and script allowed are the page's own inline blocks, named by their SHA-256. So even
if a text from a crawled page slipped through unescaped, the browser would not run it. All text
from records is escaped with :func:`esc` besides.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from typing import Any

__all__ = ["csp_for", "document", "esc", "fmt_number", "fmt_value"]

BASE_CSS = """
:root{--ink:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--ink);background:var(--bg)}
a{color:#0969da}
h1{font-size:1.55em;line-height:1.25;margin:.2em 0 .35em}
h2{font-size:1.05em;margin:1.3em 0 .4em}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid var(--line);padding:.25em .45em;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.88em}
.muted{color:var(--muted)}
.num{text-align:right;font-variant-numeric:tabular-nums}
details>summary{cursor:pointer;color:var(--muted)}
"""


def esc(value: object) -> str:
    """``value`` as HTML text, safe in element content and in double-quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def _sha(block: str) -> str:
    digest = hashlib.sha256(block.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp_for(css: str, script: str = "") -> str:
    """The Content-Security-Policy of a page whose only style is ``css`` and only script
    ``script`` (none when empty): nothing else loads, no plugin, no base, forms to itself."""
    scripts = _sha(script) if script else "'none'"
    return (
        f"default-src 'none'; style-src {_sha(css)}; script-src {scripts}; img-src data:; "
        "base-uri 'none'; form-action 'self'"
    )


def document(title: str, body: str, *, css: str, script: str = "", lang: str = "en") -> str:
    """A complete HTML page: ``body`` (already escaped HTML) under ``title`` (plain text),
    with ``css`` and ``script`` inline and a CSP that allows only those two blocks."""
    css = BASE_CSS + css
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang or "en")}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp_for(css, script))}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        body,
        f"<script>{script}</script>" if script else "",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def fmt_number(x: float | int) -> str:
    """A number as people read it: ``900``, ``1,000``, ``0.25``, ``1.5e+20``."""
    if isinstance(x, bool) or not math.isfinite(float(x)):
        return str(x)
    if float(x).is_integer() and abs(x) < 1e18:
        return f"{int(x):,}"
    return f"{x:,.6g}"


def fmt_value(value: Any) -> str:
    """Any JSON value as one line of plain text (numbers formatted, lists joined)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return fmt_number(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(fmt_value(v) for v in value) or "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
