"""Figures: value and unit accuracy of newsmill beside quantulum3, on newsmill's case tables.

Usage::

    PYTHONPATH=. python bench/figures.py [-v]

Tables (tests/fixtures/enrich/, one case a line, see their headers):

* ``dev``      — figures_cases.txt + figures_news_dev.txt: the rules were written on these;
* ``held-out`` — figures_news_heldout.txt: written before the rules, frozen, never tuned on;
* ``q3-dev``   — with ``--quantulum-cases``: quantulum3's own public test sentences
  (quantulum3/_lang/en_US/tests/quantities.json, read from the installed package; a range,
  written there as its middle ± half-width, is scored by its lower end), a development
  source for newsmill and quantulum3's home ground.

A case with a figure is right for "value" when the system gives a quantity with that value
(relative tolerance 1e-3), and for "value+unit" when that quantity also has the expected
canonical unit (null for a plain count). A "NONE" case (a date, time, score, ordinal, phone
number or name) is right when the system gives no quantity at all. quantulum3's units are
mapped to newsmill's canonical names (ISO 4217 codes from its currency entities,
``_Q3_UNITS`` for measures, "X per Y" → "X/Y"); a dimensionless quantity is a plain count;
a range, which quantulum3 returns as its middle ± half-width, is also scored by its lower
end. quantulum3 runs without its optional classifier extra (scikit-learn).

``-v`` lists the development failures only (the held-out part is reported, not read).
Requires the ``bench`` extra (quantulum3).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from pipeline.enrich import enrich_many
from pipeline.enrich.figure_units import unit_of_noun

TABLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "enrich"
SPLITS = {
    "dev": ["figures_cases.txt", "figures_news_dev.txt"],
    "held-out": ["figures_news_heldout.txt"],
}
PUBLISHED_AT = "2020-11-05T10:00:00Z"
Case = tuple[str, float | None, str | None]  # text, value (None = no figure), unit
Found = list[tuple[float, str | None]]

_Q3_UNITS = {
    "percentage": "percent",
    "millilitre": "ml",
    "litre": "l",
    "millimetre": "mm",
    "centimetre": "cm",
    "metre": "m",
    "kilometre": "km",
    "mile": "mi",
    "foot": "ft",
    "inch": "in",
    "yard": "yd",
    "nautical mile": "nmi",
    "gram": "g",
    "milligram": "mg",
    "kilogram": "kg",
    "tonne": "t",
    "ton": "t",
    "short ton": "t",
    "pound-mass": "lb",
    "ounce": "oz",
    "gallon": "gal",
    "barrel": "barrel",
    "hectare": "ha",
    "acre": "acre",
    "square metre": "m2",
    "square kilometre": "km2",
    "square foot": "ft2",
    "square mile": "mi2",
    "hertz": "Hz",
    "kilohertz": "kHz",
    "megahertz": "MHz",
    "gigahertz": "GHz",
    "watt": "W",
    "kilowatt": "kW",
    "megawatt": "MW",
    "gigawatt": "GW",
    "kilowatt hour": "kWh",
    "megawatt hour": "MWh",
    "gigabyte": "GB",
    "megabyte": "MB",
    "terabyte": "TB",
    "kilobyte": "KB",
    "megapixel": "MP",
    "mile per hour": "mph",
    "kilometre per hour": "km/h",
    "degree Celsius": "°C",
    "degree fahrenheit": "°F",
    "degree Fahrenheit": "°F",
    "degree celsius": "°C",
    "degree angle": "degree",
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "decade": "decade",
    "cup": "cup",
    "percentage point": "percentage_point",
    "cent": "USD",
    "penny": "GBP",
    "dimensionless": None,
}


def load(names: list[str]) -> list[Case]:
    """Cases of the named tables: (sentence, expected value or None, expected unit)."""
    cases: list[Case] = []
    for name in names:
        for line in (TABLES / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            text, *fields = (part.strip() for part in line.split(" | "))
            if fields == ["NONE"]:
                cases.append((text, None, None))
            else:
                cases.append((text, float(fields[0]), None if fields[4] == "-" else fields[4]))
    return cases


def quantulum_cases() -> list[Case]:
    """quantulum3's own English test sentences with their first quantity (a dev source)."""
    path = resources.files("quantulum3") / "_lang" / "en_US" / "tests" / "quantities.json"
    cases: list[Case] = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        res = item.get("res") or []
        if not res:
            cases.append((item["req"], None, None))
            continue
        unit = _Q3_UNITS.get(res[0].get("unit"), res[0].get("unit"))
        value = float(res[0]["value"]) - float(res[0].get("uncertainty") or 0)
        cases.append((item["req"], value, unit))  # a range: its lower end, as newsmill's
    return cases


def newsmill(texts: list[str]) -> list[Found]:
    """newsmill's figures, as (value, unit) pairs per text."""
    results = enrich_many((t, PUBLISHED_AT) for t in texts)
    return [[(f.value, f.unit) for f in r.figures if f.value is not None] for r in results]


_Q3_MONEY = {"dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "cent": "USD"}


def _q3_name(name: str) -> str | None:
    """newsmill's name for one quantulum3 unit name ("dollar per barrel" → "USD/barrel")."""
    if " per " in name and name not in _Q3_UNITS:
        left, right = name.split(" per ", 1)
        return f"{_q3_name(left)}/{unit_of_noun(right)}"
    return _Q3_MONEY.get(name) or _Q3_UNITS.get(name, name)


def _q3_unit(quantity: object) -> str | None:
    unit = quantity.unit  # type: ignore[attr-defined]
    code = getattr(unit, "currency_code", None)
    return str(code) if code else _q3_name(unit.name)


def quantulum(texts: list[str]) -> list[Found]:
    """quantulum3's quantities, as (value, unit) pairs per text."""
    from quantulum3 import parser  # type: ignore[import-untyped]

    out: list[Found] = []
    for text in texts:
        try:
            found = parser.parse(text)
        except Exception:
            found = []
        pairs: Found = []
        for q in found:
            pairs.append((float(q.value), _q3_unit(q)))
            if q.uncertainty:  # a range "15 to 17" comes back as 16 ± 1: score its lower end
                pairs.append((float(q.value - q.uncertainty), _q3_unit(q)))
        out.append(pairs)
    return out


def score(cases: list[Case], found: list[Found]) -> tuple[int, int]:
    """(right on value, right on value and unit) over ``cases``."""
    value_ok = both_ok = 0
    for (_, value, unit), got in zip(cases, found, strict=True):
        if value is None:
            value_ok += not got
            both_ok += not got
            continue
        hits = [u for v, u in got if math.isclose(v, value, rel_tol=1e-3)]
        value_ok += bool(hits)
        both_ok += unit in hits
    return value_ok, both_ok


def main(argv: list[str]) -> int:
    """Print the accuracy table; ``-v`` lists development failures."""
    verbose = "-v" in argv
    splits: dict[str, list[Case]] = {k: load(v) for k, v in SPLITS.items()}
    if "--quantulum-cases" in argv:
        splits["q3-dev"] = quantulum_cases()
    systems: dict[str, Callable[[list[str]], list[Found]]] = {"newsmill": newsmill}
    if "--no-peer" not in argv:
        systems["quantulum3"] = quantulum
    print(
        f"{'split':10s} {'cases':>5s} "
        + " ".join(f"{s + ' value':>17s} {'+unit':>6s}" for s in systems)
    )
    for split, cases in splits.items():
        texts = [c[0] for c in cases]
        cells = []
        for name, run in systems.items():
            found = run(texts)
            v, b = score(cases, found)
            cells.append(f"{v / len(cases):17.1%} {b / len(cases):6.1%}")
            if verbose and name == "newsmill" and split != "held-out":
                for case, got in zip(cases, found, strict=True):
                    if score([case], [got])[1] == 0:
                        print(f"  FAIL [{split}] {case[0]!r} want {case[1:]} got {got}")
        print(f"{split:10s} {len(cases):5d} " + " ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
