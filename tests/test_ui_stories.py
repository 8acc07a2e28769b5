"""The story bank in the app (issue 14): the editor, the coverage matrix, choosing the story
before a behavioural answer, and the Review showing the notes beside what was said."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, select
from textual.widgets import DataTable, Input

from mockloop.config import Settings
from mockloop.core.bank.stories import Story
from mockloop.store import stories
from mockloop.store.tables import Attempt
from mockloop.ui.dialogs.chooser import ChooserScreen
from mockloop.ui.dialogs.confirm import ConfirmScreen
from mockloop.ui.dialogs.story_editor import StoryEditor
from mockloop.ui.messages import PracticeRequested
from mockloop.ui.screens.practice import PracticeScreen
from mockloop.ui.screens.stories import StoriesScreen
from tests.test_ui_review import answer
from tests.ui_helpers import make_app, practice_ready, screen_text, shown, text_of, wait_for

CHURN = Story(
    "Churn rescue",
    ("Ownership", "Dive Deep"),
    "12%; $1.2 million",
    situation="Churn doubled",
    result="Churn fell 12%",
)
PIPELINE = Story("Pipeline rebuild", ("Ownership",), "3 hours a day")


async def test_stories_are_written_in_the_editor_and_the_matrix_shows_gaps(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        screen = rig.app.screen
        assert isinstance(screen, StoriesScreen)
        assert "0 stories · 0 of 16 principles have one" in text_of(screen, "#stories-summary")
        await pilot.press("a")
        editor = rig.app.screen
        assert isinstance(editor, StoryEditor)
        editor.query_one("#story-title", Input).value = "Churn [rescue]"
        editor.query_one("#story-principles", Input).value = "ownership, Be Nice"
        await pilot.press("ctrl+s")
        assert rig.app.screen is editor  # refused, and says why
        assert "'Be Nice' is not a leadership principle" in text_of(editor, "#story-error")
        editor.query_one("#story-principles", Input).value = "ownership, dive deep"
        editor.query_one("#story-numbers", Input).value = "12%"
        await pilot.press("ctrl+s")
        assert rig.app.screen is screen
        summary = text_of(screen, "#stories-summary")
        assert "1 stories · 2 of 16 principles have one" in summary and "no story yet" in summary
        matrix = screen.query_one("#matrix", DataTable)
        assert matrix.row_count == 16
        rows = [[str(c) for c in matrix.get_row_at(r)] for r in range(16)]
        assert {r[0] for r in rows if r[2] == "●"} == {"Ownership", "Dive Deep"}
        assert {r[0] for r in rows if r[1] == "none"} == {r[0] for r in rows} - {
            "Ownership",
            "Dive Deep",
        }
        table = screen.query_one("#story-table", DataTable)
        assert str(table.get_row_at(0)[1]) == "Churn [rescue]"  # a title is never markup
        await pilot.press("enter")  # edit it
        assert rig.app.screen.query_one("#story-principles", Input).value == "Ownership, Dive Deep"
        await pilot.press("escape", "delete")
        assert isinstance(rig.app.screen, ConfirmScreen)
        assert "Delete the story 'Churn [rescue]'?" in screen_text(rig.app)
        await pilot.press("y")
        assert table.row_count == 0


async def test_a_behavioural_answer_is_told_from_a_chosen_story_and_reviewed_against_it(tmp_path):
    rig = make_app(tmp_path, settings=replace(Settings(), prep_s=30))
    with Session(rig.app.cases.services.engine) as s:
        stories.save(s, CHURN)
        stories.save(s, PIPELINE)
    question = rig.app.cases.services.bank.get("own-broken-pipeline")
    assert "Ownership" in question.principles
    async with rig.app.run_test(size=(100, 30)) as pilot:
        rig.app.post_message(PracticeRequested([question], "single"))
        await wait_for(
            pilot,
            lambda: (
                isinstance(rig.app.screen, PracticeScreen)
                and text_of(rig.app.screen, "#story-line") != ""
            ),
        )
        practice = rig.app.screen
        # Never told yet: by title, the first of the stories mapped to its principles.
        assert text_of(practice, "#story-line") == "Story: Churn rescue  (y: choose another)"
        await pilot.press("y")
        assert isinstance(rig.app.screen, ChooserScreen)
        await pilot.press(*"pipeline", "enter")
        assert text_of(practice, "#story-line").startswith("Story: Pipeline rebuild")
        await pilot.press("y", *"churn", "enter")
        await pilot.press("space")  # prep over: answer
        assert text_of(practice, "#story-line") == "Story: Churn rescue"  # chosen, now fixed
        review = await answer(pilot, rig)
        with Session(rig.app.cases.services.engine) as s:
            (row,) = s.exec(select(Attempt)).all()
            assert row.story_id == stories.all_stories(s)[0].id  # Churn rescue
        notes = text_of(review, "#story-notes")
        assert "Told from your story: Churn rescue" in notes and "S  Churn doubled" in notes
        # The canned answer says "12%" but no dollars.
        assert "✓ said 12%" in notes
        assert "your notes mention $1.2 million; the answer did not say it" in notes
        await pilot.press("escape")
        # Told once: the other story is suggested next time.
        rig.app.post_message(PracticeRequested([question], "single"))
        told = "Story: Pipeline rebuild"
        await wait_for(pilot, lambda: shown(rig.app, "#story-line").startswith(told))


async def test_a_question_that_is_not_behavioural_asks_for_no_story(tmp_path):
    rig = make_app(tmp_path, settings=replace(Settings(), prep_s=30))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        rig.app.post_message(
            PracticeRequested([rig.app.cases.services.bank.get("prod-search-quality")], "single")
        )
        await wait_for(pilot, lambda: practice_ready(rig.app))
        assert not rig.app.screen.query_one("#story-line").display
        await pilot.press("y")
        assert isinstance(rig.app.screen, PracticeScreen)


async def test_the_editor_takes_typing_at_once_and_a_principle_with_a_comma(tmp_path):
    """Issue 23: the first keys typed went nowhere (no field had focus), and "Are Right, A
    Lot" could not be entered (the field was split at every comma)."""
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b", "a")
        editor = rig.app.screen
        assert isinstance(editor, StoryEditor)
        await pilot.press(*"Churn rescue")
        assert editor.query_one("#story-title", Input).value == "Churn rescue"
        editor.query_one("#story-principles", Input).value = "Are Right, A Lot, dive deep"
        await pilot.press("ctrl+s")
        assert rig.app.screen is not editor, text_of(editor, "#story-error")
    with Session(rig.app.cases.services.engine) as s:
        (story,) = stories.all_stories(s)
    assert story.principles == ("Are Right, A Lot", "Dive Deep")


def test_principles_typed_on_one_line_keep_the_names_with_commas_and_semicolons():
    from mockloop.core.bank.stories import split_principles

    assert split_principles("Are Right, A Lot, Dive Deep") == ("Are Right, A Lot", "Dive Deep")
    assert split_principles("Have Backbone; Disagree and Commit;Ownership") == (
        "Have Backbone; Disagree and Commit",
        "Ownership",
    )
    assert split_principles("Ownership,Are Right,A Lot") == ("Ownership", "Are Right, A Lot")
    assert split_principles(" , Be Nice ,") == ("Be Nice",)  # checked() then refuses it
