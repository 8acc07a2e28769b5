"""The Review's Content block: what the answer covered, check by check, each met one with the
moment it was said (c moves the playback marker there, r plays it)."""

from __future__ import annotations

from rich.text import Text

from mockloop.core.analysis.content import TECHNICAL_SHARE_LIMIT, Content
from mockloop.core.timer import format_clock

QUOTE_CHARS = 48


def render_content(content: Content | None, selected: int | None = None) -> Text:
    """One line of coverage, then a line per check; selected: the check shown in the
    transcript (an index into content.checks)."""
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
    for i, check in enumerate(content.checks):
        mark = "▸" if i == selected else " "
        if check.met:
            said = check.evidence[0]
            quote = said.text if len(said.text) <= QUOTE_CHARS else said.text[:QUOTE_CHARS] + "…"
            out.append(f"\n{mark}✓ {check.label:26} {format_clock(said.start)}  ", style="green")
            out.append(f"“{quote}”", style="dim")
        else:
            out.append(f"\n{mark}✗ {check.label}", style="red")
    out.append("\n  c: show where each was said · r: play from there", style="dim")
    return out
