"""File -> transcript -> analysis: the one path every caller (CLI, TUI, benchmarks) uses."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mockloop.core.analysis import Analysis, AnalysisSettings, analyse_transcript
from mockloop.core.audio_file import transcribe_file
from mockloop.core.structure import Structure, analyse_structure
from mockloop.core.transcribe import Progress, Transcriber, Transcript


@dataclass(frozen=True)
class AnswerReport:
    transcript: Transcript
    analysis: Analysis

    @property
    def structure(self) -> Structure:
        """The STAR parts: derived from the words (cheap), so never stored apart from them."""
        return analyse_structure(self.transcript.words)


def analyse_file(
    path: Path,
    transcriber: Transcriber,
    *,
    time_limit_s: float,
    settings: AnalysisSettings | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    ends: Sequence[int] | None = None,
) -> AnswerReport:
    """ends: the pieces a live transcription decoded (see core.audio_file.transcribe_file)."""
    transcript = transcribe_file(path, transcriber, progress=progress, cancel=cancel, ends=ends)
    return AnswerReport(
        transcript, analyse_transcript(transcript, time_limit_s=time_limit_s, settings=settings)
    )
