"""Speech to timed words, locally, with faster-whisper. The import and the model load are lazy
and happen once per process; callers run them on a worker thread."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np

from mockloop.core import model_exit
from mockloop.core.analysis.fillers import VOCAL_FILLERS
from mockloop.core.analysis.room import Room
from mockloop.core.analysis.words import Span, Transcript, Word
from mockloop.core.errors import ModelError, TranscriptionCancelled
from mockloop.core.speech import recover
from mockloop.core.speech.guards import collapse_stutters, invented_segment, trim_unlikely_edges
from mockloop.core.speech.models import ModelSpec
from mockloop.core.speech.room import measure_room
from mockloop.core.speech.vad import (
    SAMPLE_RATE,
    VadSettings,
    drop_unvoiced,
    plan_chunks,
    speech_spans,
)
from mockloop.core.speech.window_gate import NoMoreWindows, WindowGate

# Whisper learned to drop "um"/"uh". A short prompt that spells them (the model copies its
# spellings) keeps them, and keeps the commas that mark lexical fillers.
FILLER_PROMPT = (
    "Um, uh, so, I mean, like, you know, hmm. Okay, uh, here's what I, um, think, basically."
)
SEED = 20261128
Progress = Callable[[float], None]
Recover = bool | Callable[[], bool]  # island recovery: yes, no, or ask just before it runs

__all__ = ["SAMPLE_RATE", "Span", "Transcriber", "Transcript", "WhisperTranscriber", "Word"]


@dataclass(frozen=True)
class DecodingOptions:
    """How audio becomes words. 'chunked' cuts the answer at pauses into pieces that fit one
    30 s window and decodes each with the prompt: the filler bias holds for the whole answer
    and a slip in one piece cannot spread (single-pass decoding with a prompt lost 15 s of a
    two-minute answer in our benchmark). 'single' is the plain faster-whisper call."""

    strategy: str = "chunked"  # "chunked" | "single"
    prompt: str | None = FILLER_PROMPT
    max_chunk_s: float = 25.0
    chunk_pad_s: float = 0.2
    beam_size: int = 5
    language: str = "en"
    # Re-decode short voiced islands that no filler covers (see core/recover.py).
    recover_fillers: bool = True
    # Spellings that count as hesitations (the person's analysis.vocal_fillers): recovery
    # looks for them, and edge trimming never cuts one.
    vocal_fillers: tuple[str, ...] = tuple(VOCAL_FILLERS)

    def describe(self) -> dict[str, Any]:
        return asdict(self)


class Transcriber(Protocol):
    model_label: str

    def load(self) -> Any: ...

    def transcribe(
        self,
        audio: np.ndarray,
        *,
        offset_s: float = 0.0,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        recover: Recover = True,
    ) -> Transcript: ...


# One CTranslate2 thread. tiny.en's matrices are small, so a second thread mostly waits on the
# first: on 2 cores, the 118 s benchmark answer took 12.8-14.1 s with two threads (17-19 s of
# CPU, 200,000 context switches) and 10.7-11.7 s with one (11.6-12.5 s of CPU, 150), with the
# same words. It also leaves a core to the recorder and the screen.
DEFAULT_THREADS = 1


_GREEDY_FALLBACK_OFF: dict[str, Any] = {
    "temperature": 0.0,
    "compression_ratio_threshold": None,
    "log_prob_threshold": None,
    "no_speech_threshold": None,
}
_cache: dict[tuple[str, int], tuple[Any, WindowGate]] = {}
_cache_lock = threading.Lock()


class WhisperTranscriber:
    """faster-whisper on the CPU (int8), one cached model per process."""

    def __init__(
        self,
        spec: ModelSpec,
        *,
        decoding: DecodingOptions | None = None,
        vad: VadSettings | None = None,
        cpu_threads: int | None = None,
    ) -> None:
        self.spec = spec
        self.model_label = spec.label
        self.decoding = decoding or DecodingOptions()
        self.vad = vad or VadSettings(max_span_s=self.decoding.max_chunk_s - 1)
        self.cpu_threads = cpu_threads or DEFAULT_THREADS
        self.islands = recover.IslandSettings()

    def load(self) -> Any:
        return self._loaded()[0]

    def _loaded(self) -> tuple[Any, WindowGate]:
        key = (self.spec.source, self.cpu_threads)
        with _cache_lock:
            if key not in _cache:
                gate = WindowGate()
                _cache[key] = (gate.install(self._load_model()), gate)
            return _cache[key]

    def _load_model(self) -> Any:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise ModelError(f"faster-whisper is not installed: {exc}") from exc
        try:
            with model_exit.inside():
                return WhisperModel(
                    self.spec.source,
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=self.cpu_threads,
                    local_files_only=not self.spec.download,
                )
        except Exception as exc:  # CTranslate2 and the hub client raise assorted types
            raise ModelError(f"Could not load the speech model {self.spec.label!r}: {exc}") from exc

    def transcribe(
        self,
        audio: np.ndarray,
        *,
        offset_s: float = 0.0,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        recover: Recover = True,
    ) -> Transcript:
        """Words and voiced spans, times shifted by offset_s (for pieces of a longer answer).
        recover=False skips the island recovery even when the decoding options ask for it; a
        callable is asked just before the recovery pass (live decoding drops it at stop)."""
        with model_exit.inside():
            return self._transcribe(audio, offset_s, progress, cancel, recover)

    def _transcribe(
        self,
        audio: np.ndarray,
        offset_s: float,
        progress: Progress | None,
        cancel: threading.Event | None,
        recover: Recover,
    ) -> Transcript:
        duration = audio.size / SAMPLE_RATE
        spans = speech_spans(audio, self.vad)
        room = measure_room(audio, spans)
        words: list[Word] = []
        if sum(s.end - s.start for s in spans) >= self.vad.min_speech_s:
            if self.decoding.strategy == "single":
                raw = self._decode(audio, 0.0, duration, progress, cancel)
            else:
                raw = self._decode_chunks(audio, spans, duration, progress, cancel)
            words = collapse_stutters(drop_unvoiced(raw, spans), vocal=self.decoding.vocal_fillers)
            if self.decoding.recover_fillers and (recover() if callable(recover) else recover):
                words = self._recover(audio, spans, words, room, cancel)
        if progress:
            progress(1.0)
        return Transcript(
            words=tuple(
                Word(w.text, w.start + offset_s, w.end + offset_s, w.probability) for w in words
            ),
            duration_s=duration,
            speech=tuple(Span(s.start + offset_s, s.end + offset_s) for s in spans),
            model=self.model_label,
            decoding=self.decoding.describe(),
            room=room,
        )

    def _recover(
        self,
        audio: np.ndarray,
        spans: list[Span],
        words: list[Word],
        room: Room,
        cancel: threading.Event | None,
    ) -> list[Word]:
        def decode(batch: np.ndarray) -> list[Word]:
            speech_end = batch.size / SAMPLE_RATE - self.islands.separator_s  # then silence
            return self._decode(batch, 0.0, 0.0, None, cancel, speech_end, islands=True)

        vocal = self.decoding.vocal_fillers
        return recover.recover_fillers(audio, spans, words, decode, self.islands, vocal, room)

    def _decode_chunks(
        self,
        audio: np.ndarray,
        spans: list[Span],
        duration: float,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> list[Word]:
        words: list[Word] = []
        pad = self.decoding.chunk_pad_s
        for chunk in plan_chunks(spans, self.decoding.max_chunk_s):
            lo = max(0, int((chunk.start - pad) * SAMPLE_RATE))
            hi = min(audio.size, int((chunk.end + pad) * SAMPLE_RATE))
            offset = lo / SAMPLE_RATE
            piece = self._decode(
                audio[lo:hi], offset, duration, progress, cancel, chunk.end - offset
            )
            words += trim_unlikely_edges(piece, vocal=self.decoding.vocal_fillers)
        return words

    def _decode(
        self,
        audio: np.ndarray,
        offset: float,
        duration: float,
        progress: Progress | None,
        cancel: threading.Event | None,
        speech_end_s: float | None = None,
        *,
        islands: bool = False,
    ) -> list[Word]:
        """Decode audio. speech_end_s (where its speech ends) is given for audio that fits one
        30 s window (a chunk or a batch of islands): it gets the prompt as its initial prompt,
        and a second window only if speech follows the words (see core/window_gate.py). A
        batch of islands is disjointed by design: it must not trigger the temperature fallback
        for "bad" text."""
        import ctranslate2

        model, gate = self._loaded()
        d = self.decoding
        window = speech_end_s is not None
        # Temperature fallback samples at random; a fixed seed makes the same audio always
        # give the same words (reproducible reviews, tests and benchmarks).
        ctranslate2.set_random_seed(SEED)
        single = not window
        segments, _ = model.transcribe(
            audio,
            language=d.language,
            beam_size=d.beam_size,
            # One window per chunk: the prompt conditions all of it. In single-pass mode the
            # prompt goes in as hotwords, which faster-whisper re-sends with every window.
            initial_prompt=None if single else d.prompt,
            hotwords=d.prompt if single else None,
            condition_on_previous_text=single,
            word_timestamps=True,
            vad_filter=single,  # chunks are already cut from voiced audio
            **(_GREEDY_FALLBACK_OFF if islands else {}),
        )
        words: list[Word] = []
        if speech_end_s is None:
            self._collect(segments, words, offset, duration, progress, cancel)
            return words
        reached = lambda: words[-1].end - offset if words else 0.0  # noqa: E731
        # NoMoreWindows: the rest of the audio is silence, nothing more to decode
        with gate.one_window(speech_end_s, reached), contextlib.suppress(NoMoreWindows):
            self._collect(segments, words, offset, duration, progress, cancel)
        return words

    @staticmethod
    def _collect(
        segments: Any,
        words: list[Word],
        offset: float,
        duration: float,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> None:
        for seg in segments:  # a lazy generator: decoding happens as we iterate
            if (cancel is not None and cancel.is_set()) or model_exit.closing():
                raise TranscriptionCancelled("transcription cancelled")
            if invented_segment(seg.avg_logprob, seg.no_speech_prob):
                continue
            for w in seg.words or ():
                if text := w.word.strip():
                    start, end = round(float(w.start) + offset, 3), round(float(w.end) + offset, 3)
                    words.append(Word(text, start, end, round(float(w.probability), 3)))
            if progress and duration > 0:
                progress(min(1.0, (offset + seg.end) / duration))
