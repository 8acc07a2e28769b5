"""Where the app's memory goes: one fresh process takes the app's parts on one at a time, in
the order the app does, and reads its resident memory (VmRSS) after each, then its peak
(VmHWM). The two-minute benchmark answer is decoded the way the app's file path does it.

    .venv/bin/python -m benchmarks.memory [--runs 3]

Prints a table (median over runs, MiB) and writes benchmarks/results/memory.json."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.analyze_speed import LONG, cached

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "memory.json"

# Run in a child process so each run starts from nothing; prints one JSON line.
_CHILD = r"""
import json, sys, tempfile
from pathlib import Path

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(key)

steps = []
def step(name):
    steps.append((name, status("VmRSS")))

step("python")
import numpy
step("numpy")
import textual.app, textual.widgets
step("textual")
import sqlmodel
from mockloop.store.db import open_engine
engine = open_engine(Path(tempfile.mkdtemp()) / "m.db")
step("sqlmodel + database")
from mockloop.core.speech.models import resolve_model
from mockloop.core.speech.audio_file import load_audio
from mockloop.core.speech.transcribe import WhisperTranscriber
import faster_whisper
step("faster-whisper imports (ctranslate2, av, onnxruntime, tokenizers)")
t = WhisperTranscriber(resolve_model("tiny.en", allow_download=False))
t.load()
step("tiny.en model loaded (int8)")
audio = load_audio(Path(sys.argv[1]))
step("audio decoded (PyAV)")
from mockloop.core.speech.vad import speech_spans
speech_spans(audio)
step("VAD run (Silero, onnxruntime)")
t.transcribe(audio)
step("two-minute answer transcribed")
print(json.dumps({"steps": steps, "peak": status("VmHWM"), "audio_s": audio.size / 16000}))
"""


def one_run(clip: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(clip)], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    clip = cached(LONG)
    runs = [one_run(clip) for _ in range(args.runs)]
    names = [name for name, _ in runs[0]["steps"]]  # type: ignore[union-attr]
    rss = {n: statistics.median(r["steps"][i][1] for r in runs) for i, n in enumerate(names)}  # type: ignore[index]
    peak = statistics.median(float(r["peak"]) for r in runs)  # type: ignore[arg-type]
    print(f"{'after':66} {'RSS MiB':>8} {'added':>7}")
    before = 0.0
    for n in names:
        print(f"{n:66} {rss[n]:8.0f} {rss[n] - before:+7.0f}")
        before = rss[n]
    print(f"{'peak (VmHWM)':66} {peak:8.0f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"runs": runs, "median_rss": rss, "median_peak": peak}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
