"""What the room let the microphone hear: the noise floor, the voice above it, clipping, mains
hum and a level too low. Measured on the audio (core/speech/room.py); here are the figures and
what they mean for the counts. Sums, not averages, so the pieces of one answer add up."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

# Below this SNR the counts follow the noisy-room error model (core/analysis/uncertainty.py):
# it was fitted on answers at 10-25 dB, the quiet model on answers with no noise at all.
NOISY_BELOW_DB = 25.0
QUIET_VOICE_DB = -40.0  # a voice this far under full scale is a microphone set too low
CLIPPED_SHARE = 0.001  # one sample in a thousand at full scale: the peaks are cut off
HUM_SHARE = 0.5  # mains hum holds half the power of the pauses
MIN_VOICE_S = 0.3  # less voice than this in a level test: no SNR to give
SNR_CAP_DB = 60.0  # digital silence between words: "60 dB" means "no noise to speak of"


@dataclass(frozen=True)
class Room:
    quiet_s: float  # seconds with no voice, where the floor was measured
    quiet_power: float  # their summed power (mean square x seconds)
    voice_s: float  # seconds of voiced frames
    voice_power: float  # their summed power
    samples: int
    clipped_samples: int
    hum_power: float = 0.0  # of quiet_power, the part at 50/60 Hz and its harmonics

    @property
    def noise_floor_db(self) -> float:
        return _db(self.quiet_power / self.quiet_s) if self.quiet_s else -100.0

    @property
    def voice_db(self) -> float:
        return _db(self.voice_power / self.voice_s) if self.voice_s else -100.0

    @property
    def snr_db(self) -> float:
        if not self.voice_s:
            return 0.0
        noise = self.quiet_power / self.quiet_s if self.quiet_s else 1e-10
        voice = max(self.voice_power / self.voice_s - noise, 1e-10)
        return round(min(SNR_CAP_DB, 10 * math.log10(voice / max(noise, 1e-10))), 1)

    @property
    def clipped(self) -> bool:
        return self.samples > 0 and self.clipped_samples / self.samples >= CLIPPED_SHARE

    @property
    def hum(self) -> bool:
        return self.quiet_power > 0 and self.hum_power / self.quiet_power >= HUM_SHARE

    @property
    def too_quiet(self) -> bool:
        return self.voice_s > 0 and self.voice_db < QUIET_VOICE_DB

    @property
    def noisy(self) -> bool:
        """Only a voice has an SNR: a recording with none is silent, not noisy."""
        return self.voice_s > 0 and self.snr_db < NOISY_BELOW_DB

    @property
    def limits_counting(self) -> bool:
        return self.noisy or self.clipped or self.too_quiet

    def problem(self) -> str | None:
        """One line for the Review when the room limits the counts, else None."""
        if self.clipped:
            return "the input clipped: lower the microphone gain; counts are less certain"
        if self.too_quiet:
            return (
                f"the voice was faint ({self.voice_db:.0f} dBFS): move closer or raise the "
                "gain; counts are less certain"
            )
        if self.noisy:
            hum = ", mains hum" if self.hum else ""
            return (
                f"noisy room ({self.snr_db:.0f} dB SNR{hum}): counts are less certain; "
                "a headset helps"
            )
        return None

    def describe(self) -> str:
        """The problem, or how quiet the room was ('quiet enough to count (42 dB SNR)')."""
        snr = f"{self.snr_db:.0f}+" if self.snr_db >= SNR_CAP_DB else f"{self.snr_db:.0f}"
        return self.problem() or f"quiet enough to count ({snr} dB SNR)"

    def test_report(self) -> str:
        """A level test's line: the floor, and the SNR once the person has spoken."""
        floor = f"noise floor {self.noise_floor_db:.0f} dBFS"
        hum = "; mains hum" if self.hum else ""
        if self.voice_s < MIN_VOICE_S:
            return f"{floor}{hum} (speak during the test to measure the SNR)"
        return f"{self.describe()}; {floor}{hum}"

    def summary(self) -> dict[str, Any]:
        """The figures a person or a script reads (analyze --json's "room")."""
        return {
            "snr_db": self.snr_db,
            "noise_floor_db": round(self.noise_floor_db, 1),
            "voice_db": round(self.voice_db, 1),
            "clipped": self.clipped,
            "hum": self.hum,
            "too_quiet": self.too_quiet,
            "limits_counting": self.limits_counting,
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_room(stored: Mapping[str, Any] | None) -> Room | None:
    """A stored room, or None when there is none or it is not one (a damaged backup)."""
    if not isinstance(stored, Mapping):
        return None
    try:
        values: dict[str, Any] = {
            f.name: _number(stored[f.name], f.type) for f in fields(Room) if f.name in stored
        }
        room = Room(**values)
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    return room if all(math.isfinite(n) and n >= 0 for n in asdict(room).values()) else None


def _number(value: Any, kind: Any) -> float | int:
    """A stored figure as the number it should be; text and other types are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return int(value) if kind in (int, "int") else float(value)


def combined(rooms: Iterable[Room | None]) -> Room | None:
    """The pieces of one answer as one room."""
    known = [r for r in rooms if r is not None]
    if not known:
        return None
    return Room(*(sum(getattr(r, f.name) for r in known) for f in fields(Room)))


def _db(power: float) -> float:
    return 10 * math.log10(max(power, 1e-10))
