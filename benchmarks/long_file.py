"""Memory against length: `mockloop analyze --json` on the two-minute answer repeated to 2, 10
and 30 minutes, each in a fresh process, with that process's peak resident memory.

    .venv/bin/python -m benchmarks.long_file [--minutes 2 10 30]

Prints a table and writes benchmarks/results/long_file.json."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

from benchmarks.analyze_speed import LONG, cached

ROOT = Path(__file__).resolve().parent


def repeated(wav: Path, minutes: float, out: Path) -> Path:
    """The answer over and over (whole repeats, then a part) to the given length, as a WAV."""
    with wave.open(str(wav)) as w:
        params, frames = w.getparams(), w.readframes(w.getnframes())
    want = int(minutes * 60 * params.framerate) * params.sampwidth * params.nchannels
    with wave.open(str(out), "wb") as w:
        w.setparams(params)
        left = want
        while left > 0:
            w.writeframes(frames[:left])
            left -= len(frames)
    return out


def run(path: Path) -> tuple[float, float, dict]:
    """Wall seconds, peak RSS (MiB) and the JSON result of one `mockloop analyze`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockloop", "analyze", str(path), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"mockloop analyze failed on {path} ({proc.returncode})")
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, json.loads(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, nargs="+", default=[2, 10, 30])
    args = ap.parse_args()
    rows = []
    print("| audio | wall | RTF | peak RSS | words |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for minutes in args.minutes:
            path = repeated(cached(LONG), minutes, Path(tmp) / f"{minutes:g}min.wav")
            wall, peak, result = run(path)
            words = result.get("word_count", len(result.get("words", [])))
            rows.append(
                {
                    "minutes": minutes,
                    "wall_s": round(wall, 1),
                    "peak_mib": round(peak),
                    "rtf": round(wall / (minutes * 60), 3),
                    "words": words,
                }
            )
            print(
                f"| {minutes:g} min | {wall:.1f} s | {wall / (minutes * 60):.3f} | "
                f"{peak:.0f} MiB | {words} |"
            )
            path.unlink()
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "long_file.json").write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
