"""Choosing what to practise next: filters, the practice-method mix, and a preference for
questions never practised or practised longest ago."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from mockloop.core.bank.questions import Bank, Question, canonical_principle

# The seed practice method: ~60% leadership stories, ~30% product sense, ~10% technical.
DEFAULT_MIX: Mapping[str, float] = {
    "behavioral": 0.60,
    "product": 0.12,
    "experiment": 0.12,
    "metrics": 0.06,
    "technical": 0.10,
}


@dataclass(frozen=True)
class QuestionFilter:
    category: str | None = None
    principle: str | None = None
    tag: str | None = None
    question_id: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.category or self.principle or self.tag or self.question_id)

    def matches(self, q: Question) -> bool:
        if self.question_id and q.id != self.question_id:
            return False
        if self.category and q.category != self.category:
            return False
        if self.principle and canonical_principle(self.principle) not in q.principles:
            return False
        return not (self.tag and self.tag.lower() not in q.tags)


@dataclass(frozen=True)
class Draw:
    question: Question
    reason: str


def matching(bank: Bank, flt: QuestionFilter) -> list[Question]:
    return [q for q in bank.questions if flt.matches(q)]


def draw_question(
    bank: Bank,
    flt: QuestionFilter | None = None,
    *,
    last_practised: Mapping[str, datetime] | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
    mix: Mapping[str, float] = DEFAULT_MIX,
    due: Mapping[str, datetime] | None = None,
) -> Draw | None:
    """Pick the next question, or None when nothing matches the filter. The mix picks the
    category; inside it a question due again comes first (the most overdue), then one never
    practised, then the one due soonest (or, unscheduled, practised longest ago)."""
    flt = flt or QuestionFilter()
    rng = rng or random.Random()
    last = last_practised or {}
    due = due or {}
    now = now or datetime.now(UTC)
    pool = matching(bank, flt)
    if not pool:
        return None
    why: list[str] = []
    if flt.is_empty:
        pool = _by_mix(pool, mix, rng, why)
    pick, reason = _pick(pool, last, due, now, rng)
    return Draw(pick, "; ".join([*why, reason]))


def _by_mix(
    pool: list[Question], mix: Mapping[str, float], rng: random.Random, why: list[str]
) -> list[Question]:
    """The questions of one category, chosen by the mix's weights (when any matches)."""
    cats = [c for c in mix if mix[c] > 0 and any(q.category == c for q in pool)]
    if not cats:
        return pool
    cat = rng.choices(cats, weights=[mix[c] for c in cats])[0]
    why.append(f"{cat} (mix: {round(mix[cat] * 100)}%)")
    return [q for q in pool if q.category == cat]


def _pick(
    pool: list[Question],
    last: Mapping[str, datetime],
    due: Mapping[str, datetime],
    now: datetime,
    rng: random.Random,
) -> tuple[Question, str]:
    """The most overdue, else one never practised, else the one due soonest (or, unscheduled,
    practised longest ago); with the reason."""
    overdue = [q for q in pool if q.id in due and due[q.id] <= now]
    fresh = [q for q in pool if q.id not in last]
    if overdue:
        pick = min(overdue, key=lambda q: (due[q.id], q.id))
        days = (now - due[pick.id]).days
        return pick, f"due again ({days} days ago)" if days else "due again today"
    if fresh:
        return rng.choice(fresh), "never practised"
    far = datetime.max.replace(tzinfo=UTC)
    pick = min(pool, key=lambda q: (due.get(q.id, far), last[q.id], q.id))
    if pick.id in due:
        return pick, f"due soonest (in {(due[pick.id] - now).days + 1} days)"
    days = (now - last[pick.id]).days
    return pick, f"practised longest ago ({days} days)" if days else "practised longest ago"
