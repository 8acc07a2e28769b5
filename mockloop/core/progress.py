"""Progress over time, as pure functions: streaks, goals, and how an attempt compares with
the one before it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from mockloop.core.metrics import COMPARED, Metric


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


@dataclass(frozen=True)
class Delta:
    metric: Metric
    now: float
    before: float

    @property
    def change(self) -> float:
        return round(self.now - self.before, 2)

    @property
    def improved(self) -> bool | None:
        if self.metric.lower_is_better is None or self.change == 0:
            return None
        return (self.change < 0) == self.metric.lower_is_better


def compare(now: Mapping[str, float | None], before: Mapping[str, float | None]) -> list[Delta]:
    """The figures both attempts have, as metrics.COMPARED orders them."""
    deltas = []
    for metric in COMPARED:
        a, b = now.get(metric.key), before.get(metric.key)
        if a is not None and b is not None:
            deltas.append(Delta(metric, float(a), float(b)))
    return deltas
