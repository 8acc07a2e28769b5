"""Every key, on one page."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = """\
[b]Home[/b]      p practise the suggested question   s start a set   d draw another
          h history   g progress   , settings   q quit
[b]Practice[/b]  space start the answer (skips prep) / stop it   escape abandon
[b]Review[/b]    r play/stop the recording   1-5 rate   e write a note
          n next question   escape back
[b]History[/b]   enter open   / search   o change sort   O reverse   c category
          l principle   t transcribe again   delete remove (with its audio)
[b]Anywhere[/b]  ? this help   ctrl+p command palette"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("[b]Keys[/b]", classes="title")
            yield Static(KEYS)
            yield Static("escape to close", classes="hint")
