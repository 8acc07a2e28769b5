"""The transcript as a person should read it: vocal fillers, lexical fillers and hedges each
styled their own way (bold, underline, italic, so it still reads under NO_COLOR), long pauses
inline as their length, and a marker where the time limit struck."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from mockloop.core.analysis import Analysis, pause_slots
from mockloop.core.fillers import MarkKind
from mockloop.core.timer import format_clock
from mockloop.core.words import Word

STYLES: dict[str, str] = {  # MarkKind values, then the other marks
    MarkKind.VOCAL: "bold red",
    MarkKind.LEXICAL: "bold underline yellow",
    MarkKind.HEDGE: "italic cyan",
    "pause": "dim",
    "limit": "bold reverse red",
}


def render_transcript(words: Sequence[Word], a: Analysis) -> Text:
    if not words:
        return Text("No speech detected. Was the microphone muted?", style="italic")
    style_at: dict[int, str] = {}
    for mark in a.hedges:
        for i in range(mark.first, mark.last + 1):
            style_at[i] = STYLES[MarkKind.HEDGE]
    for mark in a.fillers:  # fillers win over hedges ("kind of")
        for i in range(mark.first, mark.last + 1):
            style_at[i] = STYLES[mark.kind]
    pause_before = pause_slots([w.start for w in words], a.pauses)
    text = Text()
    for i, w in enumerate(words):
        if i:
            text.append(" ")
        if i == a.first_word_over:
            text.append(f" {format_clock(a.time_limit_s)} ", style=STYLES["limit"])
            text.append(" ")
        if i in pause_before:
            text.append(f"({pause_before[i]:.1f} s)", style=STYLES["pause"])
            text.append(" ")
        text.append(w.text, style=style_at.get(i, ""))
    return text


def legend() -> Text:
    text = Text()
    for label, key in (
        ("um/uh", MarkKind.VOCAL),
        ("like/so", MarkKind.LEXICAL),
        ("hedge", MarkKind.HEDGE),
    ):
        text.append(label, style=STYLES[key])
        text.append("  ")
    text.append("(1.8 s) pause", style=STYLES["pause"])
    text.append("  ")
    text.append(" 2:00 ", style=STYLES["limit"])
    text.append(" limit")
    return text
