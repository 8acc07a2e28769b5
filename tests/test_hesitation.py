"""An "uh" heard from the audio alone: a held, open, voiced vowel, and nothing else."""

from __future__ import annotations

import numpy as np

from mockloop.core.speech.hesitation import (
    NOISY_ROOM,
    QUIET_ROOM,
    held_vowel,
    periodicity,
    vowel_shape,
)
from mockloop.core.speech.vad import SAMPLE_RATE


def vowel(seconds: float, f1: float, f2: float, *, f1_end: float | None = None) -> np.ndarray:
    """A voice at 120 Hz through two formants; f1_end glides the first one (a word's vowel)."""
    n = int(seconds * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    first = np.linspace(f1, f1 if f1_end is None else f1_end, n)
    out = np.zeros(n)
    for k in range(1, 30):
        f = 120 * k
        gain = np.exp(-(((f - first) / 90) ** 2)) + 0.7 * np.exp(-(((f - f2) / 120) ** 2))
        out += (gain + 0.02) * np.sin(2 * np.pi * f * t)
    return (0.3 * out / np.abs(out).max()).astype(np.float32)


def test_a_held_open_vowel_is_an_uh_in_a_quiet_and_a_noisy_room():
    uh = vowel(0.3, 650, 1250)
    shape = vowel_shape(uh)
    assert shape is not None and shape.flux < 0.5 and shape.open_start > 2
    assert held_vowel(uh, QUIET_ROOM) and held_vowel(uh, NOISY_ROOM)


def test_a_moving_vowel_a_closed_one_a_hum_a_breath_and_a_blip_are_not():
    rng = np.random.default_rng(1)
    # A word: open vowels too, but a new one every 40 ms (only the flux tells it apart).
    word = np.concatenate(
        [vowel(0.04, rng.uniform(500, 900), rng.uniform(1100, 2200)) for _ in range(8)]
    )
    shape = vowel_shape(word)
    assert shape is not None and shape.flux > QUIET_ROOM.max_flux
    assert shape.open_start > QUIET_ROOM.min_open_start and periodicity(word) > 0.55
    opening = vowel(0.3, 300, 2200, f1_end=800)  # "why": starts closed
    closed = vowel(0.3, 250, 900)  # "mm": little above 500 Hz
    t = np.arange(int(0.3 * SAMPLE_RATE)) / SAMPLE_RATE
    hum = (0.3 * np.sin(2 * np.pi * 120 * t)).astype(np.float32)
    breath = (0.1 * rng.standard_normal(int(0.3 * SAMPLE_RATE))).astype(np.float32)
    blip = vowel(0.08, 650, 1250)
    for name, sound in (
        ("word", word),
        ("opening", opening),
        ("closed", closed),
        ("hum", hum),
        ("breath", breath),
        ("blip", blip),
    ):
        assert not held_vowel(sound, QUIET_ROOM), name
    assert periodicity(breath) < 0.3 < periodicity(vowel(0.3, 650, 1250))
    assert vowel_shape(vowel(0.02, 650, 1250)) is None
