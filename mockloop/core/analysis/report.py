"""One analysed answer: its words and the figures read from them (a value, no model inside)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from mockloop.core.analysis.answer import Analysis
from mockloop.core.analysis.structure import Structure, analyse_structure
from mockloop.core.analysis.words import Transcript


@dataclass(frozen=True)
class AnswerReport:
    transcript: Transcript
    analysis: Analysis

    @cached_property
    def structure(self) -> Structure:
        """The STAR parts: derived from the words, so never stored apart from them; worked
        out once per report (the Review, its advice and its STAR bar all read them)."""
        return analyse_structure(self.transcript.words, self.transcript.speech)
