"""The optional live filler tally on the practice screen."""

from __future__ import annotations

from mockloop.core.analysis.fillers import find_marks, tokenize
from mockloop.core.analysis.words import Word
from mockloop.core.timer import format_clock


def live_cue(words: list[Word]) -> str:
    """Sparse on purpose: one number, updated when a chunk has been decoded."""
    if not words:
        return ""
    fillers, _ = find_marks(tokenize(words))
    return f"fillers so far: {len(fillers)} (to {format_clock(words[-1].end)})"
