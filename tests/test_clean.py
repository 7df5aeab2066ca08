"""The clean stage: noisy text from real pages → what a reader expects, with repair counts."""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline.extract.clean import clean_inline, clean_text, furniture_rules, is_furniture

# (noisy, expected, a repair key that must be counted or None)
CASES: list[tuple[str, str, str | None]] = [
    # the VOA Belarus seed, verbatim
    (
        "A new report by human rights defenders speaks of the need to use "
        "international&# 160; justice&# 160;",
        "A new report by human rights defenders speaks of the need to use international justice",
        "entity_broken",
    ),
    (
        "Russian service &# 171; Voices of America&# 187;",
        "Russian service «Voices of America»",
        "entity_broken",
    ),
    (
        "many of whom were victims of torture and ill-treatment..",
        "many of whom were victims of torture and ill-treatment.",
        "double_period",
    ),
    (
        "against victims and witnesses, ”said Marie Struthers, Director of Amnesty International",
        "against victims and witnesses,” said Marie Struthers, Director of Amnesty International",
        "quote_spacing",
    ),
    ("punishing those responsible..", "punishing those responsible.", "double_period"),
    (
        "in accordance with international law..",
        "in accordance with international law.",
        "double_period",
    ),
    ("on the protest movement.”.", "on the protest movement.”", "double_period"),
    # broken numeric entities
    ("a&#160 ;b", "a b", "entity_broken"),
    ("a& #160;b", "a b", "entity_broken"),
    ("a&#x a0;b", "a b", "entity_broken"),
    ("1990&# 8211;2000", "1990–2000", "entity_broken"),
    ("&# 8220;Yes&# 8221;", "“Yes”", "entity_broken"),
    # double and triple escaping
    ("price&amp;#160;list", "price list", "entity_double_escaped"),
    ("&amp;amp;quot;hello&amp;amp;quot;", '"hello"', "entity_double_escaped"),
    ("Q&amp;amp;A session", "Q&A session", "entity_double_escaped"),
    ("&amp;#8217;s", "’s", "entity_double_escaped"),
    # leftover or semicolon-less named entities
    ("Tom&nbsp;and Jerry", "Tom and Jerry", "entity"),
    ("Tom&nbspand Jerry", "Tom and Jerry", "entity_no_semicolon"),
    ("&laquo Hello &raquo", "« Hello »", "entity_no_semicolon"),
    ("Q&amp;A", "Q&A", "entity"),
    ("it&rsquo;s", "it’s", "entity"),
    # left alone: ampersands that are not entities
    ("R&D spending at AT&T rose", "R&D spending at AT&T rose", None),
    ("Johnson & Johnson", "Johnson & Johnson", None),
    ("&copyright notice", "&copyright notice", None),
    # C1 range
    ("1990&#150;2000", "1990–2000", "entity_c1"),
    ("&#147;quoted&#148;", "“quoted”", "entity_c1"),
    ("it\x92s here", "it’s here", "c1_control"),
    # mojibake
    ("donâ€™t stop", "don’t stop", "mojibake"),
    ("cafÃ© au lait", "café au lait", "mojibake"),
    ("â€œQuoteâ€\x9d", "“Quote”", "mojibake"),
    # Unicode normalization and invisible characters
    ("cafe\u0301", "café", "unicode_nfc"),
    ("100\u00a0km", "100 km", "nbsp"),
    ("10\u202f000 people", "10 000 people", "nbsp"),
    ("zero\u200bwidth", "zerowidth", "zero_width"),
    ("co\u00adoperation", "cooperation", "zero_width"),
    ("\ufeffStart of text", "Start of text", "zero_width"),
    ("bell\x07 and\x0bvt", "bell andvt", "control"),
    # white space and punctuation
    ("too   many    spaces", "too many spaces", "whitespace"),
    ("line\nbreak\tand tab", "line break and tab", None),
    ("Hello , world !", "Hello, world!", "space_before_punct"),
    ("Really ? Yes ; no : maybe .", "Really? Yes; no: maybe.", "space_before_punct"),
    ("said: “ Hello”", "said: “Hello”", "quote_spacing"),
    ("a «quote »", "a «quote»", "quote_spacing"),
    # kept as written
    ("Wait... what…", "Wait... what…", None),
    ("French « guillemets » stay", "French « guillemets » stay", None),
    ("’90s kids", "’90s kids", None),
    ("Prices fell 0.5 percent and .45 caliber", "Prices fell 0.5 percent and .45 caliber", None),
    ("He said \"yes\" — and 'no' – maybe", "He said \"yes\" — and 'no' – maybe", None),
    ("Visit example.com today", "Visit example.com today", None),
    ("Привет, мир!", "Привет, мир!", None),
]


@pytest.mark.parametrize(("noisy", "expected", "key"), CASES)
def test_clean_text(noisy: str, expected: str, key: str | None) -> None:
    counts: Counter[str] = Counter()
    assert clean_text(noisy, counts) == expected
    if key is not None:
        assert counts[key] >= 1, dict(counts)
    elif noisy == expected:
        assert not +counts, dict(counts)


def test_clean_text_is_idempotent() -> None:
    for noisy, _expected, _key in CASES:
        once = clean_text(noisy, Counter())
        assert clean_text(once, Counter()) == once


def test_counts_accumulate_across_calls() -> None:
    counts: Counter[str] = Counter()
    clean_text("a&# 160;b", counts)
    clean_text("c&# 160;d", counts)
    assert counts["entity_broken"] == 2


@pytest.mark.parametrize(
    ("noisy", "expected"),
    [
        ("  America&#39;s child care crisis  ", "America's child care crisis"),
        ("Headline | ", "Headline"),
        ("— Jane Doe", "Jane Doe"),
        ("Ã‰lise Lucet", "Élise Lucet"),
        ("", ""),
    ],
)
def test_clean_inline(noisy: str, expected: str) -> None:
    assert clean_inline(noisy, Counter()) == expected


@pytest.mark.parametrize(
    "line",
    [
        "I will follow",
        "Other news",
        "Share",
        "SHARE",
        "Share this article",
        "Follow",
        "Print",
        "Advertisement",
        "Related",
        "Related:",
        "RELATED COVERAGE",
        "Read more",
        "Read more: Belarus jails another journalist",
        "Sign up for our newsletter to get the latest news every morning.",
        "Ground Game: Sign up for AP’s weekly politics newsletter to get it in your inbox.",
        "(Photo: Reuters)",
        "Photo: Getty Images",
        "AP Photo/Evan Vucci",
        "(AP Photo/Marco Ugarte)",
        "A protester in Minsk, Aug. 16, 2020. (AP Photo/Sergei Grits)",
        "___",
        "•",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "The human rights organization released a new report on Tuesday.",
        "Share prices fell sharply on Monday after the announcement.",
        "Follow-up investigations are expected, officials said.",
        "Other news outlets reported the same figures.",
        "Related charges were filed against three officers.",
        "“The international community cannot stand aside”.",
    ],
)
def test_article_text_is_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_headline_repeated_is_furniture() -> None:
    title = "Amnesty International urges to investigate torture in Belarus"
    assert is_furniture(
        "Amnesty International urges to investigate torture in Belarus", title=title
    )
    assert is_furniture(
        "AMNESTY INTERNATIONAL URGES TO INVESTIGATE TORTURE IN BELARUS.", title=title
    )
    assert not is_furniture("Amnesty International urges action.", title=title)


def test_unknown_language_falls_back_to_english_rules() -> None:
    assert is_furniture("Read more", language="xx")
    exact, patterns = furniture_rules("en")
    assert "i will follow" in exact
    assert patterns
