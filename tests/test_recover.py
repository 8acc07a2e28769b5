"""Finding and placing recovered fillers, on hand-made audio and word lists (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from mockloop.core.analysis.room import Room
from mockloop.core.analysis.words import Span, Word
from mockloop.core.speech import hesitation, recover
from mockloop.core.speech.recover import Batch, IslandSettings
from mockloop.core.speech.vad import SAMPLE_RATE
from tests.test_hesitation import vowel


def tone(seconds: float, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (level * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), np.float32)


def test_a_short_sound_between_silences_is_an_island():
    # word (1 s) | 0.12 s silence | 0.2 s hesitation | 0.12 s silence | word (1 s)
    # | 0.02 s catch | 0.2 s sound joined to its word: not an island
    audio = np.concatenate(
        [
            silence(0.5),
            tone(1.0),
            silence(0.12),
            tone(0.2),
            silence(0.12),
            tone(1.0),
            silence(0.02),
            tone(0.2),
            silence(0.5),
        ]
    )
    rng = np.random.default_rng(1)
    audio = audio + rng.normal(0, 1e-4, audio.size).astype(np.float32)
    islands = recover.voiced_islands(audio, [Span(0.5, 3.16)])
    assert len(islands) == 1
    assert islands[0].start == pytest.approx(1.62, abs=0.02)
    assert islands[0].end == pytest.approx(1.82, abs=0.02)


def test_islands_near_a_found_filler_are_not_decoded_again():
    islands = [Span(1.0, 1.2), Span(5.0, 5.2)]
    words = [Word("we", 0.2, 0.4), Word("uh,", 1.3, 1.5), Word("shipped", 4.0, 4.4)]
    assert recover.uncovered(islands, words, 0.5) == [Span(5.0, 5.2)]
    # A person's own spelling covers its island too, once the settings say it counts.
    own = [Word("we", 0.2, 0.4), Word("ehm,", 1.3, 1.5)]
    assert recover.uncovered(islands, own, 0.5) == islands
    assert recover.uncovered(islands, own, 0.5, {"ehm"}) == [Span(5.0, 5.2)]


def test_pack_lays_islands_out_with_silence_and_splits_full_batches():
    audio = tone(30.0)
    s = IslandSettings(separator_s=1.0, pad_s=0.05, batch_s=5.0)
    islands = [Span(1.0, 1.2), Span(3.0, 3.4), Span(8.0, 8.3), Span(12.0, 12.2)]
    batches = recover.pack(audio, islands, s)
    assert [len(b.places) for b in batches] == [2, 2]  # a third would pass 5 s
    first = batches[0].places
    assert first[0] == (Span(1.0, 1.2), pytest.approx(1.05))  # separator + pad
    # each island starts one separator and two pads after the previous one ended
    assert first[1][1] == pytest.approx(1.05 + 0.2 + 0.05 + 1.0 + 0.05)
    assert batches[1].places[0][1] == pytest.approx(1.05)


def test_place_back_maps_decoded_fillers_to_their_islands():
    islands = (Span(10.0, 10.2), Span(20.0, 20.3), Span(30.0, 30.2))
    batch = Batch(np.zeros(1), tuple(zip(islands, (1.0, 2.5, 4.0), strict=True)))
    decoded = [
        Word("Uh,", 0.9, 1.3, 0.8),  # island 1
        Word("the", 2.4, 2.8, 0.9),  # a word, not a filler
        Word("um", 4.3, 4.5, 0.01),  # too unlikely: a clipped word more often than not
        Word("um.", 4.05, 4.2, 0.6),  # island 3
        Word("uh", 8.0, 8.2, 0.9),  # nowhere near an island
    ]
    found = recover.place_back(batch, decoded, reach_s=0.5, min_probability=0.1)
    assert [(w.text, w.start, w.end) for w in found] == [
        ("Uh,", 10.0, 10.2),
        ("um.", 30.0, 30.2),
    ]


def test_a_decoder_loop_is_recognised():
    loop = [Word("uh,", i * 0.1, i * 0.1 + 0.1) for i in range(60)]
    speech = [Word(w, 0, 0) for w in "we split the drop by platform and country".split()]
    assert recover.looped(loop)
    assert not recover.looped(speech)
    assert not recover.looped([])


def test_recovered_fillers_are_slotted_in_by_time():
    words = [Word("as", 1.0, 1.2), Word("the", 1.3, 1.4), Word("launch", 2.0, 2.4)]
    merged = recover.merge_words(words, [Word("um,", 1.6, 1.8)])
    assert [w.text for w in merged] == ["as", "the", "um,", "launch"]


def test_recover_fillers_end_to_end_with_a_stand_in_decoder():
    audio = np.concatenate(
        [silence(0.5), tone(1.0), silence(0.12), tone(0.2), silence(0.12), tone(1.0), silence(0.5)]
    )
    words = [Word("we", 0.5, 1.5), Word("shipped", 1.94, 2.94)]
    batches: list[int] = []

    def hears_uh(batch: np.ndarray) -> list[Word]:
        batches.append(batch.size)
        return [Word("Uh,", 1.0, 1.3, 0.9)]  # the island sits 1.05 s into the batch

    merged = recover.recover_fillers(audio, [Span(0.5, 2.94)], words, hears_uh)
    assert [w.text for w in merged] == ["we", "Uh,", "shipped"] and len(batches) == 1
    assert merged[1].start == pytest.approx(1.62, abs=0.02)

    def loops(batch: np.ndarray) -> list[Word]:
        return [Word("uh,", i * 0.1, i * 0.1 + 0.1, 0.9) for i in range(60)]

    assert recover.recover_fillers(audio, [Span(0.5, 2.94)], words, loops) == words


def test_a_recovered_filler_must_sound_like_one():
    """The decoder says "uh" about any short island; only a voiced one long enough stays.
    Same layout, the island a held vowel, a hiss, or a click-length blip."""
    rng = np.random.default_rng(3)
    hiss = (0.3 * rng.standard_normal(int(0.2 * SAMPLE_RATE))).astype(np.float32)
    kept = {}
    for name, island in (("vowel", tone(0.2)), ("hiss", hiss), ("blip", tone(0.09))):
        audio = np.concatenate(
            [silence(0.5), tone(1.0), silence(0.12), island, silence(0.12), tone(1.0), silence(0.5)]
        )
        end = 1.62 + island.size / SAMPLE_RATE
        words = [Word("we", 0.5, 1.5), Word("shipped", end + 0.12, end + 1.12)]
        merged = recover.recover_fillers(
            audio, [Span(0.5, end + 1.12)], words, lambda b: [Word("Uh,", 1.0, 1.3, 0.9)]
        )
        kept[name] = [w.text for w in merged].count("Uh,")
    assert kept == {"vowel": 1, "hiss": 0, "blip": 0}
    assert hesitation.periodicity(tone(0.3)) > 0.8 and hesitation.periodicity(hiss) < 0.37


def test_a_noisy_room_asks_the_decoder_to_be_surer_of_a_recovered_filler():
    """The same island decoded as "uh" at probability 0.3: kept in a quiet room, dropped in a
    noisy one (noise between words is what gets decoded as "uh" there), kept in both at 0.9."""
    audio = np.concatenate(
        [silence(0.5), tone(1.0), silence(0.12), tone(0.2), silence(0.12), tone(1.0), silence(0.5)]
    )
    words = [Word("we", 0.5, 1.5), Word("shipped", 1.94, 2.94)]
    quiet = Room(1.0, 1e-9, 2.0, 0.1, audio.size, 0)
    noisy = Room(1.0, 1e-3, 2.0, 0.1, audio.size, 0)
    assert not quiet.noisy and noisy.noisy
    kept = {}
    for sure in (0.3, 0.9):
        for name, room in (("quiet", quiet), ("noisy", noisy), ("unknown", None)):
            merged = recover.recover_fillers(
                audio,
                [Span(0.5, 2.94)],
                words,
                lambda b, p=sure: [Word("Uh,", 1.0, 1.3, p)],
                room=room,
            )
            kept[name, sure] = [w.text for w in merged].count("Uh,")
    assert kept == {
        ("quiet", 0.3): 1,
        ("noisy", 0.3): 0,
        ("unknown", 0.3): 1,
        ("quiet", 0.9): 1,
        ("noisy", 0.9): 1,
        ("unknown", 0.9): 1,
    }


def test_a_held_uh_the_decoder_does_not_hear_is_taken_from_its_sound():
    """The decoder hears nothing in the island: a held open vowel there is an "uh" (marked as
    not decoded), a 220 Hz tone is not, and a found filler next to it is not counted twice."""
    words = [Word("we", 0.5, 1.5), Word("shipped", 1.94, 2.94)]

    def answer(island: np.ndarray) -> np.ndarray:
        return np.concatenate(
            [silence(0.5), tone(1.0), silence(0.12), island, silence(0.12), tone(1.0), silence(0.5)]
        )

    def deaf(batch: np.ndarray) -> list[Word]:
        return []

    merged = recover.recover_fillers(answer(vowel(0.2, 650, 1250)), [Span(0.5, 2.94)], words, deaf)
    assert [w.text for w in merged] == ["we", "uh", "shipped"]
    assert merged[1].probability == 0.0 and merged[1].start == pytest.approx(1.62, abs=0.02)
    assert recover.recover_fillers(answer(tone(0.2)), [Span(0.5, 2.94)], words, deaf) == words
    found = [words[0], Word("uh,", 1.6, 1.8), words[1]]
    again = recover.recover_fillers(answer(vowel(0.2, 650, 1250)), [Span(0.5, 2.94)], found, deaf)
    assert again == found
