"""Table cells for an attempt, shared by Home, History and the set summary. The question is its
text, cut to fit: last in the short form (the figures stay on screen at 80 columns), second in
History's, where it is what tells one row from the next."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from mockloop.core.analysis.metrics import FILLERS_PER_MIN, OVERRUN, WPM
from mockloop.core.timer import format_clock

if TYPE_CHECKING:
    from mockloop.store.attempt.records import AttemptRecord

# Headers for attempt_cells: the short form (Home, set summary) and the full one (History).
SHORT_COLUMNS = ("when", "length", "over", "fill/min", "wpm", "status", "question")
COLUMNS = (
    "when",
    "question",
    "length",
    "over",
    "fill/min",
    "wpm",
    "rating",
    "status",
    "due",
    "category",
)
STATUS_STYLE = {"done": "green", "failed": "red", "interrupted": "yellow", "recorded": "yellow"}
PROMPT_CHARS = 60
HISTORY_PROMPT_CHARS = 36  # with the time before it, 56 columns: figures still show at 80


def short_prompt(prompt: str, limit: int = PROMPT_CHARS) -> str:
    prompt = " ".join(prompt.split())
    return prompt if len(prompt) <= limit else prompt[: limit - 1].rstrip() + "…"


def due_cell(due: datetime | None, now: datetime) -> str:
    """When the question comes back: "today", "in 3 d", "2 d late"; "-" if unscheduled."""
    if due is None:
        return "-"
    days = (due.date() - now.date()).days
    return "today" if days == 0 else f"in {days} d" if days > 0 else f"{-days} d late"


def attempt_cells(row: AttemptRecord, *, short: bool = False, due: str = "-") -> list[str | Text]:
    when = row.started_at.astimezone().strftime("%d %b %H:%M" if short else "%Y-%m-%d %H:%M")
    length = format_clock(row.duration_s) if row.duration_s is not None else "-"
    over = f"+{OVERRUN.show(row.overrun_s)}" if row.overrun_s else "-"
    fpm = FILLERS_PER_MIN.show(row.fillers_per_min) if row.fillers_per_min is not None else "-"
    wpm = WPM.show(row.wpm) if row.wpm is not None else "-"
    status = Text(row.status, style=STATUS_STYLE.get(row.status, ""))
    if short:  # Text: a prompt is never markup
        return [when, length, over, fpm, wpm, status, Text(short_prompt(row.question_prompt))]
    question = Text(short_prompt(row.question_prompt, HISTORY_PROMPT_CHARS))
    rating = "★" * row.rating if row.rating else "-"
    return [when, question, length, over, fpm, wpm, rating, status, due, row.question_category]
