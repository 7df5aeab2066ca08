"""Diagnostics for the benchmarks: newsmill's own date step with a part of it left out, to
measure what that part costs and what it decides. They change output; no rule depends on them.

``no_extensive_search()`` makes the date step skip htmldate's extensive search
(``find_date(extensive_search=True)``, the only path on which htmldate hands text to
dateparser): a call for the extensive search alone finds nothing, a call for the fast search
then the extensive one (``extensive=None``) runs the fast one only. Only newsmill's own
function (:func:`pipeline.extract.pubdate._htmldate`) is wrapped; htmldate is called as
always. ``NEWSMILL_BENCH_NO_EXTENSIVE=1`` in the environment applies it when this module is
imported by a benchmark (for a scorer that imports ``bench.pubdate`` in a process of its own).
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

ENV = "NEWSMILL_BENCH_NO_EXTENSIVE"
#: Calls of htmldate by newsmill's date step since :func:`no_extensive_search`:
#: ``{"fast": n, "extensive skipped": n}``.
CALLS: dict[str, int] = {"fast": 0, "extensive skipped": 0}


def no_extensive_search() -> None:
    """Make newsmill's date step skip htmldate's extensive search, in this process."""
    from pipeline.extract import pubdate

    original = pubdate._htmldate
    if getattr(original, "no_extensive", False):
        return

    def fast_only(*args: Any, extensive: bool | None = None, **kwargs: Any) -> date | None:
        if extensive:
            CALLS["extensive skipped"] += 1
            return None
        CALLS["fast"] += 1
        return original(*args, extensive=False, **kwargs)

    fast_only.no_extensive = True  # type: ignore[attr-defined]
    pubdate._htmldate = fast_only  # type: ignore[assignment]


if os.environ.get(ENV) == "1":
    no_extensive_search()
