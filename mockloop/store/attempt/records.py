"""One attempt as the screens read it: a frozen record made from its row inside the store, so
no ORM row (and none of its JSON dicts) reaches the UI; and the result saved, handed back as
that record."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from mockloop.core.analysis.answer import Analysis
from mockloop.core.analysis.metrics import COMPARED
from mockloop.core.analysis.report import AnswerReport
from mockloop.core.analysis.words import Transcript
from mockloop.store.attempt import lifecycle, lists, results
from mockloop.store.attempt.lists import HistoryQuery
from mockloop.store.status import Status
from mockloop.store.tables import Attempt


@dataclass(frozen=True)
class AttemptRecord:
    id: int
    question_id: str
    question_prompt: str
    question_category: str
    question_principles: tuple[str, ...]
    started_at: datetime
    time_limit_s: float
    recording_path: str  # as stored; files.recording_file finds it on disk
    status: Status
    error: str | None
    input_device: str | None
    overflow_count: int
    model: str | None  # the speech model that transcribed it
    # The key figures (metrics.COMPARED), as plain columns: known before the full result is.
    duration_s: float | None
    overrun_s: float | None  # None until analysed: it runs to the last voiced moment
    filler_count: int | None
    fillers_per_min: float | None
    wpm: float | None
    hedge_count: int | None
    long_pause_count: int | None
    rating: int | None
    note: str | None
    story_id: int | None  # the story the person chose to tell
    parent_id: int | None  # for a follow-up answer: the main answer it follows
    report: AnswerReport | None  # the transcript and analysis, once transcribed

    @property
    def figures(self) -> dict[str, float | None]:
        """metric key -> value, for progress.compare."""
        return {m.key: getattr(self, m.key) for m in COMPARED}


def record_of(row: Attempt, *, with_report: bool = True) -> AttemptRecord:
    assert row.id is not None  # read from the database
    report = None
    if with_report:
        try:
            report = results.read_report(
                words=row.words,
                speech=row.speech,
                metrics=row.metrics,
                model=row.model,
                decoding=row.decoding,
            )
        except (KeyError, TypeError, ValueError):  # a damaged result: show the row without it
            report = None
    # Every field but these three is a column of the same name and type.
    converted: dict[str, Any] = {
        "question_principles": tuple(row.question_principles),
        "status": Status(row.status),
        "report": report,
    }
    copied = {
        f.name: getattr(row, f.name) for f in fields(AttemptRecord) if f.name not in converted
    }
    return AttemptRecord(**copied, **converted)


def attempt(session: Session, attempt_id: int) -> AttemptRecord | None:
    """One attempt with its full result (the Review)."""
    row = session.get(Attempt, attempt_id)
    return record_of(row) if row is not None else None


def status_of(session: Session, attempt_id: int) -> Status | None:
    row = session.get(Attempt, attempt_id)
    return Status(row.status) if row is not None else None


def previous(session: Session, record: AttemptRecord) -> AttemptRecord | None:
    """The last finished attempt at the same question before this one (figures only)."""
    row = session.get(Attempt, record.id)
    before = lists.previous_attempt(session, attempt=row) if row is not None else None
    return record_of(before, with_report=False) if before is not None else None


def best(session: Session, record: AttemptRecord) -> AttemptRecord | None:
    """The best earlier finished attempt at the same question (figures only)."""
    row = session.get(Attempt, record.id)
    found = lists.best_attempt(session, attempt=row) if row is not None else None
    return record_of(found, with_report=False) if found is not None else None


def follow_ups(session: Session, parent_id: int) -> list[AttemptRecord]:
    """The follow-up answers given after this one, oldest first (figures only)."""
    rows = session.exec(
        select(Attempt).where(Attempt.parent_id == parent_id).order_by(col(Attempt.started_at))
    )
    return [record_of(r, with_report=False) for r in rows]


def recent(session: Session, *, limit: int) -> list[AttemptRecord]:
    """The newest attempts, for tables (figures only)."""
    return [record_of(r, with_report=False) for r in lists.list_attempts(session, limit=limit)]


def finished(session: Session, *, limit: int) -> list[AttemptRecord]:
    """The newest finished attempts, oldest first (figures only)."""
    return [record_of(r, with_report=False) for r in lists.finished(session, limit=limit)]


def history(session: Session, query: HistoryQuery) -> list[AttemptRecord]:
    return [record_of(r, with_report=False) for r in lists.history(session, query=query)]


def answered(session: Session, *, categories: tuple[str, ...], limit: int) -> list[AttemptRecord]:
    """The newest finished main answers (no follow-ups) in these categories, with their
    words (the content checks over time)."""
    stmt = (
        select(Attempt)
        .where(
            Attempt.status == Status.DONE,
            col(Attempt.parent_id).is_(None),
            col(Attempt.question_category).in_(categories),
        )
        .order_by(col(Attempt.started_at).desc())
        .limit(limit)
    )
    return [record_of(r) for r in session.exec(stmt)]


def some(session: Session, ids: list[int]) -> list[AttemptRecord]:
    """These attempts, in this order, skipping any deleted since (figures only)."""
    found = (session.get(Attempt, i) for i in ids)
    return [record_of(r, with_report=False) for r in found if r is not None]


def save_result(
    session: Session, *, attempt_id: int, transcript: Transcript, analysis: Analysis
) -> AttemptRecord:
    """Store an attempt's words and figures (it is done) and hand back the record the Review
    draws, read back from what was stored."""
    row = session.get(Attempt, attempt_id)
    if row is None:
        raise lifecycle.AttemptGone(f"attempt {attempt_id} is no longer in the history")
    row.transcript = transcript.text
    row.words = results.words_json(transcript.words)
    row.speech = results.speech_json(transcript.speech)
    row.metrics = results.analysis_json(analysis)
    row.duration_s = analysis.duration_s
    row.overrun_s = analysis.overrun_s
    row.filler_count = analysis.filler_total
    row.fillers_per_min = analysis.fillers_per_min
    row.wpm = analysis.wpm
    row.long_pause_count = len(analysis.pauses)
    row.hedge_count = len(analysis.hedges)
    row.model = transcript.model
    row.decoding = transcript.decoding
    row.status = Status.DONE  # error stays: a recording problem (device lost) is still true
    session.add(row)
    session.commit()
    session.refresh(row)
    return record_of(row)
