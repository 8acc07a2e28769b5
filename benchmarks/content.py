"""Content benchmark: 24 answers written and labelled by hand (benchmarks/content/answers.toml),
spoken by two voices (Piper and espeak-ng), run through `mockloop analyze --json --kind`, and
scored check by check.

    .venv/bin/python -m benchmarks.content [--split heldout|tune|all] [--text]

--text scores the written text itself (no speech, no model): the quick loop used while the
rules were written, on the tune half only. The figures in docs/measurements.md come from the
spoken held-out half. Per check: accuracy and the false-met rate (reported met, not said: the
worst error, since the candidate then stops practising it); hypothetical accuracy on stories;
technical share within 10 points; whether the follow-up targets an unmet check. Results also
go to benchmarks/results/content.json."""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.corpus import RATE, Voices, trim, write_wav
from mockloop.core.analysis.content import CASE_CHECKS, STORY_CHECKS, analyse_content
from mockloop.core.analysis.words import Word

ROOT = Path(__file__).resolve().parent
ANSWERS = ROOT / "content" / "answers.toml"
CACHE = ROOT / ".cache" / "content"
RESULTS = ROOT / "results" / "content.json"
VOICES = ("piper", "espeak:en-us+m3@165")
GAP_S = 0.45  # between sentences
SHARE_TOLERANCE = 0.10
TECH = "[T]"


@dataclass(frozen=True)
class Answer:
    id: str
    kind: str
    split: str
    met: frozenset[str]
    hypothetical: bool
    sentences: tuple[str, ...]

    @property
    def checks(self) -> tuple[str, ...]:
        return STORY_CHECKS if self.kind == "story" else CASE_CHECKS


def load() -> list[Answer]:
    raw = tomllib.loads(ANSWERS.read_text())["answer"]
    out = []
    for a in raw:
        lines = tuple(s.strip() for s in a["text"].strip().splitlines() if s.strip())
        answer = Answer(
            a["id"], a["kind"], a["split"], frozenset(a["met"]), a["hypothetical"], lines
        )
        assert answer.met <= set(answer.checks), f"{answer.id}: unknown check in met"
        out.append(answer)
    return out


def spoken(sentence: str) -> str:
    return sentence.removeprefix(TECH).strip()


def text_words(answer: Answer) -> tuple[list[Word], float]:
    """The written words at a steady 0.35 s each (the --text loop) and the technical share."""
    words, t, tech, total = [], 0.0, 0, 0
    for s in answer.sentences:
        parts = spoken(s).split()
        total += len(parts)
        tech += len(parts) if s.startswith(TECH) else 0
        for w in parts:
            words.append(Word(w, t, t + 0.3))
            t += 0.35
        t += GAP_S
    return words, tech / total


def render(answer: Answer, voice: str, voices: Voices) -> tuple[np.ndarray, float]:
    """The answer spoken sentence by sentence, and its technical share by speaking time."""
    pieces, tech, total = [np.zeros(int(0.5 * RATE), np.float32)], 0.0, 0.0
    for s in answer.sentences:
        audio = trim(voices.say(voice, spoken(s)))
        seconds = audio.size / RATE
        total += seconds
        tech += seconds if s.startswith(TECH) else 0.0
        pieces += [audio, np.zeros(int(GAP_S * RATE), np.float32)]
    return np.concatenate(pieces), tech / total


def ensure(answers: list[Answer]) -> dict[tuple[str, str], tuple[Path, float]]:
    CACHE.mkdir(parents=True, exist_ok=True)
    voices: Voices | None = None
    out = {}
    for a in answers:
        for voice in VOICES:
            name = f"{a.id}-{re.sub(r'[^a-z0-9]+', '-', voice)}"
            wav, meta = CACHE / f"{name}.wav", CACHE / f"{name}.json"
            key = json.dumps([voice, a.sentences])
            if meta.exists() and json.loads(meta.read_text()).get("key") == key:
                out[a.id, voice] = (wav, json.loads(meta.read_text())["technical_share"])
                continue
            voices = voices or Voices()
            audio, share = render(a, voice, voices)
            write_wav(wav, audio)
            meta.write_text(json.dumps({"key": key, "technical_share": share}))
            out[a.id, voice] = (wav, share)
    return out


def analyse(wav: Path, kind: str) -> tuple[dict, float]:
    """The content `mockloop analyze --json` reports, and how long the checks take on its
    words in this process (milliseconds)."""
    out = subprocess.run(
        [sys.executable, "-m", "mockloop", "analyze", str(wav), "--json", "--kind", kind],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    words = [Word(w["text"], w["start"], w["end"]) for w in result["words"]]
    started = time.perf_counter()
    analyse_content(words, kind)
    return result["content"], (time.perf_counter() - started) * 1000


def from_text(answer: Answer) -> tuple[dict, float]:
    words, share = text_words(answer)
    c = analyse_content(words, answer.kind)
    got = {
        "checks": [{"id": k.id, "met": k.met} for k in c.checks],
        "hypothetical": c.hypothetical,
        "technical_share": c.technical_share,
        "follow_up": None if c.follow_up is None else {"check": c.follow_up.check},
    }
    return got, share


def score(answer: Answer, got: dict, true_share: float) -> dict:
    met = {c["id"]: c["met"] for c in got["checks"]}
    unmet_true = set(answer.checks) - answer.met
    follow = got["follow_up"]
    return {
        "checks": {k: {"true": k in answer.met, "got": bool(met.get(k))} for k in answer.checks},
        "hypothetical_ok": answer.kind != "story" or got["hypothetical"] == answer.hypothetical,
        "share_true": round(true_share, 3),
        "share_got": got["technical_share"],
        "share_ok": abs(got["technical_share"] - true_share) <= SHARE_TOLERANCE,
        "follow_up": None if follow is None else follow["check"],
        "follow_ok": (follow is not None and follow["check"] in unmet_true)
        if unmet_true
        else follow is None,
    }


def per_check(rows: list[dict]) -> dict[str, dict]:
    table = {}
    for check in (*STORY_CHECKS, *CASE_CHECKS):
        seen = [r["checks"][check] for r in rows if check in r["checks"]]
        if not seen:
            continue
        right = sum(s["true"] == s["got"] for s in seen)
        not_said = [s for s in seen if not s["true"]]
        false_met = sum(s["got"] for s in not_said)
        table[check] = {
            "answers": len(seen),
            "accuracy": right / len(seen),
            "false_met_rate": false_met / len(not_said) if not_said else 0.0,
            "not_said": len(not_said),
        }
    return table


def summary(rows: list[dict]) -> dict:
    stories = [r for r in rows if r["kind"] == "story"]
    with_unmet = [r for r in rows if r["unmet_true"]]
    checks = [s for r in rows for s in r["checks"].values()]
    return {
        "runs": len(rows),
        "accuracy": sum(s["true"] == s["got"] for s in checks) / len(checks),
        "per_check": per_check(rows),
        "hypothetical": sum(r["hypothetical_ok"] for r in stories) / max(1, len(stories)),
        "technical_share": sum(r["share_ok"] for r in stories) / max(1, len(stories)),
        "follow_up": sum(r["follow_ok"] for r in with_unmet) / max(1, len(with_unmet)),
    }


def print_rows(rows: list[dict]) -> None:
    print(f"{'answer':26} {'voice':20} {'wrong checks':40} {'tech':>9} {'hyp':>4} follow-up")
    for r in rows:
        wrong = [
            f"{k}{'+' if v['got'] else '-'}"
            for k, v in r["checks"].items()
            if v["true"] != v["got"]
        ]
        tech = f"{r['share_true']:.0%}/{r['share_got']:.0%}"
        print(
            f"{r['id']:26} {r['voice']:20} {' '.join(wrong) or '-':40} {tech:>9}"
            f" {' ✗'[not r['hypothetical_ok']]:>4} {r['follow_up'] or '-'}{' ✗'[not r['follow_ok']]}"
        )


def print_summary(split: str, s: dict) -> None:
    print(f"\n{split}: {s['runs']} runs; all checks {s['accuracy']:.0%} right")
    print(f"{'check':18} {'answers':>7} {'accuracy':>9} {'false met':>10}")
    for check, c in s["per_check"].items():
        fm = f"{c['false_met_rate']:.0%} of {c['not_said']}"
        print(f"{check:18} {c['answers']:>7} {c['accuracy']:>9.0%} {fm:>10}")
    print(
        f"hypothetical right {s['hypothetical']:.0%} of stories; technical share within 10"
        f" points {s['technical_share']:.0%} of stories; follow-up on an unmet check"
        f" {s['follow_up']:.0%}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("heldout", "tune", "all"), default="all")
    ap.add_argument("--text", action="store_true", help="score the written text (no speech)")
    args = ap.parse_args()
    chosen = [a for a in load() if args.split in ("all", a.split)]
    rows: list[dict] = []
    timings: list[float] = []
    files = {} if args.text else ensure(chosen)
    for a in chosen:
        for voice in ("text",) if args.text else VOICES:
            if args.text:
                got, share = from_text(a)
            else:
                wav, share = files[a.id, voice]
                got, took_ms = analyse(wav, a.kind)
                timings.append(took_ms)
            unmet = sorted(set(a.checks) - a.met)
            row = {"id": a.id, "kind": a.kind, "split": a.split, "voice": voice}
            rows.append({**row, "unmet_true": unmet, **score(a, got, share)})
    print_rows(rows)
    result = {}
    for split in ("heldout", "tune"):
        part = [r for r in rows if r["split"] == split]
        if part:
            result[split] = summary(part)
            print_summary(split, result[split])
    print(
        "targets (held-out): every check >= 80% and all >= 90% right, false met <= 10%;"
        " hypothetical >= 90%; technical share >= 80%; follow-up >= 95%"
    )
    if timings:
        print(
            f"checks on the decoded words: median {statistics.median(timings):.1f} ms,"
            f" max {max(timings):.1f} ms ({len(timings)} answers)"
        )
        result["checks_ms"] = {"median": statistics.median(timings), "max": max(timings)}
    if not args.text:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps({"summary": result, "runs": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
