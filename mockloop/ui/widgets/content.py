"""The Review's Content block: what the answer covered, every check on one line with the
moment it was said, and the words of the one selected (c moves the playback marker there, r
plays it). Compact, so the transcript stays in view."""

from __future__ import annotations

from rich.text import Text

from mockloop.core.analysis.content import TECHNICAL_SHARE_LIMIT, Content
from mockloop.core.timer import format_clock

QUOTE_CHARS = 70


def render_content(content: Content | None, selected: int | None = None) -> Text:
    """selected: the check shown in the transcript (an index into content.checks)."""
    if content is None or not content.checks:
        return Text()
    missing = ", ".join(c.label for c in content.missing)
    out = Text.assemble(
        ("Content  ", "bold"),
        f"covered {len(content.met)} of {len(content.checks)}",
        (
            f" · missing: {missing}" if missing else " · all covered",
            "yellow" if missing else "green",
        ),
    )
    if content.hypothetical:
        out.append("\n! told as what you would do, not what you did", style="yellow")
    if content.technical_share > TECHNICAL_SHARE_LIMIT:
        share = f"{content.technical_share:.0%}"
        out.append(f"\n! {share} of the time on how it works (keep it under 30%)", style="yellow")
    out.append("\n")
    for i, check in enumerate(content.checks):
        mark = "▸" if i == selected else ""
        at = f" {format_clock(check.evidence[0].start)}" if check.met else ""
        style = "green" if check.met else "red"
        out.append(
            f"{mark}{'✓' if check.met else '✗'} {check.label}{at}",
            style=f"bold {style}" if mark else style,
        )
        out.append("  ")
    if selected is not None and content.checks[selected].met:
        said = content.checks[selected].evidence[0].text
        quote = said if len(said) <= QUOTE_CHARS else said[:QUOTE_CHARS] + "…"
        out.append(f"\n▸ “{quote}”  r: play from there", style="dim")
    else:
        out.append("\nc: show where each was said", style="dim")
    return out
