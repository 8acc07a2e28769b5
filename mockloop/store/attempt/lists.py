"""Attempts in numbers: the history, practice days, daily and weekly series, coverage and due
dates, done in SQL so they stay fast with many thousands of attempts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from mockloop.core.bank import schedule
from mockloop.store.status import Status
from mockloop.store.tables import Attempt, AttemptPrinciple


def count_attempts(session: Session, *, statuses: Sequence[str]) -> int:
    stmt = select(func.count()).select_from(Attempt).where(col(Attempt.status).in_(statuses))
    return int(session.exec(stmt).one())


def list_attempts(
    session: Session, *, statuses: Sequence[str] | None = None, limit: int | None = None
) -> list[Attempt]:
    query = select(Attempt).order_by(col(Attempt.started_at).desc(), col(Attempt.id).desc())
    if statuses:
        query = query.where(col(Attempt.status).in_(statuses))
    if limit:
        query = query.limit(limit)
    return list(session.exec(query))


def last_practised(session: Session) -> dict[str, datetime]:
    """question id -> when it was last answered (any status but a live recording)."""
    rows = session.exec(
        select(Attempt.question_id, func.max(Attempt.started_at))
        .where(Attempt.status != Status.RECORDING)
        .group_by(Attempt.question_id)
    )
    return {qid: when for qid, when in rows}


SORTABLE = (
    "started_at",
    "question_id",
    "question_category",
    "duration_s",
    "overrun_s",
    "fillers_per_min",
    "wpm",
    "rating",
    "status",
)


@dataclass(frozen=True)
class HistoryQuery:
    text: str = ""
    category: str | None = None
    principle: str | None = None
    sort: str = "started_at"
    descending: bool = True
    limit: int = 1000


def history(session: Session, *, query: HistoryQuery) -> list[Attempt]:
    stmt = select(Attempt)
    if query.category:
        stmt = stmt.where(Attempt.question_category == query.category)
    if query.principle:
        stmt = stmt.join(AttemptPrinciple).where(AttemptPrinciple.principle == query.principle)
    if query.text:
        like = f"%{query.text}%"
        stmt = stmt.where(
            or_(
                col(Attempt.question_id).ilike(like),
                col(Attempt.question_prompt).ilike(like),
                col(Attempt.transcript).ilike(like),
            )
        )
    column = getattr(Attempt, query.sort if query.sort in SORTABLE else "started_at")
    order = col(column).desc() if query.descending else col(column).asc()
    stmt = stmt.order_by(order.nulls_last(), col(Attempt.id).desc()).limit(query.limit)
    return list(session.exec(stmt))


_local_day = func.date(Attempt.started_at, "localtime")


# Trends, today's count and coverage read main answers: a follow-up is a short answer judged
# apart, and would pull every mean towards short answers.
_MAIN = col(Attempt.parent_id).is_(None)


def practice_days(session: Session) -> list[date]:
    """Local days with at least one finished attempt, oldest first."""
    rows = session.exec(
        select(_local_day)
        .where(col(Attempt.status) == Status.DONE)
        .group_by(_local_day)
        .order_by(_local_day)
    )
    return [date.fromisoformat(d) for d in rows]


def count_on(session: Session, *, day: date) -> int:
    """Main answers finished that day (a follow-up is part of its answer, not one more)."""
    stmt = select(func.count()).where(
        Attempt.status == Status.DONE, _MAIN, _local_day == day.isoformat()
    )
    return int(session.exec(stmt).one())


@dataclass(frozen=True)
class PeriodStats:
    start: date  # the day, or the Monday of the week
    attempts: int
    fillers_per_min: float | None
    wpm: float | None
    overrun_rate: float  # share of answers that ran over
    duration_s: float | None


# The Monday on or before the (local) day: back six days, then forward to a Monday.
_local_week = func.date(Attempt.started_at, "localtime", "-6 days", "weekday 1")


def daily_series(session: Session) -> list[PeriodStats]:
    return _series(session, _local_day)


def weekly_series(session: Session) -> list[PeriodStats]:
    return _series(session, _local_week)


def _series(session: Session, period: Any) -> list[PeriodStats]:
    over = func.avg(case((col(Attempt.overrun_s) > 0, 1.0), else_=0.0))
    stmt = (
        sa_select(  # six columns: more than SQLModel's select() is typed for
            period,
            func.count(),
            func.avg(Attempt.fillers_per_min),
            func.avg(Attempt.wpm),
            over,
            func.avg(Attempt.duration_s),
        )
        .where(col(Attempt.status) == Status.DONE, _MAIN)
        .group_by(period)
        .order_by(period)
    )
    return [
        PeriodStats(date.fromisoformat(d), n, _r(f), _r(w), round(o or 0.0, 3), _r(s))
        for d, n, f, w, o, s in session.execute(stmt)
    ]


def finished(session: Session, *, limit: int) -> list[Attempt]:
    """The newest finished main answers, oldest first (the per-answer chart)."""
    stmt = (
        select(Attempt)
        .where(Attempt.status == Status.DONE, _MAIN)
        .order_by(col(Attempt.started_at).desc())
        .limit(limit)
    )
    return list(reversed(session.exec(stmt).all()))


@dataclass(frozen=True)
class Coverage:
    name: str
    attempts: int
    last: datetime | None
    fillers_per_min: float | None


def coverage_by_category(session: Session) -> dict[str, Coverage]:
    stmt = (
        select(
            Attempt.question_category,
            func.count(),
            func.max(Attempt.started_at),
            func.avg(Attempt.fillers_per_min),
        )
        .where(Attempt.status == Status.DONE, _MAIN)
        .group_by(Attempt.question_category)
    )
    return {c: Coverage(c, n, last, _r(f)) for c, n, last, f in session.exec(stmt)}


def coverage_by_principle(session: Session) -> dict[str, Coverage]:
    stmt = (
        select(
            AttemptPrinciple.principle,
            func.count(),
            func.max(Attempt.started_at),
            func.avg(Attempt.fillers_per_min),
        )
        .join(Attempt, col(Attempt.id) == AttemptPrinciple.attempt_id)
        .where(Attempt.status == Status.DONE, _MAIN)
        .group_by(AttemptPrinciple.principle)
    )
    return {p: Coverage(p, n, last, _r(f)) for p, n, last, f in session.exec(stmt)}


def _earlier_done(attempt: Attempt) -> SelectOfScalar[Attempt]:
    return select(Attempt).where(
        Attempt.question_id == attempt.question_id,
        Attempt.status == Status.DONE,
        col(Attempt.started_at) < attempt.started_at,
    )


def previous_attempt(session: Session, *, attempt: Attempt) -> Attempt | None:
    """The last finished attempt at the same question before this one."""
    stmt = _earlier_done(attempt).order_by(col(Attempt.started_at).desc()).limit(1)
    return session.exec(stmt).first()


def best_attempt(session: Session, *, attempt: Attempt) -> Attempt | None:
    """The best finished attempt at the same question before this one: the fewest fillers per
    minute (the person's goal), the most recent on a tie."""
    stmt = (
        _earlier_done(attempt)
        .where(col(Attempt.fillers_per_min).is_not(None))
        .order_by(col(Attempt.fillers_per_min), col(Attempt.started_at).desc())
        .limit(1)
    )
    return session.exec(stmt).first()


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


def due_dates(session: Session, *, goal_fillers_per_min: float) -> dict[str, datetime]:
    """question id -> when it is due again, replayed from its finished answers (core.schedule)."""
    stmt = sa_select(  # five columns: more than SQLModel's select() is typed for
        col(Attempt.question_id),
        col(Attempt.started_at),
        col(Attempt.rating),
        col(Attempt.fillers_per_min),
        col(Attempt.overrun_s),
    ).where(col(Attempt.status) == Status.DONE)
    return schedule.due_dates(
        (schedule.Review(*row) for row in session.execute(stmt)), goal_fillers_per_min
    )
