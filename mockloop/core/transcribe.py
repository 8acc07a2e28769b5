"""Speech to words with timings, locally, with faster-whisper. The import and the model load
are lazy and happen once per process; callers run them on a worker thread."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from mockloop.core.errors import AudioFileError, ModelError, TranscriptionCancelled
from mockloop.core.models import ModelSpec

SAMPLE_RATE = 16000
# Whisper learned to drop "um"/"uh"; a short prompt that spells them, re-sent with every
# 30 s window as hotwords, keeps them (and the commas that mark lexical fillers).
FILLER_PROMPT = (
    "Um, uh, so, I mean, like, you know, hmm. Okay, uh, here's what I, um, think, basically."
)
Progress = Callable[[float], None]


@dataclass(frozen=True)
class Word:
    text: str  # as decoded, with punctuation ("like,")
    start: float
    end: float
    probability: float = 1.0


@dataclass(frozen=True)
class Span:
    start: float
    end: float


@dataclass(frozen=True)
class DecodingOptions:
    beam_size: int = 5
    hotwords: str | None = FILLER_PROMPT
    initial_prompt: str | None = None
    condition_on_previous_text: bool = True
    language: str = "en"

    def describe(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class VadSettings:
    threshold: float = 0.5
    min_silence_ms: int = 250  # shorter gaps are part of fluent speech
    pad_ms: int = 30  # keeps pause edges within tens of ms of the true silence
    min_speech_s: float = 0.3  # less voiced audio than this is "no speech detected"


@dataclass(frozen=True)
class Transcript:
    words: tuple[Word, ...]
    duration_s: float
    speech: tuple[Span, ...]  # VAD-voiced stretches, for pauses and fidelity checks
    model: str
    decoding: dict[str, Any] = field(default_factory=dict)

    @property
    def no_speech(self) -> bool:
        return not self.words

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


class Transcriber(Protocol):
    model_label: str

    def load(self) -> None: ...

    def transcribe(
        self,
        audio: np.ndarray,
        *,
        offset_s: float = 0.0,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> Transcript: ...


def load_audio(path: Path) -> np.ndarray:
    """Any format FFmpeg (PyAV) decodes, any rate or channel count -> 16 kHz mono float32."""
    if not path.is_file():
        raise AudioFileError(f"{path}: no such file")
    from faster_whisper import decode_audio

    try:
        audio = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # PyAV raises many types for bad input
        raise AudioFileError(
            f"{path}: not a readable audio file ({exc.__class__.__name__}: {exc})"
        ) from exc
    if audio.size == 0:
        raise AudioFileError(f"{path}: the file holds no audio")
    return audio


def speech_spans(audio: np.ndarray, vad: VadSettings = VadSettings()) -> list[Span]:
    """Voiced stretches by Silero VAD (shipped inside faster-whisper, works offline). Pauses are
    measured from these, not from word timestamps, which smear across silences."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(
        threshold=vad.threshold,
        min_silence_duration_ms=vad.min_silence_ms,
        speech_pad_ms=vad.pad_ms,
    )
    return [
        Span(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE)
        for s in get_speech_timestamps(audio, opts, sampling_rate=SAMPLE_RATE)
    ]


def drop_unvoiced(
    words: list[Word], spans: list[Span], *, edge_s: float = 0.05, margin_s: float = 0.3
) -> list[Word]:
    """Whisper invents short words ("Yeah.", "Thank you.") in silence. Word timings smear (a
    filler can get a zero-length time in a short gap), so only clear cases are dropped: a word
    that starts after the last voiced moment or ends before the first, or that lies inside a
    silence more than margin_s from both of its edges."""
    if not spans:
        return []
    first, last = spans[0].start - edge_s, spans[-1].end + edge_s
    gaps = [(a.end + margin_s, b.start - margin_s) for a, b in itertools.pairwise(spans)]
    return [
        w
        for w in words
        if w.start <= last
        and w.end >= first
        and not any(lo <= w.start and w.end <= hi for lo, hi in gaps)
    ]


_cache: dict[tuple[str, int], Any] = {}
_cache_lock = threading.Lock()


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
        self.vad = vad or VadSettings()
        self.cpu_threads = cpu_threads or cpu_count()

    def load(self) -> Any:
        key = (self.spec.source, self.cpu_threads)
        with _cache_lock:
            if key not in _cache:
                _cache[key] = self._load_model()
            return _cache[key]

    def _load_model(self) -> Any:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise ModelError(f"faster-whisper is not installed: {exc}") from exc
        try:
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
    ) -> Transcript:
        """Words and voiced spans, with times shifted by offset_s (for chunks of a longer answer)."""
        duration = audio.size / SAMPLE_RATE
        spans = speech_spans(audio, self.vad)
        words: list[Word] = []
        voiced = sum(s.end - s.start for s in spans)
        if voiced >= self.vad.min_speech_s:
            words = drop_unvoiced(self._decode(audio, duration, progress, cancel), spans)
        if progress:
            progress(1.0)
        shift = offset_s
        return Transcript(
            words=tuple(Word(w.text, w.start + shift, w.end + shift, w.probability) for w in words),
            duration_s=duration,
            speech=tuple(Span(s.start + shift, s.end + shift) for s in spans),
            model=self.model_label,
            decoding=self.decoding.describe(),
        )

    def _decode(
        self,
        audio: np.ndarray,
        duration: float,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> list[Word]:
        model = self.load()
        d = self.decoding
        segments, _info = model.transcribe(
            audio,
            language=d.language,
            beam_size=d.beam_size,
            hotwords=d.hotwords,
            initial_prompt=d.initial_prompt,
            condition_on_previous_text=d.condition_on_previous_text,
            word_timestamps=True,
            vad_filter=True,  # Whisper never sees long silences, where it would invent text
        )
        words: list[Word] = []
        for seg in segments:  # a lazy generator: decoding happens as we iterate
            if cancel is not None and cancel.is_set():
                raise TranscriptionCancelled("transcription cancelled")
            for w in seg.words or ():
                text = w.word.strip()
                if text:
                    words.append(
                        Word(text, round(w.start, 3), round(w.end, 3), round(w.probability, 3))
                    )
            if progress and duration > 0:
                progress(min(1.0, seg.end / duration))
        return words
