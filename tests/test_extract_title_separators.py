"""Site names behind the separators of other scripts: Chinese and Japanese titles run their
parts together ("标题_栏目_网站", "見出し｜サイト名", "見出し：サイト名") where English ones
put spaces around " | " and " - " (#14).

Every page here is made up for the test (no corpus page is copied)."""

from __future__ import annotations

import pytest
from test_extract_title import site, title_of, tt

from pipeline.extract.title import strip_site_suffix


def page(head: str = "", body: str = "", lang: str = "zh") -> str:
    story = "<p>市议会周二晚上开会，经过长时间辩论后投票通过。</p>"
    return (
        f'<!doctype html><html lang="{lang}"><head>{head}</head>'
        f"<body>{body}<article>{story}</article></body></html>"
    )


CASES = [
    # Chinese: the channel and the site after underscores, no name declared, no <h1>
    ("zh-underscores",
     tt("江边新建的步行桥今日正式通车_本地新闻_江城日报"), "",
     "江边新建的步行桥今日正式通车"),
    # … with a space before each underscore
    ("zh-spaced-underscores",
     tt("山区小学迎来第一批支教老师 _教育 _江城日报"), "",
     "山区小学迎来第一批支教老师"),
    # … after double hyphens
    ("zh-double-hyphen",
     tt("春季植树活动在城郊展开--社会--江城日报"), "",
     "春季植树活动在城郊展开"),
    # Japanese: the site after a full-width bar, named by og:site_name
    ("ja-fullwidth-bar-named",
     site("港町新聞") + tt("港町で新しい図書館が来月開館へ｜港町新聞"), "",
     "港町で新しい図書館が来月開館へ"),
    # … with no name declared
    ("ja-fullwidth-bar",
     tt("駅前の商店街に新しい市場が誕生｜港町新聞"), "",
     "駅前の商店街に新しい市場が誕生"),
    # … after a full-width colon: only the declared name goes
    ("ja-fullwidth-colon-named",
     site("港町新聞デジタル") + tt("駅前の再開発、来年春に着工へ：港町新聞デジタル"), "",
     "駅前の再開発、来年春に着工へ"),
    # Japanese, the site after a spaced dash, no name declared (words counted by letters)
    ("ja-spaced-dash",
     tt("駅前の商店街に新しい市場が誕生 - 港町新聞"), "",
     "駅前の商店街に新しい市場が誕生"),
    # an ASCII bar without spaces, in English
    ("en-tight-bar",
     site("Harbour Post") + tt("Ferry fares rise for the third time|Harbour Post"), "",
     "Ferry fares rise for the third time"),
    # a visible <h1> with the site's name after a full-width bar
    ("ja-h1-with-site",
     site("港町新聞") + tt("港町新聞"), "<h1>漁港の朝市が三年ぶりに再開｜港町新聞</h1>",
     "漁港の朝市が三年ぶりに再開"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "head", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_title(name: str, head: str, body: str, expected: str) -> None:
    assert title_of(page(head, body)) == expected


@pytest.mark.parametrize(
    "title",
    [
        "Why snake_case still wins in Python code reviews",  # an identifier, no separator
        "Understanding Python's __slots__ feature",  # a name with underscores around it
        "Die Stadtwerke erklären ihre Maß_Einheit",  # a letter outside ASCII, not Chinese
        "Ferry fares rise--and commuters pay again",  # a dash typed as two hyphens
        "速報｜港町で新しい図書館が来月開館へ",  # a short label before the headline stays
        "速報 | 港町で新しい図書館が来月開館へ",  # … with spaces around the bar too
        "中国_美国经贸关系进入新的阶段",  # the longer part after the mark is no site name
        "「港町物語」最終回 -- 放送日決定",  # a spaced "--" is a dash inside the headline
        "速報 | 図書館が開館",  # a short label before a short headline stays
        "新闻 | 市长会见代表团",  # … in Chinese
        "Opinion | Tram chaos again",  # … and in English
    ],
)
def test_not_a_site_suffix(title: str) -> None:
    assert title_of(page(tt(title))) == title
    assert strip_site_suffix(title) == title


def test_a_chinese_headline_is_a_sentence_without_spaces() -> None:
    # the visible <h1> beats a shorter sharing title, as in English (no spaces to count)
    head = '<meta property="og:title" content="步行桥通车">' + tt("步行桥通车")
    body = "<h1>江边新建的步行桥今日正式通车，市民可以免费通行</h1>"
    assert title_of(page(head, body)) == "江边新建的步行桥今日正式通车，市民可以免费通行"


def test_a_spaced_double_hyphen_before_the_declared_site_name() -> None:
    # a spaced "--" is no separator by itself, but the declared site's name after it goes
    head = site("港町新聞") + tt("港町で新しい図書館が来月開館へ -- 港町新聞")
    assert title_of(page(head, lang="ja")) == "港町で新しい図書館が来月開館へ"
    assert strip_site_suffix("港町で新しい図書館が来月開館へ -- 港町新聞", "港町新聞") == (
        "港町で新しい図書館が来月開館へ"
    )


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("Apple earnings | Financial Times", "Apple earnings"),
        ("Merz | ZEIT ONLINE", "Merz"),
        ("Россия | РИА Новости", "Россия"),
        ("Brexit | BBC News", "Brexit"),
        ("Live updates | The Morning Ledger", "Live updates"),
    ],
)
def test_a_short_headline_before_a_site_name_loses_it(title: str, headline: str) -> None:
    # no site name declared: a short last part after the bar is the site's, even after a
    # headline of a word or two (only a one-word label before three words or more stays)
    assert strip_site_suffix(title) == headline


def test_a_title_of_thousands_of_separators_is_read() -> None:
    # every short part goes, one after the other, without a call per part
    title = "港町新聞の見出し" + "_栏" * 5_000
    assert strip_site_suffix(title) == "港町新聞の見出し"
