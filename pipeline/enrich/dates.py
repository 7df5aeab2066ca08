"""Date mentions: detection and normalization.

Candidates come from the model's DATE entities (and TIME entities that name a day, such as
"Thursday morning") plus newsmill's own patterns (full dates, "early October", "mid-2019",
decades, seasons, quarters, "last week", "3 days ago", weekdays, "yesterday", ...). Each
candidate is normalized **on its own** with :func:`normalize`; candidates that cannot be
normalized at all are dropped, then overlaps are resolved longest-first.

Values and granularity reflect what the expression states:

=========================  ================  ===========
expression                 value             granularity
=========================  ================  ===========
"28 October 2020"          "2020-10-28"      day
"August 2020", "late May"  "2020-08"         month
"2021", "mid-2019"         "2021"            year
"summer 2020", "Q3 2020"   "2020-summer"     season
"the 1990s", "the '80s"    "1990s"           decade
=========================  ================  ===========

Relative expressions ("yesterday", "last week", "Monday", "9 August" — anything without an
explicit year) are resolved against ``published_at`` with dateparser (English). A month or
day without a year ("early December", "9 August") takes the year the clause's tense points
to (:func:`clause_tense`): past → the latest such date not after publication, future
("will", "would", "plans to", "is due", "has been postponed until") → the earliest not
before it, no cue → the nearer of the two. A bare weekday means the most recent such day
*including the publication day* ("on Thursday" in a Thursday article is that day), or the
next one in a future clause ("will meet on Monday"). A quarter without a year has value
null: it is often a company's fiscal quarter. With no ``published_at``
their value is null. "last week" is the day seven days before publication; "N days ago" and
"in two weeks" are days.

Not dates, never emitted: durations ("five months", "35 minutes", "for two weeks", "the past
three years"), ages ("33-year-old"), frequencies ("every year"), clock times ("at 10"), and
vague expressions that cannot be normalized ("recent years", "the same night"). "may" and
"march" as verbs are not months: a month name must be capitalized and "May"/"March" must
stand in a date context (a preposition or qualifier before it, a day or year next to it).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

import pipeline.enrich.extensions  # noqa: F401  (registers the Doc._ attributes)
from pipeline.clock import MONTH_NAMES, MONTH_NUMBERS, to_utc
from pipeline.enrich.extensions import doc_text

__all__ = ["clause_tense", "dates_component", "find_dates", "normalize", "parse_published_at"]

_MONTHS = MONTH_NAMES
_MONTH_NUM = MONTH_NUMBERS
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

MONTH_FULL = "(?:" + "|".join(_MONTHS) + ")"
MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
MONTH = f"(?:{MONTH_FULL}|{MONTH_ABBR})"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d|21\d\d)"
WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + ")"
SEASON = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
NUMW = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
UNIT = r"(?:days?|weeks?|months?|years?|hours?|decades?)"
PART = r"(?:morning|afternoon|evening|night)"
B = r"(?<![\w-])"
E = r"(?![\w-])"

_PATTERNS = [
    # 28 October 2020, the 28th of October, Tuesday, 27 October 2020
    rf"{B}(?:{WEEKDAY},?\s+)?(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH}(?:,?\s+{YEAR})?{E}",
    # October 28, 2020, Sept. 1, 2020
    rf"{B}(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY}(?:,?\s+{YEAR})?{E}",
    # early October, August 2020, October
    rf"{B}(?:(?i:early|mid|late)(?:-|\s+))?{MONTH_FULL}(?:,?\s+(?:of\s+)?{YEAR})?{E}",
    rf"{B}{MONTH_ABBR}\s+{YEAR}{E}",
    r"(?<![\w/.-])(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})(?![\w/-]|\.\d)",
    rf"{B}(?i:early|mid|late)(?:-|\s+){YEAR}{E}",
    rf"{B}(?:(?i:the)\s+)?(?:(?i:early|mid|late)(?:-|\s+))?(?:1[6-9]|20)\d0s{E}",
    rf"{B}(?:(?i:the)\s+)?['’]\d0s{E}",
    r"(?i:\bthe day (?:before yesterday|after tomorrow)\b)",
    r"(?i:\b(?:yesterday|today|tomorrow|tonight)\b)",
    rf"{B}(?:(?i:last|next|this|coming)\s+)?{WEEKDAY}(?:\s+{PART})?{E}",
    r"(?i:\b(?:(?:earlier|later)\s+)?(?:last|next|this|coming)\s+(?:week(?:end)?|month|year)\b)",
    rf"(?i:\b(?:(?:earlier|later)\s+)?(?:last|next|this|coming)\s+){SEASON}{E}",
    rf"(?i:\b{NUMW}\s+{UNIT}\s+ago\b)",
    rf"(?i:\bin\s+{NUMW}\s+(?:days?|weeks?|months?|years?)\b)(?!\s+(?:of|in|to|after))",
    rf"{B}{SEASON}(?:\s+of)?\s+{YEAR}{E}",
    rf"(?i:\b(?:the\s+)?(?:first|second|third|fourth)\s+quarter\b)(?:\s+of\s+{YEAR})?",
    rf"{B}Q[1-4](?:\s+{YEAR})?{E}",
    rf"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|of|[Ff]rom|[Bb]efore|[Aa]fter|[Dd]uring|through|and|to|between)"
    rf"\s+{YEAR}{E}",
]
_RULES = [re.compile(p) for p in _PATTERNS]

_CUE = re.compile(
    rf"{MONTH}\b|{WEEKDAY}|(?i:\b(?:yesterday|today|tomorrow|tonight|week|weekend|month|year|"
    rf"decade|spring|summer|autumn|fall|winter|quarter|ago)s?\b)|\b{YEAR}\b|\d0s\b|\d[/.-]\d"
)
_DUR_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries)"
_DURATION = re.compile(
    rf"(?i)^(?:(?:for|over|during|within|throughout)\s+)?(?:the\s+)?(?:(?:past|last|next|"
    rf"previous|coming|first|following|recent)\s+)?(?:(?:about|some|nearly|almost|more than|"
    rf"over|another|at least|up to)\s+)?(?:{NUMW}|\d+|many)(?:\s+more)?(?:-|\s+){_DUR_UNIT}"
    rf"(?:-long|\s+long)?$"
    rf"|^(?:(?:for|over|during|within|throughout|in)\s+)?the\s+(?:past|previous|last|next|"
    rf"coming|following|recent)\s+{_DUR_UNIT}$"
    rf"|^(?:(?:for|over|during|within|throughout)\s+)?(?:recent|many|several|few)\s+"
    rf"{_DUR_UNIT}$"
)
_IN_FUTURE = re.compile(rf"(?i)^in\s+{NUMW}\s+(?:days?|weeks?|months?|years?)$")
_NOT_DATE = re.compile(
    r"(?i)year-old|years? old|-year\b|\bevery\b|\beach\b|\bper\b|\bannual|\bdaily\b|\bweekly\b|"
    r"\bmonthly\b|\byearly\b|\bthe year\b$|\bage\b"
)
_LEADING_WORDS = frozenset(
    [
        "on",
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "before",
        "after",
        "during",
        "of",
        "at",
        "to",
        "between",
        "and",
        "through",
    ]
)
_LEADING = re.compile(
    r"^(?:(?:on|in|since|by|until|till|from|before|after|during|of|as of|at|to|between|and|"
    r"through)\s+)+",
    re.I,
)
_YEAR_RANGE = re.compile(rf"{B}({YEAR})\s*[-–]\s*({YEAR}){E}")
_AMBIGUOUS_MONTHS = {"May", "March"}
_DATE_CONTEXT = frozenset(
    [
        "in",
        "since",
        "by",
        "until",
        "of",
        "from",
        "during",
        "early",
        "mid",
        "late",
        "last",
        "next",
        "this",
        "before",
        "after",
        "through",
        "and",
        "or",
        "to",
        "between",
        "on",
    ]
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_SEASONS = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}


def parse_published_at(value: str | None) -> dt.datetime | None:
    """ISO 8601 string ("2020-11-05T10:00:00Z") → naive UTC datetime; None if absent/bad."""
    parsed = to_utc(value) if value else None
    return parsed.replace(tzinfo=None) if parsed is not None else None


@functools.lru_cache(maxsize=64)
def _parser(base: dt.datetime | None) -> DateDataParser:
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


_HAS_YEAR = re.compile(rf"(?<!\d){YEAR}(?!\d)|\d0s\b")
_WEEKDAY_RX = re.compile(WEEKDAY)


def _has_year(text: str) -> bool:
    return bool(_HAS_YEAR.search(text))


def _fmt(d: dt.date, granularity: str) -> str:
    if granularity == "day":
        return d.strftime("%Y-%m-%d")
    if granularity == "month":
        return d.strftime("%Y-%m")
    return str(d.year)


def _year_for(month: int, day: int, base: dt.datetime, tense: str | None) -> int:
    """The year of a month (and day) written without one, seen from ``base``.

    Past tense: the latest such date not after ``base``; future: the earliest not before it;
    unknown: the nearer of the two (ties go to the past). A month counts as current for the
    whole of itself ("in November" in a November article is this November either way).
    """
    here = (base.month, base.day if day else 0)
    past = base.year if (month, day) <= here else base.year - 1
    future = base.year if (month, day) >= here else base.year + 1
    if tense == "past" or past == future:
        return past
    if tense == "future":
        return future

    def days(year: int) -> int:
        return abs((dt.date(year, month, max(day, 1)) - base.date()).days)

    return future if days(future) < days(past) else past


def _month_year(
    month: int, base: dt.datetime | None, year: str | None, tense: str | None = None
) -> int | None:
    if year:
        return int(year)
    if base is None:
        return None
    return _year_for(month, 0, base, tense)


_Result = tuple[str | None, str | None]


def _norm_decade(t: str, low: str, base: dt.datetime | None, tense: str | None) -> _Result | None:
    """ "the 1990s", "the early 2000s", "the '90s"."""
    m = re.fullmatch(r"(?:the\s+)?(?:(?:early|mid|late)[-\s]*)?(\d{3}0)s", low)
    if m:
        return f"{m.group(1)}s", "decade"
    m = re.fullmatch(r"(?:the\s+)?(?:(?:early|mid|late)[-\s]*)?['’]?(\d)0s", low)
    if not m:
        return None
    if base is None:
        return None, "decade"
    century = 2000 if 2000 + int(m.group(1)) * 10 <= base.year else 1900
    return f"{century + int(m.group(1)) * 10}s", "decade"


def _norm_season(t: str, low: str, base: dt.datetime | None, tense: str | None) -> _Result | None:
    """ "summer 2020", "last winter", "next spring"."""
    m = re.fullmatch(
        rf"(?:(earlier|later)\s+)?(?:(last|this|next|coming)\s+)?({SEASON.lower()})"
        rf"(?:\s+of)?(?:\s+({YEAR}))?",
        low,
    )
    if not (m and (m.group(2) or m.group(4))):
        return None
    season = "autumn" if m.group(3) == "fall" else m.group(3)
    if m.group(4):
        return f"{m.group(4)}-{season}", "season"
    if base is None:
        return None, "season"
    year = base.year
    if m.group(2) == "last":
        year = base.year if base.month > _SEASONS[season] else base.year - 1
    elif m.group(2) in ("next", "coming"):
        year = base.year + 1 if base.month >= _SEASONS[season] else base.year
    return f"{year}-{season}", "season"


def _norm_quarter(t: str, low: str, base: dt.datetime | None, tense: str | None) -> _Result | None:
    """ "Q3 2020", "the second quarter of 2019"; without a year a fiscal quarter (no value)."""
    m = re.fullmatch(
        rf"(?:the\s+)?(?:(first|second|third|fourth)\s+quarter|q([1-4]))"
        rf"(?:\s+(?:of\s+)?({YEAR}))?",
        low,
    )
    if not m:
        return None
    q = _ORDINALS[m.group(1)] if m.group(1) else int(m.group(2))
    if m.group(3):
        return f"{m.group(3)}-Q{q}", "season"
    # Without a year a quarter is often a fiscal one ("the company's second quarter"),
    # whose calendar months are unknown: a mention without a value.
    return None, "season"


def _norm_part_of(t: str, low: str, base: dt.datetime | None, tense: str | None) -> _Result | None:
    """ "early December", "late May 2019", "mid-2019"."""
    m = re.fullmatch(rf"(?:early|mid|late)[-\s]*([a-z]+)(?:,?\s+(?:of\s+)?({YEAR}))?", low)
    if m and m.group(1) in _MONTH_NUM:
        month = _MONTH_NUM[m.group(1)]
        year = _month_year(month, base, m.group(2), tense)
        return (f"{year:04d}-{month:02d}" if year else None), "month"
    m = re.fullmatch(rf"(?:early|mid|late)[-\s]*({YEAR})", low)
    return (m.group(1), "year") if m else None


def _norm_period(t: str, low: str, base: dt.datetime | None, tense: str | None) -> _Result | None:
    """ "earlier this year", "later this month", "this week", "last weekend"."""
    m = re.fullmatch(
        r"(?:(?:earlier|later)\s+)?(this|last|next|coming)\s+(week|weekend|month|year)", low
    )
    return _relative_period(m.group(1), m.group(2), base) if m else None


def _norm_weekday(t: str, low: str, base: dt.datetime | None, tense: str | None) -> _Result | None:
    """A bare weekday ("Monday", "Thursday morning"): the most recent such day, or the next
    one in a future clause."""
    m = re.fullmatch(rf"({WEEKDAY.lower()})(?:\s+{PART})?", low)
    if not m:
        return None
    if base is None:
        return None, "day"
    wanted = _WEEKDAYS.index(m.group(1).capitalize())
    if tense == "future":
        return _fmt(base + dt.timedelta(days=(wanted - base.weekday()) % 7), "day"), "day"
    back = (base.weekday() - wanted) % 7
    return _fmt(base - dt.timedelta(days=back), "day"), "day"


#: The normalizers tried in order before dateparser; each returns None when not its kind.
NORMALIZERS = [
    _norm_decade,
    _norm_season,
    _norm_quarter,
    _norm_part_of,
    _norm_period,
    _norm_weekday,
]


def normalize(
    text: str, base: dt.datetime | None = None, tense: str | None = None
) -> tuple[str | None, str | None]:
    """Normalize one date expression to ``(value, granularity)``.

    ``granularity`` is None when the text is not a date newsmill can normalize (then the
    caller drops it); ``value`` is None when it is a relative date and ``base`` is None.
    ``tense`` ("past", "future" or None, see :func:`clause_tense`) picks the year of a month
    or day written without one ("early December", "9 August") and the direction of a bare
    weekday; None means the nearer date.
    """
    t = text.strip().rstrip(".,;:")
    if not _IN_FUTURE.match(t):
        t = _LEADING.sub("", t).strip()
    low = t.lower()
    if not t or _NOT_DATE.search(t) or (_DURATION.match(t) and "ago" not in low):
        return None, None
    for rule in NORMALIZERS:
        found = rule(t, low, base, tense)
        if found is not None:
            return found
    m = re.fullmatch(rf"(?:last|next|this|coming)\s+({WEEKDAY.lower()})(?:\s+{PART})?", low)
    if m:
        t = re.sub(rf"\s+{PART}$", "", t, flags=re.I)
    return _dateparser(t, base, tense)


def _relative_period(which: str, unit: str, base: dt.datetime | None) -> tuple[str | None, str]:
    gran = {"week": "day", "weekend": "day", "month": "month", "year": "year"}[unit]
    if base is None:
        return None, gran
    step = {"this": 0, "last": -1, "next": 1, "coming": 1}[which]
    if unit == "year":
        return str(base.year + step), gran
    if unit == "month":
        month0 = base.year * 12 + base.month - 1 + step
        return f"{month0 // 12:04d}-{month0 % 12 + 1:02d}", gran
    if unit == "weekend":
        saturday = base - dt.timedelta(days=(base.weekday() - 5) % 7)
        return _fmt(saturday + dt.timedelta(days=7 * max(step, 0)), "day"), gran
    return _fmt(base + dt.timedelta(days=7 * step), "day"), gran


_MONTH_WORD = re.compile(rf"{B}{MONTH}{E}")
_DAY_NUM = re.compile(r"(?<![\d.])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d.:])")


def _dateparser(
    t: str, base: dt.datetime | None, tense: str | None = None
) -> tuple[str | None, str | None]:
    text = re.sub(r"\bSept\.?(?=\s)", "Sep", t)
    data = _parser(base).get_date_data(text)
    if data.date_obj is None:
        return None, None
    period = data.period or "day"
    gran = {"month": "month", "year": "year"}.get(period, "day")
    if re.search(r"(?i)\bago\b|^in\s", t):
        gran = "day"
    if not _has_year(t) and base is None:
        return None, gran
    if not 1000 <= data.date_obj.year <= 2200:
        return None, None
    value = data.date_obj
    if base is not None and not _has_year(t) and _MONTH_WORD.search(t) and gran in ("day", "month"):
        # "9 August", "October": dateparser always looks back; the tense decides.
        day = value.day if gran == "day" else 0
        value = value.replace(year=_year_for(value.month, day, base, tense))
    return _fmt(value, gran), gran


_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "’ll"})
_FUTURE_GOVERNORS = frozenset(
    [
        "expect",
        "plan",
        "schedule",
        "set",
        "due",
        "aim",
        "intend",
        "hope",
        "want",
        "prepare",
        "promise",
        "vow",
        "pledge",
        "threaten",
        "agree",
        "decide",
        "go",
        "seek",
        "propose",
    ]
)
_FUTURE_WORDS = frozenset(
    {"due", "scheduled", "expected", "slated", "upcoming", "planned", "set", "poised"}
)
_PERFECT_AUX = frozenset({"have", "has", "had", "'ve", "’ve"})


def _clause_verb(span: Span) -> Token | None:
    """The verb (or auxiliary) the date hangs from, up to six heads above it."""
    tok = span.root
    seen = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and seen < 6:
        tok = tok.head
        seen += 1
    return tok if tok.pos_ in ("VERB", "AUX") else None


def _future_by_auxiliary(tok: Token) -> bool:
    """ "would begin", "is due", "plans to hold" (an infinitive under a future governor)."""
    verbs = [tok]
    if tok.dep_ in ("xcomp", "ccomp", "advcl", "conj") and tok.head.pos_ in ("VERB", "AUX", "ADJ"):
        verbs.append(tok.head)
    children = [c for v in verbs for c in v.children]
    lowers = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass", "acomp", "xcomp")}
    if lowers & _FUTURE_AUX or {c.lower_ for c in children} & _FUTURE_WORDS:
        return True
    return (
        any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children)
        and len(verbs) > 1
        and verbs[1].lemma_.lower() in _FUTURE_GOVERNORS
    )


def _future_by_aspect(span: Span, tok: Token, auxes: list[Token]) -> bool:
    """ "are meeting on Monday" (present progressive); "has been postponed until mid-May"."""
    if tok.tag_ == "VBG" and any(a.lower_ in ("is", "are", "am", "'s", "'re") for a in auxes):
        return True
    prep = span.root.head.lower_ if span.root.dep_ == "pobj" else ""
    return prep in ("until", "till", "to") and any(
        a.lower_ in ("has", "have", "'s", "'ve") for a in auxes
    )


def clause_tense(span: Span) -> str | None:
    """ "past", "future" or None: the tense of the clause a date stands in.

    Future: an auxiliary will/shall/would ("shipments would begin in late August"), an
    infinitive under expect/plan/schedule/… ("plans to hold talks in December"), "due",
    "scheduled", or a present progressive ("are meeting on Monday"). Past: a past-tense or
    perfect verb, or a past participle ("a report released in August"). Else None.
    """
    tok = _clause_verb(span)
    if tok is None:
        return None
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if _future_by_auxiliary(tok) or _future_by_aspect(span, tok, auxes):
        return "future"
    if tok.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lower_ in _PERFECT_AUX for a in auxes):
        return "past"
    if tok.tag_ == "VBN" and not auxes:
        return "past"
    return None


def _strip_span(span: Span) -> Span | None:
    doc = span.doc
    start, end = span.start, span.end
    if _IN_FUTURE.match(span.text):
        return span
    while start < end and (doc[start].lower_ in _LEADING_WORDS or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in (".",):
        end -= 1
    if end > start and doc[end - 1].text == "." and len(doc[end - 1].text) == 1:
        end -= 1
    return doc[start:end] if end > start else None


def _is_frequency(span: Span) -> bool:
    """ "every Monday", "each Friday", "annual", "daily": a frequency or an age, not a date."""
    doc = span.doc
    return bool(_NOT_DATE.search(doc[max(span.start - 1, 0) : span.end].text))


def _ambiguous_month_ok(span: Span) -> bool:
    """'May'/'March' standing alone must be in a date context (not the verb)."""
    toks = [t for t in span if t.text in _AMBIGUOUS_MONTHS]
    if not toks or len(span) > 1:
        return True
    tok = toks[0]
    if tok.pos_ in ("VERB", "AUX"):
        return False
    prev = span.doc[tok.i - 1] if tok.i > 0 else None
    return prev is not None and prev.lower_ in _DATE_CONTEXT


def _candidates(doc: Doc) -> Iterator[Span]:
    for ent in doc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and _WEEKDAY_RX.search(ent.text)):
            yield ent
    text = doc_text(doc)  # Doc.text joins every token: read it once per doc
    for rx in _RULES:
        for m in rx.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                yield span
    # "2015-2019": two years (a span of years is not one date).
    for m in _YEAR_RANGE.finditer(text):
        for group in (1, 2):
            span = doc.char_span(*m.span(group))
            if span is not None:
                yield span


def find_dates(doc: Doc, base: dt.datetime | None) -> list[dict]:
    """All date mentions of ``doc`` as dicts shaped like :class:`models.DateMention`.

    Candidates are judged longest first (then left to right); one that overlaps a date
    already taken is dropped before it is normalized, since it could not be kept anyway.
    """
    spans: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for cand in _candidates(doc):
        span = _strip_span(cand)
        if span is None or (span.start, span.end) in seen:
            continue  # the model and a pattern often find the same span: judge it once
        seen.add((span.start, span.end))
        if not _CUE.search(span.text) or not _ambiguous_month_ok(span):
            continue
        if _is_frequency(span):
            continue
        spans.append(span)
    spans.sort(key=lambda sp: (-(sp.end_char - sp.start_char), sp.start_char))
    taken: list[tuple[int, int]] = []
    judged: dict[tuple[str, str | None], tuple[str | None, str | None]] = {}
    out: list[dict] = []
    for span in spans:
        s, e = span.start_char, span.end_char
        if any(s < te and ts < e for ts, te in taken):
            continue
        key = (span.text, clause_tense(span) if base else None)
        if key not in judged:  # "Tuesday" said twice in the same tense: normalized once
            judged[key] = normalize(key[0], base, key[1])
        value, gran = judged[key]
        if gran is None:
            continue
        taken.append((s, e))
        out.append({"text": span.text, "value": value, "granularity": gran, "start": s, "end": e})
    out.sort(key=lambda d: d["start"])
    return out


@Language.component("newsmill_dates")
def dates_component(doc: Doc) -> Doc:
    """Find and normalize the dates of ``doc`` (base: ``doc._.published_at``)."""
    doc._.dates = find_dates(doc, parse_published_at(doc._.published_at))
    return doc
