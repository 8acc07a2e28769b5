"""How each judged aspect of an answer reads: its label and its value ("27 · 3.1/min (um
12, uh 9)"), shared by the Review and the loop report."""

from __future__ import annotations

from mockloop.core.analysis.answer import Analysis
from mockloop.core.analysis.coach import Aspect
from mockloop.core.analysis.content import Content
from mockloop.core.analysis.metrics import FILLERS_PER_MIN, WPM
from mockloop.core.analysis.structure import ORDER, Structure
from mockloop.core.analysis.uncertainty import filler_range, range_text
from mockloop.core.timer import format_clock

ASPECT_LABELS = {
    Aspect.SPEECH: "Speech",
    Aspect.TIME: "Time",
    Aspect.CONTENT: "Content",
    Aspect.STORY: "Story (STAR)",
    Aspect.FILLERS: "Fillers",
    Aspect.PACE: "Pace",
    Aspect.I_WE: "I / we",
    Aspect.NUMBERS: "Numbers",
    Aspect.PAUSES: "Long pauses",
    Aspect.HEDGES: "Hedges",
}


def _story(st: Structure | None) -> str:
    if st is None or not st.is_story:
        return "no parts found"
    return " · ".join(
        f"{part.value[0].upper()} {st.share(part):.0%}" for part in ORDER if st.share(part)
    )


def _content(content: Content | None) -> str:
    if content is None or not content.checks:
        return "-"
    return f"{len(content.met)} of {len(content.checks)} checks"


def _likely(a: Analysis) -> str:
    """' (likely 20-26)': the count's range, from the measured error (core.uncertainty)."""
    text = range_text(a.filler_total, *filler_range(a))
    return f" ({text})" if text else ""


def aspect_value(
    aspect: Aspect, a: Analysis, st: Structure | None, content: Content | None = None
) -> str:
    top = sorted(a.fillers_by_type.items(), key=lambda kv: -kv[1])[:2]
    kinds = ", ".join(f"{k} {v}" for k, v in top)
    hedges = ", ".join(f"{k} {v}" for k, v in list(a.hedges_by_type.items())[:2])
    pauses = ", ".join(f"{p.end - p.start:.1f}" for p in a.pauses[:3])
    return {
        Aspect.SPEECH: "none",
        Aspect.TIME: f"{format_clock(a.duration_s)} of {format_clock(a.time_limit_s)}",
        Aspect.CONTENT: _content(content),
        Aspect.STORY: _story(st),
        Aspect.FILLERS: f"{a.filler_total}{_likely(a)} · {FILLERS_PER_MIN.show(a.fillers_per_min)}"
        + "/min"
        + (f" ({kinds}{', …' if len(a.fillers_by_type) > 2 else ''})" if kinds else ""),
        Aspect.PACE: f"{WPM.show(a.wpm)} wpm",
        Aspect.I_WE: f"{a.i_count} / {a.we_count}",
        Aspect.NUMBERS: str(a.quantities),
        Aspect.PAUSES: f"{len(a.pauses)}" + (f" ({pauses} s)" if pauses else ""),
        Aspect.HEDGES: f"{len(a.hedges)}" + (f" ({hedges})" if hedges else ""),
    }[aspect]
