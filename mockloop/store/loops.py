"""Mock loops in the database: one row each (the questions drawn, as JSON), and a practice
session whose attempts are the loop's answers. Nothing else is stored about progress: it is
derived from those attempts, so quitting or a crash loses no place in the loop."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from mockloop.core.analysis.coach import Targets
from mockloop.core.bank import schedule
from mockloop.core.loops.draw import DrawnLoop, Standing, from_json, to_json
from mockloop.core.loops.progress import SlotAnswer, Step, is_follow_up, next_step, on_break
from mockloop.core.loops.report import AnswerFacts, LoopReport, build_report, day_figures, summarise
from mockloop.store.attempt import lifecycle, records
from mockloop.store.status import LoopStatus as LoopStatus
from mockloop.store.tables import (
    NEEDS_TRANSCRIPTION,
    Attempt,
    AttemptPrinciple,
    MockLoop,
    Status,
)


@dataclass(frozen=True)
class LoopRecord:
    id: int
    name: str
    plan_key: str
    status: LoopStatus
    started_at: datetime
    ended_at: datetime | None
    session_id: int
    drawn: DrawnLoop


def _record(row: MockLoop) -> LoopRecord:
    assert row.id is not None
    return LoopRecord(
        row.id,
        row.name,
        row.plan_key,
        LoopStatus(row.status),
        row.started_at,
        row.ended_at,
        row.session_id,
        from_json(row.drawn),
    )


def create(session: Session, drawn: DrawnLoop) -> LoopRecord:
    practice = lifecycle.start_session(session, mode="loop")
    assert practice.id is not None
    row = MockLoop(
        name=drawn.name,
        plan_key=drawn.key,
        started_at=lifecycle.now(),
        session_id=practice.id,
        drawn=to_json(drawn),
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return _record(row)


def get(session: Session, loop_id: int) -> LoopRecord | None:
    row = session.get(MockLoop, loop_id)
    return _record(row) if row is not None else None


def every(session: Session, *, status: LoopStatus | None = None) -> list[LoopRecord]:
    """Newest first."""
    stmt = select(MockLoop).order_by(col(MockLoop.started_at).desc(), col(MockLoop.id).desc())
    if status is not None:
        stmt = stmt.where(MockLoop.status == status)
    return [_record(r) for r in session.exec(stmt)]


def previous_done(session: Session, loop: LoopRecord) -> LoopRecord | None:
    """The last loop finished before this one started: what the day is compared with."""
    stmt = (
        select(MockLoop)
        .where(
            MockLoop.status == LoopStatus.DONE,
            col(MockLoop.id) != loop.id,
            col(MockLoop.started_at) < loop.started_at,
        )
        .order_by(col(MockLoop.started_at).desc())
    )
    row = session.exec(stmt).first()
    return _record(row) if row is not None else None


def set_status(session: Session, loop_id: int, status: LoopStatus) -> None:
    row = session.get(MockLoop, loop_id)
    if row is None or row.status == status:
        return
    row.status = status
    row.ended_at = None if status == LoopStatus.OPEN else lifecycle.now()
    session.add(row)
    session.commit()


def finished_by_plan(session: Session) -> dict[str, int]:
    """plan key -> how many loops of it were taken to the end."""
    stmt = (
        select(MockLoop.plan_key, func.count())
        .where(MockLoop.status == LoopStatus.DONE)
        .group_by(MockLoop.plan_key)
    )
    return {key: int(n) for key, n in session.exec(stmt)}


def answers(session: Session, loop: LoopRecord) -> dict[str, SlotAnswer]:
    """question id -> the latest answer to it in this loop, with its follow-ups. Every
    attempt with audio counts, finished or not: a crash mid-answer keeps its place."""
    rows = session.exec(
        select(Attempt)
        .where(Attempt.session_id == loop.session_id)
        .order_by(col(Attempt.started_at), col(Attempt.id))
    ).all()
    main: dict[str, Attempt] = {}
    for row in rows:
        if row.parent_id is None and not is_follow_up(row.question_id):
            main[row.question_id] = row  # a retry replaces the earlier answer
    out = {}
    for qid, row in main.items():
        follow = [r for r in rows if r.parent_id == row.id]
        seconds = sum(r.duration_s or 0.0 for r in (row, *follow))
        out[qid] = SlotAnswer(row.id or 0, tuple(r.id or 0 for r in follow), seconds)
    return out


def standings(session: Session, *, goal_fillers_per_min: float) -> Mapping[str, Standing]:
    """principle -> answers given and their mean grade (core.schedule.grade)."""
    stmt = (
        sa_select(
            col(AttemptPrinciple.principle),
            col(Attempt.question_id),
            col(Attempt.started_at),
            col(Attempt.rating),
            col(Attempt.fillers_per_min),
            col(Attempt.overrun_s),
        )
        .join(Attempt, col(Attempt.id) == col(AttemptPrinciple.attempt_id))
        .where(col(Attempt.status) == Status.DONE)
    )
    grades: dict[str, list[int]] = {}
    for principle, *review in session.execute(stmt):
        g = schedule.grade(schedule.Review(*review), goal_fillers_per_min)
        grades.setdefault(principle, []).append(g)
    return {p: Standing(len(g), sum(g) / len(g)) for p, g in grades.items()}


def _facts(
    session: Session, attempt_id: int, follow_up_ids: tuple[int, ...], *, with_report: bool
) -> AnswerFacts | None:
    row = lifecycle.get_attempt(session, attempt_id=attempt_id)
    if row is None:
        return None
    rec = records.record_of(row, with_report=with_report)
    follow = (_facts(session, i, (), with_report=with_report) for i in follow_up_ids)
    return AnswerFacts(
        rec.id,
        rec.question_id,
        rec.question_prompt,
        rec.question_category,
        rec.question_principles,
        rec.time_limit_s,
        rec.figures,
        rec.report,
        tuple(f for f in follow if f is not None),
    )


def _all_facts(session: Session, loop: LoopRecord, *, with_report: bool) -> dict[str, AnswerFacts]:
    out = {}
    for qid, answer in answers(session, loop).items():
        facts = _facts(session, answer.attempt_id, answer.follow_up_ids, with_report=with_report)
        if facts is not None:
            out[qid] = facts
    return out


def report(session: Session, loop_id: int, targets: Targets) -> LoopReport | None:
    """The loop's report, compared with the last loop finished before it."""
    loop = get(session, loop_id)
    if loop is None:
        return None
    before = previous_done(session, loop)
    previous = None
    if before is not None:
        old = _all_facts(session, before, with_report=False)
        previous = (before.id, day_figures([summarise(f, targets) for f in old.values()]))
    return build_report(
        loop.id,
        loop.drawn,
        status=loop.status.value,
        started_at=loop.started_at,
        ended_at=loop.ended_at,
        facts=_all_facts(session, loop, with_report=True),
        targets=targets,
        previous=previous,
    )


@dataclass(frozen=True)
class LoopState:
    """Where a loop stands now: what the hub shows and the flow acts on."""

    loop: LoopRecord
    answers: dict[str, SlotAnswer]
    step: Step | None  # None: every question and follow-up answered
    break_minutes: int  # a break is due before the step (it opens a round)
    last: records.AttemptRecord | None  # the latest answer given in the loop


def state(session: Session, loop_id: int, *, follow_up_s: int) -> LoopState | None:
    loop = get(session, loop_id)
    if loop is None:
        return None
    given = answers(session, loop)
    step = next_step(loop.drawn, given, follow_up_s=follow_up_s)
    last_row = session.exec(
        select(Attempt)
        .where(Attempt.session_id == loop.session_id)
        .order_by(col(Attempt.started_at).desc(), col(Attempt.id).desc())
    ).first()
    last = records.record_of(last_row, with_report=False) if last_row is not None else None
    return LoopState(loop, given, step, on_break(loop.drawn, given, step), last)


def untranscribed(session: Session, loop_id: int) -> list[int]:
    """The loop's answers whose audio waits for transcription (quit, crash, a failure)."""
    loop = get(session, loop_id)
    if loop is None:
        return []
    rows = session.exec(
        select(Attempt.id).where(
            Attempt.session_id == loop.session_id, col(Attempt.status).in_(NEEDS_TRANSCRIPTION)
        )
    )
    return [i for i in rows if i is not None]
