"""The one owner of what comes next. Screens only return what happened (PracticeScreen: an
answer or nothing; ReviewScreen: "next", "back", "retry" or "follow_up"); this decides: review
the answer, the next question of the set, the set's summary, or a fresh draw. A set is data
it walks through. Each walk is a worker that reads top to bottom: it awaits each screen's
result (push_screen_wait) and goes on from it."""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mockloop.core.bank.draw import QuestionFilter
from mockloop.core.bank.questions import Question
from mockloop.ui.loop_flow import LoopFlow
from mockloop.ui.messages import Answered, PracticeOutcome, ReviewChoice
from mockloop.ui.places import place, screen_class
from mockloop.ui.screens.practice import PracticeScreen
from mockloop.ui.screens.review import ReviewScreen
from mockloop.ui.screens.set_summary import SetSummaryScreen

if TYPE_CHECKING:
    from mockloop.ui.app import MockloopApp


@dataclass
class PracticeSet:
    questions: list[Question]
    session_id: int
    attempt_ids: list[int] = field(default_factory=list)

    @property
    def index(self) -> int:
        """The question being answered: one per answer recorded so far."""
        return min(len(self.attempt_ids), len(self.questions) - 1)

    @property
    def current(self) -> Question:
        return self.questions[self.index]

    @property
    def finished(self) -> bool:
        return len(self.attempt_ids) >= len(self.questions)


class PracticeFlow:
    def __init__(self, app: MockloopApp) -> None:
        self.app = app
        self.practice_set: PracticeSet | None = None
        self.loops = LoopFlow(app)  # a mock loop, when one is being walked

    # -- where a walk starts: Home, the palette, History ------------------------------------------
    def begin(self, questions: list[Question], mode: str) -> None:
        self._start(questions, mode)
        self._walk(self._practise())

    def begin_set(self, flt: QuestionFilter | None = None) -> None:
        picks = self.draw_set(flt)
        if not picks:
            self.app.notify("No question matches that choice.", severity="warning")
            return
        self.begin(picks, "set" if len(picks) > 1 else "single")

    def review(self, attempt_id: int) -> None:
        """A stored answer's Review (from History), and whatever the person chooses there."""
        self._walk(self._review_then_go_on(attempt_id))

    def retry(self, question_id: str) -> None:
        """Answer this question again now (from History)."""
        if self._retry(question_id):
            self._walk(self._practise())

    def open_screen(self, name: str) -> None:
        """A place by name (ui/places.py); the mock loop's is a chooser: resume one, start a
        plan, or read a report."""
        found = place(name)
        if found is not None and found.screen is not None:
            self.app.push_screen(screen_class(found.screen)())
        elif name == "loop":
            self.loops.choose()

    @property
    def session_id(self) -> int | None:
        """The practice session a new answer joins: the loop's while one is walked."""
        if self.loops.loop_id is not None:
            return self.loops.session_id
        return self.practice_set.session_id if self.practice_set else None

    def draw_set(self, flt: QuestionFilter | None = None) -> list[Question]:
        """set_size questions by the practice method (of one category or principle, if
        asked), no repeats; fewer when fewer match."""
        picks: list[Question] = []
        for _ in range(self.app.settings.set_size):
            d = self.app.cases.draw_next(flt, avoid=picks)
            if d is None or d.question in picks:
                break
            picks.append(d.question)
        return picks

    # -- the walks -------------------------------------------------------------------------------
    def _walk(self, walk: Coroutine[Any, Any, None]) -> None:
        self.app.run_worker(walk, group="flow", description="practice flow")

    async def _practise(self) -> None:
        """The set from where it stands: each question answered, then reviewed, then what the
        person chose there, until they leave or the set is done."""
        while (ps := self.practice_set) is not None:
            n = len(ps.questions)
            position = f"question {ps.index + 1} of {n}" if n > 1 else None
            attempt_id = await self._answer(PracticeScreen(ps.current, position))
            if attempt_id is None:
                return  # abandoned, or no microphone: back where the person came from
            ps.attempt_ids.append(attempt_id)
            if not await self._reviewed(attempt_id):
                return

    async def _review_then_go_on(self, attempt_id: int) -> None:
        if await self._reviewed(attempt_id):
            await self._practise()

    async def _answer(self, screen: PracticeScreen) -> int | None:
        """The answer given on the screen, stopped and kept (its words follow in the
        background); its attempt's id, or None when there is none to review."""
        outcome: PracticeOutcome = await self.app.push_screen_wait(screen)
        if not isinstance(outcome, Answered):
            return None
        return await self.app.end_answer(outcome.answer)

    async def _reviewed(self, attempt_id: int) -> bool:
        """The Review and the person's choice; True when the set goes on (its next question,
        a retry in place, or a fresh draw)."""
        choice = await self.app.push_screen_wait(ReviewScreen(attempt_id))
        if choice in ("next", "retry", "follow_up"):
            return await self._chosen(choice, attempt_id)
        return False  # back: where the person came from

    async def _next(self) -> bool:
        ps = self.practice_set
        if ps is not None and len(ps.questions) > 1:
            if not ps.finished:
                return True
            await self.app.push_screen_wait(SetSummaryScreen(list(ps.attempt_ids)))
            self.practice_set = None
            return False
        draw = self.app.cases.draw_next()
        if draw is None:
            return False
        self._start([draw.question], "single")
        return True

    async def _follow_up(self, parent_id: int) -> bool:
        """The interviewer's next follow-up to this answer (in the bank's order), its Review,
        then back to the main answer's."""
        answered = len(self.app.cases.follow_ups(parent_id))
        asked = self.app.cases.follow_up(parent_id, answered)
        if asked is None:
            self.app.notify("This question has no follow-ups in the bank.", severity="warning")
            return await self._reviewed(parent_id)
        attempt_id = await self._answer(PracticeScreen(asked, follow_up_of=parent_id))
        if attempt_id is None:
            return await self._reviewed(parent_id)
        choice = await self.app.push_screen_wait(ReviewScreen(attempt_id))
        if choice in ("back", None):  # back to the main answer, shown with its follow-ups
            return await self._reviewed(parent_id)
        return await self._chosen(choice, attempt_id)

    async def _chosen(self, choice: ReviewChoice, attempt_id: int) -> bool:
        """What a choice made on a Review means: the next question, this one again, or a
        follow-up to it (a follow-up's follow-up is its main answer's next one)."""
        if choice == "next":
            return await self._next()
        record = self.app.cases.attempt(attempt_id)
        if record is None:
            return False
        if choice == "retry":
            return self._retry(record.question_id)
        return await self._follow_up(record.parent_id or record.id)

    # -- the set as data -------------------------------------------------------------------------
    def _start(self, questions: list[Question], mode: str) -> None:
        self.loops.leave()  # a set started from the palette mid-loop is not the loop's
        session_id = self.app.cases.start_session(mode)
        self.practice_set = PracticeSet(list(questions), session_id)
        self.app.prepare_voice([q.prompt for q in questions])

    def _retry(self, question_id: str) -> bool:
        """Set up answering this question again: inside a set it takes the last answer's
        place; alone, it is a new one. False when the bank no longer has it."""
        question = self.app.cases.bank.get(question_id)
        if question is None:
            self.app.notify(f"{question_id} is no longer in the question bank.", severity="warning")
            return False
        ps = self.practice_set
        if ps is not None and len(ps.questions) > 1 and ps.attempt_ids:
            ps.attempt_ids.pop()
            ps.questions[ps.index] = question
        else:
            self._start([question], "retry")
        return True
