"""Properties of the clean stage, checked on generated noisy text (hypothesis).

- cleaning is idempotent: clean(clean(x)) == clean(x), so re-cleaning a record never moves
  its offsets;
- it never drops a letter or digit that was not part of the noise;
- the record's offsets stay valid: the clean text is what gets enriched, and every span's
  ``text[start:end]`` is its ``text``.

Budget: about 5 s on a laptop core (the spaCy check runs a handful of examples).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import extract_fields
from pipeline.extract.clean import clean_text
from pipeline.extract.parse import LexborHTMLParser, node_text
from pipeline.extract.raw import RawArticle

#: Letters and digits a news text holds; none of them forms mojibake with another.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éèüößñçøåЖжщёяПрλΩ"
PUNCT = ",.;:!?()-–—'’“”«»\""
#: Noise that stands for white space, an invisible character or punctuation: removing it,
#: or decoding it, must never take a letter or digit of the text with it.
NOISE = [
    "&# 160;", "&#160 ;", "& #160;", "&#x a0;", "&#160;", "&nbsp;", "&nbsp", "&amp;nbsp;",
    "&amp;#160;", "&amp;amp;#160;", "&#8203;", "&#173;", "\u00a0", "\u202f", "\u200b",
    "\u00ad", "\ufeff", "\u2060", "\r\n", "\t", "  ", "\x07", "&#13;", "&#x2009;", "&#150;",
    "&laquo;", "&raquo;", "&# 171;", "&# 187;", "&#8217;", "&rsquo;", "\x96", "..",
]  # fmt: skip

#: Bounded examples, no deadline (the machine is shared), no example database written to disk.
FAST = settings(max_examples=150, deadline=None, database=None)

word = st.text(alphabet=LETTERS, min_size=1, max_size=12)
noise = st.sampled_from(NOISE)
sep = st.sampled_from([" ", " ", " ", ", ", ". ", " — ", "; ", " (", ") ", " «", "» ", " “", "” "])
# an ampersand that is text, not an entity
brand = st.sampled_from(["R&D", "AT&T", "S&P", "M&S", "Q&A", "P&O", "H&M"])


@st.composite
def noisy(draw: st.DrawFn) -> tuple[str, str]:
    """(noisy text, the letters and digits of its non-noise part, in order)."""
    parts: list[str] = []
    letters: list[str] = []
    for _ in range(draw(st.integers(1, 12))):
        w = draw(st.one_of(word, word, word, brand))
        parts.append(w)
        letters.append(w)
        if draw(st.booleans()):
            parts.append(draw(noise))
        parts.append(draw(sep))
        if draw(st.integers(0, 4)) == 0:
            parts.append(draw(noise))
    text = "".join(parts)
    return text, "".join(c for c in "".join(letters) if c.isalnum())


anything = st.text(
    alphabet=st.sampled_from(list(LETTERS[:8] + PUNCT + "&#;x0123 \u00a0\u200b\r\n.…")), max_size=60
) | st.lists(st.one_of(noise, word, sep, brand), max_size=12).map("".join)


def alnum(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", s) if c.isalnum())


@FAST
@given(anything)
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text, Counter())
    assert clean_text(once, Counter()) == once


@FAST
@given(anything)
def test_clean_output_is_one_line_without_invisible_noise(text: str) -> None:
    out = clean_text(text, Counter())
    assert out == out.strip()
    assert not any(c in out for c in "\r\n\t\u00a0\u200b\u00ad\ufeff\x07"), repr(out)
    assert "  " not in out
    assert unicodedata.is_normalized("NFC", out)


@FAST
@given(noisy())
def test_no_letter_or_digit_is_lost(case: tuple[str, str]) -> None:
    text, letters = case
    counts: Counter[str] = Counter()
    out = clean_text(text, counts)
    assert alnum(out) == letters, (text, out)


@FAST
@given(noisy())
def test_repairs_are_counted(case: tuple[str, str]) -> None:
    text, _ = case
    counts: Counter[str] = Counter()
    out = clean_text(text, counts)
    if out != text.strip():
        assert +counts, (text, out)


@st.composite
def page(draw: st.DrawFn) -> tuple[str, list[str]]:
    """An HTML page of noisy paragraphs (escaped once more, as a CMS export does)."""
    paragraphs = [f"Paragraph {i}: {draw(noisy())[0]}" for i in range(draw(st.integers(1, 5)))]
    body = "".join(f"<p>{p.replace('&', '&amp;')}</p>" for p in paragraphs)
    html = (
        "<html><head><title>Generated headline</title></head>"
        f"<body><article><h1>Generated headline</h1>{body}</article></body></html>"
    )
    return html, paragraphs


class ParagraphSpider:
    """Reads every ``<p>`` as it is, so the test sees the clean stage alone."""

    def parse_article(self, tree: LexborHTMLParser, url: str | None) -> RawArticle:
        return RawArticle(paragraphs=[node_text(p) for p in tree.css("article p")])


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(page())
def test_record_text_is_the_cleaned_paragraphs(case: tuple[str, list[str]]) -> None:
    html, paragraphs = case
    fields = extract_fields(html, "https://example.com/a/1.html", spider=ParagraphSpider())
    assert fields.text.split("\n\n") == [clean_text(p, Counter()) for p in paragraphs]
    # offsets computed on this text survive the trip to JSON and back, and re-cleaning
    assert json.loads(json.dumps(fields.text, ensure_ascii=False)) == fields.text
    fields.text.encode("utf-8")  # no lone surrogates
    for p in fields.text.split("\n\n"):
        assert clean_text(p, Counter()) == p


def test_offsets_index_the_clean_text() -> None:
    """Enrichment of a noisy page: every span of the record is where its offsets say."""
    from pipeline import extract_article

    @settings(
        max_examples=8,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.lists(noise, min_size=4, max_size=4))
    def check(noises: list[str]) -> None:
        a, b, c, d = noises
        html = (
            "<html><head><title>Report on Belarus</title></head><body><article>"
            f"<p>Amnesty International{a}said on 28 October 2020 that more than 900{b}"
            f"complaints were filed in Minsk..</p><p>“We are worried, ”said{c}Marie Struthers,"
            f" Director of Amnesty International.{d} Dozens of cases were opened.</p>"
            "</article></body></html>"
        ).replace("&", "&amp;")
        record = extract_article(html, "https://example.com/a/2.html", spider="generic")
        spans = [*record.entities, *record.dates, *record.figures, *record.quotes]
        assert spans
        for span in spans:
            assert record.text[span.start : span.end] == span.text, span

    check()
