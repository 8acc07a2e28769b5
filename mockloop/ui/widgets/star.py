"""The STAR bar: the answer's situation, task, action and result as proportional segments on
the answer's timeline, with the limit marked, and when each part starts. Each part has its own
shade (░ ▒ ▓ █) and letter, so the bar reads without colour too."""

from __future__ import annotations

from rich.text import Text

from mockloop.core.analysis.structure import ORDER, Part, Structure
from mockloop.core.timer import format_clock

SHADE = {Part.SITUATION: "░", Part.TASK: "▒", Part.ACTION: "▓", Part.RESULT: "█"}
COLOUR = {Part.SITUATION: "blue", Part.TASK: "magenta", Part.ACTION: "green", Part.RESULT: "yellow"}
LIMIT = "┃"
BAR_WIDTH = 56


def render_star(st: Structure, limit_s: float, *, width: int = BAR_WIDTH) -> Text:
    if not st.is_story:
        return Text("STAR  no story found: no situation, action and result in order.", style="dim")
    origin = st.parts[0].start
    span = max(st.parts[-1].end - origin, limit_s)
    cells: list[Part | None] = [None] * width
    for p in st.parts:
        a = min(int((p.start - origin) / span * width), width - 1)
        b = max(a + 1, int((p.end - origin) / span * width))
        for i in range(a, min(b, width)):
            cells[i] = p.part
    limit_col = min(int(limit_s / span * width), width - 1)
    bar = Text("STAR  ", style="bold")
    for i, part in enumerate(cells):
        if i == limit_col:
            bar.append(LIMIT, style="bold red")
        elif part is None:
            bar.append(" ")
        elif i == 0 or cells[i - 1] is not part:
            bar.append(part.value[0].upper(), style=f"bold reverse {COLOUR[part]}")
        else:
            bar.append(SHADE[part], style=COLOUR[part])
    times = Text("      ")
    for part in ORDER:
        starts = [p for p in st.parts if p.part is part]
        if not starts:
            continue
        times.append(f"{part.value[0].upper()} ", style=f"bold {COLOUR[part]}")
        times.append(f"{format_clock(starts[0].start - origin)} ({st.share(part):.0%})  ")
    times.append(f"{LIMIT} {format_clock(limit_s)} limit", style="red")
    return Text("\n").join([bar, times])
