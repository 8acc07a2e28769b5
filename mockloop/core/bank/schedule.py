"""When a question comes back: spaced repetition (FSRS, the `fsrs` library) over the answers
already given. Nothing is stored apart from the attempts: each question's schedule is the
replay of its finished answers, so deleting an attempt or changing a rating reschedules it.

A review's grade is the person's 1-5 rating when there is one (1-2 again, 3 hard, 4 good,
5 easy), else it comes from the figures: over the limit by more than the grace, or fillers at
more than twice the goal, is "again"; any overrun or fillers over the goal is "hard"; else
"good". Interview answers are not flashcards: no minute-long learning steps, every interval
is in days, and no random fuzz, so the same history always gives the same dates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from mockloop.core.analysis.coach import OVERRUN_GRACE_S

_BY_RATING = {1: 1, 2: 1, 3: 2, 4: 3, 5: 4}  # 1-5 stars -> fsrs Again/Hard/Good/Easy


@dataclass(frozen=True)
class Review:
    question_id: str
    when: datetime
    rating: int | None  # the person's 1-5, if given
    fillers_per_min: float | None
    overrun_s: float | None


def grade(review: Review, goal_fillers_per_min: float) -> int:
    """fsrs.Rating value: 1 again, 2 hard, 3 good, 4 easy."""
    if review.rating is not None:
        return _BY_RATING[review.rating]
    over = review.overrun_s or 0.0
    fpm = review.fillers_per_min or 0.0
    if over > OVERRUN_GRACE_S or fpm > 2 * goal_fillers_per_min:
        return 1
    if over > 0 or fpm > goal_fillers_per_min:
        return 2
    return 3


def _utc(when: datetime) -> datetime:
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def due_dates(reviews: Iterable[Review], goal_fillers_per_min: float) -> dict[str, datetime]:
    """question id -> when it is due again (UTC), from its answers in time order."""
    from fsrs import Card, Rating, Scheduler

    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    cards: dict[str, Card] = {}
    for r in sorted(reviews, key=lambda r: _utc(r.when)):
        card = cards.get(r.question_id) or Card(card_id=1, due=_utc(r.when))
        cards[r.question_id], _ = scheduler.review_card(
            card, Rating(grade(r, goal_fillers_per_min)), _utc(r.when)
        )
    return {qid: card.due for qid, card in cards.items()}


def due_now(due: Mapping[str, datetime], now: datetime) -> dict[str, datetime]:
    """The questions due at `now` (or overdue)."""
    return {qid: when for qid, when in due.items() if when <= _utc(now)}
