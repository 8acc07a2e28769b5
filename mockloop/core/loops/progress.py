"""Where a loop stands, derived from the answers stored so far and nothing else: so a loop
paused, quit or crashed half-way resumes at the first question (or follow-up) not answered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mockloop.core.bank.questions import Question
from mockloop.core.loops.draw import DrawnLoop, DrawnRound, DrawnSlot


@dataclass(frozen=True)
class SlotAnswer:
    """The answer given to one slot (the latest, if it was retried) and its follow-ups."""

    attempt_id: int
    follow_up_ids: tuple[int, ...] = ()
    seconds: float = 0.0  # the answer and its follow-ups, as recorded


@dataclass(frozen=True)
class Step:
    round_index: int
    item_index: int
    question: Question  # what is asked now: the slot's question, or one of its follow-ups
    follow_up_of: int | None = None  # the main answer, for a follow-up

    def where(self, loop: DrawnLoop) -> str:
        rnd = loop.rounds[self.round_index]
        at = (
            f"round {self.round_index + 1} of {len(loop.rounds)} · "
            f"question {self.item_index + 1} of {len(rnd.items)}"
        )
        return f"{at} · follow-up" if self.follow_up_of is not None else at


FOLLOW_UP = "~follow-up"  # a follow-up's question id: its question's id plus this


def is_follow_up(question_id: str) -> bool:
    return question_id.endswith(FOLLOW_UP)


def follow_up_question(
    question: Question, n: int, limit_s: int, *, probe: str | None = None
) -> Question:
    """The n-th follow-up (0-based, wrapping) as a short answer of its own: first the probe
    aimed at the main answer's most costly gap (content.choose_follow_up), then the bank's
    follow-ups in their order."""
    asked = ((probe,) if probe else ()) + tuple(q for q in question.follow_ups if q != probe)
    return Question(
        id=question.id + FOLLOW_UP,
        prompt=asked[n % len(asked)],
        category=question.category,
        principles=question.principles,
        time_limit_s=limit_s,
    )


def follow_ups_asked(rnd: DrawnRound, item: DrawnSlot) -> int:
    return min(rnd.plan.follow_ups, len(item.question.follow_ups))


def next_step(
    loop: DrawnLoop, answers: Mapping[str, SlotAnswer], *, follow_up_s: int
) -> Step | None:
    """The first slot with no answer, or an answer still owed a follow-up; None when the
    loop is complete. answers: question id -> its slot's answer."""
    for r, rnd in enumerate(loop.rounds):
        for i, item in enumerate(rnd.items):
            answer = answers.get(item.question.id)
            if answer is None:
                return Step(r, i, item.question)
            n = len(answer.follow_up_ids)
            if n < follow_ups_asked(rnd, item):
                asked = follow_up_question(item.question, n, follow_up_s)
                return Step(r, i, asked, follow_up_of=answer.attempt_id)
    return None


def slot_done(rnd: DrawnRound, item: DrawnSlot, answer: SlotAnswer | None) -> bool:
    """Answered, with every follow-up the round asks."""
    return answer is not None and len(answer.follow_up_ids) >= follow_ups_asked(rnd, item)


def round_seconds(loop: DrawnLoop, answers: Mapping[str, SlotAnswer], r: int) -> float:
    return sum(
        a.seconds for it in loop.rounds[r].items if (a := answers.get(it.question.id)) is not None
    )


def on_break(loop: DrawnLoop, answers: Mapping[str, SlotAnswer], step: Step | None) -> int:
    """Minutes of break before `step`: the previous round's break, when the step opens a
    round no answer has been given in yet."""
    if step is None or step.round_index == 0 or step.item_index or step.follow_up_of:
        return 0
    return loop.rounds[step.round_index - 1].plan.break_minutes
