"""Progress over time, as pure functions: streaks, goals, and how an attempt compares with
the one before it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mockloop.core.analysis.metrics import COMPARED, Metric


def streak(practice_days: Iterable[date], today: date) -> int:
    """Consecutive days with practice, ending today (or yesterday: today is not over yet)."""
    days = set(practice_days)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Goal:
    target: float
    current: float | None  # the recent average, or None before any data

    @property
    def met(self) -> bool:
        return self.current is not None and self.current <= self.target

    @property
    def gap(self) -> float | None:
        return None if self.current is None else round(self.current - self.target, 2)


def recent_average(values: Iterable[float | None], last_n: int) -> float | None:
    """Mean of the last_n known values (the newest last), or None."""
    known = [v for v in values if v is not None][-last_n:]
    return round(sum(known) / len(known), 2) if known else None


def within_error(metric: Metric, a: float, b: float, answers: int = 1) -> bool:
    """The two values' likely ranges overlap: the change may be the measuring's own error.
    answers: how many answers each value is the mean of."""
    lo_a, hi_a = metric.likely(a, answers)
    lo_b, hi_b = metric.likely(b, answers)
    return lo_a <= hi_b and lo_b <= hi_a


@dataclass(frozen=True)
class Delta:
    metric: Metric
    now: float
    before: float

    @property
    def change(self) -> float:
        return round(self.now - self.before, 2)

    @property
    def same(self) -> bool:
        """About the same: the change is inside what the measuring itself can be off by."""
        return self.change == 0 or within_error(self.metric, self.now, self.before)

    @property
    def improved(self) -> bool | None:
        """Better or worse only beyond both values' error; None: about the same, or a figure
        with no better direction."""
        if self.metric.lower_is_better is None or self.same:
            return None
        return (self.change < 0) == self.metric.lower_is_better

    @property
    def verdict(self) -> str:
        """ "better", "worse", "about the same" (inside the error), or "" (no better way)."""
        if self.metric.lower_is_better is None:
            return ""
        return {True: "better", False: "worse", None: "about the same"}[self.improved]


def compare(now: Mapping[str, float | None], before: Mapping[str, float | None]) -> list[Delta]:
    """The figures both attempts have, as metrics.COMPARED orders them."""
    deltas = []
    for metric in COMPARED:
        a, b = now.get(metric.key), before.get(metric.key)
        if a is not None and b is not None:
            deltas.append(Delta(metric, float(a), float(b)))
    return deltas


TREND_WINDOW = 3  # answers (or weeks) averaged at each end: one good day is not a trend
STEADY_SHARE = 0.05  # a change under 5% of the starting value is "steady"


@dataclass(frozen=True)
class Trend:
    metric: Metric
    first: float  # mean of the first TREND_WINDOW values
    last: float  # mean of the last TREND_WINDOW values
    points: int
    answers_each: int = 1  # answers behind each value (a week's mean is over several)

    @property
    def window(self) -> int:
        """How many answers each end is the mean of."""
        return min(TREND_WINDOW, self.points // 2) * self.answers_each

    @property
    def direction(self) -> str:
        change = self.last - self.first
        if abs(change) <= STEADY_SHARE * max(abs(self.first), 1.0):
            return "steady"
        if within_error(self.metric, self.first, self.last, self.window):
            return "steady"  # inside the measuring's own error
        return "falling" if change < 0 else "rising"

    @property
    def improved(self) -> bool | None:
        if self.metric.lower_is_better is None or self.direction == "steady":
            return None
        return (self.direction == "falling") == self.metric.lower_is_better


def trend(metric: Metric, values: Sequence[float], answers_each: int = 1) -> Trend | None:
    """First against last, each the mean of up to TREND_WINDOW values; None under two.
    answers_each: how many answers each value is the mean of (1 per answer; a week's count)."""
    if len(values) < 2:
        return None
    k = min(TREND_WINDOW, len(values) // 2)
    return Trend(metric, sum(values[:k]) / k, sum(values[-k:]) / k, len(values), answers_each)


def trend_line(t: Trend | None, unit: str) -> str:
    """One line a person reads: "fillers/min falling, better: 6.0 → 1.5 over 4 answers"."""
    if t is None:
        return f"Not enough {unit}s for a trend yet: it shows from two."
    judged = {True: ", better", False: ", worse", None: ""}[t.improved]
    return (
        f"{t.metric.label} {t.direction}{judged}: {t.metric.show(t.first)} → "
        f"{t.metric.show(t.last)} over {t.points} {unit}s"
    )
