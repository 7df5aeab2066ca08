"""A listing page over the article structure budget still gives its links (#14).

A start page of a crawl is only read for its links: one over the element budget (a site's
archive page of 300,000 elements) had been refused like an article, and the crawl found
nothing from it (``start_failed``). Its links are now read by a bounded scan of the ``<a>``
start tags as the HTML tokenizer reads them (comments and raw text such as scripts passed
over, ``<base href>`` honoured, character references decoded), at most ``max_links``, in
time linear in the page and with no tree built.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile import good_page

from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.crawl import discover
from pipeline.crawl.discover import parse_listing
from pipeline.errors import OverBudgetError
from pipeline.extract.parse import check_budget
from pipeline.runs.crawl import CrawlOptions, run_crawl
from pipeline.spider import Spider

BASE = "https://news.example.org"
#: Elements enough to be over the element budget (250,000), cheap to write.
FILLER = "<b></b>" * 260_000
#: Nested deeper than the depth budget (8,000): refused after 8,001 tags, a quicker test.
DEEP = "<div>" * 8_100


class ListingSpider(Spider):
    name = "listing_site"
    listings = ("/index.html",)
    article_url = r"/news/[\w-]+\.html$"
    delay = 0.0


def over_budget(body: str, filler: str = DEEP) -> str:
    head = "<!doctype html><html><head><title>Archive</title></head>"
    page = f"{head}<body>{body}{filler}</body></html>"
    with pytest.raises(OverBudgetError):
        check_budget(page)
    return page


def test_a_listing_page_over_the_element_budget_gives_its_links() -> None:
    items = "".join(f"<li><a href='/news/story-{i}.html'>Story {i}</a></li>" for i in range(40))
    page = over_budget(f"<nav><a href='/about.html'>About</a></nav><ul>{items}</ul>", FILLER)
    urls = parse_listing(page, BASE + "/index.html", ListingSpider(base_url=BASE))
    assert urls == [f"{BASE}/news/story-{i}.html" for i in range(40)]


def test_the_scan_reads_tags_as_the_tokenizer_does() -> None:
    body = (
        "<base href='https://news.example.org/world/'>"
        '<A HREF="/news/upper.html">upper</A>'
        "<a class=teaser href=/news/unquoted.html>unquoted</a>"
        "<a href='/news/entities.html?day=1&amp;page=2'>entities</a>"
        "<a\nhref = 'relative.html'>relative to the base</a>"
        "<!-- <a href='/news/in-comment.html'>old</a> -->"
        "<script>var s = \"<a href='/news/in-script.html'>\";</script>"
        "<textarea><a href='/news/in-textarea.html'></textarea>"
        "<abbr href='/news/not-a-link.html'>abbr</abbr>"
        "<a name=top>no href</a><a href=''>empty</a>"
        "<a href='https://elsewhere.example.com/news/other-site.html'>other site</a>"
        "<a href='javascript:void(0)'>script link</a>"
        "<a href='/news/upper.html'>again</a>"
    )
    urls = parse_listing(over_budget(body), BASE + "/index.html")
    assert urls == [
        f"{BASE}/news/upper.html",
        f"{BASE}/news/unquoted.html",
        f"{BASE}/news/entities.html?day=1&page=2",
        f"{BASE}/world/relative.html",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "<ul><li><a href='/news/a.html'>A</a><li><a href=/news/b.html>B</a></ul>",
        "<base href='/sub/'><a href='c.html'>c</a><a href='../d.html'>d</a>",
        "<!-- <a href='/x.html'> --><a href='/y.html?a=1&amp;b=2'>y</a>",
        "<script>document.write('<a href=\"/s.html\">')</script><a href='/t.html'>t</a>",
        "<style>a[href='/u.html']{}</style><title><a href='/v.html'></title><a href=/w>w</a>",
        "<a href='/e&eacute;t&#233;.html'>accents</a><a href=' /spaced.html '>spaced</a>",
        "<a data-x='<a href=/inner.html>' href='/outer.html'>o</a><a href=/f.html/>f</a>",
        "<svg><a href='/in-svg.html'>s</a></svg><a HREF='/g.html' href='/h.html'>dup</a>",
    ],
)
def test_the_scan_finds_what_the_parsed_tree_finds(body: str) -> None:
    page = f"<html><head><title>t</title></head><body>{body}</body></html>"
    scanned = discover._scanned_links(page, BASE + "/index.html", None, 100, 2048)
    parsed = discover._listing_links(page, BASE + "/index.html", None, 100, 2048)
    assert scanned == parsed


def test_the_scan_stops_at_max_links() -> None:
    items = "".join(f"<a href='/news/s{i}.html'>{i}</a>" for i in range(500))
    page = over_budget(items)
    assert len(parse_listing(page, BASE + "/", max_links=120)) == 120


def test_the_scan_is_linear_on_tags_that_hold_tag_like_attributes() -> None:
    # 999 attributes named "<a" in each tag, 5 MB: each "<a" inside a tag starts no tag
    unit = "<a" + " <a" * 999 + " href='/news/x.html'>x</a>"
    page = unit * (5_000_000 // len(unit))
    started = time.process_time()
    assert discover._scanned_links(page, BASE + "/", None, 100, 2048) == [f"{BASE}/news/x.html"]
    assert time.process_time() - started < 5.0  # about 0.1 s; quadratic: minutes


def test_a_parser_failure_on_a_listing_page_still_gives_its_links(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from selectolax.lexbor import SelectolaxError

    def fail(*args: object) -> None:
        raise SelectolaxError("Can't allocate")

    monkeypatch.setattr(discover, "LexborHTMLParser", fail)
    assert parse_listing("<a href='/news/one.html'>one</a>", BASE + "/") == [
        f"{BASE}/news/one.html"
    ]


def test_a_crawl_reads_the_links_of_a_huge_listing_page(tmp_path: Path, loopback_http) -> None:  # type: ignore[no-untyped-def]
    links = "".join(f"<a href='/news/story-{n}.html'>Story {n}</a>" for n in range(3))
    listing = over_budget(f"<h1>Archive</h1>{links}", FILLER).encode()
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/robots.txt": (404, {}, b""),
        "/index.html": (200, {"Content-Type": "text/html; charset=utf-8"}, listing),
    }
    for n in range(3):
        page = good_page(n)
        routes[f"/news/story-{n}.html"] = (200, {"Content-Type": page.content_type}, page.body)
    server = loopback_http(routes)
    settings = Settings(
        out_dir=tmp_path / "out",
        crawl=CrawlSettings(delay=0.0, retries=0),
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
    )
    options = CrawlOptions.build(
        settings, out=tmp_path / "out", state=tmp_path / "state.sqlite", enrich=False
    )
    result = run_crawl([ListingSpider(base_url=server.base)], options)
    assert result.counts["start_failed"] == 0
    assert result.counts["written"] == 3
