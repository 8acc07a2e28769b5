"""The room an answer was recorded in: measured on the audio, stored with the attempt, and
shown where it limits the counts."""

from __future__ import annotations

import numpy as np
import pytest

from mockloop.core.analysis.answer import analyse
from mockloop.core.analysis.fillers import MarkKind
from mockloop.core.analysis.room import Room, combined, read_room
from mockloop.core.analysis.uncertainty import (
    COUNT_ERROR,
    Level,
    filler_ranges,
    kind_range,
    level_of,
)
from mockloop.core.analysis.words import Span, Transcript, Word, joined
from mockloop.core.speech.room import measure_room
from mockloop.core.speech.vad import SAMPLE_RATE
from mockloop.store.attempt.results import analysis_json, read_analysis

RNG = np.random.default_rng(5)


def vowel(seconds: float, level: float = 0.3) -> np.ndarray:
    """A held vowel: a 140 Hz voice with harmonics."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    wave = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in (1, 2, 3, 4))
    return (level * wave / np.max(np.abs(wave))).astype(np.float32)


def answer(noise_rms: float, *, hum: bool = False) -> tuple[np.ndarray, list[Span]]:
    """Two seconds of voice between one-second pauses, over a steady noise."""
    quiet = np.zeros(SAMPLE_RATE, np.float32)
    audio = np.concatenate([quiet, vowel(2.0), quiet, vowel(2.0), quiet])
    audio += RNG.normal(0, noise_rms, audio.size).astype(np.float32)
    if hum:
        t = np.arange(audio.size) / SAMPLE_RATE
        audio += (0.02 * np.sin(2 * np.pi * 50 * t)).astype(np.float32)
    return audio, [Span(1.0, 3.0), Span(4.0, 6.0)]


@pytest.mark.parametrize("noise_rms", [0.003, 0.01, 0.03])
def test_the_snr_is_measured_within_two_db(noise_rms):
    audio, spans = answer(noise_rms)
    room = measure_room(audio, spans)
    expected = 10 * np.log10(np.mean(vowel(2.0) ** 2) / noise_rms**2)
    assert room.snr_db == pytest.approx(expected, abs=2)
    assert room.noise_floor_db == pytest.approx(20 * np.log10(noise_rms), abs=1)
    assert room.quiet_s == pytest.approx(3.0, abs=0.05)


def test_digital_silence_reads_as_no_noise_at_all():
    audio, spans = answer(0.0)
    room = measure_room(audio, spans)
    assert room.snr_db == 60.0 and not room.limits_counting and room.problem() is None
    assert room.describe() == "quiet enough to count (60+ dB SNR)"


def test_a_noisy_room_limits_counting_and_says_what_helps():
    audio, spans = answer(0.04)
    room = measure_room(audio, spans)
    assert room.noisy and room.limits_counting
    assert room.problem() == (
        f"noisy room ({room.snr_db:.0f} dB SNR): counts are less certain; a headset helps"
    )


def test_clipping_mains_hum_and_a_faint_voice_are_each_named():
    audio, spans = answer(0.001)
    clipped = measure_room(np.clip(audio * 8, -1, 1), spans)
    assert clipped.clipped and "clipped" in (clipped.problem() or "")
    faint = measure_room(audio * 0.01, spans)
    assert faint.too_quiet and "faint" in (faint.problem() or "")
    hummed = measure_room(*answer(0.001, hum=True))
    assert hummed.hum and not measure_room(audio, spans).hum
    assert "mains hum" in hummed.test_report()


def test_a_level_test_without_speech_gives_the_floor_only():
    quiet = RNG.normal(0, 0.01, SAMPLE_RATE).astype(np.float32)
    room = measure_room(quiet, [])
    assert room.voice_s == 0
    assert room.test_report() == "noise floor -40 dBFS (speak during the test to measure the SNR)"


def test_the_pieces_of_an_answer_add_up_to_its_room():
    audio, spans = answer(0.01)
    whole = measure_room(audio, spans)
    half = audio.size // 2 // 160 * 160
    first = measure_room(audio[:half], [s for s in spans if s.end * SAMPLE_RATE <= half])
    second = measure_room(
        audio[half:],
        [
            Span(s.start - half / SAMPLE_RATE, s.end - half / SAMPLE_RATE)
            for s in spans
            if s.start * SAMPLE_RATE >= half
        ],
    )
    both = combined([first, second])
    assert both is not None and both.snr_db == pytest.approx(whole.snr_db, abs=0.5)
    pieces = [Transcript((), 3.5, (), "m", room=first), Transcript((), 3.5, (), "m", room=second)]
    assert joined(pieces, 7.0, "m").room == both
    assert combined([None, None]) is None


def test_the_room_is_stored_with_the_analysis_and_read_back():
    room = measure_room(*answer(0.02))
    words = (Word("we", 1.0, 1.2), Word("shipped", 1.3, 1.8))
    a = analyse(words, (Span(1.0, 2.0),), duration_s=7.0, time_limit_s=120, room=room)
    back = read_analysis(analysis_json(a), words, (Span(1.0, 2.0),))
    assert back.room == room


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "loud",
        {"quiet_s": "x"},
        {"quiet_s": 1.0},
        {**Room(1, 1, 1, 1, 1, 0).to_dict(), "voice_s": "1.0"},
        {**Room(1, 1, 1, 1, 1, 0).to_dict(), "samples": True},
        {**Room(1, 1, 1, 1, 1, 0).to_dict(), "samples": 1e400},
        {**Room(1, 1, 1, 1, 1, 0).to_dict(), "voice_s": -3},
        {**Room(1, 1, 1, 1, 1, 0).to_dict(), "quiet_power": float("nan")},
    ],
)
def test_a_damaged_stored_room_is_no_room(stored):
    assert read_room(stored) is None


def test_count_ranges_follow_the_room():
    """Three "uh"s and twenty "basically"s: counts whose range differs between every two
    kinds of room, so a range that ignored the room could not pass."""
    words = tuple(Word("uh", i, i + 0.3) for i in range(3)) + tuple(
        Word("basically", 3 + i, 3.3 + i) for i in range(20)
    )
    seen = {}
    for room, level in (
        (measure_room(*answer(0.0)), Level.QUIET),
        (measure_room(*answer(0.05)), Level.NOISY),
        (None, Level.UNKNOWN),
    ):
        assert level_of(room) is level
        a = analyse(words, (), duration_s=25.0, time_limit_s=120, room=room)
        ranges = filler_ranges(a)
        assert ranges["vocal"] == kind_range(3, COUNT_ERROR[level][MarkKind.VOCAL])
        assert ranges["lexical"] == kind_range(20, COUNT_ERROR[level][MarkKind.LEXICAL])
        seen[level] = ranges
    assert len({tuple(sorted(r.items())) for r in seen.values()}) == 3


def test_a_recording_with_no_voice_is_silent_not_a_noisy_room():
    hiss = RNG.normal(0, 0.05, 3 * SAMPLE_RATE).astype(np.float32)
    room = measure_room(hiss, [])
    assert room.voice_s == 0 and not room.noisy and not room.limits_counting
    assert room.problem() is None
