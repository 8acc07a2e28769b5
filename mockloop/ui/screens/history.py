"""History: every attempt, filtered and sorted in SQL; open, delete or transcribe again."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static

from mockloop.core.bank.questions import CATEGORIES, LEADERSHIP_PRINCIPLES
from mockloop.core.errors import MockloopError
from mockloop.store.attempt.lists import HistoryQuery
from mockloop.store.status import NEEDS_TRANSCRIPTION, Status
from mockloop.ui.dialogs.chooser import ChooserScreen
from mockloop.ui.dialogs.confirm import ConfirmScreen
from mockloop.ui.messages import AttemptOpened, AttemptUpdate, RetryRequested
from mockloop.ui.view import View
from mockloop.ui.widgets.tables import COLUMNS, attempt_cells, due_cell, short_prompt

# Sort keys (store.attempt.lists.SORTABLE) in the order o cycles through them, with their labels.
SORTS = {
    "started_at": "when",
    "duration_s": "length",
    "overrun_s": "over",
    "fillers_per_min": "fill/min",
    "wpm": "wpm",
    "rating": "rating",
    "status": "status",
    "question_category": "category",
    "question_id": "question",
}
ALL = "all"  # the picker's first choice: no filter


class HistoryScreen(View[None]):
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("o", "sort", "Sort"),
        Binding("O", "reverse", "Reverse", show=False),
        Binding("c", "category", "Category", tooltip="pick a category"),
        Binding("l", "principle", "Principle", tooltip="pick a leadership principle"),
        Binding("t", "retry", "Try again", tooltip="answer this question again now"),
        Binding("T", "transcribe", "Transcribe again"),
        Binding("delete", "delete", "Delete", tooltip="remove (with its audio)"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = HistoryQuery()
        self._due: dict[str, datetime] | None = None  # when each question is due, per visit

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
        self._due = None  # answers may have been given or rated meanwhile
        self.reload()

    def on_attempt_update(self, message: AttemptUpdate) -> None:
        if not message.changed:
            return  # a progress tick changes nothing here
        self._due = None
        self.reload()

    def reload(self) -> None:
        q = self.query_state
        rows = self.ml.cases.history(q)
        # The schedule replays every answer: once per visit, not once per search keystroke.
        due = self._due = self._due or self.ml.cases.due_dates()
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        now = self.ml.cases.now()
        for r in rows:
            when = due_cell(due.get(r.question_id), now)
            table.add_row(*attempt_cells(r, due=when), key=str(r.id))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        arrow = "↓" if q.descending else "↑"
        self.query_one("#filters", Static).update(
            f"{len(rows)} attempts · category [b]{q.category or 'all'}[/b] (c) · principle "
            f"[b]{q.principle or 'all'}[/b] (l) · sort [b]{SORTS[q.sort]} {arrow}[/b] (o/O)"
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
        keys = list(SORTS)
        after = keys[(keys.index(self.query_state.sort) + 1) % len(keys)]
        self.query_state = replace(self.query_state, sort=after)
        self.reload()

    def action_reverse(self) -> None:
        self.query_state = replace(self.query_state, descending=not self.query_state.descending)
        self.reload()

    def action_category(self) -> None:
        items = [(ALL, "all categories"), *((c, c) for c in CATEGORIES)]
        self.app.push_screen(ChooserScreen("Show the category", items), self._pick_category)

    def action_principle(self) -> None:
        items = [(ALL, "all principles"), *((p, p) for p in LEADERSHIP_PRINCIPLES)]
        self.app.push_screen(ChooserScreen("Show the principle", items), self._pick_principle)

    def _pick_category(self, value: str | None) -> None:
        if value is not None:  # None: the picker was closed
            self.query_state = replace(self.query_state, category=None if value == ALL else value)
            self.reload()

    def _pick_principle(self, value: str | None) -> None:
        if value is not None:
            self.query_state = replace(self.query_state, principle=None if value == ALL else value)
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
        status = self.ml.cases.status_of(attempt_id)
        if status in (*NEEDS_TRANSCRIPTION, Status.DONE):
            self.ml.queue_transcription(attempt_id)
            self.notify("Transcribing in the background.")

    def action_retry(self) -> None:
        attempt_id = self._selected_id()
        if attempt_id is None:
            return
        record = self.ml.cases.attempt(attempt_id)
        if record is not None:
            self.post_message(RetryRequested(record.question_id))

    def action_delete(self) -> None:
        attempt_id = self._selected_id()
        if attempt_id is None:
            return
        record = self.ml.cases.attempt(attempt_id)
        if record is None:
            return
        when = record.started_at.astimezone().strftime("%d %b %H:%M")
        asked = short_prompt(record.question_prompt)
        choices = {"y": ("delete it and its audio", "yes"), "n": ("keep it", "no")}
        self.app.push_screen(
            ConfirmScreen(f"Delete your answer of {when} to “{asked}”?", choices),
            lambda choice: self._delete(attempt_id) if choice == "yes" else None,
        )

    def _delete(self, attempt_id: int) -> None:
        try:
            self.ml.cases.delete_attempt(attempt_id)
        except MockloopError as exc:  # another window is recording or transcribing it
            self.notify(str(exc), severity="warning", markup=False)
            return
        self._due = None  # a deleted answer reschedules its question
        self.reload()

    def action_back(self) -> None:
        if self.query_one(Input).has_focus:
            self.query_one(DataTable).focus()
        else:
            self.app.pop_screen()
