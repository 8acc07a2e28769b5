"""The figures panel and the comparison with the previous attempt at the same question."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from mockloop.core.analysis import Analysis, Pace, wordless_note
from mockloop.core.metrics import FILLERS_PER_MIN, OVERRUN, WPM
from mockloop.core.progress import Delta
from mockloop.core.timer import format_clock

_PACE_STYLE = {Pace.IN_BAND: "green", Pace.SLOW: "yellow", Pace.FAST: "yellow"}


def render_figures(a: Analysis, band: tuple[float, float]) -> Table:
    t = Table.grid(padding=(0, 1))
    t.add_column(style="bold", no_wrap=True)
    t.add_column()
    length = Text(format_clock(a.duration_s) + f" of {format_clock(a.time_limit_s)}")
    if a.overrun_s > 0:
        length.append(f"  +{OVERRUN.show(a.overrun_s)} over", style="red")
    elif a.under_time:
        length.append("  short", style="yellow")
    t.add_row("Length", length)
    t.add_row(
        "Pace",
        Text.assemble(
            f"{WPM.show(a.wpm)} wpm ",
            (str(a.pace), _PACE_STYLE.get(a.pace, "")),
            f" (target {band[0]:.0f}-{band[1]:.0f})",
        ),
    )
    by_type = ", ".join(
        f"{k} {v}" for k, v in sorted(a.fillers_by_type.items(), key=lambda kv: -kv[1])
    )
    t.add_row(
        "Fillers",
        Text(
            f"{a.filler_total} · {FILLERS_PER_MIN.show(a.fillers_per_min)}/min"
            f" · {a.filler_pct:.1f}% of words" + (f"\n{by_type}" if by_type else "")
        ),
    )
    pauses = ", ".join(f"{p.end - p.start:.1f} s" for p in a.pauses)
    t.add_row("Long pauses", Text(f"{len(a.pauses)}" + (f" ({pauses})" if pauses else "")))
    hedges = ", ".join(f"{k} {v}" for k, v in a.hedges_by_type.items())
    t.add_row("Hedges", Text(f"{len(a.hedges)}" + (f" ({hedges})" if hedges else "")))
    t.add_row("I / we", Text(f"{a.i_count} / {a.we_count}"))
    t.add_row("Numbers", Text(str(a.quantities)))
    if a.wordless:
        t.add_row("Fidelity", Text(wordless_note(a.wordless), style="yellow"))
    return t


def render_comparison(deltas: list[Delta]) -> Text:
    if not deltas:
        return Text("First attempt at this question.", style="dim")
    text = Text("Since last time: ")
    for i, d in enumerate(deltas):
        style = {True: "green", False: "red", None: ""}[d.improved]
        text.append(("  " if i else "") + f"{d.metric.label} {d.metric.show(d.now)} ")
        text.append(f"({d.metric.show_change(d.change)})", style=style)
    return text
