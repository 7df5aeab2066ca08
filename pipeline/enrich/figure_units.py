"""Units of figures: canonical names and the ways news writes them.

One canonical name per unit: ISO 4217 codes for money (``USD``, ``EUR``, ``MYR``...),
``percent`` and ``percentage_point``, SI or common symbols for measures (``km``, ``mi``,
``kg``, ``lb``, ``t``, ``l``, ``ml``, ``gal``, ``m2``, ``km2``, ``ha``, ``GHz``, ``MW``,
``kWh``, ``GB``, ``°C``, ``°F``...), words for durations (``second`` ... ``decade``) and
``age`` for ages in years. Compound units join two canonical names with a slash:
``USD/barrel``, ``USD/share``, ``km/h``; miles per hour is ``mph``.

The tables here are data only; :mod:`pipeline.enrich.figure_numbers` and
:mod:`pipeline.enrich.figures` read them.
"""

from __future__ import annotations

__all__ = [
    "CURRENCY_PREFIXES",
    "CURRENCY_WORDS",
    "GLUED_UNITS",
    "MAGNITUDES",
    "PERCENT_WORDS",
    "PRICE_NOUNS",
    "UNIT_PHRASES",
    "unit_of_noun",
]

#: Symbols and codes written before the number, alone or glued ("USD10m", "RM2.70",
#: "HK$", "$US", "$A"), lower-cased. "Â£" is "£" read through the wrong code page.
CURRENCY_PREFIXES: dict[str, str] = {
    "$": "USD", "us$": "USD", "$us": "USD", "usd": "USD", "u.s.$": "USD",
    "€": "EUR", "eur": "EUR",
    "£": "GBP", "â£": "GBP", "gbp": "GBP",
    "¥": "JPY", "jpy": "JPY",
    "c$": "CAD", "ca$": "CAD", "cad": "CAD", "$c": "CAD",
    "a$": "AUD", "au$": "AUD", "$a": "AUD", "aud": "AUD",
    "nz$": "NZD", "$nz": "NZD", "nzd": "NZD",
    "hk$": "HKD", "hkd": "HKD",
    "s$": "SGD", "sgd": "SGD",
    "r$": "BRL", "brl": "BRL",
    "rm": "MYR", "myr": "MYR",
    "rs": "INR", "rs.": "INR", "inr": "INR", "₹": "INR",
    "₽": "RUB", "rub": "RUB", "byn": "BYN",
    "₴": "UAH", "uah": "UAH",
    "chf": "CHF", "cny": "CNY", "rmb": "CNY",
    "₩": "KRW", "krw": "KRW",
    "₦": "NGN", "ngn": "NGN", "zar": "ZAR", "kes": "KES",
    "₱": "PHP", "php": "PHP", "aed": "AED", "sar": "SAR",
    "₺": "TRY", "mxn": "MXN", "rp": "IDR", "idr": "IDR", "pkr": "PKR",
    "₪": "ILS", "ils": "ILS", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN",
}

#: Currency names written after the number → (ISO code, factor): "cents" are 0.01 USD.
CURRENCY_WORDS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("dollar", "dollars"), ("USD", 1.0)),
    **dict.fromkeys(("cent", "cents"), ("USD", 0.01)),
    **dict.fromkeys(("euro", "euros"), ("EUR", 1.0)),
    **dict.fromkeys(("pound", "pounds", "sterling"), ("GBP", 1.0)),
    **dict.fromkeys(("pence", "penny"), ("GBP", 0.01)),
    **dict.fromkeys(("ruble", "rubles", "rouble", "roubles"), ("RUB", 1.0)),
    "yen": ("JPY", 1.0),
    **dict.fromkeys(("yuan", "renminbi"), ("CNY", 1.0)),
    **dict.fromkeys(("hryvnia", "hryvnias", "hryvnias"), ("UAH", 1.0)),
    **dict.fromkeys(("franc", "francs"), ("CHF", 1.0)),
    **dict.fromkeys(("rupee", "rupees"), ("INR", 1.0)),
    "naira": ("NGN", 1.0),
    "rand": ("ZAR", 1.0),
    **dict.fromkeys(("shilling", "shillings"), ("KES", 1.0)),
    "won": ("KRW", 1.0),
    **dict.fromkeys(("ringgit",), ("MYR", 1.0)),
    "rupiah": ("IDR", 1.0),
    **dict.fromkeys(("peso", "pesos"), ("MXN", 1.0)),
    "lira": ("TRY", 1.0),
    **dict.fromkeys(("dirham", "dirhams"), ("AED", 1.0)),
    **dict.fromkeys(("riyal", "riyals"), ("SAR", 1.0)),
    **dict.fromkeys(("zloty", "zlotys"), ("PLN", 1.0)),
    **dict.fromkeys(("krona", "kronor"), ("SEK", 1.0)),
}

PERCENT_WORDS = frozenset({"%", "percent", "pct", "pc"})

#: Magnitude suffixes glued to a number or written after it ("50.8bn", "10 mln").
MAGNITUDES: dict[str, float] = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9,
    "tn": 1e12, "trn": 1e12, "trillion": 1e12,
}

_LENGTH = {
    "mm": "mm", "millimetre": "mm", "millimetres": "mm", "millimeter": "mm", "millimeters": "mm",
    "cm": "cm", "centimetre": "cm", "centimetres": "cm", "centimeter": "cm", "centimeters": "cm",
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mile": "mi", "miles": "mi", "mi": "mi",
    "ft": "ft", "foot": "ft", "feet": "ft",
    "inch": "in", "inches": "in",
    "yard": "yd", "yards": "yd",
}
_MASS = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg",
    "g": "g", "gram": "g", "grams": "g",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg",
    "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t",
    "lb": "lb", "lbs": "lb",
    "oz": "oz", "ounce": "oz", "ounces": "oz",
}
_VOLUME_AREA = {
    "ml": "ml", "millilitre": "ml", "millilitres": "ml", "milliliter": "ml", "milliliters": "ml",
    "cl": "cl", "centilitre": "cl", "centilitres": "cl",
    "l": "l", "liter": "l", "liters": "l", "litre": "l", "litres": "l",
    "gallon": "gal", "gallons": "gal", "gal": "gal",
    "barrel": "barrel", "barrels": "barrel", "bbl": "barrel",
    "cup": "cup", "cups": "cup",
    "hectare": "ha", "hectares": "ha", "ha": "ha",
    "acre": "acre", "acres": "acre",
    "m2": "m2", "sqm": "m2", "km2": "km2", "sqft": "ft2",
}
_TECH = {
    "hz": "Hz", "hertz": "Hz", "khz": "kHz", "kilohertz": "kHz",
    "mhz": "MHz", "megahertz": "MHz", "ghz": "GHz", "gigahertz": "GHz",
    "w": "W", "watt": "W", "watts": "W", "kw": "kW", "kilowatt": "kW", "kilowatts": "kW",
    "mw": "MW", "megawatt": "MW", "megawatts": "MW",
    "gw": "GW", "gigawatt": "GW", "gigawatts": "GW",
    "wh": "Wh", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh",
    "kb": "KB", "mb": "MB", "megabyte": "MB", "megabytes": "MB",
    "gb": "GB", "gigabyte": "GB", "gigabytes": "GB", "tb": "TB", "terabyte": "TB",
    "terabytes": "TB", "mp": "MP", "megapixel": "MP", "megapixels": "MP", "mah": "mAh",
    "mph": "mph", "kph": "km/h", "km/h": "km/h", "kmh": "km/h",
    "fahrenheit": "°F", "celsius": "°C", "centigrade": "°C",
}
_TIME = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade", "degree": "degree", "degrees": "degree",
}

#: Measure words and symbols written after the number (lower-cased) → canonical unit.
MEASURES: dict[str, str] = {**_LENGTH, **_MASS, **_VOLUME_AREA, **_TECH, **_TIME}

#: Units glued to a number ("250ml", "15kHz", "38C", "24pc"); case matters only for the
#: one-letter ones: "C"/"F" are degrees, "M"/"m" after money is millions (see
#: :data:`MAGNITUDES`), "p" is pence.
GLUED_UNITS: dict[str, str] = {
    **{k: v for k, v in MEASURES.items() if len(k) <= 5 and k not in ("in", "m")},
    "m": "m", "C": "°C", "F": "°F", "°c": "°C", "°f": "°F", "°": "degree",
    "pc": "percent", "pct": "percent", "%": "percent",
}

#: Units of two or three words, longest first (lower-cased tokens).
UNIT_PHRASES: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("per", "cent"), "percent"),
        (("percentage", "point"), "percentage_point"),
        (("percentage", "points"), "percentage_point"),
        (("miles", "per", "hour"), "mph"),
        (("miles", "an", "hour"), "mph"),
        (("mile", "per", "hour"), "mph"),
        (("kilometres", "per", "hour"), "km/h"),
        (("kilometers", "per", "hour"), "km/h"),
        (("kilometres", "an", "hour"), "km/h"),
        (("kilometers", "an", "hour"), "km/h"),
        (("km", "per", "hour"), "km/h"),
        (("km", "an", "hour"), "km/h"),
        (("degrees", "celsius"), "°C"),
        (("degrees", "fahrenheit"), "°F"),
        (("degrees", "centigrade"), "°C"),
        (("degrees", "c"), "°C"),
        (("degrees", "f"), "°F"),
        (("degree", "celsius"), "°C"),
        (("°", "c"), "°C"),
        (("°", "f"), "°F"),
        (("square", "kilometres"), "km2"),
        (("square", "kilometers"), "km2"),
        (("square", "km"), "km2"),
        (("square", "metres"), "m2"),
        (("square", "meters"), "m2"),
        (("square", "miles"), "mi2"),
        (("square", "feet"), "ft2"),
        (("sq", "ft"), "ft2"),
        (("nautical", "miles"), "nmi"),
        (("light", "years"), "ly"),
    ],
    key=lambda p: -len(p[0]),
)

#: Nouns that make a price a rate after "a"/"an" ("$92 a barrel", "£11.44 an hour").
PRICE_NOUNS = frozenset(
    [
        "barrel", "share", "ounce", "gallon", "litre", "liter", "tonne", "ton", "hour", "kilo",
        "kilogram", "pound", "head", "night", "unit", "dose", "megawatt-hour", "bushel",
    ]
)


def unit_of_noun(word: str) -> str:
    """Canonical name of the noun after "per"/"a" in a compound unit ("litre" → "l")."""
    low = word.lower()
    special = {"ounce": "ounce", "ounces": "ounce", "shares": "share", "barrels": "barrel"}
    if low in special:
        return special[low]
    if low in MEASURES and low not in ("pound", "pounds"):
        return MEASURES[low]
    return low
