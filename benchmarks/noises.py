"""The noises people answer in, for the noisy copies of the corpus: each a seeded function of
the clean answer, mixed at a given SNR under its voiced part. Pink noise is what the tuning
split used; the held-out split draws the others too."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

RATE = 22050


def _scaled(noise: np.ndarray, audio: np.ndarray, snr_db: float) -> np.ndarray:
    voiced = audio[np.abs(audio) > 0.01]
    p_signal = float(np.mean(voiced**2))
    return noise * np.sqrt(p_signal / 10 ** (snr_db / 10) / max(1e-12, float(np.mean(noise**2))))


def pink(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """White noise with a 1/f slope."""
    spec = np.fft.rfft(rng.standard_normal(audio.size))
    spec /= np.sqrt(np.maximum(np.arange(spec.size), 1))
    return np.fft.irfft(spec, n=audio.size)


def fan(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A laptop fan: a hum at a seeded pitch with harmonics, over brown rumble."""
    t = np.arange(audio.size) / RATE
    f0 = rng.uniform(90, 180)
    hum = sum(np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6.3)) / k for k in (1, 2, 3, 4))
    brown = np.cumsum(rng.standard_normal(audio.size))
    brown -= np.convolve(brown, np.ones(2205) / 2205, mode="same")  # keep it from drifting
    return hum / np.std(hum) + 0.7 * brown / max(1e-9, float(np.std(brown)))


def keyboard(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Typing: short clicks (2-6 ms bursts with a fast decay), 3-8 a second, in bursts."""
    out = np.zeros(audio.size)
    at = 0.0
    while at < audio.size / RATE:
        at += rng.exponential(1 / 5.5)
        k = int(at * RATE)
        n = int(rng.uniform(0.002, 0.006) * RATE)
        if k + n >= audio.size:
            break
        out[k : k + n] += rng.standard_normal(n) * np.exp(-np.arange(n) / (n / 4))
    return out + 0.02 * rng.standard_normal(audio.size)  # the room under the clicks


def breathing(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Breaths near the microphone: band-limited noise swelling every 3-5 s."""
    white = rng.standard_normal(audio.size)
    spec = np.fft.rfft(white)
    freqs = np.fft.rfftfreq(audio.size, 1 / RATE)
    spec[(freqs < 300) | (freqs > 3000)] = 0
    breath = np.fft.irfft(spec, n=audio.size)
    env = np.zeros(audio.size)
    at = rng.uniform(0.5, 2.0)
    while at < audio.size / RATE - 1:
        k, n = int(at * RATE), int(rng.uniform(0.5, 0.9) * RATE)
        env[k : k + n] = np.sin(np.linspace(0, np.pi, n)) ** 2
        at += rng.uniform(3.0, 5.0)
    return breath * env + 0.05 * white


def babble(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Voices in the next room: the answer itself, reversed and shifted four times, muffled."""
    rev = audio[::-1].astype(np.float64)
    mix = sum(np.roll(rev, int(rng.uniform(0.2, 0.8) * audio.size)) for _ in range(4))
    spec = np.fft.rfft(mix)
    spec[np.fft.rfftfreq(audio.size, 1 / RATE) > 2500] *= 0.2
    return np.fft.irfft(spec, n=audio.size)


def reverb_of(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A bare room: the answer's own reflections (a decaying noise tail of 0.3-0.6 s)."""
    n = int(rng.uniform(0.3, 0.6) * RATE)
    tail = rng.standard_normal(n) * np.exp(-6.9 * np.arange(n) / n)  # -60 dB at the end
    tail[: int(0.01 * RATE)] = 0  # the direct sound is the clean answer itself
    wet = np.fft.irfft(
        np.fft.rfft(audio, audio.size + n) * np.fft.rfft(tail, audio.size + n), audio.size + n
    )
    return wet[: audio.size]


KINDS: dict[str, Callable[[np.ndarray, np.random.Generator], np.ndarray]] = {
    "pink": pink,
    "fan": fan,
    "keyboard": keyboard,
    "breathing": breathing,
    "babble": babble,
    "reverb": reverb_of,
}


def add_noise(audio: np.ndarray, snr_db: float, seed: int, kind: str = "pink") -> np.ndarray:
    """audio with `kind` mixed in at snr_db under its voiced part. A laptop microphone is the
    band limit (300-3400 Hz) on top of fan noise."""
    rng = np.random.default_rng(seed)
    if kind == "laptop":
        noisy = audio + _scaled(fan(audio, rng), audio, snr_db)
        spec = np.fft.rfft(noisy)
        freqs = np.fft.rfftfreq(audio.size, 1 / RATE)
        spec[(freqs < 300) | (freqs > 3400)] = 0
        out = np.fft.irfft(spec, n=audio.size)
        out *= 0.8 / max(1e-9, float(np.abs(out).max()))
    else:
        out = audio + _scaled(KINDS[kind](audio, rng), audio, snr_db)
    return np.clip(out, -1, 1).astype(np.float32)
