"""Playing a recording back through the default output, without blocking the caller."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from mockloop.core.devices import import_sounddevice
from mockloop.core.errors import AudioError, AudioFileError


class Player(Protocol):
    def play(self, path: Path) -> None: ...

    def stop(self) -> None: ...

    @property
    def playing(self) -> bool: ...


class SoundDevicePlayer:
    """sounddevice.play runs in PortAudio's own thread; stop() cuts it short."""

    def __init__(self, sd: Any = None) -> None:
        self._sd = sd
        self._stream: Any = None

    def play(self, path: Path) -> None:
        try:
            with wave.open(str(path)) as w:
                rate, channels = w.getframerate(), w.getnchannels()
                data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        except (OSError, EOFError, wave.Error) as exc:
            raise AudioFileError(f"cannot play {path}: {exc}") from exc
        sd = self._sd or import_sounddevice()
        self._sd = sd
        try:
            sd.play(data.reshape(-1, channels), rate)
            self._stream = sd.get_stream()
        except sd.PortAudioError as exc:
            raise AudioError(f"cannot play the recording: {exc}") from exc

    def stop(self) -> None:
        if self._sd is not None:
            self._sd.stop()
        self._stream = None

    @property
    def playing(self) -> bool:
        return self._stream is not None and bool(self._stream.active)
