"""Sizes, commas and language of text in any script (pipeline.extract.language)."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_fields
from pipeline.extract.language import comma_count, detect_language, settle_language, text_size


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


# -- the writing system against the declared language and in short texts -------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two-sentence briefs: too few function words to count, the letters tell
        ("Пожарные потушили склад на окраине Тулы. Пострадавших нет.", "ru"),
        ("Рятувальники загасили пожежу на складі під Києвом. Постраждалих немає.", "uk"),
        ("Ратавальнікі патушылі пажар на складзе пад Гомелем. Пацярпелых няма.", "be"),
        ("Белорусская оппозиция вышла на улицы в субботу вечером.", "ru"),
        ("Пожар на складе в Домодедове потушили. Пострадавших нет, сообщили в МЧС России.", "ru"),
        # longer Belarusian prose: its own function words, not Ukrainian
        ("Гарадскі савет у аўторак вырашыў закрыць стары мост, бо рамонт занадта дарагі, "
         "і ён не быў бы хуткім. Але жыхары кажуць, што гэта было толькі пачаткам.", "be"),
        # Cyrillic of other languages is not taken for Russian
        ("Влада Србије је у уторак објавила нове мере због поплава у долини Мораве.", None),
        ("Правителството обяви в четвъртък нов план за пътищата в страната.", None),
        ("Үкімет сейсенбіде елдегі жолдарға арналған жаңа жоспарды жариялады.", None),
        # a Russian name or quote in a Ukrainian story, a Ukrainian name in a Russian one
        ("Міська рада у вівторок вирішила закрити старий міст, бо ремонт надто дорогий. Про "
         "це повідомив депутат Рибаков, а голова комісії Сергій Рыбаков сказав, що це було "
         "очікувано.", "uk"),
        ("Мэр сказал журналистам, что ремонт моста будет дорогим и долгим. «Мы это знали», — "
         "добавил его заместитель Віталій Ткачук, который отвечает за дороги города.", "ru"),
        # a Belarusian slogan quoted in a Russian story; "ё" is Russian, not Bulgarian
        ("Участники акции несли плакаты с лозунгом «Мы ўсе разам» и требовали освободить "
         "задержанных, сообщили правозащитники.", "ru"),
        ("Съезд объявил о подъёме.", "ru"),
        # longer Serbian and Bulgarian texts share Russian function words, not its letters
        ("Влада Србије је у уторак објавила да ће стари мост бити затворен, јер је поправка "
         "прескупа и не би била брза. Грађани кажу да је то било само почетак, а не крај, и "
         "да је за то знао и градоначелник.", None),
        ("Правителството обяви в четвъртък, че старият мост ще бъде затворен, защото "
         "ремонтът е твърде скъп и не би бил бърз. Жителите казват, че това е само началото "
         "и че кметът е знаел за това от месеци.", None),
    ],
)  # fmt: skip
def test_short_and_cyrillic_texts(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


RUSSIAN = (
    "Городской совет во вторник решил закрыть старый мост, так как ремонт слишком "
    "дорогой. Жители говорят, что это было только началом."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke zu schließen, weil die "
    "Reparatur zu teuer ist und auch nicht schnell geht."
)
JAPANESE = "市議会は火曜日、古い橋を閉鎖することを決めました。修理には費用がかかりすぎるためです。"


@pytest.mark.parametrize(
    ("declared", "text", "expected"),
    [
        ("en", RUSSIAN, "ru"),  # a template's default lang="en" on a Russian story
        ("ru", GERMAN, "de"),  # a Russian site's German page
        ("en", JAPANESE, "ja"),
        ("uk", RUSSIAN, "uk"),  # same writing system: the page's word stands
        ("fr", GERMAN, "fr"),  # same writing system: the page's word stands
        ("de", GERMAN, "de"),
        ("sr", RUSSIAN, "sr"),  # a language written in either script is not ruled out
        (None, RUSSIAN, "ru"),
        ("en", "Пожар потушен.", "en"),  # too little text to overrule anyone
        # a Russian story with code samples: Latin letters, but the page's Russian stands
        ("ru", RUSSIAN + " def close_bridge(city_council, report): return report.verdict "
         "if city_council.approved else schedule_repairs(report, budget=None) " * 10, "ru"),
        # an English story that opens with a long Russian quote stays English
        ("en", (RUSSIAN + " ") * 40 + "The council's decision came after weeks of debate, "
         "and the residents who spoke at the meeting said they had not been consulted. "
         * 100, "en"),
        ("en", "Влада Србије је у уторак објавила да ће стари мост бити затворен, јер је "
         "поправка прескупа и не би била брза. Грађани кажу да је то било само почетак.", "en"),
    ],
)  # fmt: skip
def test_a_declaration_the_writing_system_rules_out_gives_way(
    declared: str | None, text: str, expected: str | None
) -> None:
    assert settle_language(declared, text) == expected


def test_a_russian_story_on_a_page_declared_english_is_russian() -> None:
    body = "".join(f"<p>{s}.</p>" for s in RUSSIAN.split(". "))
    head = '<html lang="en"><head><title>Мост</title></head>'
    html = f"{head}<body><h1>Мост</h1>{body}</body></html>"
    assert extract_fields(html).language == "ru"
