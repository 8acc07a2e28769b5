"""History: every attempt, filtered and sorted in SQL; open, delete or transcribe again."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, cast

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from mockloop.core.questions import CATEGORIES, LEADERSHIP_PRINCIPLES
from mockloop.store import queries, records
from mockloop.store.queries import HistoryQuery
from mockloop.store.status import NEEDS_TRANSCRIPTION, Status
from mockloop.ui.dialogs.confirm import ConfirmScreen
from mockloop.ui.messages import AttemptOpened, JobUpdate
from mockloop.ui.widgets.tables import COLUMNS, attempt_cells

if TYPE_CHECKING:
    from mockloop.ui.app import MockloopApp

SORTS = ("started_at", "question_id", "question_category", "duration_s", "overrun_s",
         "fillers_per_min", "wpm", "rating", "status")  # fmt: skip


def _cycle(options: tuple[str | None, ...], current: str | None) -> str | None:
    return options[(options.index(current) + 1) % len(options)]


class HistoryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("o", "sort", "Sort"),
        Binding("O", "reverse", "Reverse", show=False),
        Binding("c", "category", "Category"),
        Binding("l", "principle", "Principle"),
        Binding("t", "transcribe", "Transcribe again"),
        Binding("delete", "delete", "Delete", tooltip="remove (with its audio)"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = HistoryQuery()

    @property
    def ml(self) -> MockloopApp:
        return cast("MockloopApp", self.app)

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search questions and transcripts (/)", id="search")
        yield Static("", id="filters")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.reload()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_job_update(self, message: JobUpdate) -> None:
        if not message.state_changed:
            return  # a progress tick changes nothing here
        self.reload()

    def reload(self) -> None:
        q = self.query_state
        with Session(self.ml.services.engine) as s:
            rows = records.history(s, q)
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for r in rows:
            table.add_row(*attempt_cells(r), key=str(r.id))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        arrow = "↓" if q.descending else "↑"
        self.query_one("#filters", Static).update(
            f"{len(rows)} attempts · category [b]{q.category or 'all'}[/b] (c) · principle "
            f"[b]{q.principle or 'all'}[/b] (l) · sort [b]{COLUMNS[SORTS.index(q.sort)]} {arrow}[/b] (o/O)"
        )

    def _selected_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    # -- filters and sorting ------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_state = replace(self.query_state, text=event.value.strip())
        self.reload()

    def on_input_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_sort(self) -> None:
        self.query_state = replace(self.query_state, sort=str(_cycle(SORTS, self.query_state.sort)))
        self.reload()

    def action_reverse(self) -> None:
        self.query_state = replace(self.query_state, descending=not self.query_state.descending)
        self.reload()

    def action_category(self) -> None:
        options = (None, *CATEGORIES)
        self.query_state = replace(
            self.query_state, category=_cycle(options, self.query_state.category)
        )
        self.reload()

    def action_principle(self) -> None:
        options = (None, *LEADERSHIP_PRINCIPLES)
        self.query_state = replace(
            self.query_state, principle=_cycle(options, self.query_state.principle)
        )
        self.reload()

    # -- row actions -----------------------------------------------------------------------------
    def action_open(self) -> None:
        if (attempt_id := self._selected_id()) is not None:
            self.post_message(AttemptOpened(attempt_id))

    def on_data_table_row_selected(self) -> None:
        self.action_open()

    def action_transcribe(self) -> None:
        attempt_id = self._selected_id()
        if attempt_id is None:
            return
        with Session(self.ml.services.engine) as s:
            status = records.status_of(s, attempt_id)
        if status in (*NEEDS_TRANSCRIPTION, Status.DONE):
            self.ml.queue_transcription(attempt_id)
            self.notify("Transcribing in the background.")

    def action_delete(self) -> None:
        attempt_id = self._selected_id()
        if attempt_id is None:
            return
        choices = {"y": ("delete it and its audio", "yes"), "n": ("keep it", "no")}
        self.app.push_screen(
            ConfirmScreen(f"Delete attempt {attempt_id}?", choices),
            lambda choice: self._delete(attempt_id) if choice == "yes" else None,
        )

    def _delete(self, attempt_id: int) -> None:
        with Session(self.ml.services.engine) as s:
            queries.delete_attempt(s, attempt_id=attempt_id)
        self.reload()

    def action_back(self) -> None:
        if self.query_one(Input).has_focus:
            self.query_one(DataTable).focus()
        else:
            self.app.pop_screen()
