"""One attempt's row through its life: recording -> recorded -> transcribing -> done (or
failed, or interrupted when the process died), and the person's edits to it (rating, note,
follow-up link, delete). Each function is one unit of work on a Session."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from mockloop.core.audio.recorder import RecordingResult
from mockloop.core.audio.wavfile import repair_wav
from mockloop.core.bank.questions import Question
from mockloop.core.errors import MockloopError
from mockloop.store import files
from mockloop.store.status import Status
from mockloop.store.tables import Attempt, AttemptPrinciple, PracticeSession


def now() -> datetime:
    return datetime.now(UTC)  # stored as UTC; shown in local time


def start_session(session: Session, *, mode: str) -> PracticeSession:
    row = PracticeSession(started_at=now(), mode=mode)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def start_attempt(
    session: Session,
    *,
    question: Question,
    recording_path: Path,
    time_limit_s: float | None = None,
    practice_session_id: int | None = None,
    status: str = Status.RECORDING,
    story_id: int | None = None,
    parent_id: int | None = None,
) -> Attempt:
    """Create the row before any audio exists, so a crash mid-answer leaves a trace.
    story_id: the story told; parent_id: the main answer a follow-up answers."""
    row = Attempt(
        session_id=practice_session_id,
        story_id=story_id,
        parent_id=parent_id,
        question_id=question.id,
        question_prompt=question.prompt,
        question_category=question.category,
        question_principles=list(question.principles),
        started_at=now(),
        time_limit_s=float(time_limit_s or question.time_limit_s),
        recording_path=files.to_stored(session, recording_path),
        status=status,
        pid=os.getpid(),
    )
    session.add(row)
    session.flush()
    assert row.id is not None  # flush gave it one
    for p in question.principles:
        session.add(AttemptPrinciple(attempt_id=row.id, principle=p))
    session.commit()
    session.refresh(row)
    return row


def get_attempt(session: Session, *, attempt_id: int) -> Attempt | None:
    return session.get(Attempt, attempt_id)


def finish_recording(
    session: Session, *, attempt_id: int, result: RecordingResult, transcribing: bool = False
) -> Attempt:
    """The recording is complete and safe on disk. transcribing: this process goes straight on
    to its words (one write instead of two; a crash then puts it back in the queue)."""
    row = _get(session, attempt_id)
    row.ended_at = now()
    row.duration_s = round(result.duration_s, 3)  # overrun waits for the analysis (one meaning)
    row.samplerate = result.samplerate
    row.input_device = result.device
    row.overflow_count = result.overflows
    row.silent_input = result.silent
    row.error = result.error
    row.status = Status.TRANSCRIBING if transcribing else Status.RECORDED
    row.pid = os.getpid()
    return _save(session, row)


class AttemptBusy(MockloopError):
    """Another live process is recording or transcribing this attempt."""


def refuse_if_busy_elsewhere(row: Attempt, verb: str) -> None:
    """AttemptBusy when another live mockloop (a second window, `mockloop record`) holds the
    attempt: recording it, or transcribing it."""
    held = row.status in (Status.RECORDING, Status.TRANSCRIBING)
    if held and row.pid is not None and row.pid != os.getpid() and pid_alive(row.pid):
        doing = "recording" if row.status == Status.RECORDING else "transcribing"
        raise AttemptBusy(
            f"Attempt {row.id} cannot be {verb} now: another mockloop (process {row.pid}) is "
            f"{doing} it. Try again when it has finished."
        )


def mark_transcribing(session: Session, *, attempt_id: int) -> Attempt:
    row = _get(session, attempt_id)
    refuse_if_busy_elsewhere(row, "transcribed")
    if row.status == Status.FAILED:
        row.error = None  # a retry: the old failure no longer describes the attempt
    row.status = Status.TRANSCRIBING
    row.pid = os.getpid()
    return _save(session, row)


def mark_recorded(session: Session, *, attempt_id: int) -> Attempt:
    """Back in the queue: the audio is complete, its transcription did not finish."""
    row = _get(session, attempt_id)
    row.status = Status.RECORDED
    return _save(session, row)


def mark_failed(session: Session, *, attempt_id: int, error: str) -> Attempt:
    row = _get(session, attempt_id)
    row.status = Status.FAILED
    row.error = error
    return _save(session, row)


def pid_alive(pid: int) -> bool:
    """True if pid is a live process (a zombie is dead: PID 1 may not reap it)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
            return True
        except OSError:
            return False


def recover_interrupted(
    session: Session, *, is_alive: Callable[[int], bool] = pid_alive
) -> list[Attempt]:
    """Attempts left behind by a process that died: a cut-off recording becomes 'interrupted'
    (its WAV header repaired), a cut-off transcription goes back to 'recorded' for a retry."""
    stuck = session.exec(
        select(Attempt).where(col(Attempt.status).in_([Status.RECORDING, Status.TRANSCRIBING]))
    )
    recovered = []
    for row in stuck:
        if row.pid is not None and row.pid != os.getpid() and is_alive(row.pid):
            continue
        if row.status == Status.RECORDING:
            duration = _repaired(session, row.recording_path)
            row.duration_s = round(duration, 3) if duration is not None else None
            row.status = Status.INTERRUPTED
            row.error = "recording interrupted (the program stopped); audio up to then was kept"
        else:
            row.status = Status.RECORDED
        session.add(row)
        recovered.append(row)
    session.commit()
    for row in recovered:
        session.refresh(row)
    return recovered


def _repaired(session: Session, stored: str) -> float | None:
    """repair_wav on the attempt's own file; a path out of the data folder is left alone."""
    try:
        path = files.recording_file(session, stored)
    except files.UnsafePath:
        return None
    return repair_wav(path) if files.is_regular_file(path) else None


class AttemptGone(MockloopError):
    """The attempt's row is not there (deleted elsewhere)."""


def _get(session: Session, attempt_id: int) -> Attempt:
    row = session.get(Attempt, attempt_id)
    if row is None:
        raise AttemptGone(f"attempt {attempt_id} is no longer in the history")
    return row


def _save(session: Session, row: Attempt) -> Attempt:
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def set_rating(session: Session, *, attempt_id: int, rating: int | None) -> None:
    if rating is not None and not 1 <= rating <= 5:
        raise ValueError("rating must be 1-5")
    _update(session, attempt_id, rating=rating)


def set_note(session: Session, *, attempt_id: int, note: str) -> None:
    _update(session, attempt_id, note=note.strip() or None)


def delete_attempt(session: Session, *, attempt_id: int) -> None:
    """Delete the attempt, and then its recording unless another attempt points at the same
    file. Refused (AttemptBusy) while another live process records or transcribes it; a
    recording path that leads out of the data folder deletes the row and no file."""
    row = session.get(Attempt, attempt_id)
    if row is None:
        return
    refuse_if_busy_elsewhere(row, "deleted")
    stored, status, pid = row.recording_path, row.status, row.pid
    shared = session.exec(
        select(func.count())
        .select_from(Attempt)
        .where(Attempt.recording_path == stored, Attempt.id != attempt_id)
    ).one()
    session.exec(delete(AttemptPrinciple).where(col(AttemptPrinciple.attempt_id) == attempt_id))
    # Only the row as it was checked: another process may have claimed it since.
    gone = session.exec(
        delete(Attempt).where(
            col(Attempt.id) == attempt_id,
            col(Attempt.status) == status,
            col(Attempt.pid).is_not_distinct_from(pid),  # NULL matches NULL
        )
    )
    if not gone.rowcount:
        session.rollback()
        raise AttemptBusy(f"attempt {attempt_id} changed while it was being deleted")
    session.commit()
    if not shared:
        _remove_recording(session, stored)


def _remove_recording(session: Session, stored: str) -> None:
    try:
        path = files.recording_file(session, stored)
    except files.UnsafePath:
        return  # a path out of the data folder is never followed: the row alone goes
    if files.is_regular_file(path):
        path.unlink(missing_ok=True)


def _update(session: Session, attempt_id: int, **values: object) -> None:
    row = session.get(Attempt, attempt_id)
    if row is None:
        raise KeyError(f"attempt {attempt_id} not found")
    for k, v in values.items():
        setattr(row, k, v)
    session.add(row)
    session.commit()


def set_parent(session: Session, *, attempt_id: int, parent_id: int) -> None:
    row = get_attempt(session, attempt_id=attempt_id)
    if row is not None:
        row.parent_id = parent_id
        session.add(row)
        session.commit()
