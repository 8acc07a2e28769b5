"""How accurate are mockloop's numbers? Runs the real analysis on every answer of the fidelity
corpus (benchmarks/corpus.py) and scores it against the truth.

    .venv/bin/python -m benchmarks.fidelity              # `mockloop analyze --json`, one process a file
    .venv/bin/python -m benchmarks.fidelity --inproc --set strategy=single   # compare set-ups

Prints a table and writes benchmarks/results/fidelity[-LABEL].json."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import ROOT, Truth, ensure_corpus, is_fresh, summary
from benchmarks.scoring import FileScore, Tally, score_file

# Issue 27's targets, on the held-out split (each noise kind on its own) and the real clips.
VOCAL_TARGET = (0.95, 0.92)  # precision, recall (count)
LEXICAL_TARGET = (0.95, 0.90)
RANGE_COVER_TARGET = 0.90  # the true count inside the reported range
RANGE_HALF_WIDTH_TARGET = 0.20  # of the count, quiet answers with five fillers or more
REAL_WITHIN_ONE_TARGET = 0.90


def run_cli(wav: Path, truth: Truth) -> tuple[dict[str, Any], float, float]:
    """One `mockloop analyze --json` process: (result, wall seconds, its peak RSS in MB)."""
    env = os.environ | {
        "MOCKLOOP_CONFIG": str(Path(tempfile.gettempdir()) / "mockloop-bench-none.toml"),
        "MOCKLOOP_DATA_DIR": str(Path(tempfile.gettempdir()) / "mockloop-bench-data"),
    }
    cmd = [sys.executable, "-m", "mockloop", "analyze", str(wav), "--json"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*cmd, "--limit", str(truth.limit_s)], stdout=out, stderr=err, env=env
        )
        # wait4 gives this child's own peak RSS (RUSAGE_CHILDREN would mix in every child).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise SystemExit(f"{wav.name}: mockloop analyze failed: {err.read().decode()[-500:]}")
        return json.loads(out.read()), wall, usage.ru_maxrss / 1024


class InProcess:
    """The same pipeline in this process, with decoding overrides, for comparing set-ups."""

    def __init__(self, overrides: dict[str, str]) -> None:
        from mockloop.core.speech.models import resolve_model
        from mockloop.core.speech.transcribe import DecodingOptions, WhisperTranscriber

        model = overrides.pop("model", None)
        fields = {f.name: f.type for f in dataclasses.fields(DecodingOptions)}
        opts: dict[str, Any] = {}
        for key, value in overrides.items():
            if key not in fields:
                raise SystemExit(f"unknown decoding option {key!r}; have: {', '.join(fields)}")
            opts[key] = _parse(value)
        self.t = WhisperTranscriber(resolve_model(model), decoding=DecodingOptions(**opts))
        self.t.load()

    def __call__(self, wav: Path, truth: Truth) -> tuple[dict[str, Any], float, float]:
        from mockloop.cli.report import report_json
        from mockloop.core.speech.pipeline import analyse_file

        t0 = time.perf_counter()
        report = analyse_file(wav, self.t, time_limit_s=truth.limit_s)
        wall = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return report_json(wav, report), wall, peak


def _parse(value: str) -> Any:
    for conv in (int, float):
        try:
            return conv(value)
        except ValueError:
            pass
    return {"none": None, "true": True, "false": False}.get(value.lower(), value)


def aggregate(scores: list[FileScore]) -> dict[str, Any]:
    import jiwer

    agg: dict[str, Any] = {}
    for kind in ("vocal", "lexical"):
        for how in ("count", "event"):
            t = Tally()
            for s in scores:
                t.add(getattr(s, how)[kind])
            agg[f"{kind}_{how}"] = {
                "p": t.precision,
                "r": t.recall,
                "f1": t.f1,
                "tp": t.tp,
                "fp": t.fp,
                "fn": t.fn,
            }
    for part in ("early", "late"):
        t = Tally()
        for s in scores:
            t.add(getattr(s, f"vocal_{part}"))
        agg[f"vocal_recall_{part}"] = t.recall
    pauses = Tally()
    for s in scores:
        pauses.add(s.pauses)
    refs = [" ".join(s.ref_words) for s in scores]
    hyps = [" ".join(s.hyp_words) for s in scores]
    audio = sum(s.audio_s for s in scores)
    agg |= {
        "files": len(scores),
        "audio_min": round(audio / 60, 1),
        "control_fillers": sum(s.found_on_control for s in scores),
        "wer": jiwer.wer(refs, hyps),
        "wpm_error_median": statistics.median(abs(s.wpm_found / s.wpm_true - 1) for s in scores),
        "wpm_error_max": max(abs(s.wpm_found / s.wpm_true - 1) for s in scores),
        "pause_precision": pauses.precision,
        "pause_recall": pauses.recall,
        "overrun_error_max_s": max(abs(s.overrun_found - s.overrun_true) for s in scores),
        "rtf": sum(s.wall_s for s in scores) / audio,
        "peak_mb": max(s.peak_mb for s in scores),
    }
    return agg


def table(groups: dict[str, dict[str, Any]]) -> str:
    names = list(groups)
    rows = [
        (
            "vocal fillers P / R (count)",
            lambda a: f"{a['vocal_count']['p']:.2f} / {a['vocal_count']['r']:.2f}",
        ),
        (
            "vocal fillers P / R / F1 (event, 0.5 s)",
            lambda a: (
                f"{a['vocal_event']['p']:.2f} / {a['vocal_event']['r']:.2f} / {a['vocal_event']['f1']:.2f}"
            ),
        ),
        (
            "vocal recall: first 30 s / later",
            lambda a: f"{a['vocal_recall_early']:.2f} / {a['vocal_recall_late']:.2f}",
        ),
        (
            "lexical fillers P / R (count)",
            lambda a: f"{a['lexical_count']['p']:.2f} / {a['lexical_count']['r']:.2f}",
        ),
        (
            "lexical fillers P / R / F1 (event)",
            lambda a: (
                f"{a['lexical_event']['p']:.2f} / {a['lexical_event']['r']:.2f} / {a['lexical_event']['f1']:.2f}"
            ),
        ),
        ("fillers reported on control answers", lambda a: str(a["control_fillers"])),
        ("WER, non-filler words", lambda a: f"{a['wer']:.1%}"),
        (
            "wpm error: median / max",
            lambda a: f"{a['wpm_error_median']:.1%} / {a['wpm_error_max']:.1%}",
        ),
        ("long pauses P / R", lambda a: f"{a['pause_precision']:.2f} / {a['pause_recall']:.2f}"),
        ("overrun error, max", lambda a: f"{a['overrun_error_max_s']:.2f} s"),
        ("real-time factor", lambda a: f"{a['rtf']:.3f}"),
        ("peak memory", lambda a: f"{a['peak_mb']:.0f} MB"),
    ]
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    lines += [
        f"| {label} | " + " | ".join(fn(groups[n]) for n in names) + " |" for label, fn in rows
    ]
    return "\n".join(lines)


REAL_SPEECH = ROOT.parents[1] / "shared" / "data" / "real-speech"
MORE_REAL_SPEECH = ROOT / ".cache" / "real-speech"  # made by benchmarks/real_speech.py


def real_speech(run: Any, folders: list[Path]) -> tuple[str, list[dict[str, Any]]]:
    """Counts per clip on real voices (a development set: never tuned on). A clip passes when
    its vocal count is within one of the reference."""
    from mockloop.core.analysis.fillers import is_vocal

    rows = []
    for wav in sorted(w for folder in folders for w in folder.glob("*.wav")):
        ref = json.loads(wav.with_suffix(".json").read_text())
        said = [f["word"] for f in ref["fillers"]]
        clip = Truth(wav.stem, "real", False, False, ref["duration_s"], 120.0, 0.0, 0.0, "", 0)
        result, _, _ = run(wav, clip)  # only the limit is read from the truth
        found = result["filler_events"]
        row = {
            "clip": wav.stem,
            "source": ref["source"]["repo"].split("/")[-1],
            "vocal_ref": sum(is_vocal(w) for w in said),
            "vocal_found": sum(e["kind"] == "vocal" for e in found),
            "lexical_ref": sum(not is_vocal(w) for w in said),
            "lexical_found": sum(e["kind"] == "lexical" for e in found),
        }
        row["ok"] = abs(row["vocal_found"] - row["vocal_ref"]) <= 1
        rows.append(row)
    lines = [
        "| clip | source | vocal: reference / found | lexical: reference / found | within ±1 |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['clip']} | {r['source']} | {r['vocal_ref']} / {r['vocal_found']} "
        f"| {r['lexical_ref']} / {r['lexical_found']} | {'yes' if r['ok'] else '**no**'} |"
        for r in rows
    ]
    groups = {
        "with fillers": [r for r in rows if r["vocal_ref"] + r["lexical_ref"]],
        "without": [r for r in rows if not r["vocal_ref"] + r["lexical_ref"]],
        **{
            f"from {s}": [r for r in rows if r["source"] == s]
            for s in sorted({r["source"] for r in rows})
        },
        "all": rows,
    }
    for label, part in groups.items():
        if part:
            lines.append(
                f"| {label} ({len(part)}) | | {sum(r['vocal_ref'] for r in part)} / "
                f"{sum(r['vocal_found'] for r in part)} | {sum(r['lexical_ref'] for r in part)} / "
                f"{sum(r['lexical_found'] for r in part)} | {sum(r['ok'] for r in part)} of {len(part)} |"
            )
    return "\n".join(lines), rows


def counts_of(s: FileScore, result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per filler kind and in total: the true count, the count found, and the range reported."""
    ranges = result.get("fillers_range") or {}
    out = {}
    for kind in ("vocal", "lexical"):
        t = s.count[kind]
        out[kind] = {"true": t.tp + t.fn, "found": t.tp + t.fp, "range": ranges.get(kind)}
    out["total"] = {
        "true": sum(out[k]["true"] for k in ("vocal", "lexical")),
        "found": sum(out[k]["found"] for k in ("vocal", "lexical")),
        "range": ranges.get("total"),
    }
    return out


def coverage_table(files: dict[str, dict[str, Any]]) -> str:
    """How often the reported range holds the true count (target >= 90%), and how wide it is
    against the count on clean audio (target within ±20%)."""
    lines = [
        "count ranges: true count inside the reported range (vocal · lexical · total),"
        " and the widest clean range as a share of its count",
    ]
    for split in ("tune", "held-out"):
        for noisy in (False, True):
            part = [f for f in files.values() if f["split"] == split and f["noisy"] == noisy]
            if not part or part[0]["counts"]["total"]["range"] is None:
                continue
            inside = {
                k: sum(_inside(f["counts"][k]) for f in part) / len(part)
                for k in ("vocal", "lexical", "total")
            }
            widths = _half_widths(part)
            lines.append(
                f"  {split:8} {'noisy' if noisy else 'clean':5} ({len(part)}): "
                f"{inside['vocal']:.0%} · {inside['lexical']:.0%} · {inside['total']:.0%}"
                + (f"   half-width median {statistics.median(widths):.0%}" if widths else "")
            )
    return "\n".join(lines)


def targets_table(
    held_out: dict[str, dict[str, Any]],
    by_noise: dict[str, dict[str, Any]],
    files: dict[str, dict[str, Any]],
    real_rows: list[dict[str, Any]],
) -> str:
    """Each of issue 27's targets beside what this run measured on held-out answers."""

    def pr(a: dict[str, Any], kind: str, target: tuple[float, float]) -> tuple[str, str, bool]:
        c = a[f"{kind}_count"]
        met = c["p"] >= target[0] and c["r"] >= target[1]
        return f">= {target[0]:.2f} / >= {target[1]:.2f}", f"{c['p']:.2f} / {c['r']:.2f}", met

    rows: list[tuple[str, str, str, bool]] = []
    for label, a in held_out.items():
        rows.append((f"vocal P / R, {label}", *pr(a, "vocal", VOCAL_TARGET)))
    for kind, a in by_noise.items():
        rows.append((f"vocal P / R, {kind} noise", *pr(a, "vocal", VOCAL_TARGET)))
    for label, a in held_out.items():
        rows.append((f"lexical P / R, {label}", *pr(a, "lexical", LEXICAL_TARGET)))
    for noisy in (False, True):
        part = [f for f in files.values() if f["split"] == "held-out" and f["noisy"] == noisy]
        if part and part[0]["counts"]["total"]["range"] is not None:
            share = sum(_inside(f["counts"]["total"]) for f in part) / len(part)
            label = f"range holds the true total, {'noisy' if noisy else 'clean'}"
            rows.append(
                (label, f">= {RANGE_COVER_TARGET:.0%}", f"{share:.0%}", share >= RANGE_COVER_TARGET)
            )
    widths = _half_widths(
        [f for f in files.values() if f["split"] == "held-out" and not f["noisy"]]
    )
    if widths:
        w = statistics.median(widths)
        rows.append(
            (
                "range half-width, clean (median)",
                f"<= {RANGE_HALF_WIDTH_TARGET:.0%}",
                f"{w:.0%}",
                w <= RANGE_HALF_WIDTH_TARGET,
            )
        )
    if real_rows:
        share = sum(r["ok"] for r in real_rows) / len(real_rows)
        rows.append(
            (
                "real speech: vocal within ±1",
                f">= {REAL_WITHIN_ONE_TARGET:.0%}",
                f"{share:.0%} of {len(real_rows)}",
                share >= REAL_WITHIN_ONE_TARGET,
            )
        )
    lines = ["| target (issue 27) | wanted | measured | met |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {'yes' if ok else '**no**'} |" for a, b, c, ok in rows]
    return "\n".join(lines)


def _half_widths(part: list[dict[str, Any]]) -> list[float]:
    return [
        (hi - lo) / 2 / f["counts"]["total"]["found"]
        for f in part
        if f["counts"]["total"]["found"] >= 5 and f["counts"]["total"]["range"] is not None
        for lo, hi in [f["counts"]["total"]["range"]]
    ]


def room_table(rows: list[tuple[Path, Truth]], files: dict[str, dict[str, Any]]) -> str:
    """The measured SNR against the SNR each noisy copy was mixed at."""
    lines = ["room: SNR measured / mixed at (dB), noisy copies"]
    errors: dict[str, list[float]] = {}
    for wav, truth in rows:
        room = files.get(wav.name, {}).get("room")
        if truth.noisy and room is not None and truth.snr_db is not None:
            errors.setdefault(truth.noise or "pink", []).append(room["snr_db"] - truth.snr_db)
    for kind, errs in sorted(errors.items()):
        lines.append(
            f"  {kind:10} median error {statistics.median(errs):+.1f} dB, worst {max(errs, key=abs):+.1f} dB"
            f" ({len(errs)} answers)"
        )
    quiet = [
        f["room"]["limits_counting"] for f in files.values() if not f["noisy"] and f.get("room")
    ]
    noisy = [f["room"]["limits_counting"] for f in files.values() if f["noisy"] and f.get("room")]
    if quiet and noisy:
        lines.append(
            f"  said to limit counting: {sum(quiet)} of {len(quiet)} clean, "
            f"{sum(noisy)} of {len(noisy)} noisy"
        )
    return "\n".join(lines)


def _inside(c: dict[str, Any]) -> bool:
    lo, hi = c["range"]
    return bool(lo <= c["true"] <= hi)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inproc", action="store_true", help="analyse in this process (faster)")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="decoding option override (implies --inproc)",
    )
    ap.add_argument("--only", choices=("clean", "noisy"), help="score one version only")
    ap.add_argument("--match", default="", help="only answers whose name contains this")
    ap.add_argument("--split", choices=("tune", "held-out"), help="score one split only")
    ap.add_argument("--label", default="", help="suffix for the JSON file")
    ap.add_argument("--verbose", action="store_true", help="list misses and extras per file")
    ap.add_argument(
        "--real",
        type=Path,
        action="append",
        help="a folder of real-speech clips (WAV+JSON); default: the shared set and "
        "benchmarks/.cache/real-speech (benchmarks.real_speech) if made",
    )
    args = ap.parse_args()
    if not is_fresh():  # in its own process, so the TTS voices do not count in peak memory
        subprocess.run([sys.executable, "-m", "benchmarks.corpus"], check=True)
    corpus = ensure_corpus(log=lambda m: print(m, file=sys.stderr))
    rows = [
        (wav, t)
        for wav, t in corpus
        if args.match in t.name
        and (args.only is None or t.noisy == (args.only == "noisy"))
        and (args.split is None or t.split == args.split)
    ]
    overrides = dict(kv.split("=", 1) for kv in args.set)
    run = InProcess(overrides) if (args.inproc or overrides) else run_cli
    scores: list[FileScore] = []
    results: dict[str, Any] = {}
    for wav, truth in rows:
        result, wall, peak = run(wav, truth)
        s = score_file(truth, result, wall, peak)
        scores.append(s)
        results[wav.name] = {
            "misses": s.misses,
            "extras": s.extras,
            "wall_s": round(wall, 2),
            "split": truth.split,
            "noisy": truth.noisy,
            "noise": truth.noise,
            "counts": counts_of(s, result),
            "room": result.get("room"),
        }
        if args.verbose:
            print(f"{wav.name}: {wall:.1f} s  missed {s.misses}  extra {s.extras}", file=sys.stderr)
    split_of = {t.name: t.split for _, t in rows}
    groups = {}
    for split in ("held-out", "tune"):
        for label, keep in (("clean", False), ("noisy", True)):
            part = [s for s in scores if s.noisy == keep and split_of[s.name] == split]
            if part:
                groups[f"{split} {label} ({len(part)})"] = aggregate(part)
    mode = "in-process, " + ", ".join(args.set) if run is not run_cli else "mockloop analyze --json"
    print(f"corpus: {json.dumps(summary(corpus))}\nrun: {mode}\n")
    print(table(groups))
    noise_of = {t.name: t.noise for _, t in rows if t.split == "held-out"}
    by_noise = {}
    for kind in sorted({k for k in noise_of.values() if k}):
        part = [s for s in scores if s.noisy and noise_of.get(s.name) == kind]
        if part:
            by_noise[kind] = aggregate(part)
    if by_noise:
        print("\nheld-out noisy, by noise: vocal P / R (count) · lexical P / R (count) · WER")
        for kind, a in by_noise.items():
            v, lx = a["vocal_count"], a["lexical_count"]
            print(
                f"  {kind:10} {v['p']:.2f} / {v['r']:.2f} · {lx['p']:.2f} / {lx['r']:.2f}"
                f" · {a['wer']:.1%}"
            )
    print("\n" + coverage_table(results))
    print("\n" + room_table(rows, results))
    real_rows: list[dict[str, Any]] = []
    real = [f for f in args.real or [REAL_SPEECH, MORE_REAL_SPEECH] if f.is_dir()]
    if real and not (args.match or args.only or args.split):
        real_table, real_rows = real_speech(run, real)
        print(f"\nreal speech ({', '.join(map(str, real))}):\n\n{real_table}")
    held_out = {
        ("clean" if "clean" in name else "noisy (all kinds)"): a
        for name, a in groups.items()
        if name.startswith("held-out")
    }
    print("\n" + targets_table(held_out, by_noise, results, real_rows))
    out = ROOT / "results" / f"fidelity{'-' + args.label if args.label else ''}.json"
    out.parent.mkdir(exist_ok=True)
    report = {"mode": mode, "groups": groups, "files": results, "real_speech": real_rows}
    out.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
