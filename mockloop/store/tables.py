"""The tables. Key figures are plain columns so history and progress are SQL queries; the full
words, spans and metrics are JSON beside them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from mockloop.store.status import NEEDS_TRANSCRIPTION, Status

__all__ = [
    "NEEDS_TRANSCRIPTION",
    "Attempt",
    "AttemptPrinciple",
    "MockLoop",
    "PracticeSession",
    "Status",
    "StoryRow",
]


# SQLite would give a deleted row's id to the next row: an id in a crash log, a report or a
# second window would then name another answer.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class PracticeSession(SQLModel, table=True):
    __tablename__ = "practice_session"
    __table_args__ = NEVER_REUSE_IDS
    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(index=True)
    ended_at: datetime | None = None
    mode: str = "single"  # single | set | retry | cli


class MockLoop(SQLModel, table=True):
    """A mock loop: the questions drawn for it (JSON, core.loop_draw), and its own practice
    session, whose attempts are its answers. Where it stands is derived from them."""

    __tablename__ = "mock_loop"
    __table_args__ = NEVER_REUSE_IDS
    id: int | None = Field(default=None, primary_key=True)
    name: str
    plan_key: str
    started_at: datetime = Field(index=True)
    ended_at: datetime | None = None
    status: str = Field(default="open", index=True)  # open | done | abandoned
    session_id: int = Field(foreign_key="practice_session.id", index=True)
    drawn: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class StoryRow(SQLModel, table=True):
    """A prepared story of the story bank (core.stories.Story is its frozen form)."""

    __tablename__ = "story"
    __table_args__ = NEVER_REUSE_IDS
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(unique=True)
    principles: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    numbers: str = ""
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""


class Attempt(SQLModel, table=True):
    __tablename__ = "attempt"
    __table_args__ = NEVER_REUSE_IDS
    id: int | None = Field(default=None, primary_key=True)
    session_id: int | None = Field(default=None, foreign_key="practice_session.id", index=True)
    # A snapshot of the question as it was asked: banks change, history must not.
    question_id: str = Field(index=True)
    question_prompt: str
    question_category: str = Field(index=True)
    question_principles: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    started_at: datetime = Field(index=True)
    ended_at: datetime | None = None
    time_limit_s: float
    duration_s: float | None = None
    overrun_s: float | None = None
    recording_path: str
    samplerate: int | None = None
    input_device: str | None = None
    overflow_count: int = 0
    silent_input: bool = False
    status: str = Field(default=Status.RECORDING, index=True)
    error: str | None = None
    pid: int | None = None  # the process recording or transcribing it, to detect a crash
    transcript: str | None = None
    words: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    speech: list[list[float]] | None = Field(default=None, sa_column=Column(JSON))
    metrics: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    filler_count: int | None = None
    fillers_per_min: float | None = None
    wpm: float | None = None
    long_pause_count: int | None = None
    hedge_count: int | None = None
    model: str | None = None
    decoding: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    rating: int | None = None
    note: str | None = None
    # The story the person chose to tell (behavioural questions); kept null if it is deleted.
    story_id: int | None = Field(
        default=None, foreign_key="story.id", index=True, ondelete="SET NULL"
    )
    # A follow-up answer: the main answer it follows (kept, unlinked, if that one is deleted).
    parent_id: int | None = Field(
        default=None, foreign_key="attempt.id", index=True, ondelete="SET NULL"
    )


class AttemptPrinciple(SQLModel, table=True):
    """One row per (attempt, leadership principle), so coverage is a GROUP BY."""

    __tablename__ = "attempt_principle"
    attempt_id: int = Field(foreign_key="attempt.id", primary_key=True, ondelete="CASCADE")
    principle: str = Field(primary_key=True, index=True)
