"""A cancel event that another event can also set: a worker watches one event for both its
own cancel() and its caller's (the app quitting)."""

from __future__ import annotations

import threading


class EitherEvent(threading.Event):
    """Set by itself, or when another event is."""

    def __init__(self, other: threading.Event | None) -> None:
        super().__init__()
        self._other = other

    def is_set(self) -> bool:
        return super().is_set() or (self._other is not None and self._other.is_set())
