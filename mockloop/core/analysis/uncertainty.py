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
    errors the range reaches either side of the estimate (z). Recall is not the same for every
    answer (a voice, a room, a speed): recall_sd is how far it varies between answers."""

    precision: float
    recall: float
    z: float
    recall_sd: float = 0.0


class Level(StrEnum):
    """The room an answer was recorded in, as far as the counts care."""

    QUIET = "quiet"
    NOISY = "noisy"  # the room limits counting (core/analysis/room.py)
    UNKNOWN = "unknown"  # recorded before rooms were measured: both kinds of room pooled


# Measured by benchmarks/uncertainty.py on the fidelity benchmark's tune split (run of
# 2026-12-05, the room each answer was measured in): per answer, each kind's count found
# against the count said, pooled into precision and recall; recall's spread between answers;
# and the smallest z, shared by both kinds, whose ranges hold each kind's count and the total
# on at least 92% of those tune answers. Held-out coverage and width: docs/measurements.md.
COUNT_ERROR = {
    Level.QUIET: {
        MarkKind.VOCAL: CountError(precision=0.992, recall=0.919, z=1.0, recall_sd=0.098),
        MarkKind.LEXICAL: CountError(precision=0.994, recall=0.933, z=1.0, recall_sd=0.082),
    },
    Level.NOISY: {
        MarkKind.VOCAL: CountError(precision=0.996, recall=0.9, z=1.0, recall_sd=0.09),
        MarkKind.LEXICAL: CountError(precision=0.989, recall=0.956, z=1.0, recall_sd=0.06),
    },
    Level.UNKNOWN: {
        MarkKind.VOCAL: CountError(precision=0.994, recall=0.909, z=1.0, recall_sd=0.094),
        MarkKind.LEXICAL: CountError(precision=0.991, recall=0.944, z=1.0, recall_sd=0.072),
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
    spread of both steps (true finds among those reported, and finds among those said), widened
    by how much recall varies from one answer to the next."""
    p, r = error.precision, error.recall
    estimate = found * p / r
    variance = found * p * (1 - p) + estimate * r * (1 - r) + (estimate * error.recall_sd) ** 2
    spread = math.sqrt(variance) / r
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
