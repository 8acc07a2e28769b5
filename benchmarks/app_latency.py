"""What a person feels: the real app in a real terminal (tmux) with the virtual microphone, the
two-minute scripted answer played in real time, N runs.

    eval "$(scripts/virtual-mic start)"; .venv/bin/python -m benchmarks.app_latency [--runs 5]

Per run: launch
to Home (the question on screen), stop to the full Review (its figures on screen), the audio
not yet decoded when the answer stopped (the live transcriber's backlog, stored with the
attempt), live chunks, CPU seconds of the UI thread (the main thread) and of every other
thread (transcription, audio, model load), the app's peak memory (VmHWM), and how many words
of the Review differ from "Transcribe again" (the file path, run here on the saved recording
once the app has quit). Each run starts from an empty data folder. Results also go to
benchmarks/results/app_latency.json."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.analyze_speed import LONG, cached
from tests.terminal import Terminal

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "app_latency.json"
TICKS = os.sysconf("SC_CLK_TCK")


def app_pid(term: Terminal) -> int:
    """The mockloop process: the child of the pane's shell."""
    shell = int(term.tmux("display", "-p", "#{pane_pid}").strip())
    for _ in range(100):
        kids = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        if kids:
            return int(kids[0])
        time.sleep(0.02)
    raise RuntimeError("the app process did not start")


def cpu_s(pid: int) -> tuple[float, float]:
    """(main thread, all other threads) CPU seconds so far."""
    main = rest = 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        fields = task.joinpath("stat").read_text().rsplit(")", 1)[1].split()
        used = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
        if int(task.name) == pid:
            main += used
        else:
            rest += used
    return main, rest


def peak_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def speak_answer(term: Terminal, wav: Path) -> float:
    """Practise the suggested question: the recording played into the virtual microphone,
    then Space; returns when Space was pressed, once the Review's figures are on screen."""
    term.keys("p")
    term.wait_for(r"REC")
    subprocess.run(["paplay", str(wav)], check=True)
    time.sleep(0.3)
    term.keys("Space")
    stop = time.monotonic()
    term.wait_for(r"Fillers\s+\d+[^·\n]*·", timeout=120)  # a count, maybe its range, then ·
    return stop


def one_run(wav: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = dict(os.environ, MOCKLOOP_DATA_DIR=str(data), MOCKLOOP_CONFIG=f"{tmp}/c.toml")
        Path(env["MOCKLOOP_CONFIG"]).write_text("[practice]\nprep_s = 0\n")
        t0 = time.monotonic()
        term = Terminal(f"{sys.executable} -m mockloop", env, size=(100, 30))
        try:
            term.wait_for(r"Next up")
            to_home = time.monotonic() - t0
            pid = app_pid(term)
            term.wait_for(r"model: ready", timeout=60)
            stop = speak_answer(term, wav)
            to_review = time.monotonic() - stop
            refined = wait_refined(data / "mockloop.db") - stop  # the Review's final words
            ui, workers = cpu_s(pid)
            peak = peak_mib(pid)
            term.keys("Escape", "q")
            term.exit_code()
        finally:
            term.close()
        con = sqlite3.connect(data / "mockloop.db")
        decoding, words, recording = con.execute(
            "SELECT decoding, words, recording_path FROM attempt"
        ).fetchone()
        con.close()
        review = [w["text"] for w in json.loads(words)]
        again = [w.text for w in file_path_words(data / recording, json.loads(decoding))]
    decoding = json.loads(decoding)
    differ = difflib.SequenceMatcher(a=review, b=again, autojunk=False).get_opcodes()
    return {
        "launch_to_home_s": round(to_home, 2),
        "stop_to_review_s": round(to_review, 2),
        "stop_to_refined_s": round(refined, 2),
        "differences": [
            (" ".join(review[i1:i2]), " ".join(again[j1:j2]))
            for op, i1, i2, j1, j2 in differ
            if op != "equal"
        ],
        "backlog_s": decoding.get("live_backlog_s"),
        "chunks": decoding.get("live_chunks"),
        "ui_cpu_s": round(ui, 1),
        "worker_cpu_s": round(workers, 1),
        "peak_mib": round(peak),
        "guesses": decoding.get("live_guesses"),
        "words": len(review),
        "words_differing": sum(
            max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in differ if op != "equal"
        ),
    }


def wait_refined(db: Path, timeout: float = 60.0) -> float:
    """When the stored attempt holds the Review's final words: every live piece decoded with
    island recovery (the app does the last one after the Review is up)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        con = sqlite3.connect(db)
        row = con.execute("SELECT decoding FROM attempt").fetchone()
        con.close()
        if row and row[0] and json.loads(row[0]).get("live_unrecovered") == 0:
            return time.monotonic()
        time.sleep(0.05)
    raise RuntimeError("the Review's last chunk was never refined")


def file_path_words(recording: Path, decoding: dict) -> tuple:
    """What "Transcribe again" gives: the file decoded in the live pieces stored with the
    attempt, with default settings, as the app has them."""
    from mockloop.core.speech.audio_file import transcribe_file
    from mockloop.core.speech.models import resolve_model
    from mockloop.core.speech.transcribe import WhisperTranscriber
    from mockloop.usecases.transcription import live_ends

    model = WhisperTranscriber(resolve_model(None))
    return transcribe_file(recording, model, ends=live_ends(decoding)).words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if "PULSE_SERVER" not in os.environ:
        sys.exit('start the virtual microphone first: eval "$(scripts/virtual-mic start)"')
    wav = cached(LONG)
    # An installed app starts from bytecode (pip compiles it). A checkout run with
    # PYTHONDONTWRITEBYTECODE=1 (as on our CI machines) compiles every module at every start:
    # +0.25 s to launch. So the checkout is compiled once, as an install would be.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT.parent / "mockloop")], check=True
    )
    rows = []
    header = f"{'run':>3} {'launch→Home':>11} {'stop→Review':>11} {'→refined':>9} {'backlog':>8}"
    header += f" {'chunks':>6}"
    print(header + f" {'UI CPU':>7} {'other CPU':>9} {'peak RSS':>9} {'words ≠ again':>14}")
    for i in range(args.runs):
        r = one_run(wav)
        rows.append(r)
        print(
            f"{i + 1:>3} {r['launch_to_home_s']:>10.2f}s {r['stop_to_review_s']:>10.2f}s"
            f" {r['stop_to_refined_s']:>8.2f}s"
            f" {r['backlog_s']:>7.1f}s {r['chunks']:>6} {r['ui_cpu_s']:>6.1f}s"
            f" {r['worker_cpu_s']:>8.1f}s {r['peak_mib']:>5} MiB"
            f" {r['words_differing']:>5}/{r['words']}"
        )
    stops = [r["stop_to_review_s"] for r in rows]
    homes = [r["launch_to_home_s"] for r in rows]
    summary = {
        "runs": len(rows),
        "stop_to_review_median_s": statistics.median(stops),
        "stop_to_review_worst_s": max(stops),
        "launch_to_home_median_s": statistics.median(homes),
        "backlog_worst_s": max(r["backlog_s"] for r in rows),
        "peak_mib_worst": max(r["peak_mib"] for r in rows),
        "words_differing_worst": max(r["words_differing"] for r in rows),
    }
    print(
        f"\nstop→Review median {summary['stop_to_review_median_s']:.2f} s, worst "
        f"{summary['stop_to_review_worst_s']:.2f} s · launch→Home median "
        f"{summary['launch_to_home_median_s']:.2f} s · backlog worst "
        f"{summary['backlog_worst_s']:.1f} s · peak RSS worst {summary['peak_mib_worst']} MiB"
        f" · words differing from Transcribe again, worst {summary['words_differing_worst']}"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"summary": summary, "runs": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
