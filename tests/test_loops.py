"""Mock-loop plans, the draw, and where a loop stands (issue 15, item 3): plans load and are
checked; no principle repeats; the weakest and the never-practised come first; progress is
derived from the stored answers, so a crash mid-answer keeps its place."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from mockloop.core.bank.questions import LEADERSHIP_PRINCIPLES, builtin_questions_dir, load_bank
from mockloop.core.loops.draw import Standing, draw_loop, from_json, principle_order, to_json
from mockloop.core.loops.plans import (
    UNPRACTISED,
    PlanProblem,
    builtin_plans_dir,
    load_plans,
    parse_plan,
)
from mockloop.core.loops.progress import SlotAnswer, next_step, on_break, slot_done
from mockloop.store import loops
from mockloop.store.loops import LoopStatus
from mockloop.store.tables import Status
from tests.store_helpers import memory_engine
from tests.test_queries import add

BANK = load_bank([builtin_questions_dir()])
PLANS = load_plans([builtin_plans_dir()])
T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_the_shipped_plans_are_the_onsite_the_evening_mock_and_the_quick_loop():
    assert PLANS.problems == ()
    evening = PLANS.get("amazon-evening")
    assert evening is not None and 60 <= evening.minutes <= 75
    assert [r.slots for r in evening.rounds] == [("behavioral",) * 3, ("product",)]
    assert all(r.follow_ups >= 1 for r in evening.rounds) and evening.goal == 0
    onsite, quick = PLANS.get("amazon-onsite"), PLANS.get("quick-loop")
    assert onsite.goal == 2  # the playbook: two full-length mocks before the day
    assert onsite is not None and quick is not None
    assert [r.slots for r in onsite.rounds] == [
        ("behavioral", "behavioral", "product"),
        ("behavioral", "behavioral", "experiment"),
        ("behavioral", "behavioral", "metrics"),
        (UNPRACTISED,) * 3,
    ]
    assert all(r.minutes == 60 and r.follow_ups >= 1 for r in onsite.rounds)
    assert onsite.length == "4 h 50 min" and quick.length == "20 min"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"name": "x"}, "expected one or more [[round]]"),
        ({"round": [{"minutes": 30}]}, "'slots' must be a list"),
        ({"round": [{"minutes": 30, "slots": ["cooking"]}]}, "unknown slot 'cooking'"),
        ({"round": [{"minutes": 30, "slots": ["principle:Patience"]}]}, "names no leadership"),
        ({"round": [{"minutes": float("nan"), "slots": ["metrics"]}]}, "'minutes' must be"),
        ({"round": [{"minutes": 30, "slots": ["metrics"], "follow_ups": 9}]}, "'follow_ups'"),
        ({"round": [{"minutes": 30, "slots": ["metrics"], "breaks": 5}]}, "unknown keys"),
        ({"round": [{"minutes": True, "slots": ["metrics"]}]}, "'minutes' must be"),
        ({"goal": -1, "round": [{"minutes": 30, "slots": ["metrics"]}]}, "'goal' must be"),
        ({"goal": "two", "round": [{"minutes": 30, "slots": ["metrics"]}]}, "'goal' must be"),
    ],
)
def test_a_bad_plan_is_refused_with_what_is_wrong(data, says):
    with pytest.raises(PlanProblem, match=None) as caught:
        parse_plan("mine", data)
    assert says in str(caught.value)


def test_a_person_s_plan_joins_the_shipped_ones_and_a_bad_file_is_named_not_fatal(tmp_path):
    (tmp_path / "quick-loop.toml").write_text(
        'name = "My quick loop"\n[[round]]\nminutes = 10\nslots = ["principle:dive deep"]\n'
    )
    (tmp_path / "broken.toml").write_text("[[round]\n")
    os.mkfifo(tmp_path / "fifo.toml")  # would block a plain read forever
    plans = load_plans([builtin_plans_dir(), tmp_path, tmp_path / "missing"])
    mine = plans.get("quick-loop")
    assert mine is not None and mine.name == "My quick loop"  # same key: theirs wins
    assert mine.rounds[0].slots == ("principle:Dive Deep",)
    assert plans.get("amazon-onsite") is not None
    assert len(plans.problems) == 2
    assert any("broken.toml: TOML syntax error" in p for p in plans.problems)
    assert any("fifo.toml: not a regular file" in p for p in plans.problems)


def test_principles_never_practised_come_first_then_the_weakest_then_the_least_practised():
    standings = {p: Standing(3, 3.0) for p in LEADERSHIP_PRINCIPLES[2:]}
    standings["Frugality"] = Standing(5, 1.4)  # graded badly: weakest
    standings["Dive Deep"] = Standing(1, 3.0)  # as good, fewer answers
    order = principle_order(standings)
    assert order[:2] == ["Customer Obsession", "Ownership"]  # never practised
    assert order[2] == "Frugality"
    assert order[3] == "Dive Deep"


def test_the_onsite_draw_repeats_no_principle_and_gives_the_bar_raiser_the_unpractised():
    practised = {p: Standing(2, 2.5) for p in LEADERSHIP_PRINCIPLES[:12]}
    practised["Deliver Results"] = Standing(4, 1.2)  # practised, and the weakest of those
    onsite = PLANS.get("amazon-onsite")
    for seed in range(20):
        drawn = draw_loop(onsite, BANK, practised, rng=random.Random(seed))
        items = [it for r in drawn.rounds for it in r.items]
        assert len(items) == 12 and len({it.question.id for it in items}) == 12
        principles = [p for it in items for p in it.question.principles]
        assert len(principles) == len(set(principles)), seed  # none twice in the loop
        assert [it.question.category for it in drawn.rounds[0].items] == [
            "behavioral",
            "behavioral",
            "product",
        ]
        bar = {p for it in drawn.rounds[3].items for p in it.question.principles}
        never = set(LEADERSHIP_PRINCIPLES[12:]) - {"Deliver Results"}
        assert bar & never, seed  # the bar raiser asks about principles never practised
        assert from_json(to_json(drawn)).rounds == drawn.rounds  # stored as asked


@pytest.mark.parametrize("seed", range(5))
def test_the_first_story_is_on_the_principle_never_practised_else_the_weakest(seed):
    one = parse_plan("one", {"round": [{"minutes": 10, "slots": ["behavioral"]}]})
    practised = {p: Standing(3, 3.0) for p in LEADERSHIP_PRINCIPLES}
    practised["Frugality"] = Standing(6, 1.3)  # answered often, and badly
    weakest = draw_loop(one, BANK, practised, rng=random.Random(seed))
    assert "Frugality" in weakest.rounds[0].items[0].question.principles
    del practised["Earn Trust"]  # never practised: it comes before the weakest
    never = draw_loop(one, BANK, practised, rng=random.Random(seed))
    assert "Earn Trust" in never.rounds[0].items[0].question.principles


def test_when_everything_has_been_practised_the_bar_raiser_says_so():
    everything = {p: Standing(2, 3.0) for p in LEADERSHIP_PRINCIPLES}
    drawn = draw_loop(PLANS.get("amazon-onsite"), BANK, everything, rng=random.Random(1))
    assert any("least practised" in n for n in drawn.notes)
    assert sum(len(r.items) for r in drawn.rounds) == 12


def test_progress_walks_questions_then_their_follow_ups_and_breaks_between_rounds():
    drawn = draw_loop(PLANS.get("amazon-onsite"), BANK, {}, rng=random.Random(2))
    q = [[it.question for it in r.items] for r in drawn.rounds]
    step = next_step(drawn, {}, follow_up_s=60)
    assert (step.round_index, step.item_index, step.follow_up_of) == (0, 0, None)
    answers = {q[0][0].id: SlotAnswer(11)}
    step = next_step(drawn, answers, follow_up_s=60)
    assert step.follow_up_of == 11 and step.question.time_limit_s == 60
    assert step.question.prompt == q[0][0].follow_ups[0]
    assert step.where(drawn) == "round 1 of 4 · question 1 of 3 · follow-up"
    for n, question in enumerate(q[0]):
        answers[question.id] = SlotAnswer(20 + n, (30 + n,))
    rnd0, rnd1 = drawn.rounds[:2]
    assert all(slot_done(rnd0, it, answers.get(it.question.id)) for it in rnd0.items)
    assert not slot_done(rnd0, rnd0.items[0], SlotAnswer(20))  # its follow-up still owed
    assert not slot_done(rnd1, rnd1.items[0], answers.get(rnd1.items[0].question.id))
    step = next_step(drawn, answers, follow_up_s=60)
    assert (step.round_index, step.item_index) == (1, 0)
    assert on_break(drawn, answers, step) == 10  # the plan's break after round 1
    for r in drawn.rounds:
        for it in r.items:
            answers[it.question.id] = SlotAnswer(1, (2,) * r.plan.follow_ups)
    assert next_step(drawn, answers, follow_up_s=60) is None


def test_the_store_derives_progress_from_answers_and_a_crashed_answer_keeps_its_place():
    engine = memory_engine()
    drawn = draw_loop(PLANS.get("quick-loop"), BANK, {}, rng=random.Random(3))
    first, second = (it.question for it in drawn.rounds[0].items[:2])
    with Session(engine) as s:
        loop = loops.create(s, drawn)
        assert loops.get(s, loop.id).drawn.rounds == drawn.rounds
        main = add(s, first.id, T0, principles=first.principles)
        main.session_id = loop.session_id
        follow = add(s, f"{first.id}~follow-up", T0 + timedelta(minutes=3), principles=())
        follow.session_id, follow.parent_id = loop.session_id, main.id
        crashed = add(
            s,
            second.id,
            T0 + timedelta(minutes=5),
            status=Status.INTERRUPTED,
            principles=second.principles,
            fpm=None,
        )
        crashed.session_id = loop.session_id
        s.add_all([main, follow, crashed])
        s.commit()
        given = loops.answers(s, loop)
        assert given[first.id] == SlotAnswer(main.id, (follow.id,), 200.0)
        assert given[second.id].attempt_id == crashed.id  # the audio was kept: it counts
        assert loops.untranscribed(s, loop.id) == [crashed.id]
        state = loops.state(s, loop.id, follow_up_s=60)
        assert state.step.question.prompt == second.follow_ups[0] and state.last.id == crashed.id
        # A retry replaces the slot's answer; its follow-ups are owed again.
        retry = add(s, first.id, T0 + timedelta(minutes=9), principles=first.principles)
        retry.session_id = loop.session_id
        s.add(retry)
        s.commit()
        assert loops.answers(s, loop)[first.id] == SlotAnswer(retry.id, (), 100.0)
        loops.set_status(s, loop.id, LoopStatus.DONE)
        assert loops.get(s, loop.id).ended_at is not None
        assert loops.every(s, status=LoopStatus.OPEN) == []


def test_standings_grade_each_principle_from_its_answers():
    engine = memory_engine()
    with Session(engine) as s:
        add(s, "a", T0, principles=("Ownership",), fpm=1.0)  # good: 3
        add(s, "b", T0, principles=("Ownership",), fpm=9.0)  # fillers over twice the goal: 1
        add(s, "c", T0, principles=("Dive Deep",), fpm=1.0, overrun=5.0)  # a little over: 2
        add(s, "d", T0, principles=("Frugality",), status=Status.FAILED)  # not finished
        got = loops.standings(s, goal_fillers_per_min=2.0)
    assert got == {"Ownership": Standing(2, 2.0), "Dive Deep": Standing(1, 2.0)}


def test_finished_loops_are_counted_per_plan():
    engine = memory_engine()
    with Session(engine) as s:
        made = [
            loops.create(s, draw_loop(PLANS.get(key), BANK, {}, rng=random.Random(n)))
            for n, key in enumerate(("amazon-onsite", "amazon-onsite", "quick-loop"))
        ]
        loops.set_status(s, made[0].id, LoopStatus.DONE)
        loops.set_status(s, made[2].id, LoopStatus.DONE)
        assert loops.finished_by_plan(s) == {"amazon-onsite": 1, "quick-loop": 1}


def test_a_loop_is_compared_with_the_last_one_finished_before_it():
    engine = memory_engine()
    with Session(engine) as s:
        made = [
            loops.create(s, draw_loop(PLANS.get("quick-loop"), BANK, {}, rng=random.Random(n)))
            for n in range(3)
        ]
        loops.set_status(s, made[0].id, LoopStatus.DONE)
        loops.set_status(s, made[1].id, LoopStatus.ABANDONED)
        assert loops.previous_done(s, loops.get(s, made[2].id)).id == made[0].id
        assert loops.previous_done(s, loops.get(s, made[0].id)) is None


def test_plans_folder_is_beside_the_config(tmp_path):
    from mockloop.config import Paths

    assert Paths(tmp_path / "d", tmp_path / "conf" / "config.toml").loops_dir == Path(
        tmp_path / "conf" / "loops"
    )
