"""A question with a few one-key answers, e.g. 'Abandon? [k]eep [d]iscard [c]ontinue'."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.widgets import Static

from mockloop.ui.view import ModalView


class ConfirmScreen(ModalView[str | None]):
    def __init__(self, question: str, choices: dict[str, tuple[str, str]]) -> None:
        """choices: key -> (label, value returned). escape returns None."""
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.question), classes="title")  # may hold a person's text
            keys = "   ".join(f"[b]{k}[/b] {label}" for k, (label, _) in self.choices.items())
            yield Static(keys + "   [b]escape[/b] cancel")

    def on_key(self, event: Key) -> None:
        if event.key in self.choices:
            event.stop()
            self.dismiss(self.choices[event.key][1])
        elif event.key == "escape":
            event.stop()
            self.dismiss(None)
