"""A loop report as one self-contained HTML file: no script, no link, no font or image from
anywhere; the two charts are inline SVG. Every string from a person or a question file is
escaped."""

from __future__ import annotations

from html import escape

from mockloop.core.loops.report import AnswerSummary, LoopReport, metric
from mockloop.core.loops.text import counted, figures_line, plural, star_line, when
from mockloop.core.timer import format_clock

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}
.fix{color:#b00020}.watch{color:#8a6d00}.good{color:#1b6e20}.meta{color:#555}
blockquote{border-left:3px solid #ccc;margin:.5rem 0;padding-left:.8rem;color:#333}
svg text{font:12px system-ui,sans-serif}
"""
_GREEN, _AMBER, _RED, _GREY = "#3a8f3e", "#d9a400", "#c62828", "#888"
ROW = 22  # px per answer in the length chart


def _labelled(r: LoopReport) -> list[tuple[str, AnswerSummary]]:
    return [
        (f"{n}.{k}", a) for n, rnd in enumerate(r.rounds, 1) for k, a in enumerate(rnd.answers, 1)
    ]


def length_chart(r: LoopReport) -> str:
    """One bar per answer: its length, with the limit as a tick; green inside the limit,
    amber in the 15 s grace, red past it (the Toastmasters lights)."""
    rows = _labelled(r)
    scale = max(
        [a.limit_s * 1.25 for _, a in rows]
        + [a.figures.get("duration_s") or 0 for _, a in rows]
        + [1.0]
    )
    width, left = 480, 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width + left + 60}" '
        f'height="{ROW * len(rows) + 24}" aria-label="Length of each answer against its limit">'
    ]
    for i, (label, a) in enumerate(rows):
        y = i * ROW + 4
        length = a.figures.get("duration_s") or 0.0
        over = length - a.limit_s
        colour = _GREEN if over <= 0 else _AMBER if over <= 15 else _RED
        w, tick = width * length / scale, left + width * a.limit_s / scale
        parts += [
            f'<text x="0" y="{y + 13}">{escape(label)}</text>',
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{ROW - 8}" fill="{colour}"/>',
            f'<line x1="{tick:.1f}" x2="{tick:.1f}" y1="{y - 2}" y2="{y + ROW - 6}" stroke="#222" stroke-width="2"/>',
            f'<text x="{left + w + 6:.1f}" y="{y + 13}">{format_clock(length)}</text>',
        ]
    parts.append(
        f'<text x="{left}" y="{ROW * len(rows) + 18}" fill="{_GREY}">'
        "bar: length · tick: the limit</text></svg>"
    )
    return "".join(parts)


def fillers_chart(r: LoopReport) -> str:
    """One column per answer: fillers per minute, with the goal as a dashed line."""
    rows = [(label, a.figures.get("fillers_per_min")) for label, a in _labelled(r)]
    top = max([v or 0.0 for _, v in rows] + [r.goal_fillers_per_min * 1.5, 1.0])
    height, col, base = 140, 48, 160
    width = max(col * len(rows) + 60, 380)  # room for the caption
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{base + 40}" '
        'aria-label="Fillers per minute in each answer, against the goal">'
    ]
    for i, (label, value) in enumerate(rows):
        x = 40 + i * col
        h = height * (value or 0.0) / top
        colour = _GREY if value is None else _GREEN if value <= r.goal_fillers_per_min else _RED
        shown = "–" if value is None else f"{value:.1f}"
        parts += [
            f'<rect x="{x}" y="{base - h:.1f}" width="{col - 10}" height="{h:.1f}" fill="{colour}"/>',
            f'<text x="{x}" y="{base - h - 4:.1f}" font-size="11">{shown}</text>',
            f'<text x="{x}" y="{base + 16}">{escape(label)}</text>',
        ]
    goal_y = base - height * r.goal_fillers_per_min / top
    parts += [
        f'<line x1="34" x2="{width - 10}" y1="{goal_y:.1f}" y2="{goal_y:.1f}" stroke="#222" stroke-dasharray="5 4"/>',
        f'<text x="0" y="{goal_y + 4:.1f}">goal</text>',
        f'<text x="40" y="{base + 34}" fill="{_GREY}">fillers per minute · dashed: your goal '
        f"({r.goal_fillers_per_min:g})</text></svg>",
    ]
    return "".join(parts)


def to_html(r: LoopReport) -> str:
    md_title = f"Mock loop {r.loop_id}: {r.name}"
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(md_title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(md_title)}</h1>",
        f'<p class="meta">Started {escape(when(r.started_at))} · '
        f"{escape('finished ' + when(r.ended_at) if r.ended_at else r.status)} · "
        f"{plural(len(r.answers), 'answer')}</p>",
        "<h2>The day</h2>",
        _day(r),
        "<h3>Length against the limit</h3>",
        length_chart(r),
        "<h3>Fillers per minute</h3>",
        fillers_chart(r),
        "<h3>To work on</h3>",
        _work_on(r),
        f"<h3>Principles covered: {len(r.covered)} of {len(r.covered) + len(r.not_covered)}</h3>",
        f"<p>Covered: {escape(' · '.join(r.covered) or 'none')}.</p>",
        f"<p>Not yet: {escape(' · '.join(r.not_covered) or 'none')}.</p>",
    ]
    for n, rnd in enumerate(r.rounds, 1):
        out.append(f"<h2>Round {n}: {escape(rnd.title)}</h2>")
        out.append(
            f'<p class="meta">Spoken {format_clock(rnd.seconds)} in a '
            f"{rnd.minutes}-minute interview.</p>"
        )
        for k, a in enumerate(rnd.answers, 1):
            out.append(_answer(f"{n}.{k}", a))
        out += [f"<p>Not answered: {escape(p)}</p>" for p in rnd.unanswered]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _day(r: LoopReport) -> str:
    before = {d.metric.key: d for d in r.versus_previous}
    head = "<tr><th>figure</th><th>this loop</th>"
    head += (
        f"<th>loop {r.previous_loop_id}</th><th>change</th></tr>" if r.previous_loop_id else "</tr>"
    )
    rows = [head]
    for key, value in r.day.items():
        if value is None:
            continue
        m = metric(key)
        cells = f"<td>{escape(m.label)} (mean)</td><td>{m.show(value)}</td>"
        d = before.get(key)
        if r.previous_loop_id and d is not None:
            verdict = d.verdict
            css = {"better": "good", "worse": "fix"}.get(verdict, "")
            cells += f'<td>{m.show(d.before)}</td><td class="{css}">{m.show_change(d.change)} {verdict}</td>'
        elif r.previous_loop_id:
            cells += "<td>–</td><td>–</td>"
        rows.append(f"<tr>{cells}</tr>")
    note = (
        "" if r.previous_loop_id else "<p>The first loop: the next one is compared with this.</p>"
    )
    return f"<table>{''.join(rows)}</table>{note}"


def _work_on(r: LoopReport) -> str:
    if not r.work_on:
        return "<p>Nothing stood out: every figure was on target.</p>"
    items = "".join(
        f"<li><b>{escape(w.label)}</b> ({counted(w)}): {escape(w.advice)}</li>" for w in r.work_on
    )
    return f"<ol>{items}</ol>"


def _answer(label: str, a: AnswerSummary) -> str:
    tags = " · ".join([a.category, *a.principles])
    out = [
        f"<h3>{label} {escape(a.prompt)}</h3>",
        f'<p class="meta"><i>{escape(tags)}</i> · {escape(figures_line(a))}</p>',
    ]
    star = star_line(a)
    if star:
        out.append(f"<p>{escape(star)}</p>")
    if a.verdicts:
        out.append(
            "<ul>"
            + "".join(
                f'<li class="{v.judgement}">{v.sign} <b>{escape(v.label)}</b>: {escape(v.value)} '
                f"({escape(v.says)})</li>"
                for v in a.verdicts
            )
            + "</ul>"
        )
    if a.next_fix:
        out.append(f"<p><b>Next fix:</b> {escape(a.next_fix)}</p>")
    if a.transcript:
        out.append(f'<p class="said"><b>What you said:</b> {escape(a.transcript)}</p>')
    for f in a.follow_ups:
        fix = f"<br>Next fix: {escape(f.next_fix)}" if f.next_fix else ""
        said = f"<br>What you said: {escape(f.transcript)}" if f.transcript else ""
        out.append(
            f"<blockquote>Follow-up: {escape(f.prompt)}<br>{escape(figures_line(f))}{fix}{said}"
            "</blockquote>"
        )
    return "\n".join(out)
