"""The end of a set: each answer's figures and the totals, filling in as transcriptions finish."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from mockloop.core.timer import format_clock
from mockloop.ui.messages import AttemptOpened, AttemptUpdate
from mockloop.ui.view import View
from mockloop.ui.widgets.tables import SHORT_COLUMNS, attempt_cells

if TYPE_CHECKING:
    from mockloop.store.attempt.records import AttemptRecord


class SetSummaryScreen(View[None]):
    BINDINGS = [
        Binding("enter", "open", "Review answer"),
        Binding("escape", "dismiss", "Home"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("[b]Set complete[/b]", id="set-title")
        yield DataTable(id="set-table", cursor_type="row")
        yield Static("", id="set-totals")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*SHORT_COLUMNS)
        self.reload()

    def on_attempt_update(self, message: AttemptUpdate) -> None:
        if not message.changed:
            return  # a progress tick changes nothing here
        self.reload()

    def __init__(self, attempt_ids: list[int]) -> None:
        super().__init__()
        self.attempt_ids = attempt_ids

    def reload(self) -> None:
        ids = self.attempt_ids
        rows = self.ml.cases.attempts(ids)
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            table.add_row(*attempt_cells(r, short=True), key=str(r.id))
        self.query_one("#set-totals", Static).update(totals(rows))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.post_message(AttemptOpened(int(str(key))))


def totals(rows: list[AttemptRecord]) -> str:
    done = [r for r in rows if r.fillers_per_min is not None]
    if not rows:
        return ""
    talk = sum(r.duration_s or 0 for r in rows)
    over = sum(r.overrun_s or 0 for r in rows)
    parts = [
        f"{len(rows)} answers, {format_clock(talk)} in all",
        f"over the limit by {over:.0f} s in all",
    ]
    if done:
        fillers = sum(r.filler_count or 0 for r in done)
        fpm = sum(r.fillers_per_min or 0 for r in done) / len(done)
        wpm = sum(r.wpm or 0 for r in done) / len(done)
        parts.append(f"{fillers} fillers ({fpm:.1f}/min on average), {wpm:.0f} wpm on average")
    if len(done) < len(rows):
        parts.append(f"{len(rows) - len(done)} still transcribing")
    return "  ·  ".join(parts)
