"""Transcribing a stored attempt, one short database unit of work on each side of the slow part."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from mockloop.core.analysis.answer import AnalysisSettings, analyse_transcript
from mockloop.core.errors import MockloopError, TranscriptionCancelled
from mockloop.core.speech.pipeline import analyse_file
from mockloop.core.speech.transcribe import Progress, Transcriber, Transcript
from mockloop.store import files
from mockloop.store.attempt import lifecycle, records
from mockloop.store.attempt.records import AttemptRecord


def process_attempt(
    engine: Engine,
    attempt_id: int,
    transcriber: Transcriber,
    *,
    settings: AnalysisSettings | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> AttemptRecord:
    """Transcribe and analyse one attempt's recording and store the result (its record). On failure the
    attempt is marked failed (or back to recorded if cancelled) and the error re-raised."""
    with Session(engine) as s:
        row = lifecycle.mark_transcribing(s, attempt_id=attempt_id)
        stored, limit, ends = row.recording_path, row.time_limit_s, live_ends(row.decoding)
    try:
        path = files.recording_file(engine, stored)
        report = analyse_file(
            path,
            transcriber,
            time_limit_s=limit,
            settings=settings,
            progress=progress,
            cancel=cancel,
            ends=ends,
        )
    except TranscriptionCancelled:
        with Session(engine) as s:
            lifecycle.mark_recorded(s, attempt_id=attempt_id)
        raise
    except MockloopError as exc:
        with Session(engine) as s:
            lifecycle.mark_failed(s, attempt_id=attempt_id, error=str(exc))
        raise
    with Session(engine) as s:
        return records.save_result(
            s, attempt_id=attempt_id, transcript=report.transcript, analysis=report.analysis
        )


def live_ends(decoding: dict[str, Any] | None) -> list[int] | None:
    """The pieces the live transcriber decoded, when it did: decoding them again gives the
    Review's words. Anything malformed is ignored (the file is then cut afresh)."""
    ends = (decoding or {}).get("pieces")
    if not isinstance(ends, list) or not ends or not all(type(e) is int for e in ends):
        return None
    pieces: list[int] = ends
    return pieces if pieces == sorted(set(pieces)) else None  # one after another, in order


def save_live_transcript(
    engine: Engine,
    attempt_id: int,
    transcript: Transcript,
    *,
    time_limit_s: float,
    settings: AnalysisSettings | None = None,
) -> AttemptRecord:
    """Store a transcript made while the person spoke (see core.live), analysed like any
    other (AttemptGone if the row was deleted meanwhile); the record the Review draws."""
    analysis = analyse_transcript(transcript, time_limit_s=time_limit_s, settings=settings)
    with Session(engine) as s:
        return records.save_result(
            s, attempt_id=attempt_id, transcript=transcript, analysis=analysis
        )
