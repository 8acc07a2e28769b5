"""Playing a recording back through the default output, without blocking the caller."""

from __future__ import annotations

import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from mockloop.core.audio.devices import import_sounddevice
from mockloop.core.errors import AudioError, AudioFileError


class Player(Protocol):
    def play(self, path: Path, start_s: float = 0.0) -> None: ...

    def stop(self) -> None: ...

    @property
    def playing(self) -> bool: ...

    @property
    def position_s(self) -> float:
        """Where in the recording playback is (seconds from its start)."""
        ...


class SoundDevicePlayer:
    """sounddevice.play runs in PortAudio's own thread; stop() cuts it short."""

    def __init__(self, sd: Any = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._sd = sd
        self._stream: Any = None
        self._clock = clock
        self._started_at = 0.0
        self._start_s = 0.0
        self._length_s = 0.0

    def play(self, path: Path, start_s: float = 0.0) -> None:
        try:
            with wave.open(str(path)) as w:
                rate, channels = w.getframerate(), w.getnchannels()
                data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        except (OSError, EOFError, wave.Error) as exc:
            raise AudioFileError(f"cannot play {path}: {exc}") from exc
        frames = data.reshape(-1, channels)
        first = min(max(0, int(start_s * rate)), len(frames))
        sd = self._sd or import_sounddevice()
        self._sd = sd
        try:
            sd.play(frames[first:], rate)
            self._stream = sd.get_stream()
            self._started_at, self._start_s = self._clock(), first / rate
            self._length_s = len(frames) / rate
        except sd.PortAudioError as exc:
            raise AudioError(f"cannot play the recording: {exc}") from exc

    def stop(self) -> None:
        if self._sd is not None:
            self._sd.stop()
        self._stream = None

    @property
    def playing(self) -> bool:
        return self._stream is not None and bool(self._stream.active)

    @property
    def position_s(self) -> float:
        # The output's own latency is small next to a word: the clock since start is enough.
        return min(self._start_s + self._clock() - self._started_at, self._length_s)
