"""What the screens and the flow may ask for, each a short unit of work on the store. The UI
holds one of these and never a database session: every read returns frozen records, and
every write names the attempt, story or loop it changes."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from mockloop.config import Paths, Settings
from mockloop.core.analysis.coach import Advice, advise, answer_kind
from mockloop.core.analysis.content import (
    CASE_CATEGORIES,
    CheckTally,
    Content,
    analyse_content,
    content_kind,
    tally,
)
from mockloop.core.analysis.room import Room
from mockloop.core.audio.devices import InputDevice
from mockloop.core.audio.playback import Player
from mockloop.core.audio.recorder import AnswerRecorder
from mockloop.core.audio.voice import Interviewer
from mockloop.core.bank.draw import Draw, QuestionFilter, draw_question
from mockloop.core.bank.questions import Bank, Question
from mockloop.core.bank.stories import Story
from mockloop.core.loops.draw import draw_loop
from mockloop.core.loops.plans import LoopPlan, PlanSet
from mockloop.core.loops.progress import follow_up_question
from mockloop.core.loops.report import LoopReport
from mockloop.core.speech.room import room_of_file
from mockloop.core.speech.transcribe import Progress, Transcriber
from mockloop.store import files, loops, stories
from mockloop.store.attempt import lifecycle, lists, records
from mockloop.store.attempt.lists import Coverage, HistoryQuery, PeriodStats
from mockloop.store.attempt.records import AttemptRecord
from mockloop.store.loops import LoopRecord, LoopState, LoopStatus
from mockloop.store.status import NEEDS_TRANSCRIPTION, Status
from mockloop.store.stories import PrincipleRow, StoryProgress
from mockloop.usecases.answer import Answer
from mockloop.usecases.services import Services
from mockloop.usecases.transcription import process_attempt

CONTENT_TALLY_ANSWERS = 100  # the newest stories and cases the coverage counts


@dataclass(frozen=True)
class HomeFigures:
    practice_days: list[date]
    done_today: int
    recent: list[AttemptRecord]
    waiting: int  # answers whose audio waits for transcription
    due: dict[str, datetime]
    open_loops: list[LoopRecord]


@dataclass(frozen=True)
class ProgressData:
    answers: list[AttemptRecord]
    weeks: list[PeriodStats]
    days: int
    by_category: dict[str, Coverage]
    by_principle: dict[str, Coverage]


@dataclass(frozen=True)
class ReviewData:
    """One answer with what its Review compares it to."""

    attempt: AttemptRecord
    previous: AttemptRecord | None
    best: AttemptRecord | None  # None when the previous try was the best
    story: Story | None
    follow_ups: list[AttemptRecord]


class UseCases:
    def __init__(self, services: Services) -> None:
        self.services = services

    # -- what the app runs on ------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.services.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self.services.settings = settings

    @property
    def bank(self) -> Bank:
        return self.services.bank

    @property
    def plans(self) -> PlanSet:
        return self.services.plans

    @property
    def paths(self) -> Paths:
        return self.services.paths

    def now(self) -> datetime:
        return self.services.now()

    def clock(self) -> float:
        return self.services.clock()

    @property
    def player(self) -> Player:
        return self.services.player

    @property
    def interviewer(self) -> Interviewer | None:
        return self.services.interviewer

    @property
    def notices(self) -> list[str]:
        return self.services.notices

    def make_transcriber(self) -> Transcriber:
        """The speech model the settings name, not loaded yet (MockloopError if none)."""
        return self.services.make_transcriber(self.settings)

    def input_devices(self) -> list[InputDevice]:
        return self.services.list_devices()

    def open_recorder(self, path: Path, settings: Settings) -> AnswerRecorder:
        """A recorder on the device the settings name (the Settings screen's level test)."""
        return self.services.open_recorder(path, settings, ())

    def room_of(self, path: Path) -> Room:
        """The noise floor and SNR of a level test's recording."""
        return room_of_file(path)

    def _session(self) -> Session:
        return Session(self.services.engine)

    # -- drawing questions ---------------------------------------------------------------------
    def due_dates(self) -> dict[str, datetime]:
        with self._session() as s:
            return lists.due_dates(s, goal_fillers_per_min=self.settings.goal_fillers_per_min)

    def last_practised(self, question_id: str) -> datetime | None:
        with self._session() as s:
            return lists.last_practised(s).get(question_id)

    def draw_next(
        self, flt: QuestionFilter | None = None, *, avoid: list[Question] | None = None
    ) -> Draw | None:
        """The next question by the practice method: never practised first, then oldest.
        Questions in avoid count as just practised (so a set has no repeats)."""
        with self._session() as s:
            last = dict(lists.last_practised(s))
        due = self.due_dates()
        for q in avoid or []:
            last[q.id] = self.now()
            due.pop(q.id, None)
        return draw_question(
            self.bank, flt, last_practised=last, now=self.now(), rng=self.services.rng, due=due
        )

    def start_session(self, mode: str) -> int:
        with self._session() as s:
            row = lifecycle.start_session(s, mode=mode)
        assert row.id is not None
        return row.id

    # -- answers -------------------------------------------------------------------------------
    def new_answer(
        self,
        question: Question,
        limit_s: float,
        *,
        transcriber: Transcriber | None,
        session_id: int | None,
        cancel: threading.Event,
        story_id: int | None = None,
        parent_id: int | None = None,
    ) -> Answer:
        """One answer's life (usecases/answer.py): without a speech model it still records,
        and the file is transcribed later."""
        services = self.services
        return Answer(
            services.engine,
            question,
            limit_s=limit_s,
            audio_dir=services.paths.audio_dir,
            open_recorder=lambda path, listeners: services.open_recorder(
                path, self.settings, listeners
            ),
            transcriber=transcriber,
            now=services.now,
            practice_session_id=session_id,
            cancel=cancel,
            story_id=story_id,
            parent_id=parent_id,
        )

    def transcribe(
        self,
        attempt_id: int,
        transcriber: Transcriber,
        *,
        progress: Progress,
        cancel: threading.Event,
    ) -> AttemptRecord:
        """Decode and analyse a stored answer (marked failed, or recorded if cancelled)."""
        return process_attempt(
            self.services.engine,
            attempt_id,
            transcriber,
            settings=self.settings.analysis,
            progress=progress,
            cancel=cancel,
        )

    def stop_answer(self, answer: Answer) -> int:
        """Stop an answer that has no live words and store what was recorded (StoreError:
        nothing could be kept); its id, for the transcription queue."""
        answer.stop()
        assert answer.attempt_id is not None
        return answer.attempt_id

    def mark_failed(self, attempt_id: int, error: str) -> None:
        """Keep why a transcription failed on the attempt, for a retry (once)."""
        with self._session() as s:
            row = lifecycle.get_attempt(s, attempt_id=attempt_id)
            if row is not None and row.status != Status.FAILED:
                lifecycle.mark_failed(s, attempt_id=attempt_id, error=error)

    def attempt(self, attempt_id: int) -> AttemptRecord | None:
        with self._session() as s:
            return records.attempt(s, attempt_id)

    def attempts(self, attempt_ids: list[int]) -> list[AttemptRecord]:
        """Figures only (no words): for tables."""
        with self._session() as s:
            return records.some(s, attempt_ids)

    def status_of(self, attempt_id: int) -> Status | None:
        with self._session() as s:
            return records.status_of(s, attempt_id)

    def follow_ups(self, parent_id: int) -> list[AttemptRecord]:
        with self._session() as s:
            return records.follow_ups(s, parent_id)

    def review(self, attempt_id: int) -> ReviewData | None:
        with self._session() as s:
            record = records.attempt(s, attempt_id)
            if record is None:
                return None
            previous, best = records.previous(s, record), records.best(s, record)
            story = stories.get(s, record.story_id) if record.story_id is not None else None
            answered = records.follow_ups(s, attempt_id)
        if best is not None and previous is not None and best.id == previous.id:
            best = None  # the last try was the best: say it once
        return ReviewData(record, previous, best, story, answered)

    def content(self, record: AttemptRecord) -> Content | None:
        """What the answer said, check by check (None until it is transcribed). A follow-up is
        a short answer: it gets no story or case checks."""
        if record.report is None:
            return None
        kind = "other" if record.parent_id is not None else content_kind(record.question_category)
        question = self.bank.get(record.question_id)
        own = question.checks if question is not None and kind != "other" else ()
        return analyse_content(record.report.transcript.words, kind, own)

    def advice(self, record: AttemptRecord, content: Content | None = None) -> Advice | None:
        """What the Review says about a transcribed answer: its verdicts and the next fix, as
        for its kind (a follow-up is judged as a short answer). None until transcribed."""
        if record.report is None:
            return None
        return advise(
            record.report,
            self.settings.targets,
            kind=answer_kind(record.question_category, follow_up=record.parent_id is not None),
            prompt=record.question_prompt,
            content=content if content is not None else self.content(record),
        )

    def content_tally(self, answers: int = CONTENT_TALLY_ANSWERS) -> list[CheckTally]:
        """Each content check over the newest stories and cases, least often met first."""
        categories = ("behavioral", *CASE_CATEGORIES)
        with self._session() as s:
            found = records.answered(s, categories=categories, limit=answers)
        contents = (self.content(r) for r in found)
        return tally([c for c in contents if c is not None])

    def follow_up(self, parent_id: int, n: int) -> Question | None:
        """The n-th follow-up to a main answer: the one aimed at its most costly gap first,
        then the bank's. None when there is none to ask."""
        parent = self.attempt(parent_id)
        question = self.bank.get(parent.question_id) if parent is not None else None
        if parent is None or question is None:
            return None
        content = self.content(parent)
        probe = content.follow_up.question if content and content.follow_up else None
        if probe is None and not question.follow_ups:
            return None
        return follow_up_question(question, n, self.settings.follow_up_s, probe=probe)

    def set_rating(self, attempt_id: int, rating: int) -> None:
        with self._session() as s:
            lifecycle.set_rating(s, attempt_id=attempt_id, rating=rating)

    def set_note(self, attempt_id: int, note: str) -> None:
        with self._session() as s:
            lifecycle.set_note(s, attempt_id=attempt_id, note=note)

    def delete_attempt(self, attempt_id: int) -> None:
        """Raises AttemptBusy while another window records or transcribes it."""
        with self._session() as s:
            lifecycle.delete_attempt(s, attempt_id=attempt_id)

    def recording_file(self, record: AttemptRecord) -> Path:
        """Its audio, checked to be inside the data folder (UnsafePath if not)."""
        return files.recording_file(self.services.engine, record.recording_path)

    # -- what the screens show -----------------------------------------------------------------
    def home(self, day: date) -> HomeFigures:
        with self._session() as s:
            return HomeFigures(
                lists.practice_days(s),
                lists.count_on(s, day=day),
                records.recent(s, limit=6),
                lists.count_attempts(s, statuses=NEEDS_TRANSCRIPTION),
                lists.due_dates(s, goal_fillers_per_min=self.settings.goal_fillers_per_min),
                loops.every(s, status=LoopStatus.OPEN),
            )

    def mocks(self) -> list[tuple[LoopPlan, int]]:
        """The plans with a goal (the full onsite: two before the day), and how many of each
        were taken to the end."""
        with self._session() as s:
            finished = loops.finished_by_plan(s)
        return [(p, finished.get(p.key, 0)) for p in self.plans.plans if p.goal]

    def history(self, query: HistoryQuery) -> list[AttemptRecord]:
        with self._session() as s:
            return records.history(s, query)

    def progress(self, answers: int) -> ProgressData:
        with self._session() as s:
            return ProgressData(
                records.finished(s, limit=answers),
                lists.weekly_series(s),
                len(lists.practice_days(s)),
                lists.coverage_by_category(s),
                lists.coverage_by_principle(s),
            )

    # -- stories -------------------------------------------------------------------------------
    def stories(self) -> list[Story]:
        with self._session() as s:
            return stories.all_stories(s)

    def story(self, story_id: int) -> Story | None:
        with self._session() as s:
            return stories.get(s, story_id)

    def suggest_story(self, principles: tuple[str, ...]) -> Story | None:
        with self._session() as s:
            return stories.suggest(s, principles)

    def story_overview(self) -> tuple[list[PrincipleRow], list[StoryProgress]]:
        with self._session() as s:
            return stories.coverage(s), stories.progress(s)

    def save_story(self, story: Story) -> Story:
        with self._session() as s:
            return stories.save(s, story)

    def delete_story(self, story_id: int) -> None:
        with self._session() as s:
            stories.delete(s, story_id)

    # -- mock loops ----------------------------------------------------------------------------
    def loops(self) -> list[LoopRecord]:
        with self._session() as s:
            return loops.every(s)

    def start_loop(self, plan: LoopPlan) -> tuple[int, tuple[str, ...]]:
        """The loop drawn from the plan and stored; with notes on what could not be drawn."""
        goal = self.settings.goal_fillers_per_min
        with self._session() as s:
            drawn = draw_loop(
                plan,
                self.bank,
                loops.standings(s, goal_fillers_per_min=goal),
                last_practised=lists.last_practised(s),
                due=lists.due_dates(s, goal_fillers_per_min=goal),
                rng=self.services.rng,
            )
            loop = loops.create(s, drawn)
        return loop.id, tuple(drawn.notes)

    def loop_state(self, loop_id: int) -> LoopState | None:
        with self._session() as s:
            return loops.state(s, loop_id, follow_up_s=self.settings.follow_up_s)

    def loop_untranscribed(self, loop_id: int) -> list[int]:
        with self._session() as s:
            return loops.untranscribed(s, loop_id)

    def set_loop_status(self, loop_id: int, status: LoopStatus) -> None:
        with self._session() as s:
            loops.set_status(s, loop_id, status)

    def loop_report(self, loop_id: int) -> LoopReport | None:
        with self._session() as s:
            return loops.report(s, loop_id, self.settings.targets)
