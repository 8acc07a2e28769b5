"""How an answer sounded, as pure functions over timed words and VAD spans: fillers, pace,
pauses, overrun, hedges, 'I' versus 'we', and quantified results."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from mockloop.core.analysis.fillers import (
    HEDGES,
    LEXICAL_FILLERS,
    VOCAL_FILLERS,
    Mark,
    count_quantities,
    find_marks,
    tokenize,
)
from mockloop.core.analysis.room import Room
from mockloop.core.analysis.words import Span, Transcript, Word
from mockloop.core.timer import format_clock

_I_WORDS = frozenset(["i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"])
_WE_WORDS = frozenset(["we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "ourselves"])


class Pace(StrEnum):
    SLOW = "slow"
    IN_BAND = "in band"
    FAST = "fast"
    NONE = "n/a"  # no words to time


@dataclass(frozen=True)
class AnalysisSettings:
    vocal_fillers: Mapping[str, str] = field(default_factory=lambda: dict(VOCAL_FILLERS))
    lexical_fillers: tuple[str, ...] = LEXICAL_FILLERS
    hedges: tuple[str, ...] = HEDGES
    long_pause_s: float = 1.5
    set_off_gap_s: float = 0.35  # a word gap this long sets a lexical filler off like a comma
    pace_band_wpm: tuple[float, float] = (130.0, 160.0)  # interview answers
    under_time_fraction: float = 0.5  # shorter than half the limit is flagged
    # Voice with no word on it for this long means the recogniser skipped something there
    # (often a hesitation): the review says fillers may have been missed.
    wordless_min_s: float = 0.5


@dataclass(frozen=True)
class Analysis:
    duration_s: float  # the whole answer, from start to stop
    speaking_s: float  # first to last voiced moment; the base of every rate
    time_limit_s: float
    overrun_s: float  # spoken past the limit: from the limit to the last voiced moment
    first_word_over: int | None  # index of the first word spoken after the limit
    under_time: bool
    word_count: int
    content_word_count: int  # words that are not fillers
    wpm: float
    pace: Pace
    fillers: tuple[Mark, ...]
    fillers_by_type: dict[str, int]
    fillers_per_min: float
    filler_pct: float  # fillers as a percentage of all words
    hedges: tuple[Mark, ...]
    hedges_by_type: dict[str, int]
    i_count: int
    we_count: int
    quantities: int
    pauses: tuple[Span, ...]
    no_speech: bool
    wordless: tuple[Span, ...] = ()  # voiced stretches no word covers: fidelity warnings
    room: Room | None = None  # noise floor, SNR, clipping: how far the counts can be trusted

    @property
    def fillers_may_be_missed(self) -> bool:
        return bool(self.wordless)

    @property
    def filler_total(self) -> int:
        return len(self.fillers)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {
            "filler_total": self.filler_total,
            "fillers_may_be_missed": self.fillers_may_be_missed,
        }


def analyse(
    words: Sequence[Word],
    speech: Sequence[Span],
    *,
    duration_s: float,
    time_limit_s: float,
    settings: AnalysisSettings | None = None,
    room: Room | None = None,
) -> Analysis:
    s = settings or AnalysisSettings()
    tokens = tokenize(words)
    fillers, hedges = find_marks(
        tokens,
        vocal=s.vocal_fillers,
        lexical=s.lexical_fillers,
        hedges=s.hedges,
        pause_gap_s=s.set_off_gap_s,
    )
    filler_words = sum(m.last - m.first + 1 for m in fillers)
    content = len(tokens) - filler_words
    speaking = speaking_time(words, speech)
    minutes = speaking / 60
    wpm = content / minutes if speaking >= 1.0 else 0.0
    overrun = max(0.0, spoken_end(words, speech) - time_limit_s)
    first_over = next((i for i, w in enumerate(words) if w.start >= time_limit_s), None)
    return Analysis(
        duration_s=round(duration_s, 3),
        speaking_s=round(speaking, 3),
        time_limit_s=time_limit_s,
        overrun_s=round(overrun, 3),
        first_word_over=first_over,
        under_time=duration_s < time_limit_s * s.under_time_fraction,
        word_count=len(tokens),
        content_word_count=content,
        wpm=round(wpm, 1),
        pace=pace_verdict(wpm, s.pace_band_wpm) if tokens else Pace.NONE,
        fillers=tuple(fillers),
        fillers_by_type=dict(Counter(m.type for m in fillers)),
        fillers_per_min=round(len(fillers) / minutes, 2) if speaking >= 1.0 else 0.0,
        filler_pct=round(100 * filler_words / len(tokens), 1) if tokens else 0.0,
        hedges=tuple(hedges),
        hedges_by_type=dict(Counter(m.type for m in hedges)),
        i_count=sum(t.norm in _I_WORDS for t in tokens),
        we_count=sum(t.norm in _WE_WORDS for t in tokens),
        quantities=count_quantities(tokens),
        pauses=tuple(long_pauses(speech, s.long_pause_s)),
        no_speech=not tokens,
        wordless=tuple(wordless_voice(words, speech, s.wordless_min_s)) if tokens else (),
        room=room,
    )


def analyse_transcript(
    transcript: Transcript, *, time_limit_s: float, settings: AnalysisSettings | None = None
) -> Analysis:
    return analyse(
        transcript.words,
        transcript.speech,
        duration_s=transcript.duration_s,
        time_limit_s=time_limit_s,
        settings=settings,
        room=transcript.room,
    )


def speaking_time(words: Sequence[Word], speech: Sequence[Span]) -> float:
    """From the first voiced moment to the last, pauses included, silence before and after not."""
    starts = [w.start for w in words[:1]] + [s.start for s in speech[:1]]
    ends = [w.end for w in words[-1:]] + [s.end for s in speech[-1:]]
    if not words:
        return 0.0
    return max(0.0, max(ends) - min(starts))


def spoken_end(words: Sequence[Word], speech: Sequence[Span]) -> float:
    """The last voiced moment. Overrun is measured to here, not to the stop key: an answer that
    ended at 1:58 did not run over because the key was pressed at 2:03."""
    if not words:
        return 0.0
    return max([words[-1].end] + [s.end for s in speech[-1:]])


def wordless_voice(
    words: Sequence[Word], speech: Sequence[Span], min_s: float, pad_s: float = 0.1
) -> list[Span]:
    """Voiced stretches (VAD) at least min_s long that no word's time touches. Word timings
    smear over short gaps, so what remains is a real hole: speech the recogniser skipped."""
    covered = sorted((w.start - pad_s, w.end + pad_s) for w in words)
    holes: list[Span] = []
    for span in speech:
        at = span.start
        for lo, hi in covered:
            if hi <= at or lo >= span.end:
                continue
            if lo - at >= min_s:
                holes.append(Span(round(at, 3), round(lo, 3)))
            at = max(at, hi)
        if span.end - at >= min_s:
            holes.append(Span(round(at, 3), round(span.end, 3)))
    return holes


def wordless_note(spans: Sequence[Span]) -> str:
    """'voice with no words at 0:31 (0.8 s), 1:02 (0.6 s): fillers may have been missed'."""
    places = [f"{format_clock(sp.start)} ({sp.end - sp.start:.1f} s)" for sp in spans]
    return f"voice with no words at {', '.join(places)}: fillers may have been missed there"


def long_pauses(speech: Sequence[Span], threshold_s: float) -> list[Span]:
    """Silences of at least threshold_s between voiced stretches (not before or after)."""
    spans = sorted(speech, key=lambda s: s.start)
    return [
        Span(round(a.end, 3), round(b.start, 3))
        for a, b in itertools.pairwise(spans)
        if b.start - a.end >= threshold_s
    ]


def pause_slots(word_starts: Sequence[float], pauses: Sequence[Span]) -> dict[int, float]:
    """Where to show each long pause in a transcript: word index -> pause length. A pause goes
    before the first word starting after the pause began; word timings smear into silences,
    so the pause's start is the anchor that holds."""
    slots: dict[int, float] = {}
    for p in pauses:
        idx = next((i for i, start in enumerate(word_starts) if start >= p.start), None)
        if idx is not None:
            slots.setdefault(idx, p.end - p.start)
    return slots


def pace_verdict(wpm: float, band: tuple[float, float]) -> Pace:
    lo, hi = band
    return Pace.SLOW if wpm < lo else Pace.FAST if wpm > hi else Pace.IN_BAND
