"""Stop faster-whisper from encoding a window that holds no speech.

A chunk we hand to faster-whisper fits one 30 s window, but after decoding it the library
seeks to the last word's end and, when the text did not close on a single timestamp (most
chunks: they end in a pause), encodes the rest as a second window: a full encoder pass, the
most expensive step, over a fraction of a second of silence. Measured on the two-minute
benchmark answer: 18 encoder passes for 9 windows of audio, and a 2 s chunk cost as much as
a 14 s one. The gate wraps the model's `encode` (the one call every window makes) and lets a
later window through only when speech lies beyond the words decoded so far, so a chunk whose
first window stopped short of its speech still gets the rest."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# A later window starts at the last word's end: worth an encoder pass only if this much voiced
# audio (by the VAD) lies after it.
MIN_SPEECH_AFTER_S = 0.3


class NoMoreWindows(Exception):
    """Raised inside faster-whisper's segment generator instead of encoding a silent window."""


class WindowGate:
    """One per model: the decoding thread says, for the call it is making, when speech ends
    and how far the words reach (threads share the model, so the state is per thread)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def install(self, model: Any) -> Any:
        encode = model.encode

        def gated(features: Any) -> Any:
            ask: Callable[[], bool] | None = getattr(self._local, "ask", None)
            if ask is not None and not ask():
                raise NoMoreWindows
            return encode(features)

        model.encode = gated  # an instance attribute: the library calls self.encode
        return model

    @contextmanager
    def one_window(self, speech_end_s: float, words_end: Callable[[], float]) -> Iterator[None]:
        """Within this block, the first window is always encoded; a later one only when the
        speech (ending at speech_end_s) goes on past words_end() by MIN_SPEECH_AFTER_S."""
        first = True

        def ask() -> bool:
            nonlocal first
            if first:
                first = False
                return True
            return speech_end_s - words_end() >= MIN_SPEECH_AFTER_S

        self._local.ask = ask
        try:
            yield
        finally:
            self._local.ask = None
