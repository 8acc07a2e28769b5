"""A stand-in for the sounddevice module: an InputStream that calls the callback from its own
thread with prepared int16 blocks, as PortAudio does, for fast recorder tests."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np


class PortAudioError(Exception):
    pass


@dataclass
class Flags:
    input_overflow: bool = False


class FakeSoundDevice:
    PortAudioError = PortAudioError

    def __init__(
        self,
        blocks: list[np.ndarray] | None = None,
        *,
        overflow_at: set[int] | None = None,
        accept_16k: bool = True,
        start_error: str | None = None,
        lost: bool = False,
        devices: list[dict[str, Any]] | None = None,
    ) -> None:
        self.blocks = blocks or []
        self.overflow_at = overflow_at or set()
        self.accept_16k = accept_16k
        self.start_error = start_error
        self.lost = lost  # the device goes away after its blocks (unplugged)
        self.opened_with: dict[str, Any] = {}
        self.devices = (
            devices
            if devices is not None
            else [
                {
                    "name": "Fake Mic",
                    "hostapi": 0,
                    "max_input_channels": 1,
                    "default_samplerate": 48000.0,
                },
                {
                    "name": "Fake Speaker",
                    "hostapi": 0,
                    "max_input_channels": 0,
                    "default_samplerate": 48000.0,
                },
            ]
        )
        self.default = type("D", (), {"device": [0, 1]})()
        fake = self

        class InputStream:
            def __init__(self, **kw: Any) -> None:
                fake.opened_with = kw
                self.kw = kw
                self.thread: threading.Thread | None = None
                self.stopped = threading.Event()

            def start(self) -> None:
                if fake.start_error:
                    raise PortAudioError(fake.start_error)
                self.thread = threading.Thread(target=self._run)
                self.thread.start()

            def _run(self) -> None:
                for i, block in enumerate(fake.blocks):
                    self.kw["callback"](
                        block.reshape(-1, 1), len(block), None, Flags(i in fake.overflow_at)
                    )
                if not fake.lost:  # a live device delivers until it is stopped
                    self.stopped.wait()
                self.kw["finished_callback"]()

            def stop(self) -> None:
                self.stopped.set()
                if self.thread:
                    self.thread.join()

            def close(self) -> None:
                pass

        self.InputStream = InputStream

    def check_input_settings(self, **kw: Any) -> None:
        if kw.get("samplerate") == 16000 and not self.accept_16k:
            raise PortAudioError("Invalid sample rate [PaErrorCode -9997]")

    def query_devices(self) -> list[dict[str, Any]]:
        return self.devices

    def query_hostapis(self) -> list[dict[str, Any]]:
        return [{"name": "Fake API"}]
