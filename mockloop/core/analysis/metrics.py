"""The key figures of an answer, each defined once: its name (a column of the attempt table and
a field of the analysis), how a person sees it, and which way is better. The Review, the
progress trends, the set summary and the reports all read them from here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mockloop.core.analysis.fillers import MarkKind
from mockloop.core.analysis.uncertainty import COUNT_ERROR, Level, kind_range
from mockloop.core.timer import format_clock


class Unit(StrEnum):
    PER_MIN = "per_min"
    WPM = "wpm"
    CLOCK = "clock"  # m:ss
    SECONDS = "seconds"
    COUNT = "count"
    SHARE = "share"  # 0..1 shown as a percentage


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: Unit
    lower_is_better: bool | None  # None: judged against a band (pace) or not at all (length)
    # How far the measured value may be from the true one (docs/measurements.md): the truth
    # lies in [value × low - plus, value × high + plus]. Exact figures keep the defaults.
    low: float = 1.0
    high: float = 1.0
    plus: float = 0.0
    counted: bool = False  # a rate of counted fillers: its range is the count's

    def likely(self, value: float, answers: int = 1) -> tuple[float, float]:
        """The range the true value likely lies in; of a mean over `answers`, narrower (more
        was counted)."""
        if self.counted:
            return filler_rate_range(value, TYPICAL_MINUTES * answers)
        return max(0.0, value * self.low - self.plus), value * self.high + self.plus

    def show(self, value: float) -> str:
        match self.unit:
            case Unit.PER_MIN:
                return f"{value:.1f}"
            case Unit.CLOCK:
                return format_clock(value)
            case Unit.SECONDS:
                return f"{value:.0f} s"
            case Unit.SHARE:
                return f"{value:.0%}"
            case _:
                return f"{value:.0f}"

    def show_change(self, change: float) -> str:
        sign = "+" if change > 0 else ""
        if self.unit in (Unit.CLOCK, Unit.SECONDS):
            return f"{sign}{change:.0f} s"
        if self.unit is Unit.SHARE:
            return f"{sign}{change:.0%}"
        if self.unit is Unit.PER_MIN:
            return f"{sign}{change:.1f}"
        return f"{sign}{change:.0f}"  # words per minute, counts: whole numbers


TYPICAL_MINUTES = 2.0  # a rate alone does not say how many were counted: a two-minute answer


def filler_rate_range(rate: float, minutes: float = TYPICAL_MINUTES) -> tuple[float, float]:
    """A filler rate's likely range: the range of the count behind it (vocal, the less certain
    kind), over this many minutes of speech."""
    found = max(1, round(rate * minutes))
    lo, hi = kind_range(found, COUNT_ERROR[Level.UNKNOWN][MarkKind.VOCAL])
    return rate * lo / found, rate * hi / found


# The error bounds: fillers from the count's (core.analysis.uncertainty), words per minute
# within 5% (the fidelity benchmark's clean error: median 1%, worst 4.7-9%), the overrun within
# half a second, a hedge count within one (a misheard word).
FILLERS_PER_MIN = Metric("fillers_per_min", "fillers/min", Unit.PER_MIN, True, counted=True)
WPM = Metric("wpm", "wpm", Unit.WPM, None, 0.95, 1.05)
DURATION = Metric("duration_s", "length", Unit.CLOCK, None)
OVERRUN = Metric("overrun_s", "over", Unit.SECONDS, True, plus=0.5)
HEDGES = Metric("hedge_count", "hedges", Unit.COUNT, True, plus=1.0)
LONG_PAUSES = Metric("long_pause_count", "long pauses", Unit.COUNT, True)
OVERRUN_RATE = Metric("overrun_rate", "ran over", Unit.SHARE, True)

# Compared with the previous attempt at the same question, in this order.
COMPARED: tuple[Metric, ...] = (FILLERS_PER_MIN, OVERRUN, WPM, DURATION, HEDGES, LONG_PAUSES)
