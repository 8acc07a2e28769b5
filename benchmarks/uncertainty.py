"""Measure the filler count's likely range (core/analysis/uncertainty.py COUNT_ERROR) on the
fidelity benchmark's tune split, and report how often it holds the true count on held-out.

    .venv/bin/python -m benchmarks.fidelity          # writes benchmarks/results/fidelity.json
    .venv/bin/python -m benchmarks.uncertainty       # reads it; prints the figures and the check

Per filler kind: precision and recall pooled over the tune answers (clean and noisy), and the
smallest z (ZS) whose range holds the true count on at least COVER of the tune answers. The
held-out answers were never used for either. Targets (issue 27): held-out coverage >= 90%,
half-width within 20% of the count on clean answers with at least five fillers."""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

from mockloop.core.analysis.uncertainty import COUNT_ERROR, CountError, kind_range

ROOT = Path(__file__).resolve().parent
COVER = 0.92  # on tune: a margin over the 90% wanted on answers never seen
ZS = (1.0, 1.28, 1.645, 2.0, 2.5, 3.0)


def inside(found: int, true: int, error: CountError) -> bool:
    lo, hi = kind_range(found, error)
    return lo <= true <= hi


def pooled(groups: dict[str, Any], kind: str, split: str) -> tuple[float, float]:
    """(precision, recall) of one filler kind over a split's answers, clean and noisy."""
    tp = fp = fn = 0
    for name, g in groups.items():
        if name.startswith(split):
            c = g[f"{kind}_count"]
            tp, fp, fn = tp + c["tp"], fp + c["fp"], fn + c["fn"]
    return round(tp / (tp + fp), 3), round(tp / (tp + fn), 3)


def rows_of(files: dict[str, Any], split: str, kind: str, noisy: bool | None = None) -> list:
    return [
        (f["counts"][kind]["found"], f["counts"][kind]["true"])
        for f in files.values()
        if f["split"] == split and (noisy is None or f["noisy"] == noisy)
    ]


def measure(groups: dict[str, Any], files: dict[str, Any], kind: str) -> CountError:
    precision, recall = pooled(groups, kind, "tune")
    tune = rows_of(files, "tune", kind)
    for z in ZS:
        error = CountError(precision, recall, z)
        if sum(inside(f, t, error) for f, t in tune) / len(tune) >= COVER:
            return error
    return CountError(precision, recall, ZS[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=ROOT / "results" / "fidelity.json")
    args = ap.parse_args()
    report = json.loads(args.results.read_text())
    files, groups = report["files"], report["groups"]
    print(f"{'kind':8} {'shipped':>45}   {'measured on tune':>45}")
    measured = {}
    for kind in COUNT_ERROR:
        measured[kind] = measure(groups, files, kind.value)
        print(f"{kind.value:8} {COUNT_ERROR[kind]!s:>45}   {measured[kind]!s:>45}")
    print("\nheld-out: true count inside the range (the measured figures)")
    for noisy in (False, True):
        for kind, error in measured.items():
            rows = rows_of(files, "held-out", kind.value, noisy)
            covered = sum(inside(f, t, error) for f, t in rows) / len(rows)
            half = [
                (kind_range(f, error)[1] - kind_range(f, error)[0]) / 2 / f
                for f, _ in rows
                if f >= 5
            ]
            width = f", half-width median {statistics.median(half):.0%}" if half else ""
            print(
                f"  {'noisy' if noisy else 'clean':5} {kind.value:8} {covered:.0%}"
                f" of {len(rows)}{width}"
            )


if __name__ == "__main__":
    main()
