"""Stop-to-review latency of live transcription against the after-stop baseline, on the
two-minute scripted answer, at real-time pace.

    .venv/bin/python -m benchmarks.latency [--runs 10] [--mic]

Default: the file is fed at real-time pace into the same LiveTranscriber the recorder feeds.
--mic: the real recorder on the default input while paplay plays the answer (run it under
scripts/virtual-mic, as scripts/test does). Each run also measures the one-pass decode of the
whole file after stop (the baseline), how late a 10 Hz UI-like ticker ran while decoding went
on, the answer clock's error at the end, process CPU use and peak memory."""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from benchmarks.analyze_speed import LONG, cached
from mockloop.core.analysis.answer import analyse_transcript
from mockloop.core.speech.audio_file import load_audio
from mockloop.core.speech.live import LiveTranscriber
from mockloop.core.speech.models import resolve_model
from mockloop.core.speech.transcribe import WhisperTranscriber
from mockloop.core.timer import Countdown

ROOT = Path(__file__).resolve().parent


class Ticker(threading.Thread):
    """Stands in for the UI's 10 Hz clock: records how late each tick fires."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.late: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        due = time.monotonic() + 0.1
        while not self.stop.is_set():
            time.sleep(max(0.0, due - time.monotonic()))
            self.late.append(time.monotonic() - due)
            due += 0.1


def feed_file(live: LiveTranscriber, pcm: np.ndarray) -> int:
    t0 = time.monotonic()
    for i in range(0, pcm.size, 1600):
        live.feed(pcm[i : i + 1600], 16000)
        time.sleep(max(0.0, t0 + (i + 1600) / 16000 - time.monotonic()))
    return 0


def feed_mic(live: LiveTranscriber, wav: Path) -> int:
    from mockloop.core.audio.devices import resolve_input_device
    from mockloop.core.audio.recorder import Recorder

    with tempfile.TemporaryDirectory() as tmp:
        rec = Recorder(Path(tmp) / "r.wav", resolve_input_device(None), listeners=(live.feed,))
        rec.start()
        subprocess.run(["paplay", str(wav)], check=True)
        time.sleep(0.3)
        return rec.stop().overflows


def one_run(t: WhisperTranscriber, wav: Path, pcm: np.ndarray, mic: bool) -> dict[str, float]:
    ticker = Ticker()
    ticker.start()
    clock = Countdown(120)
    clock.start()
    wall0 = time.monotonic()
    cpu0 = time.process_time()
    live = LiveTranscriber(t)
    live.start()
    overflows = feed_mic(live, wav) if mic else feed_file(live, pcm)
    stop = time.monotonic()
    clock_error = abs(clock.elapsed() - (stop - wall0))
    a = analyse_transcript(live.finish(), time_limit_s=120)
    latency = time.monotonic() - stop
    cpu = (time.process_time() - cpu0) / (time.monotonic() - wall0)
    ticker.stop.set()
    t0 = time.monotonic()
    b = analyse_transcript(t.transcribe(load_audio(wav)), time_limit_s=120)
    baseline = time.monotonic() - t0
    return {
        "latency_s": latency,
        "baseline_s": baseline,
        "overflows": overflows,
        "tick_late_max_ms": 1000 * max(ticker.late),
        "clock_error_ms": 1000 * clock_error,
        "cpu_cores": cpu,
        "live_fillers": a.filler_total,
        "file_fillers": b.filler_total,
        "live_words": a.word_count,
        "file_words": b.word_count,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--mic", action="store_true")
    args = ap.parse_args()
    wav = cached(LONG)
    pcm = (load_audio(wav) * 32767).astype(np.int16)
    t = WhisperTranscriber(resolve_model(None))
    t.load()
    runs = [one_run(t, wav, pcm, args.mic) for _ in range(args.runs)]
    lat = [r["latency_s"] for r in runs]
    base = [r["baseline_s"] for r in runs]
    row = {
        "mode": "virtual mic" if args.mic else "file at real-time pace",
        "audio_s": round(pcm.size / 16000, 1),
        "runs": len(runs),
        "latency_median_s": round(statistics.median(lat), 2),
        "latency_max_s": round(max(lat), 2),
        "baseline_median_s": round(statistics.median(base), 2),
        "ratio": round(statistics.median(base) / statistics.median(lat), 1),
        "overflows": sum(r["overflows"] for r in runs),
        "tick_late_max_ms": round(max(r["tick_late_max_ms"] for r in runs), 1),
        "clock_error_max_ms": round(max(r["clock_error_ms"] for r in runs), 2),
        "cpu_cores_median": round(statistics.median(r["cpu_cores"] for r in runs), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "fillers_live_vs_file": [(r["live_fillers"], r["file_fillers"]) for r in runs],
    }
    print(
        "| mode | audio | runs | stop-to-review median / max | after-stop baseline (median) | ratio | overflows | 10 Hz tick lateness max | clock error at stop | CPU (cores) | peak RSS |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {row['mode']} | {row['audio_s']} s | {row['runs']} | {row['latency_median_s']} s / {row['latency_max_s']} s "
        f"| {row['baseline_median_s']} s | {row['ratio']}x | {row['overflows']} | {row['tick_late_max_ms']} ms "
        f"| {row['clock_error_max_ms']} ms | {row['cpu_cores_median']} | {row['peak_rss_mb']} MB |"
    )
    print("fillers found, live vs file, per run:", row["fillers_live_vs_file"])
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "latency.json").write_text(json.dumps(row, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
