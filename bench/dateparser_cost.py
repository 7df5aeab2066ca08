"""What dateparser's first call costs a process, with every locale or with one language.

Usage::

    .venv/bin/python bench/dateparser_cost.py

htmldate's extensive search builds ``DateDataParser(languages=None)`` (its settings are copied
here) and hands it the texts its own readers cannot read; the date step no longer calls that
search. This measures the alternative the date step could take instead: dateparser's public
API with ``languages=[the page's language]``. Each configuration runs in a fresh process:
the import, the first ``get_date_data`` on a date its fast readers do not read (the CPU
seconds and the peak RSS before and after), then the mean CPU ms of 200 further calls.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

#: (label, languages, text): one date in each language, in a form htmldate's own readers miss.
#: Then a text no locale reads (htmldate handed such titles to it): every locale is tried.
CASES = (
    ("every locale (htmldate's languages=None), a Russian date", None, "15 августа 2016, 13:43"),
    ("every locale, a text no locale reads", None, "12 Must-Have Data Analysis Tools for 2026"),
    ("languages=['ru'], a Russian date", ["ru"], "15 августа 2016, 13:43"),
    ("languages=['de'], a German date", ["de"], "Donnerstag, 16. Februar 2012"),
    ("languages=['en'], an English date", ["en"], "Thursday, February 16th, 2012"),
    (
        "languages=['en'], a text no locale reads",
        ["en"],
        "12 Must-Have Data Analysis Tools for 2026",
    ),
)
SETTINGS = {
    "NORMALIZE": True,
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",
    "PREFER_LOCALE_DATE_ORDER": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(index: int) -> dict[str, object]:
    """One configuration in this process: import, first call, then 200 calls."""
    _, languages, text = CASES[index]
    rss0 = _rss_mb()
    t0 = time.process_time()
    from dateparser import DateDataParser  # type: ignore[attr-defined]

    parser = DateDataParser(languages=languages, settings=SETTINGS)
    imported = time.process_time() - t0
    rss1 = _rss_mb()
    t1 = time.process_time()
    first = parser.get_date_data(text)["date_obj"]
    first_call = time.process_time() - t1
    rss2 = _rss_mb()
    t2 = time.process_time()
    for _ in range(200):
        parser.get_date_data(text)
    warm = (time.process_time() - t2) / 200
    return {"import_s": imported, "first_s": first_call, "warm_ms": 1000 * warm,
            "rss_before": rss0, "rss_imported": rss1, "rss_after": rss2,
            "date": first.isoformat() if first else None}  # fmt: skip


def main() -> int:
    """Print one Markdown row per configuration, each measured in a fresh process."""
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]))))
        return 0
    print("| dateparser | import + parser CPU s | first call CPU s | later calls CPU ms | "
          "peak RSS MB: start → imported → after first call | date read |")  # fmt: skip
    print("|---|---:|---:|---:|---|---|")
    for i, (label, _, _) in enumerate(CASES):
        out = subprocess.run([sys.executable, __file__, "--child", str(i)], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        r = json.loads(out.splitlines()[-1])
        print(f"| {label} | {r['import_s']:.2f} | {r['first_s']:.2f} | {r['warm_ms']:.2f} | "
              f"{r['rss_before']:.0f} → {r['rss_imported']:.0f} → {r['rss_after']:.0f} | "
              f"{r['date']} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
