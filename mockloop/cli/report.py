"""Plain-text and JSON renderings of an analysed answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mockloop.core.analysis.answer import Analysis, AnalysisSettings, pause_slots, wordless_note
from mockloop.core.analysis.aspects import aspect_value
from mockloop.core.analysis.coach import Advice, AnswerKind
from mockloop.core.analysis.content import Content
from mockloop.core.analysis.report import AnswerReport
from mockloop.core.analysis.structure import ORDER, Structure
from mockloop.core.analysis.uncertainty import filler_range, filler_ranges, range_text
from mockloop.core.timer import format_clock


def report_json(
    file: Path,
    report: AnswerReport,
    content: Content | None = None,
    advice: Advice | None = None,
) -> dict[str, Any]:
    """The documented `mockloop analyze --json` object (see docs/guide.md)."""
    a, t, st = report.analysis, report.transcript, report.structure
    first_over = a.first_word_over
    return {
        "file": str(file),
        "duration_s": a.duration_s,
        "speaking_s": a.speaking_s,
        "time_limit_s": a.time_limit_s,
        "overrun_s": a.overrun_s,
        "under_time": a.under_time,
        "first_word_over_limit": None
        if first_over is None
        else {"index": first_over, "start": t.words[first_over].start},
        "no_speech": a.no_speech,
        "transcript": t.text if not a.no_speech else "no speech detected",
        "words": [{"text": w.text, "start": w.start, "end": w.end} for w in t.words],
        "word_count": a.word_count,
        **_fillers_json(a),
        "wpm": a.wpm,
        "pace": a.pace,
        "pauses": [
            {"start": p.start, "end": p.end, "length_s": round(p.end - p.start, 2)}
            for p in a.pauses
        ],
        "hedges": {"total": len(a.hedges), "by_type": a.hedges_by_type},
        "i_count": a.i_count,
        "we_count": a.we_count,
        "quantities": a.quantities,
        "room": a.room.summary() if a.room is not None else None,
        "fidelity": {
            "fillers_may_be_missed": a.fillers_may_be_missed,
            "wordless_voice": [{"start": w.start, "end": w.end} for w in a.wordless],
        },
        "structure": structure_json(st),
        "content": content_json(content) if content is not None else None,
        "advice": advice_json(advice, report, content) if advice is not None else None,
        "model": t.model,
        "decoding": t.decoding,
    }


def structure_json(st: Structure) -> dict[str, Any]:
    """The STAR parts, and how far near-tie labellings may move each share and the result."""
    return {
        "parts": [{"part": p.part.value, "start": p.start, "end": p.end} for p in st.parts],
        "result_start_s": st.result_start_s,
        "result_quantified": st.result_quantified,
        "share_ranges": {p.value: list(st.share_range(p)) for p in ORDER} if st.parts else {},
        "result_start_range": list(r) if (r := st.result_start_range()) else None,
    }


def advice_json(advice: Advice, report: AnswerReport, content: Content | None) -> dict[str, Any]:
    """What the Review shows for this answer: the next fix and each figure's verdict."""
    st = report.structure if advice.kind is AnswerKind.STORY else None
    fix = advice.next_fix
    return {
        "kind": advice.kind.value,
        "next_fix": None if fix is None else {"aspect": fix.aspect.value, "text": fix.advice},
        "verdicts": [
            {
                "aspect": v.aspect.value,
                "mark": v.judgement.value,
                "text": v.says,
                "value": aspect_value(v.aspect, report.analysis, st, content),
                "advice": v.advice,
                "cost": v.cost,
                "direction": v.direction or None,
            }
            for v in advice.verdicts
        ],
    }


def content_json(content: Content) -> dict[str, Any]:
    """What the answer said, check by check, with the moments that show it."""
    follow = content.follow_up
    return {
        "kind": content.kind,
        "checks": [
            {
                "id": c.id,
                "met": c.met,
                "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in c.evidence],
            }
            for c in content.checks
        ],
        "technical_share": content.technical_share,
        "hypothetical": content.hypothetical,
        "follow_up": None
        if follow is None
        else {"check": follow.check, "question": follow.question},
    }


def _fillers_json(a: Analysis) -> dict[str, Any]:
    return {
        "fillers_range": {k: list(v) for k, v in filler_ranges(a).items()},
        "fillers": {
            "total": a.filler_total,
            "by_type": a.fillers_by_type,
            "per_min": a.fillers_per_min,
            "pct_words": a.filler_pct,
        },
        "filler_events": [
            {
                "type": m.type,
                "kind": m.kind,
                "start": m.start,
                "end": m.end,
                "word_index": m.first,
                "last_index": m.last,
            }
            for m in a.fillers
        ],
    }


def report_text(
    report: AnswerReport,
    settings: AnalysisSettings,
    content: Content | None = None,
    advice: Advice | None = None,
) -> str:
    a = report.analysis
    if a.no_speech:
        return "No speech detected: nothing to analyse (is the microphone muted?)."
    fix = advice.next_fix if advice is not None else None
    lines = [
        *([f"Next fix   {fix.advice}"] if fix is not None else []),
        *figure_lines(a, settings),
        *content_lines(content),
        "",
        marked_transcript(report),
    ]
    return "\n".join(lines)


def figure_lines(a: Analysis, settings: AnalysisSettings) -> list[str]:
    """Each figure on a line of its own, as `mockloop analyze` prints them."""
    lo, hi = settings.pace_band_wpm
    limit = format_clock(a.time_limit_s)
    over = f", over by {a.overrun_s:.1f} s" if a.overrun_s > 0 else ""
    short = " (under half the limit: too short?)" if a.under_time else ""
    types = ", ".join(
        f"{k} {v}" for k, v in sorted(a.fillers_by_type.items(), key=lambda kv: -kv[1])
    )
    pauses = ", ".join(f"{p.end - p.start:.1f} s at {format_clock(p.start)}" for p in a.pauses)
    hedges = ", ".join(f"{k} {v}" for k, v in a.hedges_by_type.items())
    likely = range_text(a.filler_total, *filler_range(a))
    return [
        f"Duration   {format_clock(a.duration_s)} (limit {limit}{over}){short}",
        f"Pace       {a.wpm:.0f} wpm ({a.pace}; target {lo:.0f}-{hi:.0f})",
        f"Fillers    {a.filler_total}{f' ({likely})' if likely else ''}"
        f" ({a.fillers_per_min:.1f}/min, {a.filler_pct:.1f}% of words)"
        + (f": {types}" if types else ""),
        f"Pauses     {len(a.pauses)} long" + (f": {pauses}" if pauses else ""),
        f"Hedges     {len(a.hedges)}" + (f": {hedges}" if hedges else ""),
        f"I / we     {a.i_count} / {a.we_count}    numbers stated: {a.quantities}",
        *([f"Room       {a.room.describe()}"] if a.room is not None else []),
        *([f"Fidelity   {wordless_note(a.wordless)}"] if a.wordless else []),
    ]


def content_lines(content: Content | None) -> list[str]:
    """The content checks in two lines: covered of all, and what is missing."""
    if content is None or not content.checks:
        return []
    missing = ", ".join(c.label for c in content.missing) or "nothing"
    lines = [f"Content    covered {len(content.met)} of {len(content.checks)}; missing: {missing}"]
    if content.hypothetical:
        lines.append("           told as what you would do, not what you did")
    if content.follow_up is not None:
        lines.append(f"Follow-up  {content.follow_up.question}")
    return lines


def marked_transcript(report: AnswerReport) -> str:
    """The transcript with fillers in [brackets], long pauses as (2.1 s), and the limit as |2:00|."""
    a, words = report.analysis, report.transcript.words
    filler_at = {i for m in a.fillers for i in range(m.first, m.last + 1)}
    pause_before = pause_slots([w.start for w in words], a.pauses)
    out: list[str] = []
    for i, w in enumerate(words):
        if i == a.first_word_over:
            out.append(f"|{format_clock(a.time_limit_s)}|")
        if i in pause_before:
            out.append(f"({pause_before[i]:.1f} s)")
        out.append(f"[{w.text}]" if i in filler_at else w.text)
    return " ".join(out)
