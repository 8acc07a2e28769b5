"""The story bank in the database: save, delete, list; which story to suggest for a question;
the coverage matrix (16 principles x stories); and progress per story."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from mockloop.core.analysis.metrics import FILLERS_PER_MIN
from mockloop.core.analysis.progress import Trend, trend
from mockloop.core.analysis.structure import analyse_structure
from mockloop.core.bank.questions import LEADERSHIP_PRINCIPLES
from mockloop.core.bank.stories import NOTE_FIELDS, Story, StoryError, checked
from mockloop.store.attempt import lists, results
from mockloop.store.status import Status
from mockloop.store.tables import Attempt, StoryRow


def _story(row: StoryRow) -> Story:
    return Story(
        row.title,
        tuple(row.principles),
        row.numbers,
        situation=row.situation,
        task=row.task,
        action=row.action,
        result=row.result,
        id=row.id,
    )


def all_stories(session: Session) -> list[Story]:
    return [_story(r) for r in session.exec(select(StoryRow).order_by(col(StoryRow.title)))]


def get(session: Session, story_id: int) -> Story | None:
    row = session.get(StoryRow, story_id)
    return _story(row) if row is not None else None


def save(session: Session, story: Story) -> Story:
    """Insert, or update the stored story with story.id. Titles are unique."""
    story = checked(story)
    row = session.get(StoryRow, story.id) if story.id is not None else None
    row = row or StoryRow(title=story.title)
    row.title, row.principles, row.numbers = story.title, list(story.principles), story.numbers
    for f in NOTE_FIELDS:
        setattr(row, f, getattr(story, f))
    session.add(row)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise StoryError(f"there is already a story called {story.title!r}") from exc
    session.refresh(row)
    return _story(row)


def import_stories(session: Session, stories: Sequence[Story]) -> tuple[int, int]:
    """Each story by title: a new title is added, a known one updated. (added, updated)"""
    by_title = {s.title.casefold(): s for s in all_stories(session)}
    added = updated = 0
    for story in stories:
        known = by_title.get(story.title.casefold())
        if known is None:
            added += 1
            save(session, story)
        else:
            updated += 1
            save(session, replace(story, id=known.id))
    return added, updated


def delete(session: Session, story_id: int) -> None:
    """The story goes; the answers told from it stay, without it."""
    session.exec(update(Attempt).where(col(Attempt.story_id) == story_id).values(story_id=None))
    row = session.get(StoryRow, story_id)
    if row is not None:
        session.delete(row)
    session.commit()


def set_story(session: Session, *, attempt_id: int, story_id: int | None) -> None:
    session.exec(update(Attempt).where(col(Attempt.id) == attempt_id).values(story_id=story_id))
    session.commit()


def _last_told(session: Session) -> dict[int, datetime]:
    rows = session.exec(
        select(Attempt.story_id, Attempt.started_at).where(col(Attempt.story_id).is_not(None))
    )
    last: dict[int, datetime] = {}
    for story_id, when in rows:
        if story_id is not None and (story_id not in last or when > last[story_id]):
            last[story_id] = when
    return last


def suggest(session: Session, principles: Sequence[str]) -> Story | None:
    """The story mapped to one of these principles that was told least recently (never told
    first); None when no story is mapped to them."""
    mapped = [s for s in all_stories(session) if set(s.principles) & set(principles)]
    if not mapped:
        return None
    last = _last_told(session)
    never = datetime.min.replace(tzinfo=None)

    def key(s: Story) -> tuple[datetime, str]:
        when = last.get(s.id or -1)
        return (when.replace(tzinfo=None) if when else never, s.title)

    return min(mapped, key=key)


@dataclass(frozen=True)
class PrincipleRow:
    principle: str
    stories: tuple[str, ...]  # titles mapped to it
    attempts: int
    last: datetime | None
    fillers_per_min: float | None

    @property
    def gap(self) -> bool:
        return not self.stories


def coverage(session: Session) -> list[PrincipleRow]:
    """Every leadership principle: its stories, and how recently and how well it was practised."""
    stories = all_stories(session)
    practised = lists.coverage_by_principle(session)
    rows = []
    for p in LEADERSHIP_PRINCIPLES:
        cov = practised.get(p)
        rows.append(
            PrincipleRow(
                p,
                tuple(s.title for s in stories if p in s.principles),
                cov.attempts if cov else 0,
                cov.last if cov else None,
                cov.fillers_per_min if cov else None,
            )
        )
    return rows


@dataclass(frozen=True)
class StoryProgress:
    story: Story
    answers: int
    mean_duration_s: float | None
    mean_fillers_per_min: float | None
    mean_result_start_s: float | None  # from the first word; answers without a result skipped
    fillers_trend: Trend | None


def progress(session: Session) -> list[StoryProgress]:
    """Per story, over its finished answers: how many, how long, fillers, when the result came."""
    out = []
    for story in all_stories(session):
        rows = session.exec(
            select(Attempt)
            .where(Attempt.story_id == story.id, Attempt.status == Status.DONE)
            .order_by(col(Attempt.started_at))
        ).all()
        durations = [r.duration_s for r in rows if r.duration_s is not None]
        fpm = [r.fillers_per_min for r in rows if r.fillers_per_min is not None]
        starts = []
        for r in rows:
            try:
                words, speech = results.read_words(r.words), results.read_speech(r.speech)
            except (KeyError, TypeError, ValueError):
                continue
            st = analyse_structure(words, speech)
            if st.result_start_s is not None:
                starts.append(st.result_start_s - st.parts[0].start)
        out.append(
            StoryProgress(
                story,
                len(rows),
                _mean(durations),
                _mean(fpm),
                _mean(starts),
                trend(FILLERS_PER_MIN, fpm),
            )
        )
    return out


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None
