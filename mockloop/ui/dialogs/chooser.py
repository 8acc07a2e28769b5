"""Pick one item from a list, narrowing it by typing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mockloop.ui.view import ModalView


class ChooserScreen(ModalView[str | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "focus_list", show=False),
    ]

    def __init__(self, title: str, items: list[tuple[str, str]]) -> None:
        """items: (value returned, label shown)."""
        super().__init__()
        self.title_text = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="chooser"):
            yield Static(self.title_text, classes="title")
            yield Input(placeholder="type to filter", id="filter")
            yield OptionList(*self._options(""), id="choices")

    def _options(self, text: str) -> list[Option]:
        words = text.casefold().split()
        return [
            Option(Content(label), id=value)
            for value, label in self.items
            if all(w in label.casefold() or w in value.casefold() for w in words)
        ]

    def on_input_changed(self, event: Input.Changed) -> None:
        choices = self.query_one(OptionList)
        choices.clear_options()
        choices.add_options(self._options(event.value))
        if choices.option_count:
            choices.highlighted = 0

    def on_input_submitted(self) -> None:
        choices = self.query_one(OptionList)
        if choices.option_count:
            self.dismiss(choices.get_option_at_index(choices.highlighted or 0).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()
