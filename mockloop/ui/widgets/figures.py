"""The figures panel and the comparison with the previous attempt at the same question."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from mockloop.core.analysis import wordless_note
from mockloop.core.progress import Delta
from mockloop.core.timer import format_clock
from mockloop.core.words import Span

_LABELS = {
    "fillers_per_min": ("fillers/min", "{:.1f}"),
    "wpm": ("wpm", "{:.0f}"),
    "duration_s": ("length", "clock"),
    "overrun_s": ("over", "{:.0f} s"),
    "hedge_count": ("hedges", "{:.0f}"),
    "long_pause_count": ("long pauses", "{:.0f}"),
}


def render_figures(m: dict[str, Any], band: tuple[float, float]) -> Table:
    t = Table.grid(padding=(0, 1))
    t.add_column(style="bold", no_wrap=True)
    t.add_column()
    over = m["overrun_s"]
    length = Text(format_clock(m["duration_s"]) + f" of {format_clock(m['time_limit_s'])}")
    if over > 0:
        length.append(f"  +{over:.0f} s over", style="red")
    elif m.get("under_time"):
        length.append("  short", style="yellow")
    t.add_row("Length", length)
    pace = {"in band": "green", "slow": "yellow", "fast": "yellow"}.get(m["pace"], "")
    t.add_row(
        "Pace",
        Text.assemble(
            f"{m['wpm']:.0f} wpm ",
            (str(m["pace"]), pace),
            f" (target {band[0]:.0f}-{band[1]:.0f})",
        ),
    )
    by_type = ", ".join(
        f"{k} {v}" for k, v in sorted(m["fillers_by_type"].items(), key=lambda kv: -kv[1])
    )
    t.add_row(
        "Fillers",
        Text(
            f"{m['filler_total']} · {m['fillers_per_min']:.1f}/min · {m['filler_pct']:.1f}% of words"
            + (f"\n{by_type}" if by_type else "")
        ),
    )
    pauses = ", ".join(f"{p['end'] - p['start']:.1f} s" for p in m["pauses"])
    t.add_row("Long pauses", Text(f"{len(m['pauses'])}" + (f" ({pauses})" if pauses else "")))
    hedges = ", ".join(f"{k} {v}" for k, v in m["hedges_by_type"].items())
    t.add_row("Hedges", Text(f"{len(m['hedges'])}" + (f" ({hedges})" if hedges else "")))
    t.add_row("I / we", Text(f"{m['i_count']} / {m['we_count']}"))
    t.add_row("Numbers", Text(str(m["quantities"])))
    if m.get("wordless"):  # attempts analysed before the fidelity check have none
        holes = [Span(h["start"], h["end"]) for h in m["wordless"]]
        t.add_row("Fidelity", Text(wordless_note(holes), style="yellow"))
    return t


def render_comparison(deltas: list[Delta]) -> Text:
    if not deltas:
        return Text("First attempt at this question.", style="dim")
    text = Text("Since last time: ")
    for i, d in enumerate(deltas):
        label, fmt = _LABELS[d.name]
        now = format_clock(d.now) if fmt == "clock" else fmt.format(d.now)
        sign = "+" if d.change > 0 else ""
        change = (
            f"{sign}{d.change:.0f} s" if fmt in ("clock", "{:.0f} s") else f"{sign}{d.change:g}"
        )
        style = {True: "green", False: "red", None: ""}[d.improved]
        text.append(("  " if i else "") + f"{label} {now} ")
        text.append(f"({change})", style=style)
    return text
