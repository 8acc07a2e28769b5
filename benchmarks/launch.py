"""Launch to Home, as a person sees it: the installed-style app (bytecode compiled first) started
in a real terminal (tmux) with an empty data folder, timed until Home's suggestion is on screen.

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


def one_launch() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MOCKLOOP_DATA_DIR=f"{tmp}/data", MOCKLOOP_CONFIG=f"{tmp}/c.toml")
        t0 = time.monotonic()
        term = Terminal(f"{sys.executable} -m mockloop", env, size=(100, 30))
        try:
            term.wait_for(r"Next up", timeout=30)
            return time.monotonic() - t0
        finally:
            term.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    compileall.compile_dir(ROOT / "mockloop", quiet=1)  # as an install has it
    one_launch()  # warm the page cache: the first start after a build reads every file
    times = [one_launch() for _ in range(runs)]
    print("| run | launch to Home |\n|---|---|")
    for i, t in enumerate(times, 1):
        print(f"| {i} | {t:.2f} s |")
    print(f"| median of {runs} | {statistics.median(times):.2f} s |")


if __name__ == "__main__":
    main()
