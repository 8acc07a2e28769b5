"""A loop report as Markdown (what the TUI shows and `report --format md` writes) and as
JSON (every figure, for other tools)."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import datetime
from typing import Any

from mockloop.core.analysis.metrics import COMPARED, DURATION
from mockloop.core.loops.report import AnswerSummary, LoopReport, RoundSummary, WorkItem, metric
from mockloop.core.timer import format_clock

JSON_FORMAT = 1


def when(at: datetime | None) -> str:
    return at.astimezone().strftime("%-d %b %Y %H:%M") if at else "not finished"


def figures_line(a: AnswerSummary) -> str:
    """ "length 2:05 of 2:00 · fillers/min 3.2 · 145 wpm"."""
    parts = []
    length = a.figures.get(DURATION.key)
    if length is not None:
        parts.append(f"length {format_clock(length)} of {format_clock(a.limit_s)}")
    for m in COMPARED[:3]:
        value = a.figures.get(m.key)
        if m is not DURATION and value is not None and not (m.key == "overrun_s" and value <= 0):
            parts.append(f"{m.label} {m.show(value)}")
    if not a.transcribed:
        parts.append("not transcribed yet")
    if a.room:
        parts.append(a.room)
    return " · ".join(parts) or "no figures"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def counted(w: WorkItem) -> str:
    """ "✗ in 3 answers, ! in 1 answer": answers and follow-ups alike."""
    return ", ".join(
        f"{sign} in {plural(n, 'answer')}" for sign, n in (("✗", w.fix), ("!", w.watch)) if n
    )


def star_line(a: AnswerSummary) -> str | None:
    if a.star is None:
        return None
    shares = " ".join(f"{k[0].upper()} {v:.0%}" for k, v in a.star.shares.items())
    start = a.star.result_start_s
    result = f"result at {format_clock(start)}" if start is not None else "no result stated"
    return f"STAR: {result} · {shares}"


_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~!])")


def plain(text: str) -> str:
    """Words as heard, never read as Markdown: a "*" or "[x](y)" the recogniser wrote stays
    text in the app and in the saved file."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def to_markdown(r: LoopReport, *, transcripts: bool = True) -> str:
    """transcripts: each answer's words under it (the app leaves them out until asked)."""
    answered = len(r.answers)
    follow = sum(len(a.follow_ups) for a in r.answers)
    out = [
        f"# Mock loop {r.loop_id}: {r.name}",
        "",
        f"Started {when(r.started_at)} · {'finished ' + when(r.ended_at) if r.ended_at else r.status}"
        f" · {plural(answered, 'answer')}, {plural(follow, 'follow-up')}",
        "",
        "## The day",
        "",
        *_day_table(r),
        "",
        "### Three things to work on" if len(r.work_on) > 1 else "### To work on",
        "",
        *(
            [f"{n}. **{w.label}** ({counted(w)}): {w.advice}" for n, w in enumerate(r.work_on, 1)]
            or ["Nothing stood out: every figure was on target."]
        ),
        "",
        f"### Principles covered: {len(r.covered)} of {len(r.covered) + len(r.not_covered)}",
        "",
        f"Covered: {' · '.join(r.covered) or 'none'}.",
        "",
        f"Not yet: {' · '.join(r.not_covered) or 'none'}.",
    ]
    for n, rnd in enumerate(r.rounds, 1):
        out += ["", *_round(n, rnd, transcripts)]
    return "\n".join(out) + "\n"


def _day_table(r: LoopReport) -> list[str]:
    before = {d.metric.key: d for d in r.versus_previous}
    head = f"| figure | this loop | loop {r.previous_loop_id} | change |"
    rows = (
        ["| figure | this loop |", "|---|---|"]
        if not r.previous_loop_id
        else [head, "|---|---|---|---|"]
    )
    for key, value in r.day.items():
        if value is None:
            continue
        m = metric(key)
        if not r.previous_loop_id:
            rows.append(f"| {m.label} (mean) | {m.show(value)} |")
            continue
        d = before.get(key)
        old = m.show(d.before) if d else "–"
        verdict = d.verdict if d else ""
        change = f"{m.show_change(d.change)} {verdict}".strip() if d else "–"
        rows.append(f"| {m.label} (mean) | {m.show(value)} | {old} | {change} |")
    if not r.previous_loop_id:
        rows += ["", "The first loop: the next one is compared with this."]
    return rows


def _round(n: int, rnd: RoundSummary, transcripts: bool) -> list[str]:
    out = [
        f"## Round {n}: {rnd.title}",
        "",
        f"Spoken {format_clock(rnd.seconds)} in a {rnd.minutes}-minute interview.",
    ]
    for k, a in enumerate(rnd.answers, 1):
        tags = " · ".join([a.category, *a.principles])
        out += ["", f"### {n}.{k} {a.prompt}", "", f"*{tags}* · {figures_line(a)}"]
        star = star_line(a)
        if star:
            out += ["", star]
        if a.verdicts:
            out += ["", *(f"- {v.sign} {v.label}: {v.value} ({v.says})" for v in a.verdicts)]
        if a.next_fix:
            out += ["", f"**Next fix:** {a.next_fix}"]
        if transcripts and a.transcript:
            out += ["", f"**What you said:** {plain(a.transcript)}"]
        for f in a.follow_ups:
            out += ["", f"> Follow-up: {f.prompt}", ">", f"> {figures_line(f)}"]
            if f.next_fix:
                out += [">", f"> Next fix: {f.next_fix}"]
            if transcripts and f.transcript:
                out += [">", f"> What you said: {plain(f.transcript)}"]
    for prompt in rnd.unanswered:
        out += ["", f"Not answered: {prompt}"]
    return out


def to_json(r: LoopReport) -> dict[str, Any]:
    data = asdict(r)
    data["format"] = JSON_FORMAT
    data["started_at"] = r.started_at.isoformat()
    data["ended_at"] = r.ended_at.isoformat() if r.ended_at else None
    data["versus_previous"] = [
        {
            "metric": d.metric.key,
            "now": d.now,
            "before": d.before,
            "change": d.change,
            "improved": d.improved,
            "verdict": d.verdict,
        }
        for d in r.versus_previous
    ]
    return data
