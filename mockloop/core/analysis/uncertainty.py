"""How sure a count is: the range the true number of fillers likely lies in, given what was
found, and whether two figures differ by more than their uncertainty.

The factors are measured, not guessed: benchmarks/uncertainty.py fits them on the fidelity
benchmark's tune split (per answer: found versus true, per filler kind) so that the range holds
the true count on at least 90% of answers, and reports how often it does on the held-out split
(docs/measurements.md). Vocal fillers are mostly missed, not invented, so their range reaches
further up than down.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from mockloop.core.analysis.fillers import Mark, MarkKind


@dataclass(frozen=True)
class CountError:
    """true count ≈ found × factor: the low and high factors, plus a count of one or two
    that short answers miss or invent whatever their size."""

    low: float
    high: float
    slack: int


# Fitted by benchmarks/uncertainty.py on the tune split (clean and noisy answers together).
COUNT_ERROR = {
    MarkKind.VOCAL: CountError(low=0.95, high=1.25, slack=1),
    MarkKind.LEXICAL: CountError(low=0.90, high=1.15, slack=1),
}


class HasFillers(Protocol):
    @property
    def fillers(self) -> tuple[Mark, ...]: ...


def kind_range(found: int, error: CountError) -> tuple[int, int]:
    """Fillers reported are rarely invented (precision is high), often missed: the low end
    stays near the count, the high end reaches up by the misses plus the slack."""
    return round(found * error.low), math.ceil(found * error.high) + error.slack


def filler_ranges(a: HasFillers) -> dict[str, tuple[int, int]]:
    """{"vocal": (lo, hi), "lexical": (lo, hi), "total": (lo, hi)} for one answer."""
    out = {}
    for kind, error in COUNT_ERROR.items():
        out[kind.value] = kind_range(sum(m.kind is kind for m in a.fillers), error)
    out["total"] = (sum(lo for lo, _ in out.values()), sum(hi for _, hi in out.values()))
    return out


def filler_range(a: HasFillers) -> tuple[int, int]:
    """The likely range of the answer's true filler count (vocal and lexical together)."""
    return filler_ranges(a)["total"]


def range_text(found: int, lo: int, hi: int) -> str:
    """'likely 20-26'; '' for none found (the range of nothing is the slack alone, shown in
    the JSON) or when the range is the count itself."""
    return "" if found == 0 or lo == hi == found else f"likely {lo}-{hi}"


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two ranges share a value: a change between them may be the counting's own error."""
    return a[0] <= b[1] and b[0] <= a[1]
