"""How long `mockloop analyze` takes on a two-minute answer, end to end, in a fresh process
each run (import, model load, decode, VAD, analysis), with the filler counts it reports, and
the CPU it uses against a plain single pass of the same model on the same file in the same
run (faster-whisper's own transcribe with the filler prompt and word times, also a fresh
process): the cost of chunking, VAD and island recovery.

    .venv/bin/python -m benchmarks.analyze_speed [--runs 5]

Prints a table and writes benchmarks/results/analyze_speed.json."""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.speech import Script, read_wav, synthesize

ROOT = Path(__file__).resolve().parent
LONG = Script(
    "two-minute",
    (
        "So, um, the situation was that our weekly active users fell by six percent in one week.",
        "Nobody knew why, and the product team was, uh, about to roll back a launch.",
        "I owned the metrics pipeline, so I took the task of finding the root cause.",
        "First, um, I split the drop by platform, country and signup cohort.",
        "The drop was, like, almost entirely on Android, and only for new users.",
        1.6,
        "Uh, that pointed away from the launch, which had shipped on every platform.",
        "I would like to say I found it at once, but, you know, it took two days.",
        "I compared the raw event logs with the tables our dashboards read.",
        "It looks like a client release had renamed one event, so the join silently dropped it.",
        "Um, I basically wrote a mapping for the new name and backfilled the missing week.",
        "Then I added a check that fails the pipeline when an event volume moves more than ten percent.",
        "The right metric had never really fallen, and the team kept the launch.",
        2.0,
        "Uh, the launch went on to lift retention by two points over the next quarter.",
        "I also wrote a short guide so that other analysts could, um, trace events end to end.",
        "Actually, the check has since caught four more broken releases before anyone saw a bad number.",
        "What I learned is to question the data before questioning the product.",
        "And, uh, I now start every investigation by reconciling two independent sources.",
        "Looking back, I would have added that check a year earlier, and I told my manager so.",
        "Um, the second thing I changed was how we review metric definitions.",
        "Every new metric now has, like, a one page spec with an owner and a test.",
        "That took, uh, about a month to roll out across four teams.",
        "Some people pushed back, because it felt like extra process.",
        "So I measured it: definition bugs fell from nine a quarter to two.",
        1.7,
        "Hmm, if I did it again, I would involve the data engineers from day one.",
        "They knew the event schema far better than I did, and they would have spotted the rename.",
        "Overall the incident cost us two days, but it gave us a much sturdier pipeline.",
    ),
    vocal={"um": 5, "uh": 5, "hmm": 1},
    lexical={"so": 1, "like": 2, "you know": 1, "basically": 1, "actually": 1},
    content=("android", "pipeline", "retention", "launch", "dashboards"),
    long_pauses=(1.6, 2.0, 1.7),
)


# The plain single pass: one fresh process, the same bundled model, thread count and prompt.
PLAIN = """
import sys
from faster_whisper import WhisperModel
from mockloop.core.speech.models import resolve_model
from mockloop.core.speech.transcribe import DEFAULT_THREADS, FILLER_PROMPT
model = WhisperModel(resolve_model(None).source, device="cpu", compute_type="int8",
                     cpu_threads=DEFAULT_THREADS, local_files_only=True)
segments, _ = model.transcribe(sys.argv[1], language="en", initial_prompt=FILLER_PROMPT,
                               word_timestamps=True)
print(sum(len(s.words or ()) for s in segments), "words", file=sys.stderr)
"""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cached(script: Script) -> Path:
    """The script spoken once into benchmarks/.cache (deterministic, so reusable)."""
    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    wav = cache / f"{script.name}.wav"
    return wav if wav.exists() else synthesize(script, cache)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    wav = cached(LONG)
    audio, rate = read_wav(wav)
    length = len(audio) / rate

    walls, cpus, plain_cpus, result = [], [], [], {}
    for _ in range(args.runs):
        t0 = time.perf_counter()
        used = children_cpu()
        out = subprocess.run(
            [sys.executable, "-m", "mockloop", "analyze", str(wav), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        walls.append(time.perf_counter() - t0)
        cpus.append(children_cpu() - used)
        result = json.loads(out.stdout)
        used = children_cpu()
        subprocess.run([sys.executable, "-c", PLAIN, str(wav)], check=True)
        plain_cpus.append(children_cpu() - used)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    kinds = {"vocal": 0, "lexical": 0}
    for e in result["filler_events"]:
        kinds[e["kind"]] += 1
    row = {
        "audio_s": round(length, 1),
        "runs": args.runs,
        "wall_median_s": round(statistics.median(walls), 2),
        "wall_min_s": round(min(walls), 2),
        "wall_max_s": round(max(walls), 2),
        "rtf_median": round(statistics.median(walls) / length, 3),
        "cpu_median_s": round(statistics.median(cpus), 2),
        "plain_cpu_median_s": round(statistics.median(plain_cpus), 2),
        "cpu_ratio": round(statistics.median(cpus) / statistics.median(plain_cpus), 2),
        "peak_rss_mb": round(peak_mb),
        "vocal_true": sum(LONG.vocal.values()),
        "vocal_found": kinds["vocal"],
        "lexical_true": sum(LONG.lexical.values()),
        "lexical_found": kinds["lexical"],
        "long_pauses_true": len(LONG.long_pauses),
        "long_pauses_found": len(result["pauses"]),
        "model": result["model"],
        "machine": f"{platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores",
    }
    print(
        "| audio | runs | wall median (min-max) | RTF | CPU median | plain single pass CPU | ratio | peak RSS | vocal fillers true/found | lexical true/found | long pauses true/found |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {row['audio_s']} s | {row['runs']} | {row['wall_median_s']} s ({row['wall_min_s']}-{row['wall_max_s']}) "
        f"| {row['rtf_median']} | {row['cpu_median_s']} s | {row['plain_cpu_median_s']} s "
        f"| {row['cpu_ratio']}x | {row['peak_rss_mb']} MB | {row['vocal_true']}/{row['vocal_found']} "
        f"| {row['lexical_true']}/{row['lexical_found']} | {row['long_pauses_true']}/{row['long_pauses_found']} |"
    )
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "analyze_speed.json").write_text(json.dumps(row, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
