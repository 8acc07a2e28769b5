"""The transcript as a person should read it: vocal fillers, lexical fillers and hedges each
styled their own way (bold, underline, italic, so it still reads under NO_COLOR), long pauses
inline as their length, and a marker where the time limit struck."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from mockloop.core.analysis import pause_slots
from mockloop.core.timer import format_clock
from mockloop.core.words import Span

STYLES = {
    "vocal": "bold red",
    "lexical": "bold underline yellow",
    "hedge": "italic cyan",
    "pause": "dim",
    "limit": "bold reverse red",
}


def render_transcript(words: list[dict[str, Any]], metrics: dict[str, Any]) -> Text:
    if not words:
        return Text("No speech detected. Was the microphone muted?", style="italic")
    style_at: dict[int, str] = {}
    for mark in metrics.get("hedges", []):
        for i in range(mark["first"], mark["last"] + 1):
            style_at[i] = STYLES["hedge"]
    for mark in metrics.get("fillers", []):  # fillers win over hedges ("kind of")
        for i in range(mark["first"], mark["last"] + 1):
            style_at[i] = STYLES[mark["kind"]]
    pauses = [Span(p["start"], p["end"]) for p in metrics.get("pauses", [])]
    pause_before = pause_slots([w["start"] for w in words], pauses)
    over = metrics.get("first_word_over")
    text = Text()
    for i, w in enumerate(words):
        if i:
            text.append(" ")
        if i == over:
            text.append(f" {format_clock(metrics.get('time_limit_s', 0))} ", style=STYLES["limit"])
            text.append(" ")
        if i in pause_before:
            text.append(f"({pause_before[i]:.1f} s)", style=STYLES["pause"])
            text.append(" ")
        text.append(w["text"], style=style_at.get(i, ""))
    return text


def legend() -> Text:
    text = Text()
    for label, key in (("um/uh", "vocal"), ("like/so", "lexical"), ("hedge", "hedge")):
        text.append(label, style=STYLES[key])
        text.append("  ")
    text.append("(1.8 s) pause", style=STYLES["pause"])
    text.append("  ")
    text.append(" 2:00 ", style=STYLES["limit"])
    text.append(" limit")
    return text
