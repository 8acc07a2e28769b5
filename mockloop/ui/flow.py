"""The one owner of what comes next. Screens only return what happened (PracticeScreen: an
answer or nothing; ReviewScreen: "next" or "back"); this decides: review the answer, the next
question of the set, the set's summary, or a fresh draw. A set is data it walks through."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mockloop.core.bank.draw import QuestionFilter
from mockloop.core.bank.questions import Question
from mockloop.core.loops.progress import follow_up_question
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

    def begin(self, questions: list[Question], mode: str) -> None:
        self.loops.leave()  # a set started from the palette mid-loop is not the loop's
        session_id = self.app.cases.start_session(mode)
        self.practice_set = PracticeSet(list(questions), session_id)
        self.app.prepare_voice([q.prompt for q in questions])
        self._practise()

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

    def begin_set(self, flt: QuestionFilter | None = None) -> None:
        picks = self.draw_set(flt)
        if not picks:
            self.app.notify("No question matches that choice.", severity="warning")
            return
        self.begin(picks, "set" if len(picks) > 1 else "single")

    def review(self, attempt_id: int) -> None:
        self.app.push_screen(
            ReviewScreen(attempt_id), lambda choice: self._after_review(choice, attempt_id)
        )

    def retry(self, question_id: str) -> None:
        """Answer this question again now. Inside a set the retry takes the place of the last
        answer, and the set goes on after it."""
        question = self.app.cases.bank.get(question_id)
        if question is None:
            self.app.notify(f"{question_id} is no longer in the question bank.", severity="warning")
            return
        ps = self.practice_set
        if ps is not None and len(ps.questions) > 1 and ps.attempt_ids:
            ps.attempt_ids.pop()
            ps.questions[ps.index] = question
            self._practise()
        else:
            self.begin([question], "retry")

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

    # -- the decisions ---------------------------------------------------------------------------
    def _practise(self) -> None:
        ps = self.practice_set
        assert ps is not None
        n = len(ps.questions)
        position = f"question {ps.index + 1} of {n}" if n > 1 else None
        self.app.push_screen(PracticeScreen(ps.current, position), self._after_practice)

    def _after_practice(self, outcome: PracticeOutcome) -> None:
        if not isinstance(outcome, Answered):
            return  # abandoned, or no microphone: back where the person came from
        attempt_id = outcome.answer.attempt_id
        assert attempt_id is not None
        if self.practice_set is not None:
            self.practice_set.attempt_ids.append(attempt_id)
        self.app.finish_answer(outcome.answer)
        self.review(attempt_id)

    def _after_review(self, choice: ReviewChoice | None, attempt_id: int) -> None:
        if choice in ("retry", "follow_up"):
            record = self.app.cases.attempt(attempt_id)
            if record is not None and choice == "retry":
                self.retry(record.question_id)
            elif record is not None:
                self.follow_up(record.parent_id or record.id)
            return
        if choice != "next":
            return
        ps = self.practice_set
        if ps is not None and len(ps.questions) > 1:
            if ps.finished:
                self.app.push_screen(SetSummaryScreen(list(ps.attempt_ids)), self._after_summary)
            else:
                self._practise()
            return
        draw = self.app.cases.draw_next()
        if draw is not None:
            self.begin([draw.question], "single")

    # -- follow-ups: short timed answers linked to the main one ----------------------------------
    def follow_up(self, parent_id: int) -> None:
        """The interviewer's next follow-up to this answer (they come in the bank's order)."""
        parent = self.app.cases.attempt(parent_id)
        answered = len(self.app.cases.follow_ups(parent_id))
        question = self.app.cases.bank.get(parent.question_id) if parent else None
        if question is None or not question.follow_ups:
            self.app.notify("This question has no follow-ups in the bank.", severity="warning")
            self.review(parent_id)
            return
        asked = follow_up_question(question, answered, self.app.settings.follow_up_s)
        self.app.push_screen(
            PracticeScreen(asked, follow_up_of=parent_id),
            lambda outcome: self._after_follow_up(outcome, parent_id),
        )

    def _after_follow_up(self, outcome: PracticeOutcome, parent_id: int) -> None:
        if not isinstance(outcome, Answered) or outcome.answer.attempt_id is None:
            self.review(parent_id)
            return
        attempt_id = outcome.answer.attempt_id
        self.app.finish_answer(outcome.answer)

        def after(choice: ReviewChoice | None) -> None:
            if choice in ("back", None):  # back to the main answer, shown with its follow-ups
                self.review(parent_id)
            else:
                self._after_review(choice, attempt_id)

        self.app.push_screen(ReviewScreen(attempt_id), after)

    def _after_summary(self, _: None) -> None:
        self.practice_set = None
