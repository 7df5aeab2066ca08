"""The crawl load benchmark at 1,000 pages, as a correctness test (not a timing test).

20 simulated hosts on 127.0.0.1, 5 of them faulty (hang, 503, 429, truncated bodies, resets),
1 % scattered one-off faults: every URL must end in exactly one terminal state, every healthy
page must be written exactly once, no faulty page written. Budget: about 15 s.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "crawl_load.py"


@pytest.mark.skipif(sys.platform != "linux", reason="uses fork and RUSAGE")
def test_crawl_load_1000_pages_nothing_lost() -> None:
    spec = importlib.util.spec_from_file_location("crawl_load", BENCH)
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    stats = bench.run_load(1000, 20, faults=True, deadline=1.0)
    assert stats["checks"] == []
    assert stats["counts"]["written"] == 750  # the 15 healthy hosts' pages
    assert len(stats["parked"]) == 5
    assert stats["exit_code"] == 1  # some pages failed
