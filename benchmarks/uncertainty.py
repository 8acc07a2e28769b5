"""Fit the filler count's likely range (core/analysis/uncertainty.py COUNT_ERROR) on the
fidelity benchmark's tune split, and report how often it holds the true count on held-out.

    .venv/bin/python -m benchmarks.fidelity          # writes benchmarks/results/fidelity.json
    .venv/bin/python -m benchmarks.uncertainty       # reads it; prints the fit and the check

Per filler kind, the smallest range (found × low .. found × high + slack) that holds the true
count on at least COVER of the tune answers (clean and noisy together) is chosen; the held-out
answers were never used for it. Targets (issue 27): held-out coverage >= 90%, half-width within
20% of the count on clean answers with at least five fillers."""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
from pathlib import Path
from typing import Any

from mockloop.core.analysis.uncertainty import COUNT_ERROR, CountError, kind_range

ROOT = Path(__file__).resolve().parent
COVER = 0.92  # on tune: a margin over the 90% wanted on answers never seen
LOWS = [round(0.80 + 0.01 * i, 2) for i in range(21)]
HIGHS = [round(1.00 + 0.01 * i, 2) for i in range(61)]
SLACKS = (0, 1, 2)


def inside(found: int, true: int, error: CountError) -> bool:
    lo, hi = kind_range(found, error)
    return lo <= true <= hi


def fit(rows: list[tuple[int, int]]) -> CountError:
    """The narrowest (summed width) range that covers COVER of (found, true) rows."""
    best: tuple[float, CountError] | None = None
    for low, high, slack in itertools.product(LOWS, HIGHS, SLACKS):
        error = CountError(low, high, slack)
        covered = sum(inside(f, t, error) for f, t in rows) / len(rows)
        if covered < COVER:
            continue
        width = sum(kind_range(f, error)[1] - kind_range(f, error)[0] for f, _ in rows)
        if best is None or width < best[0]:
            best = (width, error)
    assert best is not None, "no range in the grid covers the tune split"
    return best[1]


def rows_of(files: dict[str, Any], split: str, kind: str, noisy: bool | None = None) -> list:
    return [
        (f["counts"][kind]["found"], f["counts"][kind]["true"])
        for f in files.values()
        if f["split"] == split and (noisy is None or f["noisy"] == noisy)
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=ROOT / "results" / "fidelity.json")
    args = ap.parse_args()
    files = json.loads(args.results.read_text())["files"]
    print(f"{'kind':8} {'shipped':>22} {'fitted on tune':>22}")
    fitted = {}
    for kind in COUNT_ERROR:
        fitted[kind] = fit(rows_of(files, "tune", kind.value))
        print(f"{kind.value:8} {COUNT_ERROR[kind]!s:>22} {fitted[kind]!s:>22}")
    print("\nheld-out: true count inside the range (fitted factors)")
    for noisy in (False, True):
        for kind, error in fitted.items():
            rows = rows_of(files, "held-out", kind.value, noisy)
            if not rows:
                continue
            covered = sum(inside(f, t, error) for f, t in rows) / len(rows)
            big = [(f, t) for f, t in rows if f >= 5]
            half = [(kind_range(f, error)[1] - kind_range(f, error)[0]) / 2 / f for f, _ in big]
            width = f", half-width median {statistics.median(half):.0%}" if half else ""
            print(
                f"  {'noisy' if noisy else 'clean':5} {kind.value:8} {covered:.0%}"
                f" of {len(rows)}{width}"
            )


if __name__ == "__main__":
    main()
