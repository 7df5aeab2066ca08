"""The clean stage: noisy text from real pages → what a reader expects, with repair counts."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from pipeline.extract import extract_fields
from pipeline.extract.clean import clean_inline, clean_text, furniture_rules, is_furniture
from pipeline.spider import Spider

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
        "“We call for justice for victims and witnesses, ”said Marie Struthers, Director",
        "“We call for justice for victims and witnesses,” said Marie Struthers, Director",
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
    ("bell\x07 and\x0bvt", "bell and vt", "control"),
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
    # --- more broken numeric forms, as CMS exports and feed-to-HTML converters write them
    ("Minsk&#160;&#8212; a city", "Minsk — a city", "entity"),
    ("Minsk &#8212 a city", "Minsk — a city", "entity"),
    ("It&#x2019;s official", "It’s official", "entity"),
    ("It&#X2019;s official", "It’s official", "entity"),
    ("It&#x 2019;s official", "It’s official", "entity_broken"),
    ("line one&#13;\nline two", "line one line two", "entity"),
    ("first&#13;&#10;second", "first second", "entity"),
    ("tab&#9;separated", "tab separated", "entity"),
    ("&#  160;spaced twice", "spaced twice", "entity_broken"),
    ("soft&#173;hyphen", "softhyphen", "zero_width"),
    ("zero&#8203;width", "zerowidth", "zero_width"),
    ("&#65279;BOM as an entity", "BOM as an entity", "zero_width"),
    ("narrow&#8239;space", "narrow space", "nbsp"),
    ("&#xD800; lone surrogate", "&#xD800; lone surrogate", None),
    ("&#1114112; beyond Unicode", "&#1114112; beyond Unicode", None),
    # --- double escaping from feeds re-escaped by a CMS
    ("Rock &amp;amp; roll", "Rock & roll", "entity_double_escaped"),
    ("&amp;amp;amp;#8220;Triple&amp;amp;amp;#8221;", "“Triple”", "entity_double_escaped"),
    ("&amp;laquo;Yes&amp;raquo;", "«Yes»", "entity_double_escaped"),
    ("&amp;nbsp;&amp;nbsp;Indented", "Indented", "entity_double_escaped"),
    ("US&amp;#x2019;s role", "US’s role", "entity_double_escaped"),
    ("&amp;# 160;spaced and escaped", "spaced and escaped", "entity_double_escaped"),
    # --- named entities: case, no semicolon, unknown
    ("Tom&NBSP;and Jerry", "Tom and Jerry", "entity_broken"),
    ("&ldquo;Yes,&rdquo; she said", "“Yes,” she said", "entity"),
    ("Fish &amp chips", "Fish & chips", "entity_no_semicolon"),
    ("5 &lt 6 and 7 &gt 3", "5 < 6 and 7 > 3", "entity_no_semicolon"),
    ("&copy 2024 The Times", "© 2024 The Times", "entity_no_semicolon"),
    ("&madeup; stays", "&madeup; stays", None),
    ("Procter&Gamble, M&S and H&M", "Procter&Gamble, M&S and H&M", None),
    ("S&P 500 and P&O Ferries", "S&P 500 and P&O Ferries", None),
    ("Room &#12 is closed", "Room &#12 is closed", None),
    ("Tickets &#amp; more", "Tickets &#amp; more", None),
    ("Use &amp;nbsp; for spaces", "Use for spaces", "entity_double_escaped"),
    # --- C1 references and raw C1 characters from windows-1252 text
    ("&#145;single&#146;", "‘single’", "entity_c1"),
    ("&#133; and so on", "… and so on", "entity_c1"),
    ("&#128;50 fine", "€50 fine", "entity_c1"),
    ("\x93Quoted\x94 text", "“Quoted” text", "c1_control"),
    ("1990\x962000", "1990–2000", "c1_control"),
    ("undefined\x81byte", "undefinedbyte", "control"),
    # --- mojibake, once and twice
    ("Ã‰lection Ã  MontrÃ©al", "Élection à Montréal", "mojibake"),
    ("Ð\x9fÑ\x80Ð¸Ð²ÐµÑ\x82", "Привет", "mojibake"),
    ("â€” a dash", "— a dash", "mojibake"),
    ("Ã¢â‚¬â„¢ twice encoded", "’ twice encoded", "mojibake"),
    ("naÃ¯ve cafÃ©", "naïve café", "mojibake"),
    ("&Atilde;&copy;t&Atilde;&copy;", "été", "mojibake"),
    # a no-break space read as Latin-1 ("Â" + NBSP) whose space the page's reader cut off
    ("Voting closes on Sunday.Â", "Voting closes on Sunday.", "mojibake"),
    ("Die Wahl endet am SonntagÂ", "Die Wahl endet am Sonntag", "mojibake"),
    ("“We will stay,” she said.Â", "“We will stay,” she said.", "mojibake"),
    ("Portrait of ÂNGELA", "Portrait of ÂNGELA", None),
    ("Le cours de l’euro Â", "Le cours de l’euro Â", None),
    ("Bảo tàng Â", "Bảo tàng Â", None),
    # --- invisible and space characters
    ("word\u2060joiner", "wordjoiner", "zero_width"),
    ("ideographic\u3000space", "ideographic space", "nbsp"),
    ("figure\u2007space", "figure space", "nbsp"),
    ("line\u2028separator", "line separator", None),
    ("Windows\r\nline\r\nendings", "Windows line endings", None),
    ("old Mac\rline end", "old Mac line end", None),
    ("form\x0cfeed", "form feed", None),
    ("\u200eLTR mark", "LTR mark", "zero_width"),
    ("a\x00b", "ab", "control"),
    ("broken \ufffd character", "broken \ufffd character", "replacement_char"),
    # --- typography
    ("the end.. Next", "the end. Next", "double_period"),
    ("(see above..)", "(see above.)", "double_period"),
    ("He asked: “Why?”.", "He asked: “Why?”", "double_period"),
    ("Wait.... really", "Wait.... really", None),
    ("v1..v2 range", "v1..v2 range", None),
    ("«Никогда », — сказал он", "«Никогда», — сказал он", "quote_spacing"),
    ("said ,and left", "said, and left", "space_before_punct"),
    ("first ;second", "first; second", "space_before_punct"),
    ("Note : this", "Note: this", "space_before_punct"),
    ("smile :) ok", "smile :) ok", None),
    ("Recipes :: Winter soups", "Recipes :: Winter soups", None),
    ("Wiki :: Help :: Editing", "Wiki :: Help :: Editing", None),
    ("ratio 3 ::: done", "ratio 3 ::: done", None),
    ("3 , 4 and 5", "3, 4 and 5", "space_before_punct"),
    ("“I’m fine, ”she said.", "“I’m fine,” she said.", "quote_spacing"),
    # ” used as an opening mark (Nordic style, or sloppy typing) is not a closing quote
    ("He reportedly said: ”Bird flu is here.”", "He reportedly said: ”Bird flu is here.”", None),
    ("supplies were ”dwindling.”", "supplies were ”dwindling.”", None),
    ("“One” and then ”two” ones", "“One” and then ”two” ones", None),
    ("• Bullet point text", "Bullet point text", "bullet"),
    # --- kept as written
    ("The ‘90s — and the '80s", "The ‘90s — and the '80s", None),
    ("1,000.50 dollars; 3:45 p.m.", "1,000.50 dollars; 3:45 p.m.", None),
    ("e.g. U.S. and U.K.", "e.g. U.S. and U.K.", None),
    ("emoji 👍🏽 and 👨\u200d👩\u200d👧", "emoji 👍🏽 and 👨\u200d👩\u200d👧", None),
    ("नमस्ते दुनिया", "नमस्ते दुनिया", None),
    ("مرحبا بالعالم", "مرحبا بالعالم", None),
    ("こんにちは、世界。", "こんにちは、世界。", None),
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


@pytest.mark.parametrize(
    "line",
    ["Read   more", "Read\u00a0more", "READ\tMORE ›", "  Share\u2009this  ", "Read\nmore …"],
)
def test_furniture_lines_match_whatever_their_white_space(line: str) -> None:
    # a paragraph not cleaned first (tabs, no-break and thin spaces, runs of spaces) is
    # compared with the rules' lines as a cleaned one is
    assert is_furniture(line)


@pytest.mark.parametrize(
    ("title", "line"),
    [
        ("Harbour pier reopens", "Harbour\u00a0pier  reopens"),
        ("Harbour pier reopens", "HARBOUR\tPIER\nREOPENS."),
    ],
)
def test_headline_repeated_with_other_white_space_is_furniture(title: str, line: str) -> None:
    assert is_furniture(line, title=title)


def test_unknown_language_falls_back_to_english_rules() -> None:
    assert is_furniture("Read more", language="xx")
    exact, patterns = furniture_rules("en")
    assert "read more" in exact
    assert patterns


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Lire aussi : la réforme des retraites", "fr"),
        ("Partager", "fr"),
        ("Anzeige", "de"),
        ("Lesen Sie auch: Die Bahn streikt wieder", "de"),
        ("Publicidad", "es"),
        ("Читайте также: новые санкции", "ru"),
        ("Share", "fr"),  # the English list applies to every language
    ],
)
def test_furniture_in_other_languages(line: str, language: str) -> None:
    assert is_furniture(line, language=language)


@pytest.mark.parametrize(
    ("line", "language"),
    [
        # a gallery's counter
        ("Bild 3 von 12", "de"),
        ("Image 2 of 7", "en"),
        ("Photo 4 sur 9", "fr"),
        ("Imagen 1 de 5", "es"),
        ("Фото 2 из 6", "ru"),
        # a blog's category line (WordPress's "Posted in" in each language)
        ("Veröffentlicht unter Allgemein, Film", "de"),
        ("Posted in Uncategorized | Leave a comment", "en"),
        ("Filed under: Politics, Europe", "en"),
        ("Publié dans Actualités", "fr"),
        ("Publicado en Noticias, Cultura", "es"),
        # a star-rating plugin's line, in English whatever the page's language
        ("Rating: 4.3/5 (12 votes cast)", "de"),
        ("Rating: 0.0/10 (0 votes cast)", "en"),
    ],
)
def test_gallery_counters_category_lines_and_ratings_are_furniture(
    line: str, language: str
) -> None:
    assert is_furniture(line, language=language)


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Veröffentlicht unter dem Titel „Die Mauer“ wurde das Buch ein Erfolg.", "de"),
        ("Posted in 1998, the letter reached the mayor only last week.", "en"),
        ("Publié dans la revue Nature, l'article a fait grand bruit.", "fr"),
        ("Publicado en 2019, el informe advertía ya de la sequía.", "es"),
        ("Bild 3 von 12 zeigt den Hafen im Winter, kurz vor dem Sturm.", "de"),
        ("Image 2 of the series shows the harbour in winter.", "en"),
        ("The rating was 4.3 out of 5, the agency said on Monday.", "en"),
    ],
)
def test_sentences_that_start_like_furniture_are_text(line: str, language: str) -> None:
    assert not is_furniture(line, language=language)


@pytest.mark.parametrize(
    ("line", "language"),
    [
        (
            "Strict Standards: Redefining already defined constructor for class db in "
            "/var/www/site/includes/db.php on line 56",
            "de",
        ),
        (
            "Deprecated: Assigning the return value of new by reference is deprecated in "
            "/home/blog/wp-includes/cache.php on line 36",
            "es",
        ),
        (
            "Warning: mysql_connect(): Access denied for user in /srv/htdocs/index.php on line 12",
            "en",
        ),
        ("Notice: Undefined index: page in C:\\xampp\\htdocs\\index.php on line 7", "fr"),
        ("Fatal error: Call to undefined function foo() in /www/app.php on line 3", "ru"),
    ],
)
def test_php_error_messages_printed_into_old_pages_are_furniture(line: str, language: str) -> None:
    # an old CMS on a newer PHP prints its warnings into the page, in English
    assert is_furniture(line, language=language)


@pytest.mark.parametrize(
    "line",
    [
        "Warning: the storm will reach the coast tonight, officials said on line 4 of the memo.",
        "Notice: the library is closed on Monday.",
        "Deprecated: that is what the old rules are now, the minister said.",
    ],
)
def test_notices_in_prose_are_text(line: str) -> None:
    assert not is_furniture(line)


def test_french_typography_keeps_its_spaces() -> None:
    text = "Il a dit : « Non ! » Pourquoi ? Parce que ; voilà"
    assert clean_text(text, Counter(), language="fr") == text
    assert clean_text(text, Counter()) == "Il a dit: « Non! » Pourquoi? Parce que; voilà"


def test_protected_code_is_left_as_written() -> None:
    code = "&amp;#160;"
    counts: Counter[str] = Counter()
    out = clean_text(f"Type {code} .. or &#160; here", counts, keep=[code])
    assert out == f"Type {code}. or here"
    assert counts["entity"] == 1  # only the one outside the code sample


# -- through the extract stage -------------------------------------------------------------
class BodySpider(Spider):
    """No ``name``: not registered. Reads the ``<article>`` and drops site furniture."""

    body_selector = "article"
    furniture_lines = ("Follow VOA on X",)
    furniture_patterns = (r"^More from VOA\b",)


def test_spider_furniture_rules_are_added_to_the_generic_ones() -> None:
    html = (
        "<html><head><title>A headline</title></head><body><article>"
        "<p>The first paragraph of the story, long enough to be text.</p>"
        "<p>Follow VOA on X!</p><p>More from VOA: the latest on Belarus</p><p>Share</p>"
        "<p>The last paragraph of the story, also long enough.</p></article></body></html>"
    )
    fields = extract_fields(html, "https://example.com/a/1", spider=BodySpider())
    assert fields.text.split("\n\n") == [
        "The first paragraph of the story, long enough to be text.",
        "The last paragraph of the story, also long enough.",
    ]
    assert fields.cleaning["furniture"] == 3


@pytest.mark.parametrize(
    ("patterns", "line", "expected"),
    [
        # plain patterns: searched together as one
        ((r"^More from VOA\b", r"^Listen to (?:the|our) podcast"), "More from VOA today", True),
        ((r"^More from VOA\b", r"^Listen to (?:the|our) podcast"), "Listen to our podcast", True),
        ((r"^More from VOA\b",), "The senator spoke more from VOA's studio.", False),
        # a back reference: its group keeps its number
        ((r"^(\w+) and \1$", r"^Photo:"), "again and again", True),
        ((r"^(\w+) and \1$", r"^Photo:"), "again and later", False),
        # a global inline flag only holds at the start of a pattern of its own
        ((r"(?x) ^ watch \s again $", r"^Photo:"), "Watch again", True),
    ],
)
def test_spider_patterns_of_every_shape_are_searched(
    patterns: tuple[str, ...], line: str, expected: bool
) -> None:
    assert is_furniture(line, patterns=patterns) is expected


def test_code_samples_in_the_page_are_not_repaired() -> None:
    html = (
        "<html><head><title>How to write a no-break space</title></head><body><article>"
        "<p>Type <code>&amp;#160;</code> or <code>&amp;nbsp;</code> where the line must not"
        " break&amp;#8201;.</p><pre>if (a &amp;amp;&amp;amp; b) x = &amp;#x41;;</pre>"
        "</article></body></html>"
    )
    fields = extract_fields(html, "https://example.com/a/2", spider=BodySpider())
    first, second = fields.text.split("\n\n")
    assert first == "Type &#160; or &nbsp; where the line must not break."
    assert second == "if (a &amp;&amp; b) x = &#x41;;"


def test_entities_in_title_authors_and_jsonld_are_repaired() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Rock &amp; Roll&#8217;s &# 171;return&# 187;",
        "author": [{"name": "Jos&eacute; Garc&iacute;a"}, {"name": "Ana L&amp;oacute;pez"}],
        "datePublished": "2024-04-28T09:00:00Z",
    }
    html = (
        "<html><head><script type='application/ld+json'>"
        f"{json.dumps(ld)}</script></head><body><article>"
        "<p>The story&nbsp;itself, with an &amp;amp;#8220;escaped&amp;amp;#8221; quote.</p>"
        "</article></body></html>"
    )
    fields = extract_fields(html, "https://example.com/a/3", spider=BodySpider())
    assert fields.title == "Rock & Roll’s «return»"
    assert fields.authors == ["José García", "Ana López"]
    assert fields.text == "The story itself, with an “escaped” quote."
    assert fields.cleaning["entity_broken"] >= 2
    assert fields.cleaning["entity_double_escaped"] >= 2


@pytest.mark.parametrize(
    ("line", "language"),
    [
        # paywall and subscription prompts
        ("Already a subscriber? Log in", "en"),
        ("Already a member? Sign in.", "en"),
        ("Continue reading with a subscription", "en"),
        ("You've read all your free articles this month. Subscribe for unlimited access.", "en"),
        ("This article is for subscribers only.", "en"),
        ("Subscribe now to keep reading", "en"),
        # Russian sites' lines around a story
        ("Нашли опечатку? Выделите текст и нажмите Ctrl+Enter", "ru"),
        ("Комментарии (3)", "ru"),
        ("Реклама. ООО «Ромашка», ИНН 7700000000, erid: 2VtzqwXyZ1", "ru"),
        ("Ставьте лайк и подписывайтесь на канал, чтобы не пропустить новые статьи", "ru"),
        ("Материалы по теме:", "ru"),
        ("Есть чем поделиться? Пишите нам в Telegram", "ru"),
        ("Новости партнеров", "ru"),
        ("Загрузка...", "ru"),
        ("Эта статья доступна только по подписке", "ru"),
        # other languages' "read also" and share lines
        ("Читайте також: у Києві відкрили новий міст", "uk"),
        ("Поділитися", "uk"),
        ("Leggi anche: il nuovo ponte sullo Stretto", "it"),
        ("Leia também: o novo aeroporto de Lisboa", "pt"),
        ("İlgili Haber: Köprü yarın trafiğe açılıyor", "tr"),
        ("Paylaş: Facebook Twitter WhatsApp", "tr"),
        ("Czytaj także: nowy most na Wiśle", "pl"),
        ("Lees ook: de nieuwe brug over de Maas", "nl"),
        ("اقرأ أيضا: افتتاح الجسر الجديد", "ar"),
        ("यह भी पढ़ें: नए पुल का उद्घाटन", "hi"),
        ("（责任编辑：陈静）", "zh"),
        ("저작권자 © 한빛일보 무단전재 및 재배포 금지", "ko"),
    ],
)
def test_prompts_and_read_also_lines_in_more_languages(line: str, language: str) -> None:
    assert is_furniture(line, language=language)


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Subscribers to the water company will pay 4% more from April, the regulator said.", "en"),
        ("Already a member of the council, she was elected mayor on Sunday.", "en"),
        ("Комментарии экспертов разошлись: одни ждут снижения ставки, другие нет.", "ru"),
        ("Реклама на остановках исчезнет к лету, сообщили в мэрии.", "ru"),
        ("Загрузка судов в порту выросла на 12% за год.", "ru"),
        ("Leggi anche tu il rapporto: è pubblico da ieri sul sito del Comune.", "it"),
        ("Поділитися досвідом прийшли понад сто фермерів з усієї області.", "uk"),
    ],
)
def test_sentences_that_start_like_prompts_are_text(line: str, language: str) -> None:
    assert not is_furniture(line, language=language)


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Subscribe now, the mayor urged residents at Tuesday's packed meeting.", "en"),
        ("This story is for members of the Riverside estate who asked us what happened.", "en"),
        ("You've reached the limit of what this council can do, the minister said.", "en"),
        ("Źródło problemu leży w starej sieci wodociągowej, mówią urzędnicy.", "pl"),
        ("Zdjęcie zalanej ulicy obiegło internet w ciągu kilku godzin.", "pl"),
        ("Нашли ошибку в расчётах тарифов специалисты прокуратуры.", "ru"),
        ("Оценить материалы дела суд сможет только в марте.", "ru"),
        ("Есть информация? Следствие ищет свидетелей аварии на мосту.", "ru"),
        (
            "법원은 저작권자(한국음악저작권협회)의 동의 없이 음원을 무단 전재한 업체에 배상을 "
            "명령했다.",
            "ko",
        ),
        ("관련 기사를 쓴 기자는 지난주 징계를 받았다.", "ko"),
        ("相关阅读调查显示，青少年每天阅读的时间正在减少。", "zh"),
        ("اقرأ أيضا ما كتبه الوزير في رسالته إلى البرلمان قبل أسبوع.", "ar"),
    ],
)
def test_story_sentences_that_begin_like_the_new_prompts_are_text(line: str, language: str) -> None:
    assert not is_furniture(line, language=language)


@pytest.mark.parametrize(
    ("line", "language"),
    [
        (
            "Добавлять комментарии могут только пользователи, подтвердившие номер телефона, "
            "говорится в документе.",
            "ru",
        ),
        ("Ставьте лайки и подписывайтесь — этой фразой блогер заканчивал каждое видео.", "ru"),
        ("Материал доступен только подписчикам, пояснили в редакции, и так будет и дальше.", "ru"),
        ("Підписуйтесь на петицію, поки не пізно, — закликав він у четвер.", "uk"),
        ("Fonte: o relatório diz que a ponte precisa de obras. O governo nega.", "pt"),
        ("Bron: de gemeente wist het al jaren. Nu moet er snel iets gebeuren.", "nl"),
    ],
)
def test_story_sentences_that_begin_like_channel_calls_and_sources_are_text(
    line: str, language: str
) -> None:
    assert not is_furniture(line, language=language)


@pytest.mark.parametrize(
    ("line", "language"),
    [
        (
            "Добавлять комментарии могут только зарегистрированные пользователи. [ Регистрация | "
            "Вход ]",
            "ru",
        ),
        ("Ставьте лайк и подписывайтесь на канал, чтобы не пропустить новые статьи", "ru"),
        ("Підписуйтесь на наш Telegram-канал", "uk"),
        ("Fonte: Agência Brasil", "pt"),
        ("Źródło: PAP", "pl"),
    ],
)
def test_channel_calls_and_source_lines_are_furniture(line: str, language: str) -> None:
    assert is_furniture(line, language=language)
