"""Single-pass versus chunked decoding on the scripted answers: word error rate of the
non-filler words against the script, and filler counts against the truth.

    .venv/bin/python -m benchmarks.decoding_compare
"""

from __future__ import annotations

import re
import time

from benchmarks.analyze_speed import LONG, cached
from mockloop.core.analysis.answer import analyse_transcript
from mockloop.core.speech.audio_file import load_audio
from mockloop.core.speech.models import resolve_model
from mockloop.core.speech.transcribe import DecodingOptions, WhisperTranscriber
from tests.speech import CONTROL, FILLED, Script

_VOCAL = {"um", "umm", "uh", "uhh", "hmm", "hm", "er", "erm", "ah", "mm"}
_NUMBERS = {"six": "6", "ten": "10", "twelve": "12", "eight": "8", "percent": "", "%": ""}


def content_words(text: str) -> str:
    """Lower-case words without vocal fillers, numbers as digits: what WER is scored on."""
    words = re.findall(r"[a-z0-9']+|%", text.lower())
    kept = [_NUMBERS.get(w, w) for w in words if w not in _VOCAL]
    return " ".join(w for w in kept if w)


def main() -> int:
    import jiwer

    spec = resolve_model(None)
    print(
        "| decoding | answer | audio | time | WER (non-filler words) | vocal true/found | lexical true/found |"
    )
    print("|---|---|---|---|---|---|---|")
    for strategy in ("single", "chunked"):
        t = WhisperTranscriber(spec, decoding=DecodingOptions(strategy=strategy))
        t.load()
        for script in (FILLED, CONTROL, LONG):
            audio = load_audio(cached(script))
            t0 = time.perf_counter()
            tr = t.transcribe(audio)
            took = time.perf_counter() - t0
            a = analyse_transcript(tr, time_limit_s=120)
            ref = content_words(" ".join(p for p in script.parts if isinstance(p, str)))
            wer = jiwer.wer(ref, content_words(tr.text))
            vocal = sum(m.kind == "vocal" for m in a.fillers)
            lexical = sum(m.kind == "lexical" for m in a.fillers)
            print(
                f"| {strategy} | {script.name} | {tr.duration_s:.0f} s | {took:.1f} s | {wer:.1%} "
                f"| {_total(script, 'vocal')}/{vocal} | {_total(script, 'lexical')}/{lexical} |"
            )
    return 0


def _total(script: Script, kind: str) -> int:
    return sum(getattr(script, kind).values())


if __name__ == "__main__":
    raise SystemExit(main())
