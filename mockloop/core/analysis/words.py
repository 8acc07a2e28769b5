"""Timed words, voiced spans and the transcript they make: the currency between
transcription and analysis (analysis reads these, never the speech-model adapter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockloop.core.analysis.room import Room, combined


@dataclass(frozen=True)
class Word:
    text: str  # as decoded, with punctuation ("like,")
    start: float
    end: float
    probability: float = 1.0


@dataclass(frozen=True)
class Span:
    start: float
    end: float


@dataclass(frozen=True)
class Transcript:
    words: tuple[Word, ...]
    duration_s: float
    speech: tuple[Span, ...]  # VAD-voiced stretches, for pauses and fidelity checks
    model: str
    decoding: dict[str, Any] = field(default_factory=dict)
    room: Room | None = None  # what the microphone heard around the voice

    @property
    def no_speech(self) -> bool:
        return not self.words

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def joined(pieces: list[Transcript], duration_s: float, model: str) -> Transcript:
    """Pieces of one answer cut in pauses never share a word: concatenating them in order is
    the merge. The decoding set-up is the first piece's (all are decoded alike)."""
    words = tuple(w for p in pieces for w in p.words)
    speech = tuple(s for p in pieces for s in p.speech)
    decoding = dict(pieces[0].decoding) if pieces else {}
    room = combined(p.room for p in pieces)
    return Transcript(words, duration_s, speech, model, decoding, room)
