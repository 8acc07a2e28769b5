"""The transcript as a person should read it: vocal fillers, lexical fillers and hedges each
styled their own way, long pauses inline as their length, a marker where the time limit struck,
the sentence playback starts from, and the word being played.

Under NO_COLOR the app turns colours into shades of grey, and red becomes the darkest text on
screen: there the marks use no colour at all, only reverse, bold, underline and italic."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from mockloop.core.analysis.answer import Analysis, pause_slots
from mockloop.core.analysis.fillers import MarkKind
from mockloop.core.analysis.words import Word
from mockloop.core.timer import format_clock

COLOUR_STYLES: dict[str, str] = {  # MarkKind values, then the other marks
    MarkKind.VOCAL: "bold red",
    MarkKind.LEXICAL: "bold underline yellow",
    MarkKind.HEDGE: "italic cyan",
    "pause": "dim",
    "limit": "bold reverse red",
    "playing": "reverse",
}
MONO_STYLES: dict[str, str] = {
    MarkKind.VOCAL: "bold reverse",
    MarkKind.LEXICAL: "bold underline",
    MarkKind.HEDGE: "italic",
    "pause": "italic",
    "limit": "bold reverse",
    "playing": "underline reverse",
}
SELECTED = "▸ "  # before the sentence playback starts from: a sign, so it reads without colour


def styles(mono: bool) -> dict[str, str]:
    return MONO_STYLES if mono else COLOUR_STYLES


def sentence_starts(words: Sequence[Word]) -> list[int]:
    """Index of the first word of each sentence (a word ending in . ? or ! closes one)."""
    starts = [0] if words else []
    for i, w in enumerate(words[:-1]):
        if w.text.rstrip("\"')").endswith((".", "?", "!")):
            starts.append(i + 1)
    return starts


def word_at(words: Sequence[Word], t: float) -> int | None:
    """The word being said at t seconds (the last one begun), or None before the first."""
    index = None
    for i, w in enumerate(words):
        if w.start > t:
            break
        index = i
    return index


def render_transcript(
    words: Sequence[Word],
    a: Analysis,
    *,
    mono: bool = False,
    selected: int | None = None,
    playing: int | None = None,
) -> Text:
    """selected: the first word of the chosen sentence; playing: the word being played."""
    if not words:
        return Text("No speech detected. Was the microphone muted?", style="italic")
    st = styles(mono)
    style_at: dict[int, str] = {}
    for mark in a.hedges:
        for i in range(mark.first, mark.last + 1):
            style_at[i] = st[MarkKind.HEDGE]
    for mark in a.fillers:  # fillers win over hedges ("kind of")
        for i in range(mark.first, mark.last + 1):
            style_at[i] = st[mark.kind]
    if playing is not None:
        style_at[playing] = f"{style_at.get(playing, '')} {st['playing']}".strip()
    pause_before = pause_slots([w.start for w in words], a.pauses)
    text = Text()
    for i, w in enumerate(words):
        if i:
            text.append(" ")
        if i == a.first_word_over:
            text.append(f" {format_clock(a.time_limit_s)} ", style=st["limit"])
            text.append(" ")
        if i == selected:
            text.append(SELECTED, style="bold")
        if i in pause_before:
            text.append(f"({pause_before[i]:.1f} s)", style=st["pause"])
            text.append(" ")
        text.append(w.text, style=style_at.get(i, ""))
    return text


def legend(*, mono: bool = False) -> Text:
    st = styles(mono)
    text = Text()
    for label, key in (
        ("um/uh", MarkKind.VOCAL),
        ("like/so", MarkKind.LEXICAL),
        ("hedge", MarkKind.HEDGE),
    ):
        text.append(label, style=st[key])
        text.append("  ")
    text.append("(1.8 s) pause", style=st["pause"])
    text.append("  ")
    text.append(" 2:00 ", style=st["limit"])
    text.append(" limit  ")
    text.append(SELECTED + "playback starts here", style="bold")
    return text
