"""A listing page over the article structure budget still gives its links (#14).

A start page of a crawl is only read for its links: one over the element budget (a site's
archive page of 300,000 elements) had been refused like an article, and the crawl found
nothing from it (``start_failed``). Its links are now read by a bounded scan of the ``<a>``
start tags as the HTML tokenizer reads them (comments and raw text such as scripts passed
over, ``<base href>`` honoured, character references decoded), at most ``max_links``, in
time linear in the page and with no tree built.

The reading of a listing is bounded in time too, and it is done off the crawl's event loop:
a page of many links the spider refuses (each resolved, about 30 µs apiece) took seconds
on the loop and held every other host's fetches and timers meanwhile. It runs in an
extraction worker now, and stops at the page budget (the extraction's
:class:`~pipeline.extract.deadline.Deadline`) keeping the links found before: a counted
``start_over_budget``, not a crash.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from hostile import good_page

from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.crawl import discover
from pipeline.crawl.discover import parse_listing, read_listing
from pipeline.errors import OverBudgetError
from pipeline.extract.deadline import EVERY, Deadline
from pipeline.extract.parse import check_budget
from pipeline.runs import crawl, workers
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


def loopback_crawl(tmp_path: Path, page_budget: float, start_urls: list[str]) -> CrawlOptions:
    """Options of a crawl of loopback servers from ``start_urls``: no delay, no retry, no
    enrichment, the output under ``tmp_path``."""
    settings = Settings(
        out_dir=tmp_path / "out",
        page_budget=page_budget,
        crawl=CrawlSettings(delay=0.0, retries=0),
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
    )
    return CrawlOptions.build(
        settings, out=tmp_path / "out", start_urls=start_urls, enrich=False, handle_signals=False
    )


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
        # end tags in foreign content: what each closes, and where its walk stops
        "<svg><g><foreignObject><svg><g></g></svg><a href=/i.html>i</a></foreignObject></svg>",
        "<svg><desc><svg><g></desc><a href=/j.html>j</a></g></svg><a href=/k.html>k</a>",
        "<math><mi><svg><g></g></svg></mi></math><style><a href=/l.html></style><a href=/m>m",
        "<svg><g><g></g></g></x></svg><style><a href=/n.html></style><a href=/o.html>o</a>",
        "<template><svg><g></template><a href=/p.html>p</a><svg><template></g></svg>",
        "<svg><desc></desc></desc></svg><title><a href=/q.html></title><a href=/r.html>r</a>",
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
    found = discover._scanned_links(page, BASE + "/", None, 100, 2048)
    assert found.urls == [f"{BASE}/news/x.html"]
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


# -- the time a listing's reading may take -----------------------------------------------------
def slow_listing(articles: int, others: int) -> str:
    """A listing whose reading is slow for its links, not its structure: ``articles`` article
    links first, then (after markup deeper than the depth budget, so the quick scan reads it)
    ``others`` links to other sites, each resolved and refused (about 30 µs apiece)."""
    links = "".join(f"<a href='/news/story-{n}.html'>Story {n}</a>" for n in range(articles))
    elsewhere = "".join(f"<a href=//o{i}.example/>" for i in range(others))
    return over_budget(f"<h1>Archive</h1>{links}{DEEP}{elsewhere}", "")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_listing_past_its_deadline_keeps_the_links_found_before() -> None:
    clock = Clock()
    deadline = Deadline(5.0, url=BASE + "/", clock=clock)
    clock.now += 6.0  # past: the next reading of the clock ends the loop
    hrefs = [f"/news/s{i}.html" for i in range(3 * EVERY)]
    found = discover._kept_links(hrefs, BASE + "/", BASE + "/", None, 10_000, 2048, deadline)
    # the link loop reads the clock every EVERY links (Deadline.tick): cut at the first reading
    assert found.urls == [f"{BASE}/news/s{i}.html" for i in range(EVERY - 1)]
    assert found.cut is not None
    assert found.cut.reason == "time"
    assert "listing" in str(found.cut)


def test_a_listing_already_past_its_deadline_gives_nothing_and_says_why() -> None:
    clock = Clock()
    deadline = Deadline(1.0, url=BASE + "/", clock=clock)
    clock.now += 2.0
    page = in_budget("<a href='/news/one.html'>one</a>" * 3_000)
    found = read_listing(page, BASE + "/", deadline=deadline)
    assert found.urls == []
    assert found.cut is not None
    assert found.cut.reason == "time"
    # no deadline: the same page read whole
    assert read_listing(page, BASE + "/").urls == [f"{BASE}/news/one.html"]


def test_the_scan_of_a_slow_listing_stops_at_its_deadline() -> None:
    page = slow_listing(5, 150_000)  # about 5 s to read whole
    started = time.monotonic()
    # a budget of 1 s: the first links are read in well under it even on a loaded machine
    # (0.3 s lost them there: the parse of the page came first)
    found = read_listing(page, BASE + "/index.html", deadline=Deadline(1.0, url=BASE))
    took = time.monotonic() - started
    assert found.urls == [f"{BASE}/news/story-{n}.html" for n in range(5)]
    assert found.cut is not None
    assert found.cut.reason == "time"
    assert took < 3.0, took  # the budget plus at most EVERY steps of the loop
    assert parse_listing(page[:20_000], BASE + "/index.html") == found.urls  # no deadline


def test_a_slow_listing_does_not_hold_the_other_hosts(  # type: ignore[no-untyped-def]
    tmp_path: Path, loopback_http, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start page read for seconds is read in a worker, while the event loop serves the
    other host; at the page budget its reading stops, keeping the article links before."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    servers = []
    for listing in (slow_listing(3, 200_000), in_budget(_links(3))):
        routes: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/robots.txt": (404, {}, b""),
            "/index.html": (200, html, listing.encode()),
        }
        for n in range(3):
            page = good_page(n)
            routes[f"/news/story-{n}.html"] = (200, {"Content-Type": page.content_type}, page.body)
        servers.append(loopback_http(routes))
    slow, other = servers
    starts = [slow.base + "/index.html", other.base + "/index.html"]
    options = loopback_crawl(tmp_path, 2.0, starts)
    # a start page's reading is never demoted (nice +10, SCHED_IDLE): on a busy core a
    # demoted reading did not reach its deadline and was killed with no link kept
    calls: list[tuple[str, float | None]] = []
    run = workers.WorkerPool.run

    async def spy(self: workers.WorkerPool, *args: Any, **kwargs: Any) -> Any:
        calls.append((kwargs.get("what", ""), kwargs.get("demote_after")))
        return await run(self, *args, **kwargs)

    monkeypatch.setattr(workers.WorkerPool, "run", spy)
    ticks: list[float] = []
    started = time.monotonic()
    written: list[str] = []
    result = run_crawl(
        [ListingSpider(base_url=slow.base)],
        options,
        progress=lambda _: ticks.append(time.monotonic()),
        on_article=lambda article: written.append(str(article.url)),
    )
    # the other host's listing was read (and its articles written) while the slow one was
    # being read: start pages of one host do not wait for another's
    hosts = [url.startswith(other.base) for url in written]
    assert hosts == [True] * 3 + [False] * 3, written
    took = time.monotonic() - started
    reads = [demote for what, demote in calls if what.startswith("reading the")]
    assert reads == [None, None], calls
    # the progress ticker (every 0.5 s, on the event loop) was never held up by the reading
    gaps = [b - a for a, b in zip([started, *ticks[:-2]], ticks[:-1], strict=True)]
    assert max(gaps) < 1.25, gaps
    assert took < 10.0, took
    c = result.counts
    assert c["start_pages"] == 2
    assert c["start_over_budget"] == 1
    assert c["start_failed"] == 0
    assert c["written"] == 6  # the other host's 3, and the 3 found before the cut
    assert result.errors == {"OverBudget:time": 1}
    assert result.exit_code == 1  # some of a start page went unread: not a clean run


def in_budget(body: str) -> str:
    page = f"<!doctype html><html><head><title>Latest</title></head><body>{body}</body></html>"
    check_budget(page)
    return page


def _links(n: int) -> str:
    return "".join(f"<a href='/news/story-{i}.html'>Story {i}</a>" for i in range(n))


def _sitemap(urls: list[str]) -> bytes:
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="{ns}">{locs}</urlset>'.encode()


def test_start_pages_do_not_wait_behind_their_hosts_articles(  # type: ignore[no-untyped-def]
    tmp_path: Path, loopback_http, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sitemap index's children are read while the host's slow articles extract: a start
    page does not take its host's article slot (there it waited for each slow extraction)."""
    from pipeline.api import extract_article

    xml = {"Content-Type": "application/xml"}
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {"/robots.txt": (404, {}, b"")}
    server = loopback_http(routes)
    b = server.base
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    children = "".join(f"<sitemap><loc>{b}/sm{i}.xml</loc></sitemap>" for i in range(1, 4))
    index = f'<?xml version="1.0"?><sitemapindex xmlns="{ns}">{children}</sitemapindex>'
    routes["/index.xml"] = (200, xml, index.encode())
    routes["/sm1.xml"] = (200, xml, _sitemap([f"{b}/news/slow{i}.html" for i in range(3)]))
    routes["/sm2.xml"] = (200, xml, _sitemap([f"{b}/news/fast1.html"]))
    routes["/sm3.xml"] = (200, xml, _sitemap([f"{b}/news/fast2.html"]))
    for i, name in enumerate(["slow0", "slow1", "slow2", "fast1", "fast2"]):
        page = good_page(i)
        routes[f"/news/{name}.html"] = (200, {"Content-Type": page.content_type}, page.body)

    def slow_extract(content: bytes, **kw: Any) -> Any:
        if "/news/slow" in kw["url"]:
            time.sleep(1.5)  # no CPU: the wait is the slot, not the machine
        return extract_article(content, **kw)

    read_at: dict[str, float] = {}
    real = crawl._read_start

    def spy(kind: str, content: bytes, base: str, *args: Any) -> Any:
        read_at[base.rsplit("/", 1)[1]] = time.monotonic()
        return real(kind, content, base, *args)

    monkeypatch.setattr(crawl, "_read_start", spy)  # an extract given: threads
    options = loopback_crawl(tmp_path, 20.0, [b + "/index.xml"])
    started = time.monotonic()
    result = run_crawl([SitemapSpider(base_url=b)], options, extract=slow_extract)
    assert result.counts["written"] == 5
    assert set(read_at) == {"index.xml", "sm1.xml", "sm2.xml", "sm3.xml"}
    # all read before the first slow extraction ends (before: one each 1.5 s)
    assert max(read_at.values()) - started < 1.4, read_at


class SitemapSpider(Spider):
    name = "sitemap_site"
    article_url = r"/news/\w+\.html$"
    delay = 0.0


# -- the tag scan: cut, frameset, hostile cost ---------------------------------------------------
class Readings:
    """A clock past its deadline after ``n`` readings."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.calls = 0

    def __call__(self) -> float:
        self.calls += 1
        return 0.0 if self.calls <= self.n else 100.0


def test_a_cut_scan_keeps_no_link_a_later_frameset_may_yet_drop() -> None:
    # links with no text leave the frameset-ok flag set: a <frameset> after them replaces
    # the body, and the tree has no link; a scan cut before it cannot know, keeps none
    links = "".join(f"<a href=/news/s{i}.html></a>" for i in range(3_000))
    page = f"<html><head></head>{links}{DEEP}<frameset><frame src=/x></frameset>"
    assert discover._listing_links(page, BASE + "/", None, 100_000, 2048).urls == []
    assert read_listing(page, BASE + "/").urls == []
    for readings in (8, 12, 20):
        found = read_listing(page, BASE + "/", deadline=Deadline(1.0, clock=Readings(readings)))
        assert found.cut is not None
        assert found.urls == [], readings
    # cut in the reading after max_links: none either
    found = read_listing(page, BASE + "/", max_links=10, deadline=Deadline(1.0, clock=Readings(4)))
    assert found.urls == []
    # text clears the flag: the links before the cut are kept
    page = page.replace("<html><head></head>", "<html><head></head>Latest")
    found = read_listing(page, BASE + "/", deadline=Deadline(1.0, clock=Readings(20)))
    assert found.cut is not None
    assert found.urls


def test_a_lt_sign_that_is_text_counts_toward_the_scans_deadline() -> None:
    page = over_budget(
        "<a href='/news/s1.html'>1</a>" + "<" * (4 * EVERY) + "<a href=/news/s2.html>"
    )
    found = read_listing(page, BASE + "/", deadline=Deadline(1.0, clock=Readings(12)))
    assert found.cut is not None  # before: the "<"s read no clock, the scan was not cut
    assert found.urls == [f"{BASE}/news/s1.html"]


def test_end_tags_under_deep_foreign_content_take_one_step_each() -> None:
    # 254 open foreign elements (under the 256 the scan follows), then end tags of a name
    # not open: each walked the whole stack (about 23 µs a tag, 9 s here); now one step
    ends = 400_000
    page = f"{DEEP}<a href=/news/s1.html><svg>{'<g>' * 254}{'</x>' * ends}<a href=/news/s2.html>"
    started = time.process_time()
    found = read_listing(page, BASE + "/")
    assert found.urls == [f"{BASE}/news/s1.html", f"{BASE}/news/s2.html"]
    assert time.process_time() - started < 5.0  # about 0.8 s; with the walk: 9 s
    # a breakout tag where the scan is lost, 256 deep: one step each too
    page = f"{DEEP}<a href=/news/s1.html><svg>{'<g>' * 300}{'</x><p>' * (ends // 2)}"
    started = time.process_time()
    assert read_listing(page, BASE + "/").urls == [f"{BASE}/news/s1.html"]
    assert time.process_time() - started < 5.0


class FeedSpider(Spider):
    name = "feed_site"
    article_url = r"/news/\w+\.html$"
    delay = 0.0


def test_a_feed_past_the_hard_bound_is_killed_with_no_links_kept(  # type: ignore[no-untyped-def]
    tmp_path: Path, loopback_http
) -> None:
    """Feeds and sitemaps read no deadline (feedparser and ElementTree read the whole
    document, about 0.5 s/MB for a feed): one read past the page budget is killed with its
    worker at ``kill_timeout`` and gives nothing, counted ``start_over_budget``; the other
    start pages go on."""
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {"/robots.txt": (404, {}, b"")}
    server = loopback_http(routes)
    b = server.base
    rss = {"Content-Type": "application/rss+xml"}
    words = "word " * 40
    items = "".join(
        f"<item><title>S{i}</title><link>{b}/news/s{i}.html</link>"
        f"<description>{words}</description></item>"
        for i in range(30_000)  # 8.5 MB: about 4 s to read, killed at 1.2 s
    )
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    routes["/feed.xml"] = (200, rss, f"{head}{items}</channel></rss>".encode())
    small = f"<item><link>{b}/news/a.html</link></item>"
    routes["/small.xml"] = (200, rss, f"{head}{small}</channel></rss>".encode())
    page = good_page(0)
    routes["/news/a.html"] = (200, {"Content-Type": page.content_type}, page.body)
    options = loopback_crawl(tmp_path, 0.2, [b + "/feed.xml", b + "/small.xml"])
    result = run_crawl([FeedSpider(base_url=b)], options)
    c = result.counts
    assert c["start_pages"] == 2
    assert c["start_over_budget"] == 1
    assert c["discovered"] == 1  # none of the killed feed's links
    assert c["written"] == 1
    assert result.errors == {"OverBudget:time": 1}
    assert result.workers_killed == 1
    assert result.exit_code == 1
