"""Page dates → ISO 8601: the UTC instant, and the page's own local time.

``datetime.fromisoformat`` reads the machine-written dates (JSON-LD, meta tags, ``<time>``),
a small reader the common English forms people write ("April 28, 2024 3:00 PM EDT",
"Mon, 18 Nov 2019 10:15 GMT", "28.04.2024 10:15"), and ``dateparser`` the rest (other
languages, odd orders). US zone names (``EDT``, ``ET``, ``PT``…) and a few others are known.

:func:`to_utc_iso` gives the instant (``YYYY-MM-DDTHH:MM:SSZ``): a time without a zone is
taken as UTC, a date without a time as midnight UTC. :func:`to_local_iso` gives what the page
itself says: the time with the page's UTC offset (``2024-04-28T03:00:00-04:00``) when the page
gives a time and a zone, else the bare day the page wrote (``2024-04-28``).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as time_of_day
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DATE_WORDS",
    "MONTH_NAMES",
    "PageDate",
    "fold",
    "parse_page_date",
    "to_local_iso",
    "to_utc_iso",
]

_SPACE_BEFORE_OFFSET = re.compile(r"\s+([+-]\d{2}:?\d{2}|Z)$")
_OFFSET_NO_COLON = re.compile(r"([+-])(\d{2})(\d{2})$")
_UTC_SUFFIX = re.compile(r"\s*(?:UTC|GMT)$", re.I)
_YEAR_RANGE = range(1900, 2101)
_DATEPARSER_SETTINGS = {  # aware when the text names a zone, naive when it does not
    "PREFER_DAY_OF_MONTH": "first",
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # no "2 hours ago"
}
_CLOCK = re.compile(r"\d:\d\d")
_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|updated|last\s+updated|posted|modified|date|on)\b\s*(?:on\b)?[:\s]*",
    re.I,
)


@dataclass(frozen=True)
class PageDate:
    """A date as a page writes it: ``moment`` is aware when the page gave a zone (or an
    offset), naive otherwise; ``has_time`` says whether it gave a time of day."""

    moment: datetime
    has_time: bool

    @property
    def has_zone(self) -> bool:
        """Whether the page said which UTC offset its time is in."""
        return self.moment.tzinfo is not None

    @property
    def day(self) -> date:
        """The page's own calendar day (in its own zone)."""
        return self.moment.date()

    def utc(self) -> datetime:
        """The instant; a time without a zone is taken as UTC."""
        aware = self.moment if self.has_zone else self.moment.replace(tzinfo=UTC)
        return aware.astimezone(UTC)

    def utc_iso(self) -> str:
        """``YYYY-MM-DDTHH:MM:SSZ``."""
        return self.utc().strftime("%Y-%m-%dT%H:%M:%SZ")

    def local_iso(self) -> str:
        """``YYYY-MM-DDTHH:MM:SS±HH:MM`` with the page's offset, or the bare day."""
        if not (self.has_time and self.has_zone):
            return self.day.isoformat()
        offset = self.moment.utcoffset() or timedelta(0)
        minutes = round(offset.total_seconds() / 60)
        sign = "-" if minutes < 0 else "+"
        hours, mins = divmod(abs(minutes), 60)
        return f"{self.moment.strftime('%Y-%m-%dT%H:%M:%S')}{sign}{hours:02d}:{mins:02d}"


def parse_page_date(
    value: str | None, *, dateparser: bool = True, day_first: bool = False
) -> PageDate | None:
    """``value`` read as a :class:`PageDate`, or None when it is not a date (or its year is
    outside 1900–2100). With ``dateparser=False`` only the fast readers run (ISO 8601 and
    the written forms of English, German, French, Spanish and Russian). A date written with
    slashes whose two first numbers can both be a month (``05/03/2021``) is read month
    first, as US English writes it, unless ``day_first`` (as the rest of the world does).

    >>> parse_page_date("2024-04-28T03:00:00-04:00").local_iso()
    '2024-04-28T03:00:00-04:00'
    """
    if not value:
        return None
    text = value.strip()
    if not text or len(text) > 80 or not re.search(r"\d", text):
        return None
    text = _LABEL.sub("", text) or text
    parsed = _from_iso(text) or _from_words(text, day_first)
    if parsed is None and dateparser:
        parsed = _from_dateparser(text)
    if parsed is None or parsed.moment.year not in _YEAR_RANGE:
        return None
    return parsed


def to_utc_iso(value: str | None) -> str | None:
    """``value`` as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, or None when it is not a date.

    >>> to_utc_iso("2024-04-28T03:00:00-04:00")
    '2024-04-28T07:00:00Z'
    """
    parsed = parse_page_date(value)
    return parsed.utc_iso() if parsed else None


def to_local_iso(value: str | None) -> str | None:
    """``value`` in the page's own time: ``2024-04-28T03:00:00-04:00`` when it gives a time
    and a zone, the bare day ``2024-04-28`` otherwise; None when it is not a date.

    >>> to_local_iso("Sun, 28 Apr 2024 07:00:00 GMT"), to_local_iso("28.04.2024 10:15")
    ('2024-04-28T07:00:00+00:00', '2024-04-28')
    """
    parsed = parse_page_date(value)
    return parsed.local_iso() if parsed else None


def _from_iso(text: str) -> PageDate | None:
    candidate = _UTC_SUFFIX.sub("Z", text)
    candidate = _SPACE_BEFORE_OFFSET.sub(r"\1", candidate)
    if "T" in candidate or " " in candidate:
        candidate = _OFFSET_NO_COLON.sub(r"\1\2:\3", candidate)
    candidate = _UNPADDED_DAY.sub(_pad_day, candidate)
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        try:
            day = date.fromisoformat(candidate)
        except ValueError:
            return None
        return PageDate(datetime(day.year, day.month, day.day), has_time=False)
    # a CMS's date field written as a time: midnight to the microsecond is a day, no time
    return PageDate(moment, has_time=moment.time() != time_of_day())


#: "2022-1-26T14:32:06": an ISO date with an unpadded month or day.
_UNPADDED_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T ])")


def _pad_day(m: re.Match[str]) -> str:
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


#: Month names and abbreviations in English, German, French, Spanish and Russian (with the
#: Russian genitive: "5 марта 2021"), in Italian, Portuguese and Dutch, and the names (the
#: genitive where the language writes it after a day) in Polish, Czech, Swedish, Danish,
#: Norwegian, Turkish and Ukrainian.
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            ("jan", "january", "januar", "jänner", "janvier", "janv", "enero", "ene",
             "январь", "января", "янв", "gennaio", "gen", "janeiro", "januari",
             "stycznia", "styczeń", "ledna", "leden", "ocak", "січня", "січень"),
            ("feb", "february", "februar", "février", "févr", "fevrier", "febrero",
             "февраль", "февраля", "фев", "febbraio", "fevereiro", "fev", "februari",
             "lutego", "luty", "února", "únor", "şubat", "лютого", "лютий"),
            ("mar", "march", "märz", "mär", "maerz", "mars", "marzo", "март", "марта", "мар",
             "março", "marco", "maart", "mrt", "marca", "marzec", "března", "březen", "marts",
             "mart", "березня", "березень"),
            ("apr", "april", "avril", "avr", "abril", "abr", "апрель", "апреля", "апр",
             "aprile", "kwietnia", "kwiecień", "dubna", "duben", "nisan", "квітня", "квітень"),
            ("may", "mai", "mayo", "май", "мая", "maggio", "mag", "maio", "mei", "maja", "maj",
             "května", "květen", "mayıs", "травня", "травень"),
            ("jun", "june", "juni", "juin", "junio", "июнь", "июня", "июн", "giugno", "giu",
             "junho", "czerwca", "czerwiec", "června", "červen", "haziran", "червня",
             "червень"),
            ("jul", "july", "juli", "juillet", "juil", "julio", "июль", "июля", "июл",
             "luglio", "lug", "julho", "lipca", "lipiec", "července", "červenec", "temmuz",
             "липня", "липень"),
            ("aug", "august", "août", "aout", "agosto", "ago", "август", "августа", "авг",
             "augustus", "sierpnia", "sierpień", "srpna", "srpen", "augusti", "ağustos",
             "серпня", "серпень"),
            ("sep", "sept", "september", "septembre", "septiembre", "setiembre",
             "сентябрь", "сентября", "сен", "сент", "settembre", "setembro", "września",
             "wrzesień", "září", "eylül", "вересня", "вересень"),
            ("oct", "october", "oktober", "okt", "octobre", "octubre", "октябрь", "октября",
             "окт", "ottobre", "ott", "outubro", "października", "październik", "října",
             "říjen", "ekim", "жовтня", "жовтень"),
            ("nov", "november", "novembre", "noviembre", "ноябрь", "ноября", "ноя",
             "novembro", "listopada", "listopad", "listopadu", "kasım", "листопада"),
            ("dec", "december", "dezember", "dez", "décembre", "déc", "diciembre", "dic",
             "декабрь", "декабря", "дек", "dicembre", "dezembro", "grudnia", "grudzień",
             "prosince", "prosinec", "desember", "aralık", "грудня", "грудень"),
        )
    )
    for m in names
}  # fmt: skip
#: The month names and abbreviations the fast reader knows (lower case).
MONTH_NAMES = frozenset(_MONTHS)
#: What :func:`fold` makes of the letters lower-casing alone reads wrongly: the Turkish
#: dotted and dotless i (so "KASIM", "Kasım" and "EKİM" read as "kasim" and "ekim"), and the
#: right single quotation mark and the ASCII apostrophe a Ukrainian apostrophe is often written
#: with ("п’ятниця", "п'ятниця" for "пʼятниця").
_FOLD = str.maketrans({"İ": "i", "ı": "i", "’": "ʼ", "'": "ʼ"})


def fold(word: str) -> str:
    """A word lower-cased for looking it up, whatever its language's capitals: Turkish
    "I"/"ı" and "İ"/"i" are one letter, and the three ways of writing a Ukrainian apostrophe
    one character."""
    return word.translate(_FOLD).lower()


_FOLDED_MONTHS = {fold(name): number for name, number in _MONTHS.items()}
_TIME = (
    r"(?:\s*(?:,|at|um|à|a las|-|–|\|)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*uhr)?"
    r"(?:\s*\(?(?P<zone>[^\W\d_]{1,5}|[+-]\d{2}:?\d{2})\)?)?)?"
)
#: A weekday before a numeric date: "Di., 25.01.2022 - 14:45".
_WEEKDAY_PREFIX = re.compile(r"^((?:[^\W\d_]|['’](?=[^\W\d_])){2,12})\.?,?\s+(?=\d)")
_NUMERIC_FORMS = (
    # 28.04.2024 10:15, 28-04-2024 (day first, as Europe writes it with dots or dashes)
    re.compile(rf"^(?P<day>\d{{1,2}})([.-])(?P<month>\d{{1,2}})\2(?P<year>\d{{4}}){_TIME}$", re.I),
    # 2024/04/28 10:15
    re.compile(rf"^(?P<year>\d{{4}})/(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}}){_TIME}$", re.I),
    # 15:00 03.09.2023, 15:00, 03.09.2023 (the time first, as Russian news sites write it;
    # dots or dashes between the numbers: day first)
    re.compile(
        r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*(?P<ampm>[ap]\.?m\.?))?"
        r"(?:\s*uhr)?\s*[,|–-]?\s*(?P<day>\d{1,2})(?P<sep>[.-])(?P<month>\d{1,2})(?P=sep)"
        r"(?P<year>\d{4})(?:\s*\(?(?P<zone>[^\W\d_]{1,5}|[+-]\d{2}:?\d{2})\)?)?$",
        re.I,
    ),
    # 04/28/2024 (month first, as the US and dateparser read it), 28/04/2024 (day > 12)
    re.compile(
        rf"^(?:(?P<month>0?[1-9]|1[0-2])/(?P<day>\d{{1,2}})|(?P<day2>1[3-9]|2\d|3[01])/"
        rf"(?P<month2>0?[1-9]|1[0-2]))/(?P<year>\d{{4}}){_TIME}$",
        re.I,
    ),
)
#: 05/03/2021 read day first, as most of the world writes it (``day_first=True``).
_DAY_FIRST_SLASHES = re.compile(
    rf"^(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})/(?P<year>\d{{4}}){_TIME}$", re.I
)
#: One token of a written date: a time, a number, a word, a UTC offset, or punctuation.
_TOKEN = re.compile(
    r"\s*(?:(?P<time>\d{1,2}:\d{2}(?::\d{2})?)|(?P<num>\d{1,4})(?:st|nd|rd|th|er|\.)?(?!\d)"
    r"|(?P<ampm>[ap]\.m\.|[ap]m\b)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)\.?"
    r"|(?P<offset>[+-]\d{2}:?\d{2})"
    r"|[,|/()@–—-])",
    re.I,
)
_WEEKDAYS = frozenset(
    fold(name) for name in
    {"mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
     "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
     "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
     "mo", "di", "mi", "do", "fr", "sa", "so",
     "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
     "lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "domingo",
     "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
     "пн", "вт", "ср", "чт", "пт", "сб", "вс",
     "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
     "segunda", "terça", "quarta", "quinta", "sexta", "feira",
     "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
     "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela",
     "pondělí", "úterý", "středa", "čtvrtek", "pátek", "neděle",
     "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
     "mandag", "tirsdag", "lørdag", "søndag",
     "pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar",
     "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя"}
)  # fmt: skip
_FILLER = frozenset(
    fold(name) for name in
    {"at", "on", "of", "the", "t", "am", "um", "uhr", "den", "le", "à", "a", "h", "de", "del",
     "el", "las", "hrs", "г", "года", "в", "di", "alle", "ore", "às", "do", "om", "uur",
     "r", "roku", "o", "godz", "v", "kl", "saat", "р", "року", "о"}
)  # fmt: skip
_FIXED_ZONES: dict[str, float] = {
    "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
    "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10, "bst": 1, "cet": 1,
    "cest": 2, "eet": 2, "eest": 3, "wet": 0, "west": 1, "msk": 3, "jst": 9, "kst": 9,
    "aest": 10, "aedt": 11, "ist": 5.5, "sgt": 8, "hkt": 8, "wib": 7, "mez": 1, "mesz": 2,
    "мск": 3,
}  # fmt: skip
_REGION_ZONES = {
    "et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}  # fmt: skip
#: The words a written date or time may hold besides its numbers, folded (:func:`fold`):
#: month and weekday names, fillers ("at", "um", "года"), zones and the letters of "p.m.".
DATE_WORDS = frozenset(
    _FOLDED_MONTHS.keys() | _WEEKDAYS | _FILLER | _FIXED_ZONES.keys() | _REGION_ZONES.keys()
    | {"a", "p", "m", "am", "pm"}
)  # fmt: skip


def _from_words(text: str, day_first: bool = False) -> PageDate | None:
    """The common written forms, without dateparser (slow to start): "April 28, 2024 3:00
    PM EDT", "Tue Nov 19 2019 03:05:46 GMT+0000", "28.04.2024 10:15", "Di., 25.01.2022 -
    14:45", "3. März 2021, 14:05 Uhr", "le 1er mars 2021 à 10:00", "5 марта 2021, 14:05".
    Any word that is not a month, weekday, filler or known zone (in English, German, French,
    Spanish or Russian) gives None."""
    weekday = _WEEKDAY_PREFIX.match(text)
    if weekday and fold(weekday.group(1)) in _WEEKDAYS:
        text = text[weekday.end() :]
    # day first: 05/13/2021 cannot be, so the month-first reading follows
    forms = (_DAY_FIRST_SLASHES, *_NUMERIC_FORMS) if day_first else _NUMERIC_FORMS
    for form in forms:
        m = form.match(text)
        if m:
            parts = m.groupdict()
            built = _build(
                m.group("year"), int(parts.get("month") or parts["month2"]),
                parts.get("day") or parts["day2"], m.group("hour"), m.group("minute"),
                m.group("second"), m.group("ampm"), m.group("zone"),
            )  # fmt: skip
            if built is not None or form is not _DAY_FIRST_SLASHES:
                return built
    reading = _Reading()
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            if text[pos:].strip():
                return None
            break
        pos = m.end()
        if not reading.take(m):
            return None
    return reading.done()


@dataclass
class _Reading:
    """The parts of a written date read so far, token by token."""

    year: str | None = None
    month: int | None = None
    day: str | None = None
    hour: str | None = None
    minute: str | None = None
    second: str | None = None
    ampm: str | None = None
    zone: str | None = None
    after_time: bool = False

    def take(self, m: re.Match[str]) -> bool:
        """Take one token; False when it cannot belong to a date."""
        after_time, self.after_time = self.after_time, False
        if m.group("time"):
            if self.hour is not None:
                return False
            self.hour, self.minute, *rest = m.group("time").split(":")
            self.second = rest[0] if rest else None
            self.after_time = True
        elif m.group("num"):
            return self._number(m.group("num"))
        elif m.group("ampm"):
            if after_time:  # "3:00 PM"; else German "am" (on), a filler
                self.ampm = m.group("ampm")
        elif m.group("word"):
            return self._word(fold(m.group("word")))
        elif m.group("offset"):
            self.zone = m.group("offset")
        return True

    def _number(self, number: str) -> bool:
        if len(number) == 4 and self.year is None:
            self.year = number
        elif len(number) <= 2 and self.day is None:
            self.day = number
        else:
            return False
        return True

    def _word(self, word: str) -> bool:
        if word in _FOLDED_MONTHS and self.month is None:
            self.month = _FOLDED_MONTHS[word]
        elif word in _FIXED_ZONES or word in _REGION_ZONES:
            self.zone = self.zone or word
        elif word not in _WEEKDAYS and word not in _FILLER:
            return False  # another language or a phrase: leave it to dateparser
        return True

    def done(self) -> PageDate | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return _build(
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.ampm,
            self.zone,
        )  # fmt: skip


def _build(
    year: str, month: int, day: str, hour: str | None, minute: str | None,
    second: str | None, ampm: str | None, zone: str | None,
) -> PageDate | None:  # fmt: skip
    h = int(hour or 0)
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
    try:
        naive = datetime(int(year), month, int(day), h, int(minute or 0), int(second or 0))
    except ValueError:
        return None
    zoned = _zoned(naive, zone)
    return PageDate(zoned, has_time=hour is not None) if zoned is not None else None


def _zoned(naive: datetime, zone: str | None) -> datetime | None:
    if not zone:
        return naive
    name = zone.lower()
    if name in _FIXED_ZONES:
        return naive.replace(tzinfo=timezone(timedelta(hours=_FIXED_ZONES[name])))
    if name in _REGION_ZONES:
        try:
            return naive.replace(tzinfo=ZoneInfo(_REGION_ZONES[name]))
        except ZoneInfoNotFoundError:
            return None
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", zone)
    if m:
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
        return naive.replace(tzinfo=timezone(-delta if m.group(1) == "-" else delta))
    return None  # a zone we do not know: let dateparser try


def _from_dateparser(text: str) -> PageDate | None:
    if not re.search(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]{3}|\d{1,4}[./-]\d{1,2}", text):
        return None
    import dateparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser's own deprecation noise
        try:
            parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed is None:
        return None
    return PageDate(parsed, has_time=bool(_CLOCK.search(text)))
