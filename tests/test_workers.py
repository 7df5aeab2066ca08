"""The worker pool the crawl and the extract paths share: a call past its deadline is
killed with its worker, a dying worker costs only its call, a long call loses CPU priority,
and the pool goes on with fresh workers each time."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.errors import OverBudgetError, WorkerError
from pipeline.runs.workers import Bounded, WorkerPool, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes need os.fork")


def sleep_then_report(seconds: float) -> tuple[int, int]:
    """Sleep, then say which process ran the call and at what priority."""
    time.sleep(seconds)
    return os.getpid(), os.getpriority(os.PRIO_PROCESS, 0)


def sleep_then_policy(seconds: float) -> int:
    """Sleep, then say under which scheduling policy the call ran."""
    time.sleep(seconds)
    return os.sched_getscheduler(0)


def raise_value_error() -> None:
    raise ValueError("a page the spider did not expect")


def die() -> None:
    os._exit(9)  # as a crash in a C extension would


def test_a_call_past_its_deadline_is_killed_and_the_worker_replaced() -> None:
    with Bounded(0.5) as bounded:
        first, _ = bounded(sleep_then_report, 0.0)
        started = time.monotonic()
        with pytest.raises(OverBudgetError) as caught:
            bounded(sleep_then_report, 60.0)
        assert time.monotonic() - started < 10.0
        assert caught.value.reason == "time"
        with pytest.raises(ProcessLookupError):
            os.kill(first, 0)  # the stuck worker is gone (killed and reaped)
        second, _ = bounded(sleep_then_report, 0.0)
        assert second != first
        assert bounded.peak_rss > 0


def test_errors_come_back_and_a_dead_worker_costs_only_its_call() -> None:
    with Bounded(30.0) as bounded:
        with pytest.raises(ValueError, match="did not expect"):
            bounded(raise_value_error)
        with pytest.raises(WorkerError, match="died"):
            bounded(die)
        pid, _ = bounded(sleep_then_report, 0.0)
        assert pid != os.getpid()


def test_calls_in_parallel_and_a_long_one_loses_priority() -> None:
    async def go() -> list[object]:
        pool = WorkerPool(2)
        try:
            base = os.getpriority(os.PRIO_PROCESS, 0)
            quick = [pool.run(sleep_then_report, 0.05, demote_after=1.0) for _ in range(4)]
            slow = pool.run(sleep_then_report, 1.0, demote_after=0.2)
            stuck = pool.run(sleep_then_report, 60.0, timeout=0.5)
            results = await asyncio.gather(*quick, slow, stuck, return_exceptions=True)
            after = await pool.run(sleep_then_report, 0.0)
            return [base, *results, after]
        finally:
            pool.close()

    base, *quick, slow, stuck, after = asyncio.run(go())
    assert all(priority == base for _, priority in quick)  # type: ignore[misc]
    slow_pid, slow_priority = slow  # type: ignore[misc]
    assert slow_priority == min(19, base + 10)  # type: ignore[operator]
    assert isinstance(stuck, OverBudgetError)
    after_pid, after_priority = after  # type: ignore[misc]
    assert after_priority == base  # the demoted worker was replaced by a fresh one
    assert after_pid != slow_pid


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="SCHED_IDLE is Linux's")
def test_a_demoted_call_runs_only_on_idle_cpu_and_its_successor_does_not() -> None:
    async def go() -> tuple[int, int, int]:
        with WorkerPool(1) as pool:
            quick = await pool.run(sleep_then_policy, 0.0, demote_after=1.0)
            slow = await pool.run(sleep_then_policy, 0.5, demote_after=0.1)
            after = await pool.run(sleep_then_policy, 0.0)
            return quick, slow, after

    quick, slow, after = asyncio.run(go())
    assert quick == os.sched_getscheduler(0)
    assert slow == os.SCHED_IDLE
    assert after == quick  # the demoted worker was replaced by a fresh one


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_killed_run_leaves_no_worker_running() -> None:
    """kill -9 of the parent mid-page: its worker (stuck in the page) dies with it."""
    script = (
        "import time\n"
        "from pipeline.runs.workers import WorkerPool\n"
        "pool = WorkerPool(1)\n"
        "print(*pool.pids, flush=True)\n"
        "pool.call(time.sleep, 600, timeout=900)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        parent.kill()
        parent.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return  # gone
        if state in ("Z", "X"):
            return  # dead, waiting for init to reap it
        time.sleep(0.05)
    os.kill(worker, 9)
    pytest.fail(f"worker {worker} still running after its parent was killed")
