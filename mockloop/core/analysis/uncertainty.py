"""How sure a count is: the range the true number of fillers likely lies in, given what was
found, and whether two figures differ by more than their uncertainty.

The error figures are measured, not guessed: benchmarks/uncertainty.py takes them from the
fidelity benchmark's tune split and reports how often the range holds the true count on the
held-out split (docs/measurements.md). Fillers are missed more often than invented, so a
range reaches further above the count than below it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from mockloop.core.analysis.fillers import Mark, MarkKind
from mockloop.core.analysis.room import Room


@dataclass(frozen=True)
class CountError:
    """What the counting gets wrong, per filler kind: of the fillers reported, the share that
    were said (precision); of those said, the share reported (recall); and how many standard
    errors the range reaches either side of the estimate (z)."""

    precision: float
    recall: float
    z: float


class Level(StrEnum):
    """The room an answer was recorded in, as far as the counts care."""

    QUIET = "quiet"
    NOISY = "noisy"  # the room limits counting (core/analysis/room.py)
    UNKNOWN = "unknown"  # recorded before rooms were measured: both kinds of room pooled


# Measured by benchmarks/uncertainty.py on the fidelity benchmark's tune split (quiet answers,
# noisy ones, and both pooled): precision and recall as counted there, and the smallest z
# whose range holds the true count on at least 92% of those tune answers. Held-out coverage:
# docs/measurements.md.
COUNT_ERROR = {
    Level.QUIET: {
        MarkKind.VOCAL: CountError(precision=0.928, recall=0.787, z=2.0),
        MarkKind.LEXICAL: CountError(precision=0.982, recall=0.906, z=1.0),
    },
    Level.NOISY: {
        MarkKind.VOCAL: CountError(precision=0.928, recall=0.787, z=2.0),
        MarkKind.LEXICAL: CountError(precision=0.982, recall=0.906, z=1.0),
    },
    Level.UNKNOWN: {
        MarkKind.VOCAL: CountError(precision=0.928, recall=0.787, z=2.0),
        MarkKind.LEXICAL: CountError(precision=0.982, recall=0.906, z=1.0),
    },
}


class HasFillers(Protocol):
    @property
    def fillers(self) -> tuple[Mark, ...]: ...

    @property
    def room(self) -> Room | None: ...


def level_of(room: Room | None) -> Level:
    if room is None:
        return Level.UNKNOWN
    return Level.NOISY if room.limits_counting else Level.QUIET


def kind_range(found: int, error: CountError) -> tuple[int, int]:
    """Of `found` reported, about found × precision were said, and they are about recall of
    all that were: the estimate is found × precision / recall. Its spread is the binomial
    spread of both steps (true finds among those reported, and finds among those said)."""
    p, r = error.precision, error.recall
    estimate = found * p / r
    spread = math.sqrt(found * p * (1 - p) + estimate * r * (1 - r)) / r
    return max(0, math.floor(estimate - error.z * spread)), math.ceil(estimate + error.z * spread)


def filler_ranges(a: HasFillers) -> dict[str, tuple[int, int]]:
    """{"vocal": (lo, hi), "lexical": (lo, hi), "total": (lo, hi)} for one answer."""
    out = {}
    for kind, error in COUNT_ERROR[level_of(a.room)].items():
        out[kind.value] = kind_range(sum(m.kind is kind for m in a.fillers), error)
    out["total"] = (sum(lo for lo, _ in out.values()), sum(hi for _, hi in out.values()))
    return out


def filler_range(a: HasFillers) -> tuple[int, int]:
    """The likely range of the answer's true filler count (vocal and lexical together)."""
    return filler_ranges(a)["total"]


def range_text(found: int, lo: int, hi: int) -> str:
    """'likely 20-26'; '' for none found or when the range is the count itself."""
    return "" if found == 0 or lo == hi == found else f"likely {lo}-{hi}"
