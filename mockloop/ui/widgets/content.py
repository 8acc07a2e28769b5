"""The Review's Content block: what the answer covered, every check with the moment it was
said, and the words of the one selected (c moves the playback marker there, r plays it).
Compact, so it fits under the transcript."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mockloop.core.analysis.content import TECHNICAL_SHARE_LIMIT, Check, Content
from mockloop.core.timer import format_clock

QUOTE_CHARS = 70
PER_ROW = 3  # checks side by side: three fit in 80 columns


def render_content(content: Content | None, selected: int | None = None) -> RenderableType:
    """selected: the check shown in the transcript (an index into content.checks)."""
    if content is None or not content.checks:
        return Text()
    missing = ", ".join(c.label for c in content.missing)
    head = Text.assemble(
        ("Content  ", "bold"),
        f"covered {len(content.met)} of {len(content.checks)}",
        (
            f" · missing: {missing}" if missing else " · all covered",
            "yellow" if missing else "green",
        ),
    )
    if content.hypothetical:
        head.append("\n! told as what you would do, not what you did", style="yellow")
    if content.technical_share > TECHNICAL_SHARE_LIMIT:
        share = f"{content.technical_share:.0%}"
        head.append(f"\n! {share} of the time on how it works (keep it under 30%)", style="yellow")
    return Group(head, _grid(content.checks, selected), _foot(content.checks, selected))


def _grid(checks: tuple[Check, ...], selected: int | None) -> Table:
    grid = Table.grid(padding=(0, 2))
    for _ in range(PER_ROW):
        grid.add_column(no_wrap=True)
    cells = [_cell(c, i == selected) for i, c in enumerate(checks)]
    for start in range(0, len(cells), PER_ROW):
        grid.add_row(*cells[start : start + PER_ROW])
    return grid


def _cell(check: Check, selected: bool) -> Text:
    at = f" {format_clock(check.evidence[0].start)}" if check.met else ""
    style = "green" if check.met else "red"
    mark = "▸" if selected else " "
    return Text(
        f"{mark}{'✓' if check.met else '✗'} {check.label}{at}",
        style=f"bold {style}" if selected else style,
    )


def _foot(checks: tuple[Check, ...], selected: int | None) -> Text:
    if selected is not None and checks[selected].met:
        said = checks[selected].evidence[0].text
        quote = said if len(said) <= QUOTE_CHARS else said[:QUOTE_CHARS] + "…"
        return Text(f"▸ “{quote}”  r: play from there", style="dim")
    return Text("c: show where each was said", style="dim")
