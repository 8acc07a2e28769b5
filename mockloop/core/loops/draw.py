"""Turning a plan into a day's questions, once, at the start (so a resumed loop asks the same
ones): no leadership principle twice in a loop, the person's weakest and least practised
principles first, and "never practised" slots (the bar raiser) served before the others take
those principles."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockloop.core.bank.draw import QuestionFilter, draw_question
from mockloop.core.bank.questions import LEADERSHIP_PRINCIPLES, Bank, Question
from mockloop.core.errors import MockloopError
from mockloop.core.loops.plans import PRINCIPLE_PREFIX, UNPRACTISED, LoopPlan, RoundPlan


@dataclass(frozen=True)
class Standing:
    """How a principle has gone: answers given, and their mean grade (schedule.grade: 1
    again, 2 hard, 3 good, 4 easy), None when never practised."""

    answers: int = 0
    mean_grade: float | None = None


def principle_order(standings: Mapping[str, Standing]) -> list[str]:
    """Never practised first, then the lowest mean grade, then the fewest answers; the
    official order breaks ties, so the same history always gives the same order."""
    rank = {p: n for n, p in enumerate(LEADERSHIP_PRINCIPLES)}

    def key(p: str) -> tuple[int, float, int, int]:
        s = standings.get(p, Standing())
        return (s.answers > 0, s.mean_grade or 0.0, s.answers, rank[p])

    return sorted(LEADERSHIP_PRINCIPLES, key=key)


@dataclass(frozen=True)
class DrawnSlot:
    slot: str
    question: Question


@dataclass(frozen=True)
class DrawnRound:
    plan: RoundPlan
    items: tuple[DrawnSlot, ...]


@dataclass(frozen=True)
class DrawnLoop:
    key: str
    name: str
    rounds: tuple[DrawnRound, ...]
    notes: tuple[str, ...] = ()  # slots that could not be filled as planned, said once


class LoopDrawError(MockloopError):
    pass


def draw_loop(
    plan: LoopPlan,
    bank: Bank,
    standings: Mapping[str, Standing],
    *,
    last_practised: Mapping[str, datetime] | None = None,
    due: Mapping[str, datetime] | None = None,
    rng: random.Random | None = None,
) -> DrawnLoop:
    rng = rng or random.Random()
    last = last_practised or {}
    order = principle_order(standings)
    unpractised = [p for p in order if standings.get(p, Standing()).answers == 0]
    used_principles: set[str] = set()
    used_ids: set[str] = set()
    notes: list[str] = []
    slots = [(r, i, s) for r, rnd in enumerate(plan.rounds) for i, s in enumerate(rnd.slots)]
    # Serve the named and the never-practised slots before the general ones take principles.
    serve = sorted(
        slots, key=lambda t: (t[2] != UNPRACTISED, not t[2].startswith(PRINCIPLE_PREFIX))
    )
    picked: dict[tuple[int, int], Question] = {}
    for r, i, slot in serve:
        wanted = _principles_for(slot, order, unpractised, notes)
        if wanted:
            q = _story_question(bank, wanted, used_principles, used_ids, last, rng)
        else:
            pool = Bank(tuple(q for q in bank.questions if q.id not in used_ids))
            d = draw_question(
                pool, QuestionFilter(category=slot), last_practised=last, due=due, rng=rng
            )
            q = d.question if d else None
        if q is None:
            notes.append(f"round {r + 1}: no unused question for {slot!r}; slot left out")
            continue
        picked[(r, i)] = q
        used_ids.add(q.id)
        used_principles.update(q.principles)
    rounds = tuple(
        DrawnRound(
            rnd,
            tuple(
                DrawnSlot(s, picked[(r, i)]) for i, s in enumerate(rnd.slots) if (r, i) in picked
            ),
        )
        for r, rnd in enumerate(plan.rounds)
    )
    if not any(rnd.items for rnd in rounds):
        raise LoopDrawError(f"The question bank has no question for the plan {plan.name!r}.")
    return DrawnLoop(plan.key, plan.name, tuple(r for r in rounds if r.items), tuple(notes))


def _principles_for(
    slot: str, order: list[str], unpractised: list[str], notes: list[str]
) -> list[str]:
    """The principles a slot's story question may show, best first; none for a case slot."""
    if slot == UNPRACTISED:
        if not unpractised:
            notes.append(
                "every principle has been practised: the bar raiser takes the least practised"
            )
        return unpractised or order  # all practised: the least practised then
    if slot.startswith(PRINCIPLE_PREFIX):
        return [slot.removeprefix(PRINCIPLE_PREFIX)]
    return order if slot == "behavioral" else []


def _story_question(
    bank: Bank,
    wanted: Iterable[str],
    used_principles: set[str],
    used_ids: set[str],
    last: Mapping[str, datetime],
    rng: random.Random,
) -> Question | None:
    """A behavioural question on the first wanted principle that still has one touching no
    principle used so far: never practised first, then practised longest ago."""
    for principle in wanted:
        if principle in used_principles:
            continue
        pool = [
            q
            for q in bank.questions
            if q.category == "behavioral"
            and principle in q.principles
            and q.id not in used_ids
            and not used_principles.intersection(q.principles)
        ]
        if not pool:
            continue
        fresh = [q for q in pool if q.id not in last]
        if fresh:
            return rng.choice(fresh)
        return min(pool, key=lambda q: (last[q.id], q.id))
    return None


# -- stored as JSON on the loop's row: the questions as they were asked ----------------------------
def to_json(loop: DrawnLoop) -> dict[str, Any]:
    return {
        "key": loop.key,
        "name": loop.name,
        "notes": list(loop.notes),
        "rounds": [
            {
                "title": r.plan.title,
                "minutes": r.plan.minutes,
                "follow_ups": r.plan.follow_ups,
                "break_minutes": r.plan.break_minutes,
                "items": [
                    {"slot": it.slot, "question": _question_json(it.question)} for it in r.items
                ],
            }
            for r in loop.rounds
        ],
    }


def from_json(data: Mapping[str, Any]) -> DrawnLoop:
    rounds = []
    for r in data["rounds"]:
        items = tuple(DrawnSlot(str(it["slot"]), _question(it["question"])) for it in r["items"])
        plan = RoundPlan(
            str(r["title"]),
            int(r["minutes"]),
            tuple(it.slot for it in items),
            int(r["follow_ups"]),
            int(r["break_minutes"]),
        )
        rounds.append(DrawnRound(plan, items))
    notes = tuple(str(n) for n in data.get("notes", []))
    return DrawnLoop(str(data["key"]), str(data["name"]), tuple(rounds), notes)


def _question_json(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "prompt": q.prompt,
        "category": q.category,
        "principles": list(q.principles),
        "time_limit_s": q.time_limit_s,
        "follow_ups": list(q.follow_ups),
        "tags": list(q.tags),
        "hints": list(q.hints),
        "checkpoints": [list(c) for c in q.checkpoints],
    }


def _question(d: Mapping[str, Any]) -> Question:
    return Question(
        id=str(d["id"]),
        prompt=str(d["prompt"]),
        category=str(d["category"]),
        principles=tuple(d["principles"]),
        time_limit_s=int(d["time_limit_s"]),
        follow_ups=tuple(d["follow_ups"]),
        tags=tuple(d.get("tags", ())),
        hints=tuple(d.get("hints", ())),
        checkpoints=tuple((str(n), int(s)) for n, s in d.get("checkpoints", [])),
    )
