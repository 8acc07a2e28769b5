"""Recovering the vocal fillers the decoder dropped.

Whisper leaves out many a short "uh" even with a filler prompt, and word timings smear over the
gap, so the transcript cannot say where one went missing. The audio can: a hesitation is a short
voiced island with a silence on each side. Those islands are cut out, laid end to end with
silence between them (many islands, one decode) and decoded with the filler prompt; an island
the model now hears as um/uh/hmm becomes a filler, unless one was already found there. One it
still hears nothing in becomes an "uh" when it sounds like a held, open vowel (hesitation.py).
A noisy room (core/analysis/room.py) asks more of both."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np

from mockloop.core.analysis.fillers import VOCAL_FILLERS, is_vocal
from mockloop.core.analysis.room import Room
from mockloop.core.analysis.words import Span, Word
from mockloop.core.speech.hesitation import NOISY_ROOM, QUIET_ROOM, held_vowel, periodicity
from mockloop.core.speech.room import FRAME_S, frame_db, runs
from mockloop.core.speech.vad import SAMPLE_RATE


@dataclass(frozen=True)
class IslandSettings:
    min_s: float = 0.08  # shorter is a click or a plosive burst
    max_s: float = 0.8  # longer is a word or a phrase, decoded fine the first time
    min_gap_s: float = 0.06  # the silence a hesitation leaves on each side
    floor_margin_db: float = 8.0  # above the quietest tenth of the recording (the noise floor)
    range_db: float = 30.0  # and within this of the loud frames of its voiced span
    near_s: float = 0.5  # a filler already found this close covers the island
    separator_s: float = 1.0  # silence between islands in a batch
    pad_s: float = 0.05  # audio kept on each side of an island
    batch_s: float = 28.0  # one Whisper window
    min_probability: float = 0.1  # most recovered "fillers" below it were clipped words
    # A recovered filler must sound like one: long enough and voiced (a periodic sound).
    # Chosen on the tuning split only (49 recovered, 9 wrong): these drop 5 wrong, 1 right.
    min_filler_s: float = 0.12
    min_periodicity: float = 0.37
    # And the decoder must be sure enough of it, surer in a noisy room (core/analysis/room.py),
    # where noise between words is decoded as "uh". Chosen with benchmarks/recovery_tune.py on
    # the tune split (a wrong filler weighed as three right ones): noisy 0.4 drops 7 wrong and
    # 1 right of 20. Quiet 0.2 (3 wrong and 3 right of 32 on tune) cost held-out recall (0.86
    # to 0.83, precision the same), so a quiet room keeps place_back's 0.1.
    min_filler_probability: float = 0.1
    noisy_min_filler_probability: float = 0.4


def voiced_islands(
    audio: np.ndarray, spans: Sequence[Span], s: IslandSettings = IslandSettings()
) -> list[Span]:
    """Short voiced stretches inside VAD speech with a silence on each side."""
    db = frame_db(audio)
    if db.size == 0:
        return []
    floor = float(np.percentile(db, 10))
    out: list[Span] = []
    for span in spans:
        a, b = int(span.start / FRAME_S), min(db.size, int(span.end / FRAME_S))
        seg = db[a:b]
        if seg.size < 5:
            continue
        threshold = max(floor + s.floor_margin_db, float(np.percentile(seg, 95)) - s.range_db)
        found = runs(seg > threshold)
        for k, (lo, hi) in enumerate(found):
            gap_before = lo - found[k - 1][1] if k else lo
            gap_after = found[k + 1][0] - hi if k + 1 < len(found) else seg.size - hi
            length = (hi - lo) * FRAME_S
            gaps_ok = min(gap_before, gap_after) * FRAME_S >= s.min_gap_s
            if s.min_s <= length <= s.max_s and gaps_ok:
                out.append(Span(round((a + lo) * FRAME_S, 3), round((a + hi) * FRAME_S, 3)))
    return out


def uncovered(
    islands: Sequence[Span],
    words: Sequence[Word],
    near_s: float,
    vocal: Collection[str] = VOCAL_FILLERS,
) -> list[Span]:
    """Islands with no vocal filler found within near_s of them."""
    found = [w for w in words if is_vocal(w.text, vocal)]
    return [
        i
        for i in islands
        if not any(w.start - near_s <= i.end and w.end + near_s >= i.start for w in found)
    ]


@dataclass(frozen=True)
class Batch:
    audio: np.ndarray
    places: tuple[tuple[Span, float], ...]  # (island, where it starts in the batch audio)


def pack(audio: np.ndarray, islands: Sequence[Span], s: IslandSettings) -> list[Batch]:
    """Islands laid end to end with silence between them, in batches of one window each."""
    sep = np.zeros(int(s.separator_s * SAMPLE_RATE), np.float32)
    batches: list[Batch] = []
    pieces: list[np.ndarray] = [sep]
    places: list[tuple[Span, float]] = []
    length = sep.size
    for island in islands:
        lo = max(0, int((island.start - s.pad_s) * SAMPLE_RATE))
        hi = min(audio.size, int((island.end + s.pad_s) * SAMPLE_RATE))
        piece = audio[lo:hi].astype(np.float32)
        if places and (length + piece.size + sep.size) / SAMPLE_RATE > s.batch_s:
            batches.append(Batch(np.concatenate(pieces), tuple(places)))
            pieces, places, length = [sep], [], sep.size
        places.append((island, (length + int(island.start * SAMPLE_RATE) - lo) / SAMPLE_RATE))
        pieces += [piece, sep]
        length += piece.size + sep.size
    if places:
        batches.append(Batch(np.concatenate(pieces), tuple(places)))
    return batches


def place_back(
    batch: Batch,
    decoded: Sequence[Word],
    reach_s: float,
    min_probability: float = 0.0,
    vocal: Collection[str] = VOCAL_FILLERS,
) -> list[Word]:
    """Vocal fillers decoded from a batch, moved back to their island's time in the answer.
    Decoded timings in a batch drift by a few tenths of a second, so each filler goes to the
    nearest island within reach_s (half the separator), one filler per island."""
    out: list[Word] = []
    taken: set[int] = set()
    for w in decoded:
        if not is_vocal(w.text, vocal) or w.probability < min_probability:
            continue
        mid = (w.start + w.end) / 2
        best = min(
            (
                (max(0.0, at - mid, mid - (at + island.end - island.start)), k)
                for k, (island, at) in enumerate(batch.places)
                if k not in taken
            ),
            default=None,
        )
        if best is not None and best[0] <= reach_s:
            island = batch.places[best[1]][0]
            taken.add(best[1])
            out.append(Word(w.text, island.start, island.end, w.probability))
    return out


@dataclass(frozen=True)
class Evidence:
    """What the audio says about an island the decoder heard as um/uh."""

    seconds: float
    periodicity: float
    probability: float


def evidence(audio: np.ndarray, w: Word) -> Evidence:
    seg = audio[int(w.start * SAMPLE_RATE) : int(w.end * SAMPLE_RATE)]
    return Evidence(w.end - w.start, periodicity(seg), w.probability)


def sounds_like_a_hesitation(e: Evidence, s: IslandSettings, noisy: bool = False) -> bool:
    """The decoder said um/uh about this island; the audio has to agree."""
    sure = s.noisy_min_filler_probability if noisy else s.min_filler_probability
    return (
        e.seconds >= s.min_filler_s and e.periodicity >= s.min_periodicity and e.probability >= sure
    )


def looped(decoded: Sequence[Word], max_ratio: float = 2.4) -> bool:
    """A decoder stuck in a loop ("uh, uh, uh, ..." over a whole batch of noise) writes text
    that compresses far better than speech: Whisper's own 2.4 gzip-ratio test."""
    text = " ".join(w.text for w in decoded).encode()
    return bool(text) and len(text) / len(zlib.compress(text)) > max_ratio


def recover_fillers(
    audio: np.ndarray,
    spans: Sequence[Span],
    words: Sequence[Word],
    decode: Callable[[np.ndarray], list[Word]],
    s: IslandSettings = IslandSettings(),
    vocal: Collection[str] = VOCAL_FILLERS,
    room: Room | None = None,
) -> list[Word]:
    """The words with the recovered fillers slotted in. `decode` turns one batch's audio into
    timed words (the filler prompt, no temperature fallback). `vocal`: the spellings that
    count as hesitations (the person's own list, from the settings)."""
    candidates = uncovered(voiced_islands(audio, spans, s), words, s.near_s, vocal)
    found: list[Word] = []
    for batch in pack(audio, candidates, s):
        decoded = decode(batch.audio)
        if looped(decoded):
            continue  # a loop says nothing about any one island
        found += place_back(batch, decoded, s.separator_s / 2, s.min_probability, vocal)
    noisy = room is not None and room.noisy
    kept = [w for w in found if sounds_like_a_hesitation(evidence(audio, w), s, noisy)]
    heard = held_vowels(audio, uncovered(candidates, kept, s.near_s, vocal), noisy)
    return merge_words(words, [*kept, *heard])


def held_vowels(audio: np.ndarray, islands: Sequence[Span], noisy: bool) -> list[Word]:
    """The islands the decoder heard nothing in that sound like a held "uh" (core/speech/
    hesitation.py). Whisper skips many an "uh" even alone in a batch; its shape stays."""
    rule = NOISY_ROOM if noisy else QUIET_ROOM
    return [
        Word("uh", i.start, i.end, probability=0.0)  # 0: heard in the audio, not decoded
        for i in islands
        if held_vowel(audio[int(i.start * SAMPLE_RATE) : int(i.end * SAMPLE_RATE)], rule)
    ]


def merge_words(words: Sequence[Word], extra: Sequence[Word]) -> list[Word]:
    """Recovered fillers slotted into the transcript by time."""
    return sorted([*words, *extra], key=lambda w: (w.start, w.end))
