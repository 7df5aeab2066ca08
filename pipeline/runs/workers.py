"""Worker processes that can be stopped: one page's work bounded in time and isolated.

A :class:`WorkerPool` forks worker processes that each run one call at a time, sent over a
pipe of its own. A call that passes its deadline is stopped for real: its worker is killed
(``SIGKILL``: C code such as a parser or a regular expression cannot ignore it) and replaced
by a fresh fork, and the caller gets :class:`~pipeline.errors.OverBudgetError` (reason
``time``); a worker that dies (a segfault, the OOM killer) costs only the call it ran
(:class:`~pipeline.errors.WorkerError`). The other workers and their calls go on.

The crawl awaits calls on its event loop (:meth:`WorkerPool.run`: the pipe is watched by the
loop, no thread hops); ``extract`` and ``extract --warc`` call synchronously
(:meth:`WorkerPool.call`). Workers are plain ``os.fork`` children, so a pool also works
inside a daemonic process (a Dask worker). Where ``fork`` does not exist the pool is not
available (:func:`can_fork`) and callers run the work in their own process, bounded only by
the page's deadline (:class:`~pipeline.extract.deadline.Deadline`: read in the stages' long
loops, not inside a dependency's call).

Every reply carries the worker's peak resident memory; :attr:`WorkerPool.peak_rss` is the
largest seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import pickle
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any

from pipeline.errors import OverBudgetError, WorkerError

__all__ = ["KILL_GRACE", "Bounded", "WorkerPool", "can_fork", "kill_timeout"]

#: How much longer than a page's budget its worker is given before it is killed: at least
#: this share of the budget, and at least :data:`KILL_GRACE_MIN` seconds. The page's
#: :class:`~pipeline.extract.deadline.Deadline` stops it cleanly at its budget, but only
#: where a stage reads the clock: the overrun is the rest of the dependency call under way
#: (Lexbor's parse, htmldate's search, readability). On hostile pages of 1-5 MB with a
#: 2 s budget the median overrun was 0.31-0.44 s on a loaded machine (bench/RESULTS.md,
#: "Hostile pages, fifth session"); htmldate's search of a 2.3 MB page of 20,000 blocks
#: takes about 1 s a call. With the kill at the budget itself, a slow page its deadline
#: stops was killed first in 5 of 6 runs of tests/test_page_budget.py's slow-page tests: a
#: killed worker (a fork to replace) instead of the page's own refusal. With the grace the
#: refusal wins; a call stuck in C code (a backtracking regular expression, htmldate's
#: search of 600,000 bogus comments: 12 s) is still killed, at ``budget + grace``: the
#: hard bound. The share keeps the margin in proportion when the budget is raised for a
#: slow machine, whose calls are slower too.
KILL_GRACE = 0.10
KILL_GRACE_MIN = 1.0


def kill_timeout(budget: float | None) -> float | None:
    """Seconds after which a worker running one page of ``budget`` seconds is killed:
    ``budget + max(KILL_GRACE_MIN, KILL_GRACE × budget)`` (None: never)."""
    if budget is None:
        return None
    return budget + max(KILL_GRACE_MIN, KILL_GRACE * budget)


def can_fork() -> bool:
    """Whether worker processes can be forked here (POSIX)."""
    return hasattr(os, "fork") and sys.platform != "win32"


@dataclass
class _Worker:
    pid: int
    conn: Connection


def _max_rss() -> int:
    """This process's peak resident memory in bytes (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _serve(conn: Connection) -> None:
    """A worker's loop: a call in, its result (or exception) and the peak memory out."""
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            fn, args, kwargs = pickle.loads(message)
            reply: tuple[bool, Any] = (True, fn(*args, **kwargs))
        except BaseException as exc:  # every failure goes back to the caller
            reply = (False, _portable(exc))
        try:
            conn.send((*reply, _max_rss()))
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            error = WorkerError(f"the worker's result cannot be sent back: {exc}")
            conn.send((False, error, _max_rss()))
        except OSError:  # the pool closed the pipe (it gave up on this call)
            return


#: A call pickled larger than this is sent from a thread, not the event loop.
BIG = 256 * 1024


def _pickled(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> bytes:
    return pickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent dies (``PR_SET_PDEATHSIG``;
    a worker stuck in C code would otherwise run on, orphaned). Elsewhere nothing: a worker
    still leaves when it finds its pipe closed."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


def _lower_priority(pid: int) -> bool:
    """Lower the CPU priority of process ``pid`` (allowed for one's own children): nice +10
    and, on Linux, the ``SCHED_IDLE`` policy, so it runs only on CPU time no other process
    wants (a nice +10 process still takes a share of a busy core, and the processes it
    shares that core with wait for it to be preempted each time they wake); whether it was
    done."""
    try:
        current = os.getpriority(os.PRIO_PROCESS, pid)
        os.setpriority(os.PRIO_PROCESS, pid, min(19, current + 10))
    except OSError:
        return False
    idle = getattr(os, "SCHED_IDLE", None)
    if idle is not None:
        with contextlib.suppress(OSError):
            os.sched_setscheduler(pid, idle, os.sched_param(0))
    return True


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a :class:`WorkerError` saying what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # an exception class that does not round-trip
        return WorkerError(f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
    return exc


class WorkerPool:
    """``size`` forked worker processes, one call each at a time; see the module doc.

    Fork the pool before the process starts threads when it can (the crawl does): a child
    forked later gets only the forking thread. ``close`` (or ``with``) ends the workers.
    """

    def __init__(self, size: int) -> None:
        if not can_fork():
            raise WorkerError("worker processes need os.fork (POSIX)")
        self.size = max(1, size)
        self.peak_rss = 0
        self.killed = 0
        self._workers: dict[int, _Worker] = {}
        self._idle: deque[_Worker] = deque()
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._closed = False
        for _ in range(self.size):
            self._idle.append(self._fork())

    @property
    def pids(self) -> list[int]:
        """The process ids of the workers now running."""
        return list(self._workers)

    # -- processes ----------------------------------------------------------------------------
    def _fork(self) -> _Worker:
        parent, child = Pipe()
        others = [w.conn for w in self._workers.values()]
        from_main = threading.current_thread() is threading.main_thread()
        parent_pid = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                if from_main:  # killed with the parent, even mid-page (kill -9 of the run)
                    _die_with_parent()
                    if os.getppid() != parent_pid:  # it died before the line above ran
                        os._exit(0)
                parent.close()
                for conn in others:
                    with contextlib.suppress(OSError):
                        conn.close()
                # the parent stops the run on SIGINT / SIGTERM and then ends its workers; a
                # terminal's Ctrl-C reaches the whole process group, so the worker ignores it
                with contextlib.suppress(ValueError):
                    signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _serve(child)
            except BaseException:  # a worker never returns into the parent
                code = 1
            finally:
                os._exit(code)
        child.close()
        worker = _Worker(pid, parent)
        self._workers[pid] = worker
        return worker

    def _end(self, worker: _Worker, *, kill: bool) -> None:
        """Stop ``worker`` (killed, or asked to leave by closing its pipe) and reap it."""
        self._workers.pop(worker.pid, None)
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            worker.conn.close()
        deadline = time.monotonic() + (5.0 if not kill else 30.0)
        while True:
            try:
                pid, _ = os.waitpid(worker.pid, os.WNOHANG)
            except ChildProcessError:
                return
            if pid:
                return
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.pid, signal.SIGKILL)
                deadline = time.monotonic() + 30.0
            time.sleep(0.005)

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        self._end(worker, kill=kill)
        if not self._closed:
            self._release(self._fork())

    def _release(self, worker: _Worker) -> None:
        self._idle.append(worker)
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                break

    def close(self) -> None:
        """End every worker (idle ones leave; busy ones are killed)."""
        self._closed = True
        idle = {w.pid for w in self._idle}
        for worker in list(self._workers.values()):
            self._end(worker, kill=worker.pid not in idle)
        self._idle.clear()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls ----------------------------------------------------------------------------------
    def _send(self, worker: _Worker, payload: bytes) -> _Worker:
        """Send a pickled call; a worker found dead while idle is replaced once (not the
        call's fault)."""
        try:
            worker.conn.send_bytes(payload)
            return worker
        except (BrokenPipeError, ConnectionResetError, EOFError):
            self._end(worker, kill=True)
            worker = self._fork()
            worker.conn.send_bytes(payload)
            return worker

    def _reply(self, worker: _Worker, *, retire: bool = False, data: bytes | None = None) -> Any:
        """The reply of ``worker``'s call (``data``: already read); the worker goes back to
        the idle ones (or, when ``retire``, is replaced by a fresh one)."""
        try:
            raw = worker.conn.recv_bytes() if data is None else data
        except (EOFError, OSError) as exc:
            self._replace(worker, kill=True)
            raise WorkerError("the worker process died on this input") from exc
        ok, value, rss = pickle.loads(raw)
        self.peak_rss = max(self.peak_rss, rss)
        if retire:
            self._replace(worker, kill=True)  # idle: nothing is lost
        else:
            self._release(worker)
        if not ok:
            raise value
        return value

    def _timed_out(self, worker: _Worker, timeout: float, what: str) -> OverBudgetError:
        self.killed += 1
        self._replace(worker, kill=True)
        return OverBudgetError(
            f"{what} stopped at its deadline ({timeout:g}s); the worker was replaced",
            reason="time",
        )

    def call(
        self,
        fn: Callable[..., Any],
        *args: Any,
        timeout: float | None = None,
        what: str = "the work",
        **kwargs: Any,
    ) -> Any:
        """``fn(*args, **kwargs)`` in an idle worker, waiting at most ``timeout`` seconds.

        For a process that makes one call at a time (a pool of one). Raises what ``fn``
        raised, :class:`OverBudgetError` (reason ``time``) when the deadline passed (the
        worker is killed and replaced), :class:`WorkerError` when the worker died.
        """
        if not self._idle:
            raise WorkerError("no idle worker: WorkerPool.call makes one call at a time")
        worker = self._send(self._idle.popleft(), _pickled(fn, args, kwargs))
        if not worker.conn.poll(timeout):
            raise self._timed_out(worker, timeout or 0.0, what)
        return self._reply(worker)

    async def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        timeout: float | None = None,
        what: str = "the work",
        demote_after: float | None = None,
        **kwargs: Any,
    ) -> Any:
        """:meth:`call` for an event loop: waits for an idle worker, then for the reply
        without blocking the loop. A cancelled call kills its worker (its late reply must
        not be read as another call's).

        ``demote_after``: once the call has run that long (0: from the start), its worker
        gets a lower CPU priority (nice +10 and Linux's ``SCHED_IDLE``), so on a busy machine
        short calls and the event loop come first; the worker is replaced by a fresh one when
        the call ends (a process cannot raise its priority again).
        """
        loop = asyncio.get_running_loop()
        while not self._idle:
            waiter = loop.create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and self._idle:  # pass the wake-up on
                    self._release(self._idle.popleft())
                raise
        payload = _pickled(fn, args, kwargs)
        worker = self._idle.popleft()
        if len(payload) > BIG:  # the worker reads it at its own pace: not on the loop
            try:
                await loop.run_in_executor(None, worker.conn.send_bytes, payload)
            except (BrokenPipeError, ConnectionResetError, EOFError):
                worker = self._send(worker, payload)
        else:
            worker = self._send(worker, payload)
        ready = loop.create_future()
        fd = worker.conn.fileno()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, readable)
        started = loop.time()
        demoted = False
        try:
            if demote_after is not None and (timeout is None or demote_after < timeout):
                await asyncio.wait({ready}, timeout=demote_after or None)
                if not ready.done():
                    demoted = _lower_priority(worker.pid)
            left = None if timeout is None else max(0.0, timeout - (loop.time() - started))
            if not ready.done():
                await asyncio.wait({ready}, timeout=left)
        except asyncio.CancelledError:
            loop.remove_reader(fd)
            self._replace(worker, kill=True)
            raise
        loop.remove_reader(fd)
        if not ready.done():
            raise self._timed_out(worker, timeout or 0.0, what)
        data = None
        if demoted:  # a long call's reply may be large, and its sender is slow now
            try:
                data = await loop.run_in_executor(None, worker.conn.recv_bytes)
            except (EOFError, OSError):
                data = None  # _reply reads again, finds the worker gone, replaces it
        return self._reply(worker, retire=demoted, data=data)


class Bounded:
    """Calls made one after the other, each in a worker process stopped at ``timeout``
    seconds (the pool of one is forked at the first call and replaced when killed); in this
    process, bounded only by the page's deadline (read in the stages' long loops, not inside
    a dependency's call), where ``fork`` does not exist.

    For the single-process paths (``extract``, ``extract --warc``, a Dask task): a page
    stuck in C code (a parser, a regular expression) cannot be interrupted by a signal in
    the main thread, but its process can be killed.
    """

    def __init__(self, timeout: float | None, what: str = "extraction") -> None:
        self.timeout, self.what = timeout, what
        self._pool: WorkerPool | None = None

    def __call__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not can_fork():
            return fn(*args, **kwargs)
        if self._pool is None:
            self._pool = WorkerPool(1)
        return self._pool.call(fn, *args, timeout=self.timeout, what=self.what, **kwargs)

    @property
    def peak_rss(self) -> int:
        """The worker's peak resident memory in bytes (0 before the first call)."""
        return self._pool.peak_rss if self._pool is not None else 0

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> Bounded:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
