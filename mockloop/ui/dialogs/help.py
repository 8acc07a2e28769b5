"""Every key, on one page, read from the screens' own bindings (so it cannot go stale)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mockloop.ui.view import ModalView

HelpSection = tuple[str, Sequence[BindingType]]


def key_lines(sections: Sequence[HelpSection]) -> Content:
    """One line per screen: key and what it does (the binding's tooltip, else its label)."""
    lines = []
    for title, bindings in sections:
        keys = [
            f"{b.key_display or b.key} {b.tooltip or b.description}"
            for b in bindings
            if isinstance(b, Binding) and (b.tooltip or b.description)
        ]
        lines.append(
            Content.from_markup("[b]$title[/b]  $keys", title=title, keys="   ".join(keys))
        )
    return Content("\n").join(lines)


class HelpScreen(ModalView[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        # The title says how to leave; the keys scroll when the terminal is small (80x24).
        with Vertical(id="dialog", classes="help"):
            yield Static("[b]Keys[/b]  ·  escape to close  ·  ↑↓ scroll", classes="title")
            with VerticalScroll(id="help-keys"):
                yield Static(key_lines(self.sections), id="keys")
