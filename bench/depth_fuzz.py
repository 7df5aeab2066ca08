"""Random pages against the depth scan: a page that the scan counts shallower than the tree
Lexbor builds is a hole in ``pipeline.extract.parse.check_budget``.

Usage::

    .venv/bin/python bench/depth_fuzz.py [seed] [pages] [tags]   # defaults 1, 2,000, 6
    .venv/bin/python bench/depth_fuzz.py 7 1000 6 --wide         # more tags (WIDE_TAGS)

Each page is a short random prefix and a random unit of 1 to 6 (``tags``) tags (misnested end tags,
table parts, list items, options, ruby, foreign content, comments, raw-text elements…)
repeated 300 times, so that a rule the scan gets wrong shows as hundreds of levels. It
prints every page whose Lexbor depth passes the scan's count by more than the margin
(``bench/depth_budget.py``: ``MARGIN``), or passes the shortcut's count of start tags
(``parse._nesting_starts``) by as much, and the count of such pages, which must be 0.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.depth_budget import MARGIN, lexbor_depth
from pipeline.extract import parse

TAGS = [
    "div",
    "span",
    "b",
    "a",
    "i",
    "p",
    "li",
    "ul",
    "table",
    "td",
    "tr",
    "option",
    "select",
    "svg",
    "desc",
    "math",
    "mi",
    "template",
    "script",
    "style",
    "dd",
    "dt",
    "section",
    "object",
    "button",
    "h1",
    "form",
    "nobr",
    "font",
    "ruby",
    "rt",
    "rb",
    "rp",
    "rtc",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "body",
    "frameset",
    "noscript",
    "textarea",
    "title",
    "em",
    "marquee",
    "applet",
    "s",
    "u",
    "strong",
    "dl",
    "optgroup",
    "iframe",
    "xmp",
    "image",
    "html",
    "head",
    "pre",
    "center",
    "address",
    "main",
    "search",
    "details",
    "summary",
    "dialog",
    "menu",
    "dir",
    "fieldset",
    "label",
    "code",
    "big",
    "small",
    "tt",
    "strike",
    "foreignObject",
    "listing",
]
#: ``--wide`` adds these: foreign roots and their markers, templates, table columns and
#: captions, definition lists, preformatted text, objects, forms, headings, ruby.
WIDE_TAGS = [
    "svg",
    "math",
    "template",
    "col",
    "caption",
    "dd",
    "dt",
    "pre",
    "applet",
    "object",
    "marquee",
    "form",
    "h1",
    "ruby",
    "rt",
    "u",
    "font",
    "tbody",
    "mi",
    "desc",
]
VOIDS = ["<br>", "</br>", "<path/>", "<input>", "<hr>", "<!--", "-->", "<table><td>"]


def random_tags(rng: random.Random, count: int, tags: list[str] = TAGS) -> str:
    """``count`` random start tags, end tags and other pieces of markup, some followed by
    text, some start tags with an attribute whose value changes in every repeated unit
    (``#``: elements the parser does not count as identical)."""
    pieces = []
    for _ in range(count):
        if rng.random() < 0.1:
            pieces.append(rng.choice(VOIDS))
        elif rng.random() < 0.6:
            attribute = rng.choice(["", "", " id=#", " class=c"])
            pieces.append(f"<{rng.choice(tags)}{attribute}>")
        else:
            pieces.append(f"</{rng.choice(tags)}>")
        if rng.random() < 0.2:
            pieces.append(rng.choice(["t", " ", "\n"]))
    return "".join(pieces)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        return 0
    tags = TAGS + WIDE_TAGS if "--wide" in sys.argv else TAGS
    seed = int(args[0]) if args else 1
    pages = int(args[1]) if len(args) > 1 else 2_000
    most = int(args[2]) if len(args) > 2 else 6
    rng = random.Random(seed)
    under = 0
    for _ in range(pages):
        prefix = random_tags(rng, rng.randint(0, 3), tags)
        unit = random_tags(rng, rng.randint(1, most), tags) + "x"
        html = prefix + "".join(unit.replace("#", str(i)) for i in range(300))
        counted = parse._scan(html, 10**9, 10**9)
        real = lexbor_depth(html)
        starts = parse._nesting_starts(html)  # the shortcut's count
        if real > min(counted, starts) + MARGIN:
            under += 1
            print(f"scan {counted}, starts {starts}, Lexbor {real}: {prefix!r} + {unit!r}")
    print(f"seed {seed}: {pages:,} random pages, {under} counted shallower than Lexbor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
