"""The process must not end while a thread is inside the speech model's native code: the
model's static destructors then run under that thread, and the process dies by a signal
(SIGABRT "terminate called without an active exception", or SIGSEGV), whatever ended it (a
full disk, a database error, Ctrl-C, SIGTERM, a lost microphone). So every call into the
model goes through `inside()`, and the process's one way out calls `close()` first: no new
call may start, running ones stop at their next segment, and it waits until none is left."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from mockloop.core.errors import TranscriptionCancelled


class _Calls:
    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.running = 0
        self.closing = threading.Event()


@cache
def _calls() -> _Calls:
    return _Calls()  # made on first use, not at import


@contextmanager
def inside() -> Iterator[None]:
    """Around every call into the model. Raises TranscriptionCancelled once closing."""
    calls = _calls()
    with calls.changed:
        if calls.closing.is_set():
            raise TranscriptionCancelled("transcription stopped: mockloop is closing")
        calls.running += 1
    try:
        yield
    finally:
        with calls.changed:
            calls.running -= 1
            calls.changed.notify_all()


def closing() -> bool:
    """True once the process is on its way out: a running decode stops at its next segment."""
    return _calls().closing.is_set()


def close(timeout_s: float) -> bool:
    """No new call into the model from now on; wait for running ones to leave. True when
    none is left, False when one was still inside after timeout_s."""
    calls = _calls()
    calls.closing.set()
    with calls.changed:
        return calls.changed.wait_for(lambda: calls.running == 0, timeout_s)
