"""The scan of a huge listing page's tags finds the links Lexbor's tree finds (#14 review).

A listing page over the structure budget is read by ``discover._scanned_links`` (no tree);
a page within it by ``discover._listing_links`` (Lexbor's tree). The review found markup on
which the two disagree: ``</`` and a non-letter (a bogus comment), an attribute quote left
open, ``<template>`` contents, ``<style>``/``<title>`` inside ``<svg>``/``<math>``, NUL in a
value, numeric references to controls, ``<frameset>``. Each class is written here by hand
first, then random pages (``bench/listing_fuzz.py``, fixed seeds) check the rest: the scan
gives the tree's links, or where it cannot follow the tree builder, fewer, never more.
"""

from __future__ import annotations

import time

import pytest

from bench import listing_fuzz
from pipeline.crawl import discover

BASE = "https://news.example.org/dir/index.html"


def links(
    body: str, prefix: str = "<html><head><title>t</title></head>"
) -> tuple[list[str], list[str]]:
    page = prefix + body
    scanned = discover._scanned_links(page, BASE, None, 100, 2048).urls
    parsed = discover._listing_links(page, BASE, None, 100, 2048).urls
    return scanned, parsed


def paths(urls: list[str]) -> list[str]:
    return [u.removeprefix("https://news.example.org") for u in urls]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "</" and a non-letter opens a bogus comment, to the next ">"
        ("<a href=/1></a></1<a href=/2>><a href=/3>", ["/1", "/3"]),
        ("</ <a href=/2>><a href=/3>", ["/3"]),
        ("</<!--<a href=/2>--><a href=/3>", ["/3"]),
        ("</><a href=/1>", ["/1"]),  # "</>" is nothing
        ("<a href=/1></", ["/1"]),  # "</" at the end is text
        # a quote left open runs to the page's end: the tag, and all after it, is no tag
        ("<a href=/1><a href='/2>x</a><a href=/3>", ["/1"]),
        ('<a href=/1><a title="x href=/2>', ["/1"]),
        # template contents are not in the document
        ("<template><a href=/t></a></template><a href=/o>", ["/o"]),
        ("<table><template><a href=/t></template></table><a href=/o>", ["/o"]),
        ("<template><template></template><a href=/t></template><a href=/o>", ["/o"]),
        ("<svg><template><a href=/s></a></template></svg>", ["/s"]),  # an svg element
        # svg/math elements named like raw-text ones hold markup
        ("<svg><style><a href=/s></style></svg><a href=/o>", ["/s", "/o"]),
        ("<math><title><a href=/m></title></math>", ["/m"]),
        ("<svg><textarea><!-- </textarea> --><a href=/s></svg>", ["/s"]),
        ("<svg><foreignObject><style><a href=/x></style></foreignObject></svg><a href=/o>", ["/o"]),
        ("<math><mi><style><a href=/x></style></mi></math><a href=/o>", ["/o"]),
        ("<svg><desc><title><a href=/x></title></desc></svg><a href=/o>", ["/o"]),
        ("<svg><p><style><a href=/x></style>", []),  # <p> ends foreign content
        ("<svg></p><style><a href=/x></style>", []),
        ("<svg><font><style><a href=/x></style></svg>", ["/x"]),
        ("<svg><font color=red><style><a href=/x></style></svg>", []),
        ("<math><annotation-xml encoding=text/html><style><a href=/x></style>", []),
        ("<math><annotation-xml><style><a href=/x></style></math>", ["/x"]),
        ("<svg></div><style><a href=/x></style>", ["/x"]),  # no div open: ignored
        ("<svg><![CDATA[<a href=/x>]]><a href=/y></svg>", ["/y"]),
        ("<![CDATA[<a href=/x>]]><a href=/y>", ["/y"]),  # a bogus comment in HTML
        # NUL, carriage returns and numeric references in a value, as the tokenizer reads them
        ("<a href='/a\x00b'>", ["/a%EF%BF%BDb"]),
        (
            "<a href='/a&#1;b'><a href='/c&#0;d'><a href='/e&#x80;f'>",
            ["/a%01b", "/c%EF%BF%BDd", "/e%E2%82%ACf"],
        ),
        ("<a href='/a&#x81;b'><a href='/c&#99999999999;d'>", ["/a%C2%81b", "/c%EF%BF%BDd"]),
        (
            "<a href='/a&not;b'><a href='/c&notd'><a href='/e&not=f'>",
            ["/a%C2%ACb", "/c&notd", "/e&not=f"],
        ),
        # RCDATA, raw text, scripts; noscript is markup (Lexbor parses without scripting)
        ("<textarea><a href=/x></textarea><title><a href=/y></title><a href=/o>", ["/o"]),
        ("<xmp><a href=/x></xmp><noembed><a href=/y></noembed><iframe><a href=/z></iframe>", []),
        ("<noframes><a href=/x></noframes><noscript><a href=/n></noscript>", ["/n"]),
        ("<script><!--<script></script><a href=/x></script>--></script><a href=/o>", ["/o"]),
        ("<select><style><a href=/x><!--</style><a href=/y>-->", ["/y"]),
        ("<a href=/1><plaintext><a href=/2>", ["/1"]),
        # a frameset replaces a body that has no text yet: no links at all
        ("<a href=/1></a><frameset><a href=/2>", []),
        ("<a href=/1> &#32;</a><frameset>", []),
        ("<a href=/1>x</a><frameset>", ["/1"]),
        ("<a href=/1>&nbsp;</a><frameset>", ["/1"]),
        ("<a href=/1><img><frameset>", ["/1"]),
        ("<a href=/1><input type=hidden><frameset>", []),
        ("<a href=/1><svg><frameset></svg>", ["/1"]),  # an svg element
    ],
)
def test_the_scan_reads_hostile_markup_as_lexbors_tree(body: str, expected: list[str]) -> None:
    scanned, parsed = links(body)
    assert paths(parsed) == expected  # what Lexbor gives, written down
    assert scanned == parsed


def test_a_base_in_a_template_is_not_the_base() -> None:
    body = "<template><base href='https://other.example/b/'></template><a href=x>"
    scanned, parsed = links(body)
    assert scanned == parsed == ["https://news.example.org/dir/x"]


def test_a_frameset_after_max_links_still_empties_the_page() -> None:
    page = "<html><head></head>" + "<a href=/n></a>" * 5 + "<frameset>"
    assert discover._scanned_links(page, BASE, None, 1, 2048).urls == []
    assert discover._listing_links(page, BASE, None, 1, 2048).urls == []


def test_where_the_scan_cannot_follow_it_stops_with_fewer_links() -> None:
    # an HTML element inside an integration point: the scan no longer knows whether a
    # <style> there is raw text; it stops at it
    body = "<svg><foreignObject><div><a href=/1></div></foreignObject><style></style><a href=/2>"
    scanned, parsed = links(body)
    assert paths(scanned) == ["/1"]
    assert paths(parsed) == ["/1", "/2"]


def test_random_pages_give_the_trees_links() -> None:
    found = list(listing_fuzz.differences(seed=1, pages=4_000, units=12))
    assert found == []


def test_random_long_pages_never_give_more_links_than_the_tree() -> None:
    kinds = [kind for kind, *_ in listing_fuzz.differences(seed=7, pages=1_000, units=30)]
    assert "more" not in kinds
    assert len(kinds) <= 6  # 11 of 3,000 at the commit


def test_deep_foreign_content_and_many_end_tags_stay_linear() -> None:
    # the scan keeps at most 256 open foreign elements: an end tag looks through no more
    page = "<svg>" + "<g>" * 100_000 + "</x>" * 100_000 + "<a href=/news/last.html>"
    started = time.process_time()
    scanned = discover._scanned_links(page, BASE, None, 100, 2048).urls
    assert time.process_time() - started < 3.0  # about 0.2 s; quadratic: hours
    assert scanned == ["https://news.example.org/news/last.html"]
