"""Questions come back when they are due (issue 15, item 5): FSRS over the answers given,
graded by the rating or the figures; due questions first; the mix holds over weeks."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from mockloop.core.bank.draw import DEFAULT_MIX, QuestionFilter, draw_question
from mockloop.core.bank.questions import Bank, Question, builtin_questions_dir, load_bank
from mockloop.core.bank.schedule import Review, due_dates, due_now, grade
from mockloop.store.attempt import lists
from mockloop.store.db import open_engine
from mockloop.store.tables import Attempt, Status

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


def review(days=0.0, rating=None, fpm=1.0, over=0.0, qid="q"):
    return Review(qid, T0 + timedelta(days=days), rating, fpm, over)


def test_the_grade_is_the_rating_else_the_figures():
    assert [grade(review(rating=r), 2.0) for r in (1, 2, 3, 4, 5)] == [1, 1, 2, 3, 4]
    assert grade(review(fpm=1.0), 2.0) == 3  # under the goal, in time: good
    assert grade(review(fpm=3.0), 2.0) == 2  # over the goal: hard
    assert grade(review(over=5.0), 2.0) == 2
    assert grade(review(fpm=4.1), 2.0) == 1  # twice the goal: again
    assert grade(review(over=20.0), 2.0) == 1


def test_good_answers_space_out_and_a_bad_one_brings_the_question_back_soon():
    def after(*reviews):
        return (due_dates(reviews, 2.0)["q"] - reviews[-1].when).days

    first = after(review(0, rating=4))
    second = after(review(0, rating=4), review(first, rating=4))
    assert 1 <= first < second  # each good answer pushes it further out
    assert after(review(0, rating=4), review(first, rating=1)) <= 1  # a poor one: back at once
    assert after(review(0, rating=5)) > first  # easy: later than good
    # The same history always gives the same dates (no random fuzz).
    assert due_dates([review(0, 4), review(3, 3)], 2.0) == due_dates(
        [review(0, 4), review(3, 3)], 2.0
    )
    assert due_now({"a": T0, "b": T0 + timedelta(days=2)}, T0 + timedelta(days=1)) == {"a": T0}


def q(qid, category="behavioral"):
    return Question(id=qid, prompt="p", category=category, principles=("Dive Deep",))


def test_a_due_question_comes_first_in_its_category():
    bank = Bank((q("due"), q("fresh"), q("later")))
    now = T0 + timedelta(days=10)
    last = {"due": T0, "later": T0 + timedelta(days=9)}
    due = {"due": T0 + timedelta(days=8), "later": T0 + timedelta(days=30)}
    flt = QuestionFilter(category="behavioral")
    d = draw_question(bank, flt, last_practised=last, now=now, due=due)
    assert d.question.id == "due" and d.reason == "due again (2 days ago)"
    due["due"] = T0 + timedelta(days=20)  # nothing due: never practised, then the soonest due
    assert draw_question(bank, flt, last_practised=last, now=now, due=due).question.id == "fresh"
    last["fresh"] = now
    due["fresh"] = T0 + timedelta(days=40)
    d = draw_question(bank, flt, last_practised=last, now=now, due=due)
    assert d.question.id == "due" and d.reason == "due soonest (in 11 days)"


def test_sixty_days_of_practice_keep_the_mix_and_bring_questions_back(tmp_path):
    """A person practises five answers a day for 60 days, always taking the suggestion, and
    rates each answer by a fixed rule: the mix holds, and every question answered well comes
    back later than one answered poorly."""
    bank = load_bank([builtin_questions_dir()])
    engine = open_engine(tmp_path / "m.db")
    rng = random.Random(5)
    poor = {q.id for q in bank.questions[::4]}  # a quarter of the bank is hard for this person
    drawn: list[str] = []
    with Session(engine) as s:
        for day in range(60):
            for slot in range(5):
                now = T0 + timedelta(days=day, minutes=10 * slot)
                due = lists.due_dates(s, goal_fillers_per_min=2.0)
                last = {a.question_id: a.started_at for a in s.exec(select(Attempt))}
                d = draw_question(bank, rng=rng, now=now, last_practised=last, due=due)
                drawn.append(d.question.category)
                s.add(
                    Attempt(
                        question_id=d.question.id,
                        question_prompt="p",
                        question_category=d.question.category,
                        started_at=now,
                        time_limit_s=120,
                        recording_path="x",
                        status=Status.DONE,
                        rating=2 if d.question.id in poor else 4,
                        fillers_per_min=1.0,
                    )
                )
                s.commit()
        due = lists.due_dates(s, goal_fillers_per_min=2.0)
    share = {c: n / len(drawn) for c, n in Counter(drawn).items()}
    for category, weight in DEFAULT_MIX.items():
        assert abs(share.get(category, 0) - weight) < 0.07, (category, share)
    end = T0 + timedelta(days=60)
    good_wait = [(due[q] - end).days for q in due if q not in poor]
    poor_wait = [(due[q] - end).days for q in due if q in poor]
    assert good_wait and poor_wait
    assert sorted(poor_wait)[len(poor_wait) // 2] < sorted(good_wait)[len(good_wait) // 2]


async def test_home_counts_what_is_due_and_history_shows_when_each_question_comes_back(tmp_path):
    from mockloop.ui.widgets.tables import COLUMNS, HISTORY_PROMPT_CHARS, short_prompt
    from tests.test_ui_screens import seed, table_column
    from tests.ui_helpers import make_app, text_of

    rig = make_app(tmp_path)
    seed(rig.app, rig.paths.audio_dir)  # no ratings: graded from the figures
    async with rig.app.run_test(size=(120, 30)) as pilot:
        # 4.5 fillers/min 4 days ago and 3.0 with an overrun 2 days ago: both due again.
        assert "due today 2" in text_of(rig.app.screen, "#stats")
        await pilot.press("h")
        table = rig.app.screen.query_one("DataTable")
        question, when = COLUMNS.index("question"), COLUMNS.index("due")
        due = dict(zip(table_column(table, question), table_column(table, when), strict=True))
        bank = rig.app.cases.services.bank.questions
        prompt = {q.id: short_prompt(q.prompt, HISTORY_PROMPT_CHARS) for q in bank}
        assert due[prompt["co-analysis-changed-customer-outcome"]].endswith("d late")
        assert due[prompt["dd-root-cause-metric-drop"]].startswith("in ")  # good last time
        assert due[prompt["exp-design-ab-test"]] == "-"  # never finished: not scheduled
