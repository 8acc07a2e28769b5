"""Messages from worker threads to the app, and from the app to its screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.message import Message

from mockloop.core.bank.draw import QuestionFilter
from mockloop.core.bank.questions import Question
from mockloop.ui.jobs import JobState

if TYPE_CHECKING:
    from mockloop.store.attempt.records import AttemptRecord
    from mockloop.usecases.answer import Answer
    from mockloop.usecases.state import AttemptState


@dataclass
class JobProgress(Message):
    """A transcription advanced (worker thread -> app). Only the newest one matters."""

    attempt_id: int
    fraction: float

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, JobProgress) and message.attempt_id == self.attempt_id


@dataclass
class JobFinished(Message):
    """A transcription ended (worker thread -> app): DONE, FAILED (with why) or CANCELLED."""

    attempt_id: int
    outcome: JobState
    error: str | None = None
    record: AttemptRecord | None = None  # DONE: the attempt as stored, words and figures


@dataclass
class AttemptUpdate(Message):
    """An attempt's one state changed (app -> screens). changed is False for a mere progress
    tick, which only a screen showing progress needs."""

    state: AttemptState
    changed: bool = True
    record: AttemptRecord | None = None  # the attempt as just stored, when it changed


@dataclass
class LoopUpdate(Message):
    """A mock loop was paused, finished or abandoned (flow -> the screen now showing)."""


@dataclass
class StoreOpened(Message):
    """The database is open and the use cases ready (app -> screens): Home fills in."""


@dataclass
class ModelUpdate(Message):
    """The speech model finished loading, or failed to (app -> screens)."""


# -- screens -> the app, which alone decides what comes next ------------------------------------
@dataclass
class PracticeRequested(Message):
    """Practise these questions: one, or a set when there are more (mode is stored)."""

    questions: list[Question]
    mode: str


@dataclass
class AttemptOpened(Message):
    """Show the Review of a stored attempt."""

    attempt_id: int


@dataclass
class SetRequested(Message):
    """Practise a set drawn by the practice method: the mix, or one category or principle."""

    only: QuestionFilter | None = None


@dataclass
class RetryRequested(Message):
    """Answer this question again now."""

    question_id: str


@dataclass
class ScreenRequested(Message):
    """Open one of the top-level screens by name: history, progress, settings, stories, or
    "loop" (the mock-loop chooser)."""

    name: str


# -- what a screen returns through dismiss() ----------------------------------------------------
@dataclass(frozen=True)
class Answered:
    """The practice screen recorded an answer; the app finishes and reviews it."""

    answer: Answer


PracticeOutcome = Answered | None  # None: abandoned, or nothing could be recorded
ReviewChoice = Literal["next", "back", "retry", "follow_up"]
