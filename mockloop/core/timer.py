"""The answer clock: derived from a monotonic deadline, never from summed ticks."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

Clock = Callable[[], float]


class Phase(Enum):
    GREEN = "green"  # plenty of time
    YELLOW = "yellow"  # the last stretch before the limit
    RED = "red"  # over the limit; the clock counts the overrun up


@dataclass(frozen=True)
class ClockReading:
    elapsed_s: float
    remaining_s: float  # negative once over the limit
    phase: Phase

    @property
    def overrun_s(self) -> float:
        return max(0.0, -self.remaining_s)

    def label(self) -> str:
        """'1:05' counting down, '+0:12' counting the overrun up."""
        if self.remaining_s >= 0:
            return format_clock(self.remaining_s, round_up=True)
        return "+" + format_clock(-self.remaining_s)


class Countdown:
    """A countdown from limit_s. Green until yellow_at_s of elapsed time, yellow until the
    limit, red after it (the Toastmasters convention: 1:30 and 2:00 for a 2-minute answer)."""

    def __init__(
        self, limit_s: float, *, yellow_at_s: float | None = None, clock: Clock = time.monotonic
    ):
        self.limit_s = float(limit_s)
        self.yellow_at_s = self.limit_s * 0.75 if yellow_at_s is None else float(yellow_at_s)
        self._clock = clock
        self._started: float | None = None
        self._stopped: float | None = None

    def start(self) -> None:
        self._started = self._clock()
        self._stopped = None

    def stop(self) -> None:
        if self._started is not None and self._stopped is None:
            self._stopped = self._clock()

    @property
    def running(self) -> bool:
        return self._started is not None and self._stopped is None

    def elapsed(self) -> float:
        if self._started is None:
            return 0.0
        end = self._stopped if self._stopped is not None else self._clock()
        return max(0.0, end - self._started)

    def read(self) -> ClockReading:
        elapsed = self.elapsed()
        remaining = self.limit_s - elapsed
        if remaining < 0:
            phase = Phase.RED
        elif elapsed >= self.yellow_at_s:
            phase = Phase.YELLOW
        else:
            phase = Phase.GREEN
        return ClockReading(elapsed, remaining, phase)


def format_clock(seconds: float, *, round_up: bool = False) -> str:
    """m:ss. Counting down rounds up so that '0:00' appears only at the limit itself."""
    whole = int(-(-seconds // 1)) if round_up else int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
