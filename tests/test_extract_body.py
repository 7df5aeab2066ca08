"""The generic body extractor on real pages (token F1 against the reviewed body) and snippets."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline.extract.body import extract_body
from pipeline.extract.parse import parse_html

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = [
    FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.html.gz",
    *sorted((FIXTURES / "extract" / "site-pages").glob("*.html.gz")),
]
F1_FLOOR = 0.9


def token_f1(got: str, expected: str) -> float:
    """Bag-of-words F1 of two texts (lower-cased word tokens)."""
    a = Counter(re.findall(r"\w+", got.lower()))
    b = Counter(re.findall(r"\w+", expected.lower()))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def load(page: Path) -> tuple[str, dict[str, object]]:
    html = gzip.decompress(page.read_bytes()).decode("utf-8")
    expected = json.loads(page.with_name(page.name.replace(".html.gz", ".json")).read_text("utf-8"))
    return html, expected


def test_fixture_pages_present() -> None:
    assert len(PAGES) == 5


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name.split(".")[0])
def test_generic_body_f1(page: Path) -> None:
    html, expected = load(page)
    tree = parse_html(html)
    paragraphs = extract_body(tree)
    assert len(paragraphs) >= 3
    assert token_f1(" ".join(paragraphs), str(expected["body"])) >= F1_FLOOR


def test_extract_body_does_not_modify_the_tree() -> None:
    html, _ = load(PAGES[0])
    tree = parse_html(html)
    before = tree.html
    extract_body(tree)
    assert tree.html == before


ARTICLE = """
<html><body>
  <header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
  <div class="breadcrumb"><a href="/">Home</a> › <a href="/world">World</a></div>
  <main>
    <article>
      <h1>Rivers burst their banks</h1>
      <div class="share-tools"><a href="#">Share</a> <a href="#">Tweet</a></div>
      <figure><img src="x.jpg">
        <figcaption>A flooded street. (AP Photo/Jo Bloggs)</figcaption></figure>
      <div class="article-body">
        <p>Heavy rain caused rivers to burst their banks across the north on Sunday,
           officials said.</p>
        <p>More than 900 homes were flooded, and hundreds of people were moved to shelters.</p>
        <div class="promo-box"><p>Sign up for our newsletter, delivered every morning.</p></div>
        <h2>What happens next</h2>
        <p>Forecasters expect more rain this week, with warnings in place until Thursday.</p>
        <ul>
          <li>Schools in three districts are closed on Monday and Tuesday.</li>
          <li>Two bridges remain shut to traffic until engineers inspect them.</li>
        </ul>
        <ul class="links">
          <li><a href="/a">Storm season starts early</a></li>
          <li><a href="/b">How to prepare your home for floods</a></li>
        </ul>
        <p><a href="/c">Read more: the 2020 floods</a></p>
      </div>
      <aside class="related"><h3>Related</h3>
        <p><a href="/d">Older flood story with a long headline</a></p></aside>
    </article>
  </main>
  <div id="comments">
    <p>First comment, this is a long comment text from a reader of the site.</p></div>
  <footer><p>Copyright 2024 Example News. All rights reserved. Contact us anytime.</p></footer>
</body></html>
"""


def test_snippet_body_keeps_headings_and_lists_drops_boilerplate() -> None:
    paragraphs = extract_body(parse_html(ARTICLE))
    assert paragraphs == [
        "Heavy rain caused rivers to burst their banks across the north on Sunday, officials said.",
        "More than 900 homes were flooded, and hundreds of people were moved to shelters.",
        "What happens next",
        "Forecasters expect more rain this week, with warnings in place until Thursday.",
        "Schools in three districts are closed on Monday and Tuesday.",
        "Two bridges remain shut to traffic until engineers inspect them.",
    ]


def test_jsonld_article_body_fallback() -> None:
    body = (
        "First paragraph of the real story, long enough.\nSecond paragraph with more detail here."
    )
    html = (
        '<html><head><script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "headline": "H", "articleBody": body})
        + "</script></head><body><div id='app'>Loading…</div></body></html>"
    )
    assert extract_body(parse_html(html)) == body.split("\n")


def test_div_and_br_pages() -> None:
    html = (
        "<html><body><div class='menu'><a href='/'>Home</a></div><div class='story'>"
        "The first part of a story written without paragraph tags, only line breaks.<br><br>"
        "The second part, which continues the story with more words and detail.</div></body></html>"
    )
    assert extract_body(parse_html(html)) == [
        "The first part of a story written without paragraph tags, only line breaks.",
        "The second part, which continues the story with more words and detail.",
    ]
