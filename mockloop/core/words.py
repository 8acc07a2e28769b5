"""Timed words and voiced spans: the currency between transcription and analysis."""

from __future__ import annotations

from dataclasses import dataclass


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
