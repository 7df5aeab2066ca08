"""Random listing pages against the scan of their tags: the links ``discover._scanned_links``
reads (the path of a page over the structure budget) against the links of the tree Lexbor
builds (``discover._listing_links``, the path of a page within it), through the same filter.

Usage::

    .venv/bin/python bench/listing_fuzz.py [seed] [pages] [units]   # defaults 1, 5,000, 12
    .venv/bin/python bench/listing_fuzz.py 3 2000 12 --show 20      # print 20 differing pages

Each page is a random prefix (nothing, a head with or without a ``<base>``, a body tag)
and 1 to ``units`` random units: links with every kind of quoting and attribute around
their ``href`` (character references, NULs, unclosed quotes), text, comments and bogus
comments, ``</`` followed by anything, doctypes and CDATA, raw-text and RCDATA elements
(holding links and markup that would end them early), scripts with their escapes,
``<svg>``/``<math>`` with their integration points and the tags that end them, templates,
selects, tables, framesets, noscript, plaintext, base tags. Every link's path is unique,
so a difference names the link.

It prints the count of pages whose links differ, split into pages where the scan found a
link the tree does not have ("more") and pages where it only missed some ("fewer", or
"order" when the same links come in another order), and the first ``--show`` of them.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.crawl import discover

BASE = "https://news.example.org/dir/index.html"
MAX_LINKS = 1_000
MAX_URL_LENGTH = 2_048

_RAW = ["style", "script", "title", "textarea", "xmp", "iframe", "noembed", "noframes"]
_CASES = ["a", "A"]
_WS = [" ", "\n", "\t", "\r\n", "\f", "  ", "/", " / "]
_TEXTS = ["x", " ", "\n", "&nbsp;", "&#32;", "&#x9;", "&amp;", "\x00", " \r\n ", "t&#10;"]
_FOREIGN = [
    "<svg>",
    "<svg/>",
    "<math>",
    "</svg>",
    "</math>",
    "<path>",
    "<path/>",
    "</path>",
    "<g>",
    "</g>",
    "<foreignObject>",
    "</foreignObject>",
    "<desc>",
    "</desc>",
    "<title>",
    "</title>",
    "<mi>",
    "</mi>",
    "<mtext>",
    "<mglyph>",
    "<annotation-xml>",
    "<annotation-xml encoding=text/html>",
    "<annotation-xml encoding='application/xhtml+xml'>",
    "</annotation-xml>",
    "<font>",
    "<font color=red>",
    "</font>",
    "<b>",
    "</b>",
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "</br>",
    "<br>",
    "<span>",
    "</span>",
    "<use href='/news/use.svg'>",
    "<![CDATA[",
    "]]>",
]
_STRUCTURE = [
    "<template>",
    "</template>",
    "<select>",
    "</select>",
    "<option>",
    "<table>",
    "</table>",
    "<td>",
    "<tr>",
    "<caption>",
    "<colgroup>",
    "<frameset>",
    "</frameset>",
    "<frame>",
    "<body>",
    "</body>",
    "</html>",
    "<head>",
    "</head>",
    "<noscript>",
    "</noscript>",
    "<img>",
    "<input>",
    "<input type=hidden>",
    "<hr>",
    "<li>",
    "<ul>",
    "<pre>",
    "<button>",
    "<object>",
    "<image>",
    "<plaintext>",
    "<base href='/other/'>",
    "<base href='https://news.example.org/b/'>",
    "<BASE HREF=x/>",
    "<base>",
]
_MARKUP = [
    "<!-- c -->",
    "<!-->",
    "<!--->",
    "<!-- --!>",
    "<!--",
    "-->",
    "--!>",
    "<!x>",
    "<!DOCTYPE html>",
    "<?php x ?>",
    "</1>",
    "</ x>",
    "</>",
    "</",
    "</<!--",
    "</-->",
    "</a",
    "<",
    "< a href=/news/sp.html>",
    "<a",
    "<1>",
    ">",
    "'",
    '"',
    "</a>",
    "</A >",
    "</a x='>'>",
    "<![CDATA[x]]>",
]


class _Links:
    """Unique link paths."""

    def __init__(self) -> None:
        self.n = 0

    def path(self) -> str:
        self.n += 1
        return f"/news/s{self.n}.html"


def _href(rng: random.Random, links: _Links) -> str:
    """An ``href=…`` with random quoting, spacing and contents."""
    path = links.path()
    kind = rng.random()
    if kind < 0.1:
        path = path.replace(
            "/s", rng.choice(["/s&amp;", "/s&#47;", "/s&not", "/s&notx", "/s&", "/s&#1;"])
        )
    elif kind < 0.15:
        path = path.replace(".html", rng.choice(["\x00.html", "\r\n.html", "\t.html", "&#0;.html"]))
    elif kind < 0.2:
        path = rng.choice(["s%d.html", "../s%d.html", "//news.example.org/s%d.html"]) % links.n
    name = rng.choice(["href", "HREF", "hReF", "href", "href"])
    eq = rng.choice(["=", "=", " = ", "\n=\n"])
    quote = rng.choice(['"', "'", "", '"', "'"])
    value = f"{quote}{path}{quote}"
    if rng.random() < 0.03:
        value = (quote or '"') + path  # unclosed
    if quote == "" and rng.random() < 0.2:
        value += rng.choice(["'", '"', "<", "="])
    return f"{name}{eq}{value}"


def _attributes(rng: random.Random) -> str:
    return rng.choice(
        [
            "",
            "",
            " class=x",
            " data-x='<a href=/news/in-attr.html>'",
            ' title=">"',
            " x",
            " =y",
            " a'b",
        ]
    )


def _link(rng: random.Random, links: _Links) -> str:
    tag = rng.choice(_CASES)
    before = _attributes(rng)
    second = f" href={links.path()}" if rng.random() < 0.1 else ""
    after = rng.choice(["", "", "/", " /", " x=1"])
    text = rng.choice(["", "story", " "])
    close = rng.choice(["</a>", "</a>", "", "</A>"])
    return f"<{tag}{before}{rng.choice(_WS)}{_href(rng, links)}{second}{after}>{text}{close}"


def _raw(rng: random.Random, links: _Links) -> str:
    name = rng.choice(_RAW)
    inner = rng.choice(
        [
            f"<a href={links.path()}>",
            "<!--",
            f"<!-- </{name}> -->",
            f"</{name}x>",
            f"<{name}>",
            "<script>",
            "-->",
            "",
        ]
    )
    close = rng.choice([f"</{name}>", f"</{name.upper()} x>", f"</{name}/>", "", f"</{name}"])
    return f"<{name}{rng.choice(['', ' x=1', '/'])}>{inner}{close}"


UNITS: list[tuple[float, Callable[[random.Random, _Links], str]]] = [
    (0.30, _link),
    (0.10, lambda rng, links: rng.choice(_TEXTS)),
    (0.12, lambda rng, links: rng.choice(_MARKUP)),
    (0.10, _raw),
    (0.20, lambda rng, links: rng.choice(_FOREIGN)),
    (0.18, lambda rng, links: rng.choice(_STRUCTURE)),
]
PREFIXES = [
    "",
    "<!DOCTYPE html><html><head><title>t</title></head><body>",
    "<html><head><base href='https://news.example.org/base/'></head><body>",
    "<html><head>",
    "<body>",
    "<html>",
]


def page(rng: random.Random, units: int) -> str:
    """One random listing page of 1 to ``units`` units."""
    links = _Links()
    parts = [rng.choice(PREFIXES)]
    weights = [w for w, _ in UNITS]
    for _ in range(rng.randint(1, units)):
        _, make = rng.choices(UNITS, weights)[0]
        parts.append(make(rng, links))
    if rng.random() < 0.3:
        parts.append(_link(rng, links))
    return "".join(parts)


def compare(html: str) -> tuple[list[str], list[str]]:
    """``(scanned, parsed)``: the links of the scan and of Lexbor's tree."""
    scanned = discover._scanned_links(html, BASE, None, MAX_LINKS, MAX_URL_LENGTH).urls
    parsed = discover._listing_links(html, BASE, None, MAX_LINKS, MAX_URL_LENGTH).urls
    return scanned, parsed


def kind(scanned: list[str], parsed: list[str]) -> str | None:
    """How the scan's links differ: None, "more", "fewer" or "order"."""
    if scanned == parsed:
        return None
    if not set(scanned) <= set(parsed):
        return "more"
    return "fewer" if set(scanned) != set(parsed) else "order"


def differences(
    seed: int, pages: int, units: int
) -> Iterator[tuple[str, str, list[str], list[str]]]:
    """``(kind, page, scanned, parsed)`` of each random page whose links differ."""
    rng = random.Random(seed)
    for _ in range(pages):
        html = page(rng, units)
        scanned, parsed = compare(html)
        found = kind(scanned, parsed)
        if found is not None:
            yield found, html, scanned, parsed


def main() -> int:
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        return 0
    show = 0
    args = sys.argv[1:]
    if "--show" in args:
        at = args.index("--show")
        show = int(args[at + 1])
        del args[at : at + 2]
    seed = int(args[0]) if args else 1
    pages = int(args[1]) if len(args) > 1 else 5_000
    units = int(args[2]) if len(args) > 2 else 12
    counts = {"more": 0, "fewer": 0, "order": 0}
    for found, html, scanned, parsed in differences(seed, pages, units):
        counts[found] += 1
        if show > 0:
            show -= 1
            print(f"{found}: {html!r}\n    scan {scanned}\n    tree {parsed}")
    total = sum(counts.values())
    detail = ", ".join(f"{n} {k}" for k, n in counts.items())
    print(f"seed {seed}: {pages:,} random pages of up to {units} units, {total} differ ({detail})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
