"""An attempt's result as JSON in the database and back: the same frozen Transcript and
Analysis the core produced, never a dict past the store. The analysis JSON carries a version;
older versions are upgraded when the database is opened (db.py) and again on read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from mockloop.core.analysis.answer import Analysis, Pace, spoken_end, wordless_voice
from mockloop.core.analysis.fillers import Mark, MarkKind
from mockloop.core.analysis.report import AnswerReport
from mockloop.core.analysis.room import read_room
from mockloop.core.analysis.words import Span, Transcript, Word

# 1: no version key; overrun ran to the stop key and there was no fidelity check (wordless).
# 2: overrun to the last voiced moment; wordless voice; a version key.
RESULT_VERSION = 2
_WORDLESS_MIN_S = 0.5  # the default of AnalysisSettings.wordless_min_s, for upgrades


def analysis_json(a: Analysis) -> dict[str, Any]:
    return a.to_dict() | {"version": RESULT_VERSION}


def words_json(words: Sequence[Word]) -> list[dict[str, Any]]:
    return [{"text": w.text, "start": w.start, "end": w.end} for w in words]


def speech_json(speech: Sequence[Span]) -> list[list[float]]:
    return [[s.start, s.end] for s in speech]


def read_words(stored: Sequence[Mapping[str, Any]] | None) -> tuple[Word, ...]:
    return tuple(Word(str(w["text"]), float(w["start"]), float(w["end"])) for w in stored or ())


def read_speech(stored: Sequence[Sequence[float]] | None) -> tuple[Span, ...]:
    return tuple(Span(float(a), float(b)) for a, b in stored or ())


def upgraded(
    blob: Mapping[str, Any], words: Sequence[Word], speech: Sequence[Span]
) -> dict[str, Any]:
    """A stored analysis brought to RESULT_VERSION. Version 1 measured the overrun to the
    stop key: it is measured again, to the last voiced moment, from the stored timings."""
    out = dict(blob)
    if out.get("version", 1) < 2:
        limit = float(out["time_limit_s"])
        out["overrun_s"] = round(max(0.0, spoken_end(words, speech) - limit), 3)
        out["first_word_over"] = next((i for i, w in enumerate(words) if w.start >= limit), None)
        out["wordless"] = [
            {"start": h.start, "end": h.end}
            for h in (wordless_voice(words, speech, _WORDLESS_MIN_S) if words else [])
        ]
        out["fillers_may_be_missed"] = bool(out["wordless"])
        out["version"] = 2
    return out


def read_analysis(
    blob: Mapping[str, Any], words: Sequence[Word] = (), speech: Sequence[Span] = ()
) -> Analysis:
    b = upgraded(blob, words, speech)
    known = {f.name for f in fields(Analysis)}
    values = {k: v for k, v in b.items() if k in known}
    return Analysis(
        **values
        | {
            "pace": Pace(b["pace"]),
            "fillers": tuple(_mark(m) for m in b["fillers"]),
            "hedges": tuple(_mark(m) for m in b["hedges"]),
            "fillers_by_type": dict(b["fillers_by_type"]),
            "hedges_by_type": dict(b["hedges_by_type"]),
            "pauses": tuple(Span(p["start"], p["end"]) for p in b["pauses"]),
            "wordless": tuple(Span(p["start"], p["end"]) for p in b["wordless"]),
            "room": read_room(b.get("room")),
        }
    )


def read_report(
    *,
    words: Sequence[Mapping[str, Any]] | None,
    speech: Sequence[Sequence[float]] | None,
    metrics: Mapping[str, Any] | None,
    model: str | None,
    decoding: Mapping[str, Any] | None,
) -> AnswerReport | None:
    """The stored transcript and analysis, or None before the attempt was analysed."""
    if metrics is None:
        return None
    timed, spans = read_words(words), read_speech(speech)
    analysis = read_analysis(metrics, timed, spans)
    transcript = Transcript(
        timed, analysis.duration_s, spans, model or "", dict(decoding or {}), analysis.room
    )
    return AnswerReport(transcript, analysis)


def _mark(m: Mapping[str, Any]) -> Mark:
    return Mark(
        str(m["type"]), MarkKind(m["kind"]), int(m["first"]), int(m["last"]), m["start"], m["end"]
    )
