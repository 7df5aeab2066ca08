"""The spider registry, and every spider checked on its real fixture pages.

A fixture is ``tests/fixtures/<spider>/<slug>.html[.gz]`` with ``<slug>.json`` holding the
reviewed expected fields (``url``, ``title``, ``authors``, ``published``, ``body``), the
format of ``../shared/corpora/site-pages``. A registered spider without fixtures fails here.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.api import extract_article
from pipeline.errors import DuplicateSpiderError
from pipeline.spider import Spider, get_spider, load_spiders, spider_for_url

FIXTURES = Path(__file__).parent / "fixtures"
NO_FIXTURES_NEEDED = {"generic"}  # it is measured on every other spider's pages instead


def _shipped_spiders() -> list[str]:
    """Spiders of the ``spiders`` package (test modules may register throwaway ones)."""
    return [n for n, cls in load_spiders().items() if cls.__module__.startswith("spiders.")]


def _fixture_pages() -> list[tuple[str, Path]]:
    pages = []
    for name in _shipped_spiders():
        for html in sorted((FIXTURES / name).glob("*.html*")):
            pages.append((name, html))
    return pages


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _expected(html: Path) -> dict:
    stem = html.name.split(".html")[0]
    return json.loads((html.parent / f"{stem}.json").read_text(encoding="utf-8"))


def token_f1(got: str, want: str) -> float:
    """Bag-of-words F1 between two texts (the measure the issue's body target uses)."""
    g, w = Counter(re.findall(r"\w+", got.lower())), Counter(re.findall(r"\w+", want.lower()))
    overlap = sum((g & w).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(g.values()), overlap / sum(w.values())
    return 2 * p * r / (p + r)


def test_builtin_spiders_are_registered():
    registry = load_spiders()
    assert {"generic", "voa", "demo"} <= set(registry)
    assert all(issubclass(cls, Spider) for cls in registry.values())


@pytest.mark.parametrize("name", _shipped_spiders())
def test_every_spider_has_fixture_pages(name):
    if name in NO_FIXTURES_NEEDED:
        pytest.skip("the generic spider is measured on the other spiders' fixture pages")
    pages = list((FIXTURES / name).glob("*.html*"))
    assert pages, f"spider {name!r} has no fixture page in tests/fixtures/{name}/"
    for page in pages:
        stem = page.name.split(".html")[0]
        assert (page.parent / f"{stem}.json").is_file(), f"{page.name} has no reviewed .json"


def test_duplicate_spider_name_is_an_error():
    with pytest.raises(DuplicateSpiderError, match="duplicate spider name 'voa'"):
        type("AnotherVoa", (Spider,), {"name": "voa", "__module__": "tests.elsewhere"})


def test_bad_spider_name_is_an_error():
    with pytest.raises(DuplicateSpiderError, match="lower-case"):
        type("Bad", (Spider,), {"name": "Bad Name", "__module__": "tests.elsewhere"})


def test_spider_is_chosen_by_domain():
    assert spider_for_url("https://www.voanews.com/a/x/7585813.html").name == "voa"
    assert spider_for_url("https://voanews.com/a/x/1.html").name == "voa"
    assert spider_for_url("https://notvoanews.com/a/x/1.html").name == "generic"
    assert spider_for_url(None).name == "generic"


def test_relative_start_points_resolve_against_base_url():
    demo = get_spider("demo", base_url="http://127.0.0.1:8000")
    assert demo.start_urls() == ["http://127.0.0.1:8000/rss.xml", "http://127.0.0.1:8000/"]
    assert demo.is_article_url("http://127.0.0.1:8000/a/some-story/123.html")
    assert not demo.is_article_url("http://127.0.0.1:8000/private/secret.html")


@pytest.mark.parametrize(
    ("name", "page"), _fixture_pages(), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_spider_on_its_fixture(name, page):
    want = _expected(page)
    article = extract_article(_read(page), want["url"], spider=name, enrich=False)
    assert article.site == name
    assert article.title == want["title"].strip()
    assert article.authors == want["authors"]
    assert article.published_at is not None
    want_utc = datetime.fromisoformat(want["published"].replace("Z", "+00:00"))
    got_utc = datetime.fromisoformat(article.published_at.replace("Z", "+00:00"))
    assert got_utc.replace(second=0) == want_utc.replace(second=0, microsecond=0)
    f1 = token_f1(article.text, want["body"])
    assert f1 >= 0.98, f"body token F1 {f1:.3f} < 0.98"
    assert "\n\n" in article.text
