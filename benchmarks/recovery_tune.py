"""Choosing how much evidence a recovered filler needs (core/speech/recover.py), on the fidelity
corpus's tune split only. One pass decodes every answer keeping every recovered candidate and
what the audio says about it (length, periodicity, the decoder's probability, the room's
SNR); then each rule is scored offline, exactly, by dropping the
candidates it rejects from the answer's events and scoring it against the truth again.

    .venv/bin/python -m benchmarks.recovery_tune --collect   # ~6 min: writes results/recovery.json
    .venv/bin/python -m benchmarks.recovery_tune             # the table of rules, per room level
    .venv/bin/python -m benchmarks.recovery_tune --vowels    # the held-vowel rule (hesitation.py)

The held-vowel rule is scored on the islands no found filler covers: right when the truth has
an "uh" there (the collected answers were decoded before that rule existed)."""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.corpus import Truth, ensure_corpus
from benchmarks.scoring import Tally, score_file

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "results" / "recovery.json"


def collect(split: str) -> dict[str, Any]:
    """Every answer of the split analysed with every recovered candidate kept and described."""
    from mockloop.cli.report import report_json
    from mockloop.core.speech import recover
    from mockloop.core.speech.models import resolve_model
    from mockloop.core.speech.pipeline import analyse_file
    from mockloop.core.speech.transcribe import WhisperTranscriber

    seen: list[dict[str, Any]] = []
    offset = [0.0]
    snr = [0.0]
    real_transcribe = WhisperTranscriber.transcribe
    real_recover = recover.recover_fillers

    def transcribe(self: Any, audio: Any, **kw: Any) -> Any:
        offset[0] = kw.get("offset_s", 0.0)
        return real_transcribe(self, audio, **kw)

    def recover_fillers(*args: Any, **kw: Any) -> Any:
        room = args[6] if len(args) > 6 else kw.get("room")
        snr[0] = room.snr_db if room is not None else 60.0
        return real_recover(*args, **kw)

    def keep_all(e: Any, s: Any) -> bool:
        seen.append({**dataclasses.asdict(e), "snr_db": snr[0], "at": None})
        return True

    real_evidence = recover.evidence

    def evidence(audio: Any, w: Any) -> Any:
        e = real_evidence(audio, w)
        keep_all(e, None)
        seen[-1]["at"] = [round(w.start + offset[0], 3), round(w.end + offset[0], 3)]
        return e

    WhisperTranscriber.transcribe = transcribe  # type: ignore[method-assign]
    recover.recover_fillers = recover_fillers  # type: ignore[assignment]
    recover.evidence = evidence  # type: ignore[assignment]
    recover.sounds_like_a_hesitation = lambda e, s, noisy=False: True  # type: ignore[assignment]
    t = WhisperTranscriber(resolve_model(None))
    files: dict[str, Any] = {}
    for wav, truth in ensure_corpus(log=lambda m: print(m, file=sys.stderr)):
        if truth.split != split:
            continue
        seen.clear()
        report = analyse_file(wav, t, time_limit_s=truth.limit_s)
        files[wav.name] = {
            "truth": dataclasses.asdict(truth),
            "result": report_json(wav, report),
            "candidates": list(seen),
        }
        print(f"{wav.name}: {len(seen)} candidates", file=sys.stderr)
    return files


@dataclasses.dataclass(frozen=True)
class Rule:
    min_s: float
    min_periodicity: float
    min_probability: float

    def keeps(self, c: dict[str, Any]) -> bool:
        return (
            c["seconds"] >= self.min_s
            and c["periodicity"] >= self.min_periodicity
            and c["probability"] >= self.min_probability
        )


def scored(files: dict[str, Any], rule: Rule, noisy: bool) -> Tally:
    """Vocal count tally over the answers of one room level, the candidates the rule rejects
    taken out of each answer's events."""
    total = Tally()
    for f in files.values():
        truth = Truth(**f["truth"])
        if truth.noisy != noisy:
            continue
        dropped = {tuple(c["at"]) for c in f["candidates"] if not rule.keeps(c)}
        result = dict(f["result"])
        result["filler_events"] = [
            e
            for e in result["filler_events"]
            if not (e["kind"] == "vocal" and (e["start"], e["end"]) in dropped)
        ]
        total.add(score_file(truth, result, 0.0, 0.0).count["vocal"])
    return total


def island_rows(files: dict[str, Any]) -> list[dict[str, Any]]:
    """Every voiced island no found filler covers, with its vowel shape and what the truth
    has there ("uh", "um", "hmm", a lexical filler "lex", or a "word")."""
    from mockloop.core.speech import hesitation, recover
    from mockloop.core.speech.audio_file import load_audio
    from mockloop.core.speech.vad import SAMPLE_RATE, speech_spans

    rows = []
    for name, f in files.items():
        audio = load_audio(ROOT / ".cache" / "corpus" / name)
        found = [e for e in f["result"]["filler_events"] if e["kind"] == "vocal"]
        for i in recover.voiced_islands(audio, speech_spans(audio)):
            if any(e["start"] - 0.5 <= i.end and e["end"] + 0.5 >= i.start for e in found):
                continue
            seg = audio[int(i.start * SAMPLE_RATE) : int(i.end * SAMPLE_RATE)]
            shape = hesitation.vowel_shape(seg)
            if shape is None:
                continue
            mid = (i.start + i.end) / 2
            said = [t for t in f["truth"]["fillers"] if t["start"] - 0.1 <= mid <= t["end"] + 0.1]
            label = "word" if not said else said[0]["type"] if said[0]["kind"] == "vocal" else "lex"
            rows.append(
                {
                    "noisy": f["truth"]["noisy"],
                    "label": label,
                    "seconds": i.end - i.start,
                    "periodicity": hesitation.periodicity(seg),
                    **dataclasses.asdict(shape),
                }
            )
    return rows


def vowel_table(files: dict[str, Any]) -> None:
    """The held-vowel rule per room: the shipped one and the best of a small grid."""
    from mockloop.core.speech.hesitation import NOISY_ROOM, QUIET_ROOM, HeldVowel

    rows = island_rows(files)
    grid = [
        HeldVowel(flux, per, start, end)
        for flux, per, start, end in itertools.product(
            (0.9, 0.95, 1.0), (0.5, 0.55), (1.0, 1.5, 2.0), (0.5, 1.0, 1.5)
        )
    ]
    for noisy, shipped in ((False, QUIET_ROOM), (True, NOISY_ROOM)):
        part = [r for r in rows if r["noisy"] == noisy]
        uh = sum(r["label"] == "uh" for r in part)
        print(
            f"\n{'noisy' if noisy else 'clean'}: {len(part)} uncovered islands, {uh} of them an uh"
        )

        def picks(rule: HeldVowel, part: list[dict[str, Any]] = part) -> tuple[int, int]:
            sel = [
                r
                for r in part
                if r["seconds"] >= rule.min_s
                and r["flux"] < rule.max_flux
                and r["open_start"] >= rule.min_open_start
                and r["open_end"] >= rule.min_open_end
                and r["periodicity"] >= rule.min_periodicity
            ]
            right = sum(r["label"] == "uh" for r in sel)
            return right, len(sel) - right

        right, wrong = picks(shipped)
        print(f"  shipped {shipped}: {right} right, {wrong} wrong")
        best = sorted(grid, key=lambda g: -(picks(g)[0] - 3 * picks(g)[1]))[:3]
        for g in best:
            print(f"  {g}: {picks(g)[0]} right, {picks(g)[1]} wrong")


GRID = {
    "min_s": (0.08, 0.12, 0.16, 0.2),
    "min_periodicity": (0.0, 0.3, 0.37, 0.45, 0.5, 0.55, 0.6),
    "min_probability": (0.1, 0.2, 0.3, 0.4, 0.5),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--collect", action="store_true", help="decode the split first")
    ap.add_argument("--split", default="tune")
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("--vowels", action="store_true", help="the held-vowel rule instead")
    args = ap.parse_args()
    out = OUT.with_name(f"recovery-{args.split}.json")
    if args.collect:
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(collect(args.split)))
    files = json.loads(out.read_text())
    if args.vowels:
        vowel_table(files)
        return 0
    from mockloop.core.speech.recover import IslandSettings

    shipped = IslandSettings()
    for noisy in (False, True):
        sure = shipped.noisy_min_filler_probability if noisy else shipped.min_filler_probability
        base = Rule(shipped.min_filler_s, shipped.min_periodicity, sure)
        rows = []
        for values in itertools.product(*GRID.values()):
            rule = Rule(*values)
            t = scored(files, rule, noisy)
            rows.append((t.tp - 3 * t.fp, t, rule))  # a wrong filler costs three right ones
        rows.sort(key=lambda r: -r[0])
        cands = [c for f in files.values() if f["truth"]["noisy"] == noisy for c in f["candidates"]]
        print(f"\n{'noisy' if noisy else 'clean'}: {len(cands)} candidates")
        t = scored(files, base, noisy)
        print(f"  shipped {base}: P {t.precision:.3f} R {t.recall:.3f} (tp {t.tp} fp {t.fp})")
        for _, t, rule in rows[: args.top]:
            print(f"  {rule}: P {t.precision:.3f} R {t.recall:.3f} (tp {t.tp} fp {t.fp})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
