"""A case's checkpoints on the clock: the ones passed, where the person should be now, and
what comes next, so a ten-minute case is paced the way the seed guide advises."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from mockloop.core.timer import format_clock


def checkpoint_line(checkpoints: Sequence[tuple[str, int]], elapsed_s: float) -> Text:
    """E.g. "✓ clarify 1:00 · ▶ metrics 3:00 · design 6:00 (in 2:10)". Nothing without any."""
    text = Text()
    current = max((i for i, (_, at) in enumerate(checkpoints) if at <= elapsed_s), default=-1)
    for i, (name, at) in enumerate(checkpoints):
        if i:
            text.append(" · ", style="dim")
        if i < current:
            text.append(f"✓ {name} {format_clock(at)}", style="dim")
        elif i == current:
            text.append(f"▶ {name} {format_clock(at)}", style="bold reverse")
        elif i == current + 1:
            text.append(
                f"{name} {format_clock(at)} (in {format_clock(at - elapsed_s, round_up=True)})",
                style="bold",
            )
        else:
            text.append(f"{name} {format_clock(at)}")
    return text
