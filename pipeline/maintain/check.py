"""Spider checks: every spider on its reviewed fixture pages, and live against its site.

A fixture is ``<fixtures>/<spider>/<slug>.html[.gz]`` (the page as fetched) beside
``<slug>.json``, the reviewed expected fields in the format of ``shared/corpora/site-pages``::

    {"url": …, "title": …, "authors": […], "published": "2024-04-28T07:00:00+00:00",
     "topics": […], "lead": …, "body": "paragraphs joined by blank lines", "crawl_date": …}

:func:`compare` is the one definition of "the spider still works": ``title``, ``authors``
and ``topics`` (the record's ``tags``) exact, ``published`` to the minute in UTC, ``lead``
exact when the JSON has one, ``body`` by token F1 ≥ :data:`BODY_F1_MIN`. Keys the JSON does
not have are not checked. ``tests/test_spiders.py``, ``newsmill spiders check`` and
``newsmill fixture record --update`` all use it.

:func:`live_check` runs a spider through the real crawl path (robots, politeness, discovery,
fetch, extract) on each of its start points with a limit of one article, and reports the
start points that yield nothing and the fields that come back empty.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import models
from pipeline.clock import to_utc
from pipeline.config import Settings, load_settings
from pipeline.errors import ConfigError, NewsmillError
from pipeline.spider import Spider, get_spider, load_spiders

__all__ = [
    "BODY_F1_MIN",
    "FieldDiff",
    "FixtureResult",
    "LiveResult",
    "check_fixture",
    "check_spiders",
    "compare",
    "default_fixtures_root",
    "expected_path",
    "extracted_fields",
    "fields_to_expect",
    "fixture_pages",
    "live_check",
    "read_page",
    "require_checkout",
    "token_f1",
]

#: Body token F1 a spider must reach on each of its fixtures.
BODY_F1_MIN = 0.99
#: Spiders that need no fixture of their own (measured on the others' pages).
NO_FIXTURES_NEEDED = frozenset({"generic"})
_WORD = re.compile(r"\w+")


@dataclass
class FieldDiff:
    """One field of one fixture that the spider no longer extracts as reviewed."""

    field: str
    want: Any
    got: Any
    note: str = ""

    def __str__(self) -> str:
        if self.note:
            return f"{self.field}: {self.note}"
        return f"{self.field}: got {_short(self.got)}, want {_short(self.want)}"


@dataclass
class FixtureResult:
    """The outcome of one spider on one fixture page."""

    spider: str
    page: Path
    diffs: list[FieldDiff] = field(default_factory=list)
    error: str | None = None
    want: dict[str, Any] | None = None  # the reviewed JSON, when it could be read
    got: dict[str, Any] | None = None  # the same fields as extracted (see extracted_fields)

    @property
    def ok(self) -> bool:
        """No difference and no error."""
        return not self.diffs and self.error is None

    @property
    def slug(self) -> str:
        """The fixture's name without ``.html[.gz]``."""
        return self.page.name.split(".html")[0]


@dataclass
class LiveResult:
    """What a live check of one spider found: problems (empty when healthy) and notes."""

    spider: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems


def default_fixtures_root() -> Path:
    """``tests/fixtures`` of the checkout the ``spiders`` package is imported from."""
    import spiders

    return Path(next(iter(spiders.__path__))).resolve().parent / "tests" / "fixtures"


def fixture_pages(spider: str, root: Path) -> list[Path]:
    """The fixture pages of ``spider`` under ``root``, sorted."""
    folder = root / spider
    return sorted(p for p in folder.glob("*.html*") if p.name.endswith((".html", ".html.gz")))


def expected_path(page: Path) -> Path:
    """The reviewed JSON beside a fixture page."""
    return page.with_name(page.name.split(".html")[0] + ".json")


def read_page(page: Path) -> bytes:
    """The page's bytes (gunzipped when stored as ``.gz``)."""
    data = page.read_bytes()
    return gzip.decompress(data) if page.suffix == ".gz" else data


def token_f1(got: str, want: str) -> float:
    """Bag-of-words F1 between two texts, case-folded (the body target's measure)."""
    g, w = Counter(_WORD.findall(got.lower())), Counter(_WORD.findall(want.lower()))
    overlap = sum((g & w).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(g.values()), overlap / sum(w.values())
    return 2 * p * r / (p + r)


def compare(article: models.Article, want: dict[str, Any]) -> list[FieldDiff]:
    """The fields of ``want`` (reviewed fixture JSON) that ``article`` does not match."""
    diffs: list[FieldDiff] = []
    if "title" in want and article.title != (want["title"] or "").strip():
        diffs.append(FieldDiff("title", (want["title"] or "").strip(), article.title))
    if "authors" in want and article.authors != want["authors"]:
        diffs.append(FieldDiff("authors", want["authors"], article.authors))
    if "published" in want and _minute(article.published_at) != _minute(want["published"]):
        diffs.append(FieldDiff("published", want["published"], article.published_at))
    if "topics" in want and article.tags != want["topics"]:
        diffs.append(FieldDiff("topics", want["topics"], article.tags))
    if "lead" in want and (article.lead or None) != ((want["lead"] or "").strip() or None):
        diffs.append(FieldDiff("lead", want["lead"], article.lead))
    if "body" in want:
        f1 = token_f1(article.text, want["body"])
        if f1 < BODY_F1_MIN:
            diffs.append(
                FieldDiff("body", want["body"], article.text, _body_note(article.text, want, f1))
            )
    return diffs


def check_fixture(spider: str | Spider, page: Path) -> FixtureResult:
    """Run ``spider`` on one fixture page and compare with its reviewed JSON."""
    from pipeline.api import extract_article

    name = spider if isinstance(spider, str) else spider.name
    result = FixtureResult(name, page)
    json_path = expected_path(page)
    try:
        want = json.loads(json_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        result.error = f"no reviewed {json_path.name} beside {page.name}"
        return result
    except (OSError, ValueError) as exc:
        result.error = f"{json_path.name} is not readable JSON: {exc}"
        return result
    result.want = want if isinstance(want, dict) else None
    try:
        article = extract_article(read_page(page), want.get("url"), spider=spider, enrich=False)
    except NewsmillError as exc:
        result.error = f"extraction failed: {exc}"
        return result
    result.diffs = compare(article, want)
    result.got = extracted_fields(article)
    return result


def extracted_fields(article: models.Article) -> dict[str, Any]:
    """An article's fields under the names of the reviewed fixture JSON."""
    return {
        "url": article.url,
        "title": article.title,
        "authors": article.authors,
        "published": article.published_at,
        "topics": article.tags,
        "lead": article.lead,
        "body": article.text,
    }


def check_spiders(
    names: list[str] | None = None, root: Path | None = None
) -> tuple[list[FixtureResult], list[str]]:
    """Every named spider (default: all) on its fixtures: the results, and the spiders of
    the ``spiders`` package that have no fixture (a failure).

    Plugin spiders with no fixture under ``root`` are skipped when not named; pass the
    plugin's own fixtures folder as ``root`` to check them.
    """
    registry = load_spiders()
    root = root or default_fixtures_root()
    if names:
        for name in names:
            get_spider(name)  # UnknownSpiderError with the known names
    selected = names or [n for n in registry if n not in NO_FIXTURES_NEEDED]
    results: list[FixtureResult] = []
    missing: list[str] = []
    for name in selected:
        pages = fixture_pages(name, root)
        if not pages:
            builtin = registry[name].__module__.startswith("spiders.")
            if builtin or names:
                missing.append(name)
            continue
        results.extend(check_fixture(name, page) for page in pages)
    return results, missing


def live_check(
    spider: Spider,
    *,
    settings: Settings | None = None,
    expect: set[str] | None = None,
) -> LiveResult:
    """Crawl one article from each of the spider's start points through the real crawl path.

    ``expect`` are the fields that must come back non-empty (default: title, body and those
    the spider's fixtures have). Nothing is kept: output goes to a temporary folder.
    """
    from pipeline.runs.crawl import CrawlOptions, run_crawl

    settings = settings or load_settings()
    expect = expect or {"title", "body"}
    report = LiveResult(spider.name)
    starts = spider.start_urls()
    if not starts:
        report.problems.append("no start points (feeds, sitemaps or listings)")
        return report
    for i, start in enumerate(starts):
        if i:
            time.sleep(max(spider.delay, settings.crawl.delay))  # one Fetcher per start point
        with tempfile.TemporaryDirectory(prefix="newsmill-check-") as tmp:
            result = run_crawl(
                [spider],
                CrawlOptions.build(
                    settings,
                    out=Path(tmp),
                    start_urls=[start],
                    max_articles=1,
                    enrich=False,
                    workers_per_spider=1,
                    handle_signals=False,
                ),
            )
        counts, errors = result.counts, ", ".join(f"{k} {v}" for k, v in result.errors.items())
        if not counts.get("start_pages"):
            report.problems.append(f"{start}: not fetched ({errors or 'robots.txt'})")
        elif not counts.get("discovered"):
            report.problems.append(f"{start}: no article links found")
        elif not result.articles:
            report.problems.append(f"{start}: the article found is not extracted ({errors})")
        else:
            article = result.articles[0]
            empty = sorted(f for f in expect if not _live_value(article, f))
            if empty:
                report.problems.append(f"{article.url}: empty {', '.join(empty)}")
            else:
                report.notes.append(
                    f"{start} → {article.url}: {article.word_count} words, "
                    f"{len(article.authors)} author(s), published {article.published_at}"
                )
    return report


def fields_to_expect(spider: str, root: Path | None = None) -> set[str]:
    """Fields a live article should have: title, body, and those the fixtures fill."""
    fields_ = {"title", "body"}
    for page in fixture_pages(spider, root or default_fixtures_root()):
        try:
            want = json.loads(expected_path(page).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        fields_ |= {k for k in ("authors", "published", "topics", "lead") if want.get(k)}
    return fields_


def _live_value(article: models.Article, name: str) -> Any:
    attr = {"body": "text", "published": "published_at", "topics": "tags"}.get(name, name)
    return getattr(article, attr, None)


def _minute(value: str | None) -> datetime | None:
    parsed = to_utc(value) if value else None
    return parsed.replace(second=0, microsecond=0) if parsed is not None else None


def _body_note(got: str, want: dict[str, Any], f1: float) -> str:
    got_p = [p.strip() for p in got.split("\n\n") if p.strip()]
    want_p = [p.strip() for p in str(want["body"]).split("\n\n") if p.strip()]
    missing = [p for p in want_p if p not in set(got_p)]
    extra = [p for p in got_p if p not in set(want_p)]
    bits = [f"token F1 {f1:.3f} < {BODY_F1_MIN}"]
    if missing:
        bits.append(f"{len(missing)} paragraph(s) missing, first {_short(missing[0])}")
    if extra:
        bits.append(f"{len(extra)} extra, first {_short(extra[0])}")
    return "; ".join(bits)


def _short(value: Any, limit: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def require_checkout(root: Path) -> Path:
    """``root`` if it is a newsmill checkout (``spiders/`` and ``pyproject.toml``)."""
    if not (root / "spiders").is_dir() or not (root / "pyproject.toml").is_file():
        raise ConfigError(
            f"{root} is not a newsmill checkout (no spiders/ and pyproject.toml); "
            "run from a source checkout installed with pip install -e"
        )
    return root
