"""What a person types, or a question file holds, is shown as it is, never parsed as markup;
dialogs show their text; an answer with no speech has a Review."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from textual.widgets import Input

from mockloop.core.bank.questions import Bank, Question
from mockloop.store.tables import Attempt
from mockloop.ui.commands import help_sections
from mockloop.ui.dialogs.confirm import ConfirmScreen
from mockloop.ui.dialogs.help import HelpScreen
from mockloop.ui.dialogs.note import NoteScreen
from mockloop.ui.screens.history import HistoryScreen
from mockloop.ui.screens.practice import PracticeScreen
from mockloop.ui.screens.review import ReviewScreen
from tests.fakes import FakeTranscriber
from tests.ui_helpers import make_app, screen_text, settle, shown, text_of, wait_for

NASTY = "fix [/] later, remember [pause] here, [b]bold?[/b] \\[x] $var [@click=app.quit]q[/]"


def only_row(app) -> Attempt:
    with Session(app.cases.services.engine) as s:
        (row,) = s.exec(select(Attempt))
        return row


async def test_an_answer_with_no_speech_has_a_review_and_reopens_from_history(tmp_path):
    rig = make_app(tmp_path, transcriber=FakeTranscriber(words=()))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p", "space")
        review = rig.app.screen
        assert isinstance(review, ReviewScreen)
        await settle(pilot)
        assert only_row(rig.app).status == "done"
        await wait_for(pilot, lambda: "Speech" in text_of(review, "#figures"))
        assert "No speech detected" in text_of(review, "#transcript")
        assert "no speech heard" in text_of(review, "#figures")
        assert "Check the microphone" in text_of(review, "#next-fix")
        await pilot.press("escape", "h")
        assert isinstance(rig.app.screen, HistoryScreen)
        await pilot.press("enter")
        reopened = rig.app.screen
        assert isinstance(reopened, ReviewScreen)
        await wait_for(pilot, lambda: "Speech" in text_of(reopened, "#figures"))


async def test_a_note_is_shown_exactly_as_typed(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p", "space")
        review = rig.app.screen
        await settle(pilot)
        assert only_row(rig.app).status == "done"
        await pilot.press("e")
        rig.app.screen.query_one(Input).value = NASTY
        await pilot.press("enter")
        assert only_row(rig.app).note == NASTY
        assert NASTY in text_of(review, "#self-rating")
        await pilot.press("escape", "h", "enter")  # reopened from History, stored note and all
        assert NASTY in text_of(rig.app.screen, "#self-rating")


async def test_a_question_with_brackets_reads_literally_everywhere(tmp_path):
    rig = make_app(tmp_path)
    q = Question(
        "odd-one",
        f"Tell me about {NASTY}",
        "behavioral",
        ("Dive Deep",),
        follow_ups=(f"Why {NASTY}?",),
        hints=(f"Covers {NASTY}",),
    )
    rig.app.cases.services.bank = Bank((q,))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        assert NASTY in text_of(rig.app.screen, "#next-prompt")
        await pilot.press("p")
        practice = rig.app.screen
        assert isinstance(practice, PracticeScreen)
        assert NASTY in text_of(practice, "#question-prompt")
        await pilot.press("space")
        review = rig.app.screen
        await settle(pilot)
        assert only_row(rig.app).status == "done"
        assert NASTY in text_of(review, "#review-question")
        after = text_of(review, "#after-answer")
        assert f"Why {NASTY}?" in after and f"Covers {NASTY}" in after


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
@pytest.mark.parametrize(
    "make, words",
    [
        (
            lambda app: ConfirmScreen(
                "Delete attempt 7?", {"y": ("yes", True), "n": ("no", False)}
            ),
            ["Delete attempt 7?", "y yes", "n no", "escape cancel"],
        ),
        (
            lambda app: HelpScreen(help_sections(app)),
            [
                "Keys",
                "p practise the suggested question",
                "r play from ▸ / stop",
                "1-5 Rate 1-5",
                "/ Search",
                "ctrl+p command palette",
                "escape to close",
            ],
        ),
        (lambda app: NoteScreen("first thoughts"), ["Note on this answer"]),
    ],
)
async def test_dialogs_show_their_text(tmp_path, size, make, words):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=size) as pilot:
        screen = make(rig.app)
        rig.app.push_screen(screen)
        await pilot.pause()
        statics = list(screen.query("#dialog Static"))
        for widget in statics:
            assert widget.region.width > 0 and widget.region.height > 0, widget
        visible = " ".join(" ".join(str(w.visual).split()) for w in statics)
        for word in words:
            assert word in visible, (word, visible)
        for field in screen.query(Input):
            assert field.region.width >= 30


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
async def test_the_help_page_can_be_read_to_its_end_on_a_small_terminal(tmp_path, size):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        seen = screen_text(rig.app)
        assert "Keys  ·  escape to close" in seen and "p practise the suggested question" in seen
        await pilot.press("end")
        await pilot.pause()
        seen = screen_text(rig.app)
        assert "Stories" in seen and "ctrl+p command palette" in seen  # the last lines
        await pilot.press("escape")
        assert not isinstance(rig.app.screen, HelpScreen)


async def test_settings_note_and_device_errors_are_literal(tmp_path):
    from mockloop.core.errors import NoInputDevice

    rig = make_app(tmp_path)

    def broken():
        raise NoInputDevice("device [/] gone")

    rig.app.cases.services.list_devices = broken
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("comma")
        await wait_for(pilot, lambda: "device [/] gone" in shown(rig.app, "#device-note"))


async def test_a_second_key_before_a_screen_is_gone_is_ignored(tmp_path):
    """Found by the monkey (seed 2, silent microphone): stop, then escape in the same moment,
    dismissed the practice screen twice."""
    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        await pilot.press("p")
        practice = rig.app.screen
        assert isinstance(practice, PracticeScreen) and practice.state == "answer"
        practice.action_start_stop()
        practice.action_abandon()  # before the screen has gone
        await wait_for(pilot, lambda: isinstance(rig.app.screen, ReviewScreen))
        review = rig.app.screen
        review.action_leave("next")
        review.action_leave("back")
        await wait_for(pilot, lambda: isinstance(rig.app.screen, PracticeScreen))


async def test_escape_twice_on_a_dialog_leaves_only_the_dialog(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        home = rig.app.screen
        await pilot.press("question_mark")
        help_screen = rig.app.screen
        assert isinstance(help_screen, HelpScreen)
        help_screen.dismiss()
        help_screen.dismiss()  # a second escape before the dialog is gone
        await wait_for(pilot, lambda: rig.app.screen is home)
        await pilot.pause(0.1)  # the second dismiss has had its turn: Home stays
        assert rig.app.screen is home


async def test_a_database_that_will_not_open_after_home_is_drawn_is_one_line(tmp_path):
    """The app opens the database once Home is drawn: a refusal then ends the app with the
    line the command line would print, and exit 1, never a crash log."""
    from mockloop.store.db import StoreError
    from mockloop.ui.app import MockloopApp

    def refuse():
        raise StoreError("The database is locked by another program.")

    app = MockloopApp(refuse, load_model=False, data_dir=tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause(0.3)
    assert app.crash_line == "The database is locked by another program."
    assert app.return_code == 1
    assert not (tmp_path / "crash.log").exists()


async def test_ctrl_p_twice_before_the_palette_is_drawn_opens_one(tmp_path):
    """Found by the tmux monkey: two ctrl+p in one go pushed two palettes with one id."""
    from mockloop.ui.commands import Palette

    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        rig.app.action_command_palette()
        rig.app.action_command_palette()
        await pilot.pause(0.2)
        assert sum(isinstance(s, Palette) for s in rig.app.screen_stack) == 1
