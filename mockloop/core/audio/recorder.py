"""Recording: the PortAudio callback only copies blocks into a queue; a writer thread puts
them on disk (syncing about once a second), measures the level, and feeds listeners."""

from __future__ import annotations

import errno
import math
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from mockloop.core.audio.devices import InputDevice, import_sounddevice
from mockloop.core.audio.wavfile import StreamingWav
from mockloop.core.errors import DeviceUnavailable, RecordingWriteError

PREFERRED_RATE = 16000  # what Whisper wants; other rates are resampled when transcribing
FLOOR_DBFS = -120.0
AudioListener = Callable[[np.ndarray, int], None]  # (int16 block, samplerate)


def dbfs(x: float) -> float:
    return 20 * math.log10(x) if x > 0 else FLOOR_DBFS


@dataclass(frozen=True)
class Level:
    rms_dbfs: float = FLOOR_DBFS
    peak_dbfs: float = FLOOR_DBFS


@dataclass(frozen=True)
class RecorderStatus:
    elapsed_s: float
    level: Level
    overflows: int
    silent: bool  # nothing above the silence threshold yet, once the first window has passed
    error: str | None


@dataclass(frozen=True)
class RecordingResult:
    path: Path
    samplerate: int
    duration_s: float
    overflows: int
    device: str
    silent: bool
    error: str | None  # set when the input or the disk failed mid-answer; audio so far is kept


@dataclass(frozen=True)
class RecorderSettings:
    silence_dbfs: float = -70.0  # a muted or dead input sits far below room noise
    silence_window_s: float = 3.0
    # No block for this long means the input is gone even if PortAudio never says so (a
    # sound server that died can leave the stream open and silent).
    stall_s: float = 3.0
    sync_interval_s: float = 1.0
    block_s: float = 0.1


class AnswerRecorder(Protocol):
    """What the UI needs from a recorder (the real one, or a fake in tests)."""

    def start(self) -> None: ...

    def stop(self) -> RecordingResult: ...

    def status(self) -> RecorderStatus: ...


class Recorder:
    """Records one answer from an input device into a WAV file."""

    def __init__(
        self,
        path: Path,
        device: InputDevice,
        settings: RecorderSettings | None = None,
        *,
        sd: Any = None,
        listeners: tuple[AudioListener, ...] = (),
    ) -> None:
        self.path = path
        self.device = device
        self.settings = settings or RecorderSettings()
        self._sd = sd or import_sounddevice()
        self._listeners = listeners
        self._queue: queue.Queue[tuple[np.ndarray, bool] | None] = queue.Queue()
        self._stream: Any = None
        self._wav: StreamingWav | None = None
        self._writer: threading.Thread | None = None
        self._level = Level()
        self._max_peak = 0.0
        self._overflows = 0
        self._silent = False
        self._silence_checked = False
        self._error: str | None = None
        self._write_failed = False  # the disk refused: later blocks are still measured, not written
        self._input_ended = threading.Event()
        self._last_block_at = 0.0  # monotonic time the writer last received a block
        self.samplerate = PREFERRED_RATE

    # -- control -----------------------------------------------------------------------------
    def start(self) -> None:
        sd = self._sd
        self.samplerate = self._pick_rate()
        try:
            self._wav = StreamingWav(self.path, self.samplerate)
        except OSError as exc:
            raise RecordingWriteError(_write_message(self.path, exc)) from exc
        try:
            self._stream = sd.InputStream(
                device=self.device.index,
                samplerate=self.samplerate,
                channels=1,
                dtype="int16",
                blocksize=int(self.samplerate * self.settings.block_s),
                callback=self._callback,
                finished_callback=self._input_ended.set,
            )
            self._stream.start()
        except sd.PortAudioError as exc:
            self._wav.close()
            raise DeviceUnavailable(
                f"Could not open the microphone {self.device.name!r}: {exc}. "
                "Is another program using it, or was it unplugged?"
            ) from exc
        self._writer = threading.Thread(
            target=self._write_loop, name="mockloop-writer", daemon=True
        )
        self._last_block_at = time.monotonic()
        self._writer.start()

    def stop(self) -> RecordingResult:
        """Stop the input, drain the queue to disk, close the file."""
        if self._stream is not None and (self._input_ended.is_set() or self._stalled()):
            self._error = self._error or _DEVICE_LOST  # it ended before we asked it to
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except self._sd.PortAudioError as exc:
                self._error = self._error or f"the input stopped with an error: {exc}"
        self._queue.put(None)
        if self._writer is not None:
            self._writer.join()
        assert self._wav is not None
        try:
            self._wav.close()
        except OSError as exc:
            self._error = self._error or _write_message(self.path, exc)
        return RecordingResult(
            path=self.path,
            samplerate=self.samplerate,
            duration_s=self._wav.duration_s,
            overflows=self._overflows,
            device=self.device.name,
            silent=self._silent,
            error=self._error,
        )

    def status(self) -> RecorderStatus:
        elapsed = self._wav.duration_s if self._wav else 0.0
        error = self._error
        lost = self._stream is not None and (self._input_ended.is_set() or self._stalled())
        if error is None and lost:
            error = _DEVICE_LOST
        return RecorderStatus(elapsed, self._level, self._overflows, self._silent, error)

    # -- internals ----------------------------------------------------------------------------
    def _stalled(self) -> bool:
        return time.monotonic() - self._last_block_at > self.settings.stall_s

    def _pick_rate(self) -> int:
        """16 kHz when the device takes it, else its own default rate (no -9997 for the user)."""
        try:
            self._sd.check_input_settings(
                device=self.device.index, channels=1, dtype="int16", samplerate=PREFERRED_RATE
            )
            return PREFERRED_RATE
        except (self._sd.PortAudioError, ValueError):
            return int(self.device.default_samplerate)

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        # Real-time thread: copy and hand over, nothing else.
        self._queue.put((indata.copy(), bool(status.input_overflow)))

    def _write_loop(self) -> None:
        assert self._wav is not None
        last_sync = time.monotonic()
        while True:
            item = self._queue.get()
            if item is None:
                return
            block, overflow = item
            self._last_block_at = time.monotonic()
            self._overflows += overflow
            if not self._write_failed:
                try:
                    self._wav.write(block[:, 0] if block.ndim == 2 else block)
                    if time.monotonic() - last_sync >= self.settings.sync_interval_s:
                        self._wav.sync()
                        last_sync = time.monotonic()
                except OSError as exc:
                    self._write_failed = True
                    self._error = _write_message(self.path, exc)
            self._measure(block)
            for listener in self._listeners:
                listener(block, self.samplerate)

    def _measure(self, block: np.ndarray) -> None:
        x = block.astype(np.float32) / 32768.0
        peak = float(np.max(np.abs(x))) if x.size else 0.0
        rms = float(np.sqrt(np.mean(x * x))) if x.size else 0.0
        self._level = Level(dbfs(rms), dbfs(peak))
        elapsed = self._wav.duration_s if self._wav else 0.0
        if self._silence_checked:
            if self._silent and dbfs(peak) >= self.settings.silence_dbfs:
                self._silent = False  # the person spoke: the warning has done its job
            return
        self._max_peak = max(self._max_peak, peak)
        if elapsed >= self.settings.silence_window_s:
            self._silent = dbfs(self._max_peak) < self.settings.silence_dbfs
            self._silence_checked = True


_DEVICE_LOST = "the microphone stopped delivering audio (unplugged?)"


def _write_message(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"cannot write the recording: the disk holding {path.parent} is full"
    return f"cannot write the recording to {path.parent}: {exc.strerror or exc}"
