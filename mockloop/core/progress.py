"""Progress over time, as pure functions: streaks, goals, and how an attempt compares with
the one before it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta


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
    name: str
    now: float
    before: float
    lower_is_better: bool | None  # None: neither direction is better (e.g. pace)

    @property
    def change(self) -> float:
        return round(self.now - self.before, 2)

    @property
    def improved(self) -> bool | None:
        if self.lower_is_better is None or self.change == 0:
            return None
        return (self.change < 0) == self.lower_is_better


# metric -> lower is better? (None: judged against a band elsewhere)
COMPARED: Mapping[str, bool | None] = {
    "fillers_per_min": True,
    "overrun_s": True,
    "wpm": None,
    "duration_s": None,
    "hedge_count": True,
    "long_pause_count": True,
}


def compare(now: Mapping[str, float | None], before: Mapping[str, float | None]) -> list[Delta]:
    return [
        Delta(name, float(now[name]), float(before[name]), lower)  # type: ignore[arg-type]
        for name, lower in COMPARED.items()
        if now.get(name) is not None and before.get(name) is not None
    ]
