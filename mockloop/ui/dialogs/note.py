"""Write or edit the free-text note of an attempt."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from mockloop.ui.view import ModalView


class NoteScreen(ModalView[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Note on this answer (enter saves)", classes="title")
            yield Input(value=self.note, id="note")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)
