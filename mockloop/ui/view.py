"""Screens and dialogs that return their result once. A second key that arrives before the
screen is gone (stop then escape, escape twice) must not dismiss it again: Textual would call
the result callback twice and pop the screen underneath too."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from mockloop.ui.host import Host

Result = TypeVar("Result")


class View(Screen[Result]):
    _left = False

    @property
    def ml(self) -> Host:
        """The app, as much of it as a screen may use (ui/host.py)."""
        return cast("Host", self.app)

    def dismiss(self, result: Result | None = None) -> AwaitComplete:
        if self._left:
            return AwaitComplete()
        self._left = True
        return super().dismiss(result)


class ModalView(ModalScreen[Result], View[Result]):
    """A dialog: a modal screen with the same once-only dismiss."""
