"""Measuring the room on a stretch of 16 kHz audio and its voiced spans: the floor where no one
speaks, the voice above it, clipped samples and mains hum (core/analysis/room.py reads them)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from mockloop.core.analysis.room import Room
from mockloop.core.analysis.words import Span
from mockloop.core.speech.vad import SAMPLE_RATE

FRAME_S = 0.01
MIN_QUIET_S = 0.5  # less silence than this: the floor is the quietest tenth of the frames
VOICE_OVER_FLOOR = 2.0  # a voiced frame has at least twice the floor's power (3 dB)
CLIP_LEVEL = 0.99
HUM_SECONDS = 8.0  # of quiet audio looked at for hum
HUM_PIECE_S = 0.5  # 2 Hz resolution
MAINS_HZ = (50.0, 60.0)


def frame_power(audio: np.ndarray) -> np.ndarray:
    hop = int(FRAME_S * SAMPLE_RATE)
    n = audio.size // hop
    power: np.ndarray = np.mean(audio[: n * hop].reshape(n, hop).astype(np.float64) ** 2, axis=1)
    return power


def frame_db(audio: np.ndarray) -> np.ndarray:
    db: np.ndarray = 10 * np.log10(frame_power(audio) + 1e-10)
    return db


def measure_room(audio: np.ndarray, spans: Sequence[Span]) -> Room:
    power = frame_power(audio)
    voiced = np.zeros(power.size, bool)
    for s in spans:
        voiced[int(s.start / FRAME_S) : int(np.ceil(s.end / FRAME_S))] = True
    quiet = ~voiced
    if quiet.sum() * FRAME_S < MIN_QUIET_S and power.size:
        quiet = power <= np.percentile(power, 10)
    # The median, not the mean: the quiet frames at the edge of a voiced span hold the tail of
    # a word, and a steady noise's 10 ms powers have a median within 1% of their mean.
    floor = float(np.median(power[quiet])) if quiet.any() else 0.0
    loud = voiced & (power > VOICE_OVER_FLOOR * floor)
    quiet_s = float(quiet.sum()) * FRAME_S
    return Room(
        quiet_s=round(quiet_s, 2),
        quiet_power=floor * quiet_s,
        voice_s=round(float(loud.sum()) * FRAME_S, 2),
        voice_power=float(power[loud].sum()) * FRAME_S,
        samples=int(audio.size),
        clipped_samples=int(np.count_nonzero(np.abs(audio) >= CLIP_LEVEL)),
        hum_power=floor * quiet_s * hum_share(audio, quiet),
    )


def hum_share(audio: np.ndarray, quiet: np.ndarray) -> float:
    """Of the power in the pauses, the share at mains frequency and its first three harmonics
    (the stronger of 50 and 60 Hz), from half-second stretches of silence."""
    hop, n = int(FRAME_S * SAMPLE_RATE), int(HUM_PIECE_S * SAMPLE_RATE)
    starts = [at for lo, hi in runs(quiet) for at in range(lo * hop, hi * hop - n + 1, n)]
    spectrum = np.zeros(n // 2 + 1)
    for at in starts[: int(HUM_SECONDS / HUM_PIECE_S)]:
        x = audio[at : at + n].astype(np.float64)
        spectrum += np.abs(np.fft.rfft((x - x.mean()) * np.hanning(n))) ** 2
    total = float(spectrum.sum())
    if total <= 1e-12:
        return 0.0
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    share = 0.0
    for mains in MAINS_HZ:
        near = np.zeros(freqs.size, bool)
        for k in (1, 2, 3, 4):
            near |= np.abs(freqs - k * mains) <= 3.0
        share = max(share, float(spectrum[near].sum()) / total)
    return share


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def room_of_file(path: Path) -> Room:
    """The room of a recording on disk (the level tests of doctor and Settings)."""
    from mockloop.core.speech.audio_file import load_audio
    from mockloop.core.speech.vad import speech_spans

    audio = load_audio(path)
    return measure_room(audio, speech_spans(audio))
