"""File -> transcript -> analysis: the one path every caller (CLI, TUI, benchmarks) uses."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from mockloop.core.analysis.answer import AnalysisSettings, analyse_transcript
from mockloop.core.analysis.report import AnswerReport
from mockloop.core.speech.audio_file import transcribe_file
from mockloop.core.speech.transcribe import Progress, Transcriber


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
