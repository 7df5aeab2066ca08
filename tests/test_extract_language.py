"""Sizes and commas of text in any script (pipeline.extract.language)."""

from __future__ import annotations

import pytest

from pipeline.extract.language import comma_count, text_size


@pytest.mark.parametrize(
    "text",
    [
        "",
        "A ferry left the harbour at dawn, late again.",
        "Die Fähre legte im Morgengrauen ab, wieder verspätet.",
        "Паром отошёл на рассвете, снова с опозданием.",
        "Το πλοίο έφυγε τα ξημερώματα, πάλι αργά.",
        "غادرت العبارة الميناء فجراً",
        "नौका भोर में बंदरगाह से निकली",
    ],
)
def test_alphabetic_text_is_its_length(text: str) -> None:
    assert text_size(text) == len(text)


def test_ideographs_and_kana_count_three_hangul_two() -> None:
    assert text_size("渡轮清晨离港") == 18  # six ideographs
    assert text_size("フェリーは朝に出た") == 27  # kana and ideographs
    assert text_size("여객선이 새벽에 떠났다") == 2 * 10 + 2  # ten syllables, two spaces
    # mixed with Latin letters, digits and punctuation, only the CJK letters weigh more
    assert text_size("G20峰会于2024年召开。") == len("G20峰会于2024年召开。") + 2 * 6
    assert text_size("ＡＢ、。") == 4  # full-width letters and marks are no ideographs


def test_a_short_chinese_paragraph_weighs_like_a_sentence() -> None:
    zh = "市议会周二投票决定关闭旧桥，理由是工程师的报告。"
    en = "The council voted on Tuesday to close the old bridge, citing a report by engineers."
    assert text_size(zh) > 0.7 * len(en)
    assert len(zh) < 0.4 * len(en)


@pytest.mark.parametrize(
    ("text", "commas"),
    [
        ("no commas here", 0),
        ("one, two, three", 2),
        ("市议会周二投票，理由是报告，工程师说。", 2),
        ("東京、大阪、名古屋で", 2),
        ("ﾃｽﾄ､ﾃｽﾄ", 1),  # half-width ideographic comma
        ("小﹐形﹑式", 2),  # small comma forms
        ("قال الوزير، في بيان، إن", 2),
        ("Երևան՝ մայրաքաղաք", 1),
        ("አዲስ አበባ፣ ኢትዮጵያ", 1),
        ("mixed, 混合，mixte、", 3),
    ],
)
def test_commas_of_every_script_are_counted(text: str, commas: int) -> None:
    assert comma_count(text) == commas
