"""Fakes for UI tests: a recorder that writes a prepared WAV, a transcriber that returns
canned words (optionally held back by a gate), a player that remembers, and a movable clock."""

from __future__ import annotations

import shutil
import threading
import wave
from pathlib import Path

import numpy as np

from mockloop.core.analysis.room import Room
from mockloop.core.analysis.words import Span, Word
from mockloop.core.audio.recorder import Level, RecorderStatus, RecordingResult
from mockloop.core.errors import TranscriptionCancelled
from mockloop.core.speech.transcribe import Transcript

ANSWER = (
    "So, um, I led the churn project. We had, like, no labels. Uh, I rebuilt the pipeline "
    "and I think we cut churn by 12%."
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def silent_wav(path: Path, seconds: float = 2.0) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(np.zeros(int(16000 * seconds), dtype="<i2").tobytes())


class FakeRecorder:
    instances: list[FakeRecorder] = []

    def __init__(self, path: Path, *, silent: bool = False, source: Path | None = None) -> None:
        self.path, self.silent, self.source = path, silent, source
        self.error: str | None = None
        self.started = self.stopped = False
        self.listeners: tuple = ()
        FakeRecorder.instances.append(self)

    def start(self) -> None:
        self.started = True
        if self.source:
            shutil.copy(self.source, self.path)
        else:
            silent_wav(self.path)

    def status(self) -> RecorderStatus:
        return RecorderStatus(1.0, Level(-20.0, -6.0), 0, self.silent, self.error)

    def stop(self) -> RecordingResult:
        self.stopped = True
        if self.path.stat().st_size == 0:  # a test emptied it: the disk refused every block
            return RecordingResult(self.path, 16000, 0.0, 0, "Fake Mic", self.silent, self.error)
        with wave.open(str(self.path)) as w:
            rate = w.getframerate()
            data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
            duration = w.getnframes() / rate
        for i in range(0, data.size, rate // 10):  # what the writer thread would have handed on
            for listener in self.listeners:
                listener(data[i : i + rate // 10], rate)
        return RecordingResult(self.path, 16000, duration, 0, "Fake Mic", self.silent, self.error)


def canned_words(text: str = ANSWER, start: float = 0.2, step: float = 0.35) -> tuple[Word, ...]:
    return tuple(
        Word(t, round(start + i * step, 3), round(start + i * step + 0.3, 3))
        for i, t in enumerate(text.split())
    )


class FakeTranscriber:
    model_label = "fake model"

    def __init__(
        self,
        words: tuple[Word, ...] | None = None,
        gate: threading.Event | None = None,
        room: Room | None = None,
    ) -> None:
        self.words = canned_words() if words is None else words
        self.gate = gate
        self.room = room  # what the room "measured" for every piece
        self.calls = 0
        self.recovered: list[bool] = []  # recover= of each call

    def load(self) -> None:
        return None

    def transcribe(
        self, audio, *, offset_s=0.0, progress=None, cancel=None, recover=True
    ) -> Transcript:
        self.calls += 1
        self.recovered.append(recover() if callable(recover) else recover)
        if progress:
            progress(0.5)
        if self.gate is not None:
            while not self.gate.wait(0.02):
                if cancel is not None and cancel.is_set():
                    raise TranscriptionCancelled("cancelled")
        speech = (Span(self.words[0].start, self.words[-1].end),) if self.words else ()
        decoding = {"fake": True}
        return Transcript(
            self.words, audio.size / 16000, speech, self.model_label, decoding, self.room
        )


class FakePlayer:
    def __init__(self) -> None:
        self.played: list[Path] = []
        self.started_at: list[float] = []
        self.position_s = 0.0  # tests move it
        self._playing = False

    def play(self, path: Path, start_s: float = 0.0) -> None:
        self.played.append(path)
        self.started_at.append(start_s)
        self.position_s = start_s
        self._playing = True

    def stop(self) -> None:
        self._playing = False

    @property
    def playing(self) -> bool:
        return self._playing
