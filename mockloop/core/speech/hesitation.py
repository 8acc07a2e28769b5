"""What a hesitation sounds like, from the audio alone. An "uh" is a held, open vowel: voiced
(periodic), its spectrum steady from one 10 ms frame to the next, with more energy at 500-2000
Hz (an open mouth's first two formants) than under 500 Hz from start to end. A word's vowels
move; a closing "m" drops the upper band; a breath or a click is not periodic."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mockloop.core.speech.vad import SAMPLE_RATE

_FRAME, _HOP = 512, 160
_LO_BIN, _HI_BIN = 4, 128  # 125-4000 Hz at 31.25 Hz a bin
_LOW_HZ, _MID_HZ = 500.0, 2000.0


@dataclass(frozen=True)
class VowelShape:
    flux: float  # mean change of the log spectrum between frames (a word's vowels move)
    open_start: float  # log of 500-2000 Hz over 125-500 Hz energy, first half
    open_end: float  # the same, second half


@dataclass(frozen=True)
class HeldVowel:
    """How an island must sound to count as an "uh" when the decoder heard nothing there.
    Chosen on the fidelity corpus's tune split (benchmarks/recovery_tune.py --vowels), a wrong
    filler weighed as three right ones."""

    max_flux: float
    min_periodicity: float
    min_open_start: float
    min_open_end: float
    min_s: float = 0.12


QUIET_ROOM = HeldVowel(max_flux=1.0, min_periodicity=0.55, min_open_start=1.0, min_open_end=1.5)
# Noise flattens the spectrum and adds low energy: steadier and more open, or it is not one.
NOISY_ROOM = HeldVowel(max_flux=0.95, min_periodicity=0.5, min_open_start=2.0, min_open_end=1.0)


def periodicity(audio: np.ndarray) -> float:
    """How voiced a stretch is: the median over 32 ms frames of the strongest normalised
    autocorrelation at a voice's pitch lags (80-400 Hz). A held "uh" scores about 0.6; noise
    bursts, breaths and clicks score lower."""
    lo, hi = SAMPLE_RATE // 400, SAMPLE_RATE // 80
    scores = []
    for i in range(0, audio.size - _FRAME, _HOP):
        frame = audio[i : i + _FRAME].astype(np.float64)
        frame -= frame.mean()
        ac = np.correlate(frame, frame, "full")[_FRAME - 1 :]
        if ac[0] > 1e-9:
            scores.append(float(ac[lo:hi].max() / ac[0]))
    return float(np.median(scores)) if scores else 0.0


def vowel_shape(audio: np.ndarray) -> VowelShape | None:
    """None for a stretch too short to have three frames."""
    starts = range(0, audio.size - _FRAME, _HOP)
    if len(starts) < 3:
        return None
    window = np.hanning(_FRAME)
    frames = np.array([audio[i : i + _FRAME].astype(np.float64) * window for i in starts])
    power = np.abs(np.fft.rfft(frames, axis=1))[:, _LO_BIN:_HI_BIN] ** 2
    log_power = np.log(power + 1e-9)
    freqs = np.arange(_LO_BIN, _HI_BIN) * SAMPLE_RATE / _FRAME
    low = power[:, freqs < _LOW_HZ].sum(axis=1)
    mid = power[:, (freqs >= _LOW_HZ) & (freqs < _MID_HZ)].sum(axis=1)
    openness = np.log((mid + 1e-9) / (low + 1e-9))
    half = len(openness) // 2
    return VowelShape(
        flux=float(np.mean(np.abs(np.diff(log_power, axis=0)))),
        open_start=float(np.mean(openness[:half])),
        open_end=float(np.mean(openness[half:])),
    )


def held_vowel(audio: np.ndarray, rule: HeldVowel) -> bool:
    """Whether a stretch between silences sounds like a held "uh"."""
    if audio.size < rule.min_s * SAMPLE_RATE:
        return False
    shape = vowel_shape(audio)
    return (
        shape is not None
        and shape.flux < rule.max_flux
        and shape.open_start >= rule.min_open_start
        and shape.open_end >= rule.min_open_end
        and periodicity(audio) >= rule.min_periodicity
    )
