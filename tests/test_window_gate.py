"""The gate that spares faster-whisper an encoder pass over a window with no speech left."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from mockloop.core.speech.window_gate import NoMoreWindows, WindowGate


class FakeModel:
    """Like faster-whisper: every window is encoded through self.encode, lazily."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, features: str) -> str:
        self.encoded.append(features)
        return features

    def segments(self, windows: list[str]):
        for w in windows:
            yield self.encode(w)


def test_a_later_window_runs_only_when_speech_follows_the_words():
    gate = WindowGate()
    model = gate.install(FakeModel())
    with gate.one_window(4.0, lambda: 3.9), pytest.raises(NoMoreWindows):
        list(model.segments(["first", "second"]))
    assert model.encoded == ["first"]
    with gate.one_window(4.0, lambda: 2.0):  # the words stop 2 s before the speech does
        assert list(model.segments(["first", "second", "third"])) == ["first", "second", "third"]
    list(model.segments(["a", "b"]))  # outside a one-window call nothing is gated
    assert model.encoded[-2:] == ["a", "b"]


def test_the_gate_is_per_thread():
    gate = WindowGate()
    model = gate.install(FakeModel())
    other: list[str] = []
    with gate.one_window(1.0, lambda: 1.0):
        t = threading.Thread(target=lambda: other.extend(model.segments(["x", "y"])))
        t.start()
        t.join()
    assert other == ["x", "y"]


def test_a_chunk_ending_in_a_pause_costs_one_encoder_pass(answers):
    """The real model on a real chunk: once the words reach the end of the speech, the
    trailing silence is not encoded as a second window; the words are unchanged by it."""
    from mockloop.core.speech.audio_file import load_audio
    from mockloop.core.speech.models import resolve_model
    from mockloop.core.speech.transcribe import WhisperTranscriber
    from mockloop.core.speech.vad import SAMPLE_RATE, plan_chunks, speech_spans

    transcriber = WhisperTranscriber(resolve_model(None))
    model = transcriber.load()
    audio = load_audio(answers["filled"])
    chunks = plan_chunks(speech_spans(audio, transcriber.vad), transcriber.decoding.max_chunk_s)
    gated, calls = model.encode, []

    def counting(features: np.ndarray):
        encoded = gated(features)  # raises NoMoreWindows instead of encoding silence
        calls.append(features.shape)
        return encoded

    model.encode = counting
    try:
        words = transcriber.transcribe(audio, recover=False).words
    finally:
        model.encode = gated
    assert len(chunks) >= 2 and len(calls) == len(chunks)
    assert len(words) > 50 and words[-1].end <= audio.size / SAMPLE_RATE
