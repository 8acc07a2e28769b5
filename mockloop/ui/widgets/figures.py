"""The Review's coaching: the one thing to fix next, each figure with its verdict, and how the
answer compares with the last try and the best one at the same question."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mockloop.core.analysis.answer import Analysis, wordless_note
from mockloop.core.analysis.aspects import ASPECT_LABELS, aspect_value
from mockloop.core.analysis.coach import Judgement, Verdict
from mockloop.core.analysis.content import Content
from mockloop.core.analysis.progress import Delta
from mockloop.core.analysis.structure import Structure
from mockloop.core.analysis.words import Word
from mockloop.core.bank.stories import NOTE_FIELDS, Story, notes_against_answer
from mockloop.core.timer import format_clock

if TYPE_CHECKING:
    from mockloop.store.attempt.records import AttemptRecord

JUDGEMENT_STYLE = {Judgement.GOOD: "green", Judgement.WATCH: "yellow", Judgement.FIX: "bold red"}


def render_next(fix: Verdict | None) -> Text:
    if fix is None:
        return Text("✓ Nothing to fix in this answer: keep it this way.", style="bold green")
    return Text.assemble(
        (f"{fix.judgement.sign} Next time: ", "bold"),
        (fix.advice, JUDGEMENT_STYLE[fix.judgement]),
    )


def render_figures(
    a: Analysis,
    verdicts: Sequence[Verdict],
    structure: Structure | None = None,
    content: Content | None = None,
) -> RenderableType:
    t = Table.grid(padding=(0, 1))
    t.add_column(style="bold", no_wrap=True)
    t.add_column(max_width=30)
    t.add_column()
    problem = a.room.problem() if a.room is not None else None
    for v in verdicts:
        t.add_row(
            ASPECT_LABELS[v.aspect],
            Text(aspect_value(v.aspect, a, structure, content)),
            Text(f"{v.judgement.sign} {v.says}", style=JUDGEMENT_STYLE[v.judgement]),
        )
    # Full-width lines: a note is longer than a figure.
    notes = [Text.assemble(("Room        ", "bold"), (problem, "yellow"))] if problem else []
    if a.wordless:
        notes.append(Text.assemble(("Fidelity    ", "bold"), (wordless_note(a.wordless), "yellow")))
    return Group(t, *notes) if notes else t


def _ago(then: datetime, now: datetime) -> str:
    days = (now.date() - then.date()).days
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


_VERDICT_STYLE = {"better": "green", "worse": "red", "about the same": "dim", "": ""}


def _changes(deltas: Sequence[Delta]) -> Text:
    text = Text()
    shown = [d for d in deltas if d.change]
    for i, d in enumerate(shown):
        text.append(("  " if i else "") + f"{d.metric.label} {d.metric.show(d.before)}→")
        text.append(d.metric.show(d.now))
        if d.verdict:
            text.append(f" {d.verdict}", style=_VERDICT_STYLE[d.verdict])
    return text if shown else Text("the same figures", style="dim")


def render_comparison(
    last: tuple[datetime, Sequence[Delta], str | None] | None,
    best: tuple[datetime, Sequence[Delta]] | None,
    now: datetime,
) -> Text:
    """last: when, the changes since, and its note; best: the best earlier try (the fewest
    fillers per minute), when it is not the last one."""
    if last is None:
        return Text("First attempt at this question: press t to try it again now.", style="dim")
    when, deltas, note = last
    text = Text.assemble(("vs last try", "bold"), f" ({_ago(when, now)}): ", _changes(deltas))
    if best is not None:
        text.append("\n")
        text.append_text(
            Text.assemble(("vs your best", "bold"), f" ({_ago(best[0], now)}): ", _changes(best[1]))
        )
    if note:
        text.append("\n")
        text.append_text(Text.assemble(("Your note last time: ", "bold"), note))
    return text


def render_follow_ups(answered: Sequence[AttemptRecord]) -> Text:
    """The follow-ups answered after this answer, each with its length and fillers."""
    if not answered:
        return Text("f: the interviewer asks a follow-up (a short timed answer)", style="dim")
    text = Text("Follow-ups you answered", style="bold")
    for f in answered:
        length = format_clock(f.duration_s) if f.duration_s is not None else "-"
        fpm = f"{f.fillers_per_min:.1f}/min" if f.fillers_per_min is not None else f.status
        text.append(f"\n  ↳ {f.question_prompt} · {length} · {fpm}")
    return text


def render_story_notes(story: Story, said: Sequence[Word]) -> Text:
    """The notes the answer was told from, beside what was said about their numbers."""
    text = Text.assemble(("Told from your story: ", "bold"), story.title)
    for part in NOTE_FIELDS:
        note = getattr(story, part)
        if note:
            text.append(f"\n  {part[0].upper()}  ", style="bold")
            text.append(note)
    for line in notes_against_answer(story, said):
        text.append("\n" + line, style="green" if line.startswith("✓") else "yellow")
    return text
