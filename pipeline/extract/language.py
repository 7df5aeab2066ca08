"""Language of an article's text, for pages that do not declare one or declare one its
alphabet rules out.

A small, model-free detector: the writing system decides the languages that have their own
(Korean, Japanese, Chinese, Arabic, Hebrew, Greek, Thai, Hindi); for Latin and Cyrillic text
the most frequent function words decide ("the", "und", "que", "и"…), and between Russian,
Ukrainian and Belarusian the letters only some of them write. Short or mixed text with no
clear winner gets ``None`` rather than a guess.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["STOPWORDS", "comma_count", "detect_language", "settle_language", "text_size"]

#: The commonest function words of each language (ISO 639-1), enough to tell them apart.
STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to in is that for it was on with as are by this be at from have "
        "has not but they his her which were been their will would said",
        "de": "der die und das ist nicht ein eine zu den mit sich des auf für im dem von "
        "auch es an werden wird aus bei sie nach wie einer oder sind",
        "fr": "le la les et des est une un du que pour dans en qui au sur pas par ce il "
        "elle sont avec plus ont aux cette mais être",
        "es": "el la de que y en los del se las por un una para con no es al lo como más "
        "pero sus le ha fue este entre cuando",
        "pt": "o a de que e do da em um para com não uma os no se na por mais as dos como "
        "mas foi ao ele das tem à seu sua ou ser quando muito há nos já está também",
        "it": "il di che e la per un in è non una del sono le della si con da al gli dei "
        "anche ha più nel ma come alla questo",
        "nl": "de het een en van is dat op te in zijn voor met niet die aan er ook als bij "
        "maar om door naar dan wordt nog heeft",
        "sv": "och att det som en på är av för med till den har inte om ett var jag de "
        "sig men så från kan vid eller",
        "da": "og at det en er til på med for af den som har de ikke et var der fra vi "
        "kan men også sig efter",
        "no": "og at det en er til på med for av den som har de ikke et var jeg fra vi kan "
        "men også seg etter ble",
        "fi": "ja on ei että se oli hän kun mutta myös ovat tai joka sen ole ovat niin "
        "kuin mitä tämä",
        "pl": "i w na z że do nie się jest to o jak po od za przez ale dla są tak czy jego jej",
        "cs": "a v se na je že to s z do o jako ale by jsou pro jeho už také podle když "
        "který která",
        "ro": "și de la în a că cu pe nu o un din care este mai se sunt pentru fost dar sau ca",
        "hu": "a az és hogy nem is egy ez meg van volt már de csak el mint kell még vagy ki",
        "tr": "ve bir bu da de için ile çok ne olarak daha gibi ama en olan sonra kadar var değil",
        "id": "yang dan di dari ini itu dengan untuk tidak dalam akan pada juga ke ada "
        "oleh karena bisa atau sudah",
        "ru": "и в не на что с по как это он к но из а то за его от же так для было "
        "только вы уже или",
        "uk": "і в не на що з та як це він до але за його від же так для було тільки є вже або й",
        "be": "і ў у не на што з як гэта ён але за яго ад так для было толькі ўжо або каб "
        "ці яна таксама пры іх",
    }.items()
}

#: word → the languages whose stopword it is
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in STOPWORDS.items():
    for _word in _words:
        _LANGS_OF[_word] = (*_LANGS_OF.get(_word, ()), _lang)

_SCRIPTS = (
    # (language, regex of its letters); checked on the share of letters they cover
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 4000
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: Letters that tell Russian, Ukrainian and Belarusian apart: Belarusian writes "і", "ы",
#: "э", "ё" and "ў" and no "и"; Ukrainian "і", "и", "ї", "є", "ґ" and no "ы", "э" or "ё";
#: Russian "и", "ы", "э", "ё" and no "і" (Bulgarian, Serbian and Macedonian have none of "ы",
#: "э", "ё"). Counted, not just found: a Russian story quotes a Ukrainian name, a Ukrainian
#: one a Russian name.
_I = re.compile("[іІ]")
_Y = re.compile("[ыЫэЭёЁ]")
_SHORT_U = re.compile("[ўЎ]")
_UKRAINIAN = re.compile("[їЇєЄґҐ]")
_RUSSIAN_I = re.compile("[иИ]")
#: How many times more one alphabet's letters a text must hold than the other's.
_LETTER_MARGIN = 4
#: Letters of the Cyrillic alphabets that are not these three's (Serbian, Macedonian,
#: Kazakh, Kyrgyz, Tajik, Mongolian, Bashkir, Tatar).
_OTHER_CYRILLIC = re.compile("[јЈљЉњЊђЂћЋџЏѓЃќЌѕЅәӘғҒқҚңҢөӨұҰүҮһҺӣӢӯӮҳҲҷҶҙҘҫҪҗҖ]")
#: Bulgarian's vowel "ъ" ("във", "път", "също"); in Russian a rare sign ("объявил").
_HARD_SIGN = re.compile("[ъЪ]")
#: What :func:`_cyrillic_by_letters` says of a text in another Cyrillic alphabet.
_OTHER = "other"
#: Languages written in the Cyrillic alphabet, or in a Latin one (of those the page may
#: declare); a language written in both (Serbian) is in neither.
_CYRILLIC_LANGS = frozenset({"ru", "uk", "be", "bg", "mk", "kk", "ky", "mn", "tg"})
_LATIN_LANGS = frozenset(STOPWORDS) - {"ru", "uk", "be"}
#: A declaration is ruled out when less than this share of the text's letters is written
#: in its alphabet (a Russian story with code samples keeps its ``ru``) …
_DECLARED_SHARE = 0.2
#: … and more than this share in another.
_OTHER_SHARE = 0.5


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when unsure."""
    sample = text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))
    if letters < 20:
        return None
    for lang, script in _SCRIPTS:
        share = len(script.findall(sample)) / letters
        if lang == "ja" and share > 0.05:
            return "ja"  # kana among Chinese characters
        if share > 0.3:
            return lang
    counts: Counter[str] = Counter()
    words = _WORD.findall(sample.lower())
    for word in words:
        langs = _LANGS_OF.get(word)
        if langs:
            counts.update(langs)
    if counts:
        (best, hits), (_, runner_up), *_ = [*counts.most_common(2), ("", 0)]
        if hits >= 3 and hits >= 0.05 * len(words) and hits >= 1.2 * runner_up:
            if best not in ("ru", "uk", "be"):
                return best
            marked = _cyrillic_by_letters(sample)  # they share most short words
            return None if marked == _OTHER else marked or best
    if len(_CYRILLIC.findall(sample)) > 0.5 * letters:
        marked = _cyrillic_by_letters(sample)
        return None if marked == _OTHER else marked
    return None


def _cyrillic_by_letters(sample: str) -> str | None:
    """Russian, Ukrainian or Belarusian by the letters only some of them write; :data:`_OTHER`
    for a text in another Cyrillic alphabet (Serbian "ј", Bulgarian "ъ" without "ы"); None
    when the letters do not tell."""
    i, y = len(_I.findall(sample)), len(_Y.findall(sample))
    ukrainian = i + len(_UKRAINIAN.findall(sample))
    russian_i = len(_RUSSIAN_I.findall(sample))
    if _OTHER_CYRILLIC.search(sample) or (not y and len(_HARD_SIGN.findall(sample)) >= 2):
        return _OTHER
    short_u = len(_SHORT_U.findall(sample))
    if (short_u or (i and y)) and _LETTER_MARGIN * russian_i < i + short_u:
        return "be"  # "ў", or "і" with "ы", and next to no "и"
    if ukrainian > _LETTER_MARGIN * y:
        return "uk"
    if y > _LETTER_MARGIN * ukrainian:
        return "ru"
    if russian_i and not y and not ukrainian:
        return "ru"  # a brief with neither "ы" nor "э": "и", no "і" and no Bulgarian "ъ"
    return None


def settle_language(declared: str | None, text: str) -> str | None:
    """The article's language: the one its page declares (``declared``, ISO 639-1), unless
    the writing system of ``text`` rules out a declared language written in the Latin or
    the Cyrillic alphabet (a Russian story on a template's default ``lang="en"``, Japanese
    text on a page declared English: under a fifth of the text's letters in the declared
    language's alphabet, over half in another or none in it); then, and when the page
    declares none, the one :func:`detect_language` finds. A declaration of another
    alphabet's language (``ja``, ``el``) is kept. A declaration is only overruled by a
    detected language: a text too short to tell leaves it as it is."""
    if declared is None:
        return detect_language(text)
    letters = len(_LETTER.findall(text))
    if letters < 20:
        return declared
    cyrillic = len(_CYRILLIC.findall(text)) / letters
    latin = len(_LATIN.findall(text)) / letters
    if declared in _LATIN_LANGS:
        ruled_out = latin < _DECLARED_SHARE and (cyrillic > _OTHER_SHARE or not cyrillic)
    elif declared in _CYRILLIC_LANGS:
        ruled_out = cyrillic < _DECLARED_SHARE and (latin > _OTHER_SHARE or not latin)
    else:
        ruled_out = False
    return (detect_language(text) or declared) if ruled_out else declared


#: Runs of CJK ideographs (unified, extensions, compatibility) and kana (hiragana,
#: katakana, their phonetic extensions, half-width katakana): one such letter carries about
#: as much as a word of three Latin letters …
_IDEOGRAPHS = re.compile(
    "[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]+"
)
#: … and a Hangul syllable (a block of two or three letters) as two.
_HANGUL = re.compile("[\uac00-\ud7a3]+")
#: Commas of every script: Latin, ideographic (、), full-width (，), half-width (､), small
#: forms (﹐ ﹑), Arabic (،), Armenian (՝), Ethiopic (፣), Mongolian (᠂), N'Ko (߸), Vai (꘍).
_COMMAS = re.compile("[,\uff0c\u3001\uff64\ufe50\ufe51\u060c\u055d\u1363\u1802\u07f8\ua60d]")


def text_size(text: str) -> int:
    """The size of ``text`` in Latin characters' worth: its length, with each CJK ideograph
    or kana counted as 3 and each Hangul syllable as 2 (a Chinese sentence of 30 characters
    says about what an English one of 90 does)."""
    if text.isascii():
        return len(text)
    size = len(text)
    for run in _IDEOGRAPHS.findall(text):
        size += 2 * len(run)
    for run in _HANGUL.findall(text):
        size += len(run)
    return size


def comma_count(text: str) -> int:
    """The commas in ``text``, in every script (``,`` ``，`` ``、`` ``،`` …)."""
    if text.isascii():
        return text.count(",")
    return len(_COMMAS.findall(text))
