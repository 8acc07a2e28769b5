"""A mock loop in the app (issue 15, items 3 and 4), through Textual's Pilot with fakes: start
the quick loop from Home, answer with follow-ups, quit in the middle of an answer, resume in a
new app on the same data, finish, and read the report."""

from __future__ import annotations

from sqlmodel import Session, select

from mockloop.core.loops.plans import PlanSet, parse_plan
from mockloop.store import loops
from mockloop.store.tables import Attempt, MockLoop
from mockloop.ui.dialogs.chooser import ChooserScreen
from mockloop.ui.screens.home import HomeScreen
from mockloop.ui.screens.loop_hub import LoopHubScreen
from mockloop.ui.screens.loop_report import LoopReportScreen
from mockloop.ui.screens.practice import PracticeScreen
from mockloop.ui.screens.review import ReviewScreen
from tests.ui_helpers import make_app, screen_text, settle, text_of, wait_for


def attempts_of(app) -> list[Attempt]:
    with Session(app.cases.services.engine) as s:
        return list(s.exec(select(Attempt).order_by(Attempt.id)))


async def answer(pilot, app, *, follow_up: bool) -> None:
    """On a practice screen (prep 0: already recording): stop, and check what it was."""
    await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen))
    screen = app.screen
    assert (screen.follow_up_of is not None) == follow_up, screen.question.prompt
    assert "round 1 of 1" in text_of(screen, "#question-meta")
    await wait_for(pilot, lambda: screen.state == "answer")
    await pilot.press("space")
    await wait_for(pilot, lambda: app.screen is not screen)


async def go_on(pilot, app) -> tuple[str, str]:
    """Enter on the hub; what it said (last answer, next step) before it went."""
    await wait_for(pilot, lambda: isinstance(app.screen, LoopHubScreen))
    said = text_of(app.screen, "#loop-last"), text_of(app.screen, "#loop-next")
    await pilot.press("enter")
    return said


async def test_a_quick_loop_pauses_survives_a_quit_mid_answer_resumes_and_reports(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        chooser = rig.app.screen
        assert isinstance(chooser, ChooserScreen)
        await pilot.press(*"quick", "enter")
        await wait_for(pilot, lambda: isinstance(rig.app.screen, LoopHubScreen))
        hub = rig.app.screen
        assert "Mock loop 1 · Quick loop" in screen_text(rig.app)
        assert "No answer yet" in text_of(hub, "#loop-last")
        # Slot 1: the question, then its follow-up at once, then the hub again.
        await go_on(pilot, rig.app)
        await answer(pilot, rig.app, follow_up=False)
        await answer(pilot, rig.app, follow_up=True)
        last, upcoming = await go_on(pilot, rig.app)
        assert "question 2 of 4" in upcoming and "Last follow-up: 0:02 of 1:00" in last
        await answer(pilot, rig.app, follow_up=False)
        await answer(pilot, rig.app, follow_up=True)
        # Pause: Home says a loop is waiting.
        await wait_for(pilot, lambda: isinstance(rig.app.screen, LoopHubScreen))
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(rig.app.screen, HomeScreen))
        assert "loop 1 paused" in text_of(rig.app.screen, "#stats")
        # Resume, start slot 3, and quit in the middle of the answer.
        await pilot.press("l")
        await pilot.press("enter")  # the first choice is the loop under way
        await go_on(pilot, rig.app)
        await wait_for(pilot, lambda: isinstance(rig.app.screen, PracticeScreen))
        await wait_for(pilot, lambda: rig.app.screen.state == "answer")
        await settle(pilot)
        await rig.app.action_quit()
    rows = attempts_of(rig.app)
    assert len(rows) == 5 and rows[-1].status == "recorded"  # the cut answer's audio is kept
    with Session(rig.app.cases.services.engine) as s:
        (loop,) = loops.every(s)
        assert loop.status == "open" and set(loops.answers(s, loop)) == {
            r.question_id for r in rows if r.parent_id is None
        }

    again = make_app(tmp_path)  # the next day: a new app on the same data
    async with again.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(again.app.screen, LoopHubScreen))
        hub = again.app.screen
        assert "question 3 of 4 · follow-up" in text_of(hub, "#loop-next")  # the cut answer counts
        await settle(pilot)
        assert attempts_of(again.app)[4].status == "done"  # and it was transcribed on resume
        await go_on(pilot, again.app)
        await answer(pilot, again.app, follow_up=True)
        await go_on(pilot, again.app)
        await answer(pilot, again.app, follow_up=False)  # the metrics question
        await answer(pilot, again.app, follow_up=True)
        _, upcoming = await go_on(pilot, again.app)
        assert "Loop complete" in upcoming
        await wait_for(pilot, lambda: isinstance(again.app.screen, LoopReportScreen))
        await settle(pilot)
        shown = screen_text(again.app)
        assert "Mock loop 1: Quick loop" in shown and "The day" in shown
    rows = attempts_of(again.app)
    assert len(rows) == 8 and all(r.status == "done" for r in rows)
    assert sum(r.parent_id is not None for r in rows) == 4  # one follow-up per question
    with Session(again.app.cases.services.engine) as s:
        (row,) = s.exec(select(MockLoop)).all()
        assert row.status == "done" and row.ended_at is not None
        report = loops.report(s, row.id, again.app.settings.targets)
    assert report is not None and len(report.answers) == 4
    assert all(a.transcribed and a.verdicts for a in report.answers)
    assert [len(a.follow_ups) for a in report.answers] == [1, 1, 1, 1]
    stories = [a for a in report.answers if a.category == "behavioral"]
    principles = [p for a in stories for p in a.principles]
    assert len(stories) == 3 and len(principles) == len(set(principles))  # none repeats


async def test_the_hub_reviews_the_last_answer_and_retries_it_in_its_slot(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l", *"quick", "enter")
        await go_on(pilot, rig.app)
        await answer(pilot, rig.app, follow_up=False)
        await answer(pilot, rig.app, follow_up=True)
        await wait_for(pilot, lambda: isinstance(rig.app.screen, LoopHubScreen))
        await settle(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(rig.app.screen, ReviewScreen))
        await pilot.press("escape")  # back from a follow-up's Review: the hub
        await wait_for(pilot, lambda: isinstance(rig.app.screen, LoopHubScreen))
        first = attempts_of(rig.app)[0]
        with Session(rig.app.cases.services.engine) as s:
            (loop,) = loops.every(s)
            before = loops.answers(s, loop)[first.question_id]
        assert before.attempt_id == first.id and len(before.follow_up_ids) == 1
        # The last main answer, tried again in its slot: its follow-up is asked again too.
        await pilot.press("enter")
        await answer(pilot, rig.app, follow_up=False)  # slot 2
        await answer(pilot, rig.app, follow_up=True)
        await wait_for(pilot, lambda: isinstance(rig.app.screen, LoopHubScreen))
        await settle(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(rig.app.screen, ReviewScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(rig.app.screen, LoopHubScreen))
        second = attempts_of(rig.app)[2]
        with Session(rig.app.cases.services.engine) as s:
            (loop,) = loops.every(s)
            follow_up = loops.answers(s, loop)[second.question_id].follow_up_ids[0]
        await pilot.press("r")  # the Review of the follow-up: t answers it again
        await wait_for(pilot, lambda: isinstance(rig.app.screen, ReviewScreen))
        await settle(pilot)
        await pilot.press("t")
        await answer(pilot, rig.app, follow_up=True)
        await wait_for(pilot, lambda: isinstance(rig.app.screen, LoopHubScreen))
        with Session(rig.app.cases.services.engine) as s:
            again = loops.answers(s, loop)[second.question_id]
        assert again.attempt_id == second.id and again.follow_up_ids[0] == follow_up
        assert len(again.follow_up_ids) == 2  # the same follow-up, answered twice
        retried = attempts_of(rig.app)[-1]
        assert retried.question_prompt == attempts_of(rig.app)[3].question_prompt
        # Abandon the loop: it is over, and Home no longer offers it.
        await pilot.press("x", "y")
        await wait_for(pilot, lambda: isinstance(rig.app.screen, HomeScreen))
        assert "paused" not in text_of(rig.app.screen, "#stats")
    with Session(rig.app.cases.services.engine) as s:
        assert loops.every(s)[0].status == "abandoned"


async def test_a_main_answer_tried_again_from_the_hub_takes_its_slot(tmp_path):
    rig = make_app(tmp_path)
    plan = parse_plan(
        "two",
        {
            "name": "Two stories",
            "round": [{"title": "Stories", "minutes": 10, "slots": ["behavioral", "behavioral"]}],
        },
    )
    rig.app.cases.services.plans = PlanSet((plan,))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l", *"two", "enter")
        await go_on(pilot, rig.app)
        await answer(pilot, rig.app, follow_up=False)  # no follow-ups in this plan
        _, upcoming = await go_on(pilot, rig.app)
        assert "question 2 of 2" in upcoming
        await answer(pilot, rig.app, follow_up=False)
        await wait_for(pilot, lambda: isinstance(rig.app.screen, LoopHubScreen))
        await settle(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(rig.app.screen, ReviewScreen))
        await settle(pilot)
        await pilot.press("t")
        await answer(pilot, rig.app, follow_up=False)
        _, upcoming = await go_on(pilot, rig.app)
        assert "Loop complete" in upcoming
        await wait_for(pilot, lambda: isinstance(rig.app.screen, LoopReportScreen))
    rows = attempts_of(rig.app)
    assert len(rows) == 3 and rows[1].question_id == rows[2].question_id
    with Session(rig.app.cases.services.engine) as s:
        (loop,) = loops.every(s)
        given = loops.answers(s, loop)
        report = loops.report(s, loop.id, rig.app.settings.targets)
    assert given[rows[2].question_id].attempt_id == rows[2].id  # the retry counts
    assert [a.attempt_id for a in report.answers] == [rows[0].id, rows[2].id]
