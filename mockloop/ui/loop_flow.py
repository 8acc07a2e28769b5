"""The flow owner's part for mock loops. A loop is data (the questions drawn at its start, in
the database) and its answers; every decision below reads where it stands from them, so a
loop quit or crashed half-way resumes at the first thing not answered. The walk is a worker
that awaits each screen's result (push_screen_wait), top to bottom.

The walk: the hub -> the question (read aloud) -> its follow-ups straight after, as in the
room -> the hub (a break when a round ends) -> ... -> the report."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from mockloop.core.bank.questions import Question
from mockloop.core.errors import MockloopError
from mockloop.core.loops.plans import MAX_FOLLOW_UPS, LoopPlan
from mockloop.core.loops.progress import Step, follow_up_question
from mockloop.store.status import LoopStatus
from mockloop.ui.dialogs.chooser import ChooserScreen
from mockloop.ui.messages import Answered, LoopUpdate, PracticeOutcome, ReviewChoice
from mockloop.ui.screens.loop_hub import LoopHubScreen
from mockloop.ui.screens.practice import PracticeScreen
from mockloop.ui.screens.review import ReviewScreen

if TYPE_CHECKING:
    from mockloop.store.loops import LoopState
    from mockloop.ui.app import MockloopApp


class LoopFlow:
    def __init__(self, app: MockloopApp) -> None:
        self.app = app
        self.loop_id: int | None = None  # the loop being walked; None when none (or paused)
        self.session_id: int | None = None  # its practice session: new answers join it

    # -- choosing: resume one under way, start a plan, or read a report ------------------------
    def choose(self) -> None:
        every = self.app.cases.loops()
        items = [
            (
                f"resume:{lp.id}",
                f"Resume loop {lp.id}: {lp.name} (started "
                f"{lp.started_at.astimezone():%-d %b %H:%M})",
            )
            for lp in every
            if lp.status == LoopStatus.OPEN
        ]
        items += [
            (f"plan:{p.key}", f"Start: {p.name} · {_rounds(p)} · about {p.length}")
            for p in self.app.cases.plans.plans
        ]
        items += [
            (
                f"report:{lp.id}",
                f"Report of loop {lp.id}: {lp.name} ({lp.started_at.astimezone():%-d %b})",
            )
            for lp in every
            if lp.status == LoopStatus.DONE
        ]
        self.app.push_screen(ChooserScreen("Mock loop", items), self._chosen)

    def _chosen(self, value: str | None) -> None:
        kind, _, what = (value or "").partition(":")
        if kind == "plan":
            plan = self.app.cases.plans.get(what)
            if plan is not None:
                self.start(plan)
        elif kind == "resume":
            self.resume(int(what))
        elif kind == "report":
            self.show_report(int(what))

    def show_report(self, loop_id: int) -> None:
        # Imported here: the Markdown widget costs launch time, and a report is rare.
        from mockloop.ui.screens.loop_report import LoopReportScreen

        self.app.push_screen(LoopReportScreen(loop_id))

    def start(self, plan: LoopPlan) -> None:
        try:
            loop_id, notes = self.app.cases.start_loop(plan)
        except MockloopError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        for note in notes:
            self.app.notify(note, severity="warning", markup=False, timeout=8)
        self.resume(loop_id)

    def resume(self, loop_id: int) -> None:
        """Answers a crash or a quit left untranscribed are transcribed now, in the
        background: the report needs them."""
        self.loop_id = loop_id
        for attempt_id in self.app.cases.loop_untranscribed(loop_id):
            self.app.queue_transcription(attempt_id)
        self.hub()

    def leave(self) -> None:
        """Stop walking the loop (it stays open, resumable from Home)."""
        self.loop_id = self.session_id = None

    # -- the walk --------------------------------------------------------------------------------
    def _state(self) -> LoopState | None:
        if self.loop_id is None:
            return None
        found = self.app.cases.loop_state(self.loop_id)
        self.session_id = found.loop.session_id if found else None
        return found

    def hub(self) -> None:
        """Walk the loop from its hub (a worker that awaits each screen in turn)."""
        self.app.run_worker(self._walk(), group="flow", description="mock loop")

    async def _walk(self) -> None:
        """The hub, then what the person chose there, until the loop is paused, done or
        abandoned."""
        while await self._at_hub():
            pass

    async def _at_hub(self) -> bool:
        """One visit to the hub and what follows it; True: back to the hub afterwards."""
        state = self._state()
        if state is None:
            self.leave()
            return False
        if state.step is not None:  # say the next question while the person reads the hub
            self.app.prepare_voice([state.step.question.prompt])
        choice = await self.app.push_screen_wait(LoopHubScreen(state))
        state = self._state()
        if state is None:
            return False
        if choice == "go" and state.step is not None:
            await self._ask(state, state.step)
        elif choice == "go":
            self._finish(state, LoopStatus.DONE)
            self.show_report(state.loop.id)
        elif choice == "review" and state.last is not None:
            await self._review_last()
        elif choice == "abandon":
            self._finish(state, LoopStatus.ABANDONED)
        else:  # paused: it stays open, and Home offers it again
            self.app.notify(f"Loop {state.loop.id} paused: resume it from Home with l.")
            self.leave()
            self.app.screen.post_message(LoopUpdate())
        return choice in ("go", "review") and self.loop_id is not None

    def _finish(self, state: LoopState, status: LoopStatus) -> None:
        self.app.cases.set_loop_status(state.loop.id, status)
        self.leave()
        self.app.screen.post_message(LoopUpdate())  # Home drops it from "paused"

    async def _ask(self, state: LoopState, step: Step, *, aimed: bool = False) -> None:
        """A question, then its follow-ups straight after, as the interviewer asks them.
        aimed: the first step's follow-up is already chosen (a retry asks the same one)."""
        while True:
            if step.follow_up_of is None:  # its follow-ups are spoken as soon as it ends
                self.app.prepare_voice(list(step.question.follow_ups[:MAX_FOLLOW_UPS]))
            elif not aimed:
                step = self._aimed(state, step)
            aimed = False
            where = step.where(state.loop.drawn)
            screen = PracticeScreen(step.question, where, step.follow_up_of)
            outcome: PracticeOutcome = await self.app.push_screen_wait(screen)
            if (
                not isinstance(outcome, Answered)
                or await self.app.end_answer(outcome.answer) is None
            ):
                return
            found = self._state()
            if found is None or found.step is None or found.step.follow_up_of is None:
                return
            state, step = found, found.step

    def _aimed(self, state: LoopState, step: Step) -> Step:
        """The follow-up the loop owes, aimed at the main answer's most costly gap as `f`
        chooses it, when its words are in; else the bank's next follow-up. Not waited for:
        a wait here held every follow-up up whenever the words were slow."""
        assert step.follow_up_of is not None
        slot = state.loop.drawn.rounds[step.round_index].items[step.item_index]
        answer = state.answers.get(slot.question.id)
        n = len(answer.follow_up_ids) if answer is not None else 0
        asked = self.app.cases.follow_up(step.follow_up_of, n)
        return step if asked is None else replace(step, question=asked)

    async def _review_last(self) -> None:
        """The hub's Review of the last answer: try it again (in its slot), or one more
        follow-up; anything else is back to the hub."""
        state = self._state()
        assert state is not None and state.last is not None
        choice: ReviewChoice = await self.app.push_screen_wait(ReviewScreen(state.last.id))
        state = self._state()
        last = state.last if state else None
        found = _slot_of(state, last.parent_id or last.id) if state and last else None
        if state is None or last is None or found is None or choice not in ("retry", "follow_up"):
            return
        r, i, question = found
        if choice == "retry" and last.parent_id is None:
            await self._ask(state, Step(r, i, question))
            return
        main_id = last.parent_id or last.id
        if choice == "retry":  # the same follow-up again, as it was asked
            limit = self.app.settings.follow_up_s
            asked: Question | None = follow_up_question(
                question, 0, limit, probe=last.question_prompt
            )
        else:
            asked = self.app.cases.follow_up(main_id, len(state.answers[question.id].follow_up_ids))
        if asked is None:
            self.app.notify("This question has no follow-ups in the bank.", severity="warning")
            return
        await self._ask(state, Step(r, i, asked, follow_up_of=main_id), aimed=True)


def _slot_of(state: LoopState, main_id: int) -> tuple[int, int, Question] | None:
    """The round, slot and question a main answer belongs to."""
    for r, rnd in enumerate(state.loop.drawn.rounds):
        for i, item in enumerate(rnd.items):
            answer = state.answers.get(item.question.id)
            if answer is not None and answer.attempt_id == main_id:
                return r, i, item.question
    return None


def _rounds(plan: LoopPlan) -> str:
    n = len(plan.rounds)
    return f"{n} round{'s' if n != 1 else ''}"
