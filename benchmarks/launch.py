"""Launch to Home, as a person sees it: the installed-style app (bytecode compiled first) started
in a real terminal (tmux) with an empty data folder. Two times per run: until Home is drawn
(its panels and keys), and until the suggested question is on it (the database opened).

    .venv/bin/python -m benchmarks.launch [--runs 5]

Prints one row per run and the median; each run is a fresh process and a fresh data folder."""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.terminal import Terminal

ROOT = Path(__file__).resolve().parents[1]


def one_launch() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MOCKLOOP_DATA_DIR=f"{tmp}/data", MOCKLOOP_CONFIG=f"{tmp}/c.toml")
        t0 = time.monotonic()
        term = Terminal(f"{sys.executable} -m mockloop", env, size=(100, 30))
        try:
            term.wait_for(r"A mixed set of questions", timeout=30, poll_s=0.01)
            drawn = time.monotonic() - t0
            term.wait_for(r"Next up", timeout=30, poll_s=0.01)
            return drawn, time.monotonic() - t0
        finally:
            term.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    compileall.compile_dir(ROOT / "mockloop", quiet=1)  # as an install has it
    one_launch()  # warm the page cache: the first start after a build reads every file
    times = [one_launch() for _ in range(runs)]
    print("| run | Home drawn | suggestion on it |\n|---|---|---|")
    for i, (drawn, suggested) in enumerate(times, 1):
        print(f"| {i} | {drawn:.2f} s | {suggested:.2f} s |")
    drawn = statistics.median(t[0] for t in times)
    suggested = statistics.median(t[1] for t in times)
    print(f"| median of {runs} | {drawn:.2f} s | {suggested:.2f} s |")


if __name__ == "__main__":
    main()
