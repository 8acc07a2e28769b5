"""Voice activity: where the person spoke. Pauses are measured here (word timings smear
across silences), answers are cut into chunks here, and hallucinated words are caught here."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from mockloop.core import model_exit
from mockloop.core.analysis.words import Span, Word

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class VadSettings:
    threshold: float = 0.5
    min_silence_ms: int = 250  # shorter gaps are part of fluent speech
    pad_ms: int = 30  # keeps pause edges within tens of ms of the true silence
    min_speech_s: float = 0.3  # less voiced audio than this is "no speech detected"
    max_span_s: float = 24.0  # longer stretches are split at their last short silence


def speech_spans(audio: np.ndarray, vad: VadSettings = VadSettings()) -> list[Span]:
    """Voiced stretches by Silero VAD (shipped inside faster-whisper, works offline)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(
        threshold=vad.threshold,
        min_silence_duration_ms=vad.min_silence_ms,
        speech_pad_ms=vad.pad_ms,
        max_speech_duration_s=vad.max_span_s,
    )
    with model_exit.inside():  # onnxruntime: native code the process must not exit under
        found = get_speech_timestamps(audio, opts, sampling_rate=SAMPLE_RATE)
    return [Span(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in found]


def plan_chunks(spans: list[Span], max_s: float) -> list[Span]:
    """Group consecutive voiced spans into chunks no longer than max_s, cutting only in the
    silences between spans, so each chunk fits one Whisper window and no word is cut."""
    chunks: list[Span] = []
    for s in spans:
        if chunks and s.end - chunks[-1].start <= max_s:
            chunks[-1] = Span(chunks[-1].start, s.end)
        else:
            chunks.append(s)
    return chunks


def drop_unvoiced(
    words: list[Word], spans: list[Span], *, pad_s: float = 0.1, margin_s: float = 0.3
) -> list[Word]:
    """Whisper invents short words ("Yeah.", "Thank you.") at the edges of speech and in silence.
    Word timings smear (a filler can get a zero-length time in a short gap), so only clear cases
    go: a word less than 30% inside the first-to-last voiced stretch (padded by pad_s), or one
    inside a silence more than margin_s from both of its edges."""
    if not spans:
        return []
    first, last = spans[0].start - pad_s, spans[-1].end + pad_s
    gaps = [(a.end + margin_s, b.start - margin_s) for a, b in itertools.pairwise(spans)]
    kept = []
    for w in words:
        inside = max(0.0, min(w.end, last) - max(w.start, first))
        if w.end > w.start and inside / (w.end - w.start) < 0.3:
            continue
        if (w.end <= w.start and not first <= w.start <= last) or any(
            lo <= w.start and w.end <= hi for lo, hi in gaps
        ):
            continue
        kept.append(w)
    return kept
