"""The time one page's extraction may take, read inside the stages' long loops.

One :class:`Deadline` is made per page (by :func:`pipeline.extract.extract_fields`) and handed
down to the stages; each loop that may run long on a hostile page (the budget scan's tags,
the body's tree walk and scoring, the date search's tree walk, the clean stage's
paragraphs) reads the clock every :data:`EVERY` steps and raises
:class:`~pipeline.errors.OverBudgetError` (reason ``time``) once the page is past its
budget. A dependency's call (Lexbor's parse, htmldate, readability) cannot be interrupted:
the clock is read before and after each one, so the overrun is at most one such call (and a
worker process is still killed by the runs a grace after the page budget, whatever it is
doing: :func:`pipeline.runs.workers.kill_timeout`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from pipeline.errors import OverBudgetError

__all__ = ["EVERY", "Deadline"]

#: Steps of a loop between two readings of the clock (a power of two: ``not n & MASK``).
EVERY = 1024
MASK = EVERY - 1


class Deadline:
    """When one page's extraction must end; ``seconds=None`` never ends.

    ``check(stage)`` raises :class:`OverBudgetError` (reason ``time``, stage ``extract``)
    once the clock is past it; ``tick(stage)`` is one step of a loop and reads the clock
    every :data:`EVERY` steps (the crawl's loop over a listing's links, whose steps cost
    10-30 µs each). A loop hot enough that a method call per step counts (the stages'
    walks and scans, a microsecond a step) keeps its own counter:
    ``if not n & MASK: deadline.check(stage)``. ``what``: the work, for the message
    (``extraction``, ``reading the listing``). ``clock``: seconds, as :func:`time.monotonic`
    (tests give their own).
    """

    __slots__ = ("at", "clock", "seconds", "started", "steps", "url", "what")

    def __init__(
        self,
        seconds: float | None,
        *,
        url: str | None = None,
        what: str = "extraction",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.started = clock()
        self.seconds = seconds
        self.at = math.inf if seconds is None else self.started + seconds
        self.url = url
        self.what = what
        self.steps = 0

    def check(self, stage: str) -> None:
        """Raise :class:`OverBudgetError` when the page is past its time (``stage``: where
        the clock was read, for the message)."""
        now = self.clock()
        if now > self.at:
            raise OverBudgetError(
                f"page over budget: {self.what} took {now - self.started:.1f}s"
                f" (> {self.seconds:g}s) in {stage}",
                reason="time",
                url=self.url,
                stage="extract",
            )

    def tick(self, stage: str) -> None:
        """One step of a long loop: the clock is read every :data:`EVERY` steps."""
        self.steps += 1
        if not self.steps & MASK:
            self.check(stage)
