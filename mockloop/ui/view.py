"""A screen that returns its result once. A second key press that arrives before the screen is
gone (stop then escape, n twice) must not dismiss it again: Textual raises for that."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen

Result = TypeVar("Result")


class View(Screen[Result]):
    _left = False

    def leave(self, result: Result) -> None:
        if self._left:
            return
        self._left = True
        self.dismiss(result)
