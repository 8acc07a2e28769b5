"""A WAV writer that stays a valid file if the process dies: the header's sizes are patched
at every sync, so a crash loses at most the audio written since the last sync."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

HEADER_BYTES = 44
_SAMPLE_BYTES = 2  # 16-bit PCM


def _header(samplerate: int, channels: int, data_bytes: int) -> bytes:
    block = channels * _SAMPLE_BYTES
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, channels, samplerate, samplerate * block, block, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )


class StreamingWav:
    """Append-only 16-bit PCM WAV. Created owner-only (it is a person's voice)."""

    def __init__(self, path: Path, samplerate: int, channels: int = 1) -> None:
        self.path = path
        self.samplerate = samplerate
        self.channels = channels
        self.frames = 0
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._file.write(_header(samplerate, channels, 0))

    def write(self, block: np.ndarray) -> None:
        data = np.ascontiguousarray(block, dtype="<i2")
        self._file.write(data.tobytes())
        self.frames += len(data) // self.channels if data.ndim == 1 else len(data)

    def sync(self) -> None:
        """Make everything written so far durable and readable by any WAV reader."""
        data_bytes = self.frames * self.channels * _SAMPLE_BYTES
        self._file.flush()
        self._file.seek(4)
        self._file.write(struct.pack("<I", 36 + data_bytes))
        self._file.seek(40)
        self._file.write(struct.pack("<I", data_bytes))
        self._file.seek(0, os.SEEK_END)
        self._file.flush()
        os.fsync(self._file.fileno())

    @property
    def duration_s(self) -> float:
        return self.frames / self.samplerate

    def close(self) -> None:
        if not self._file.closed:
            try:
                self.sync()
            finally:
                self._file.close()


def repair_wav(path: Path) -> float | None:
    """Fix the header of a WAV this module wrote but never closed (the process was killed).
    Returns the duration in seconds, or None if the file is not one of ours."""
    try:
        with open(path, "r+b") as f:
            head = f.read(HEADER_BYTES)
            if len(head) < HEADER_BYTES or head[:4] != b"RIFF" or head[36:40] != b"data":
                return None
            channels, samplerate = (int(v) for v in struct.unpack("<HI", head[22:28]))
            block = channels * _SAMPLE_BYTES
            size = f.seek(0, os.SEEK_END)
            data_bytes = (size - HEADER_BYTES) // block * block
            f.truncate(HEADER_BYTES + data_bytes)  # drop a half-written frame
            f.seek(0)
            f.write(_header(samplerate, channels, data_bytes))
            return data_bytes / block / samplerate
    except OSError:
        return None
