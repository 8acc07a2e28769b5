"""Home, Practice and Review through Textual's Pilot, with fakes and a fake clock."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlmodel import Session, select
from textual.widgets import Digits

from mockloop.config import Settings
from mockloop.core.errors import ModelError, NoInputDevice
from mockloop.store.tables import Attempt
from mockloop.ui.dialogs.confirm import ConfirmScreen
from mockloop.ui.dialogs.help import HelpScreen
from mockloop.ui.screens.home import HomeScreen
from mockloop.ui.screens.practice import PracticeScreen
from mockloop.ui.screens.review import ReviewScreen
from mockloop.ui.screens.set_summary import SetSummaryScreen
from tests.fakes import FakeRecorder, FakeTranscriber
from tests.ui_helpers import (
    failing,
    make_app,
    notices,
    practice_ready,
    settle,
    shown,
    text_of,
    wait_for,
)


def rows(app) -> list[Attempt]:
    with Session(app.cases.services.engine) as s:
        return list(s.exec(select(Attempt).order_by(Attempt.id)))


def clock_of(screen) -> tuple[str, set[str]]:
    digits = screen.query_one("#clock", Digits)
    return digits.value, set(digits.classes)


async def test_home_shows_a_suggestion_and_draws_another(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        home = rig.app.screen
        assert isinstance(home, HomeScreen)
        first = home.draw.question.id
        assert first in text_of(home, "#next-prompt") or home.draw.question.prompt in text_of(
            home, "#next-prompt"
        )
        assert "why:" in text_of(home, "#next-why")
        await pilot.press("d")
        assert home.draw.question.id != first
        assert "today 0 answers" in text_of(home, "#stats")


async def test_two_minutes_of_clock_in_milliseconds_and_the_review(tmp_path):
    rig = make_app(tmp_path, settings=replace(Settings(), prep_s=15))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        practice = rig.app.screen
        assert isinstance(practice, PracticeScreen) and practice.state == "prep"
        assert clock_of(practice) == ("0:15", {"prep"})
        rig.clock.advance(15.0)  # prep runs out by itself
        await wait_for(pilot, lambda: practice.state == "answer")
        assert rig.recorders[0].started
        limit = practice.limit_s
        assert clock_of(practice) == ("2:00", {"green"}) and limit == 120
        steps = (
            (89.9, "0:31", "green"),
            (0.2, "0:30", "yellow"),
            (29.8, "0:01", "yellow"),
            (0.2, "+0:00", "red"),
            (12.0, "+0:12", "red"),
        )
        for advance, label, phase in steps:
            rig.clock.advance(advance)
            await wait_for(pilot, lambda want=(label, {phase}): clock_of(practice) == want)
        assert "REC" in text_of(practice, "#phase")
        await pilot.press("space")
        review = rig.app.screen
        assert isinstance(review, ReviewScreen) and rig.recorders[0].stopped
        await wait_for(pilot, lambda: "Fillers" in text_of(review, "#figures"))
        (row,) = rows(rig.app)
        assert row.status == "done" and row.filler_count == 4  # so, um, like, uh
        # Then, with the Review up, the last live chunk is decoded again with recovery.
        await settle(pilot)
        assert False in rig.transcriber.recovered and rig.transcriber.recovered[-1] is True
        assert rows(rig.app)[0].status == "done" and "Fillers" in text_of(review, "#figures")
        transcript = text_of(review, "#transcript")
        assert "So, um, I led" in transcript
        assert "Follow-ups" in text_of(review, "#after-answer")


async def test_space_skips_prep_and_the_hard_cap_stops_the_answer(tmp_path):
    rig = make_app(tmp_path, settings=replace(Settings(), prep_s=15, hard_cap_factor=2.0))
    async with rig.app.run_test() as pilot:
        await pilot.press("p")
        practice = rig.app.screen
        await pilot.press("space")
        assert practice.state == "answer"
        rig.clock.advance(240.0)
        await wait_for(pilot, lambda: isinstance(rig.app.screen, ReviewScreen))
        assert rig.recorders[0].stopped
        await settle(pilot)
        assert rows(rig.app)[0].status == "done"


async def test_silent_microphone_is_flagged(tmp_path):
    rig = make_app(tmp_path, recorder=lambda p, s: FakeRecorder(p, silent=True))
    async with rig.app.run_test() as pilot:
        await pilot.press("p")
        await wait_for(pilot, lambda: "microphone is silent" in shown(rig.app, "#warning"))


@pytest.mark.parametrize(
    "error",
    [
        "the microphone stopped delivering audio (unplugged?)",
        "cannot write the recording: the disk holding /data/audio is full",
    ],
    ids=["device-lost", "disk-full"],
)
async def test_a_device_lost_or_a_full_disk_mid_answer_keeps_the_audio(tmp_path, error):
    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        await pilot.press("p")
        await pilot.pause(0.1)
        rig.recorders[0].error = error
        await wait_for(pilot, lambda: isinstance(rig.app.screen, ReviewScreen))
        await settle(pilot)
        assert rows(rig.app)[0].status == "done"
        assert rows(rig.app)[0].error == error


async def test_an_answer_that_never_reached_the_disk_says_so_and_stores_nothing(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        await pilot.press("p")
        await pilot.pause(0.1)
        rig.recorders[0].path.write_bytes(b"")
        rig.recorders[0].error = "cannot write the recording: the disk holding /data is full"
        wanted = "Nothing was recorded: cannot write"
        await wait_for(pilot, lambda: any(n.startswith(wanted) for n in notices(rig.app)))
        assert isinstance(rig.app.screen, HomeScreen)
        assert rows(rig.app) == []
        assert not rig.recorders[0].path.exists()


async def test_no_microphone_explains_and_records_nothing(tmp_path):
    rig = make_app(tmp_path, recorder=failing(NoInputDevice("No microphone found. Plug one in.")))
    async with rig.app.run_test() as pilot:
        await pilot.press("p")
        await wait_for(pilot, lambda: any("No microphone found" in n for n in notices(rig.app)))
        assert isinstance(rig.app.screen, HomeScreen)
        assert rows(rig.app) == []


@pytest.mark.parametrize(("choice", "kept"), [("k", True), ("d", False)])
async def test_escape_abandons_with_keep_or_discard(tmp_path, choice, kept):
    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        await pilot.press("p")
        await pilot.press("escape")
        assert isinstance(rig.app.screen, ConfirmScreen)
        await pilot.press("c")  # continue: still recording
        assert isinstance(rig.app.screen, PracticeScreen) and not rig.recorders[0].stopped
        await pilot.press("escape", choice)
        assert isinstance(rig.app.screen, HomeScreen)
        path = rig.recorders[0].path
        assert path.exists() is kept
        assert [r.status for r in rows(rig.app)] == (["recorded"] if kept else [])


async def test_review_keys_play_rate_note_and_back(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        await pilot.press("p", "space")
        review = rig.app.screen
        await settle(pilot)
        assert rows(rig.app)[0].status == "done"
        await pilot.press("r")
        assert rig.player.played == [rig.recorders[0].path] and rig.player.playing
        await pilot.press("r")
        assert not rig.player.playing
        await pilot.press("4")
        assert rows(rig.app)[0].rating == 4 and "★★★★☆" in text_of(review, "#self-rating")
        await pilot.press("e")
        await pilot.press(*"too fast", "enter")
        assert rows(rig.app)[0].note == "too fast"
        await pilot.press("escape")
        assert isinstance(rig.app.screen, HomeScreen)


async def test_next_question_starts_while_the_last_is_transcribing(tmp_path):
    gate = threading.Event()
    rig = make_app(tmp_path, transcriber=FakeTranscriber(gate=gate))
    async with rig.app.run_test() as pilot:
        await pilot.press("p", "space")
        first_id = rows(rig.app)[0].id
        await wait_for(pilot, lambda: rig.app.work[first_id].stage == "transcribing")
        assert "Transcribing" in text_of(rig.app.screen, "#review-status")
        await pilot.press("n")
        assert isinstance(rig.app.screen, PracticeScreen)
        assert rig.app.screen.state == "answer"
        gate.set()
        await wait_for(pilot, lambda: rig.app.work[first_id].stage == "done")
        await pilot.press("space")
        await settle(pilot)
        assert [r.status for r in rows(rig.app)] == ["done", "done"]


async def test_a_set_ends_in_a_summary(tmp_path):
    rig = make_app(tmp_path, settings=replace(Settings(), prep_s=0, set_size=2))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "space")
        await settle(pilot)
        assert rows(rig.app)[0].status == "done"
        await pilot.press("n")
        assert isinstance(rig.app.screen, PracticeScreen)
        assert "question 2 of 2" in text_of(rig.app.screen, "#question-meta")
        await pilot.press("space")
        await wait_for(pilot, lambda: len(rows(rig.app)) == 2 and rows(rig.app)[1].status == "done")
        await pilot.press("n")
        summary = rig.app.screen
        assert isinstance(summary, SetSummaryScreen)
        await wait_for(pilot, lambda: "fillers" in text_of(summary, "#set-totals"))
        assert "2 answers" in text_of(summary, "#set-totals")
        assert len({r.question_id for r in rows(rig.app)}) == 2
        assert len({r.session_id for r in rows(rig.app)}) == 1


async def test_help_opens_anywhere(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(rig.app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("p", "question_mark")
        assert isinstance(rig.app.screen, HelpScreen)


async def test_model_unavailable_still_opens_and_explains(tmp_path):
    def broken(settings):
        raise ModelError("Could not load the speech model 'x': missing")

    rig = make_app(tmp_path, make_transcriber=broken)
    async with rig.app.run_test() as pilot:
        await wait_for(pilot, lambda: rig.app.model_state == "failed")
        # Home hears of it by message (the load starts once Home is drawn).
        await wait_for(pilot, lambda: "model: failed" in text_of(rig.app.screen, "#stats"))
        await pilot.press("p", "space")
        await settle(pilot)
        assert rows(rig.app)[0].status == "failed"
        review = rig.app.screen
        await wait_for(pilot, lambda: "Press T" in text_of(review, "#review-status"))
        assert "Could not load the speech model" in rows(rig.app)[0].error


async def test_quitting_mid_transcription_keeps_the_attempt_for_later(tmp_path):
    gate = threading.Event()
    rig = make_app(tmp_path, transcriber=FakeTranscriber(gate=gate))
    async with rig.app.run_test() as pilot:
        await pilot.press("p", "space")
        attempt_id = rows(rig.app)[0].id
        await wait_for(pilot, lambda: rig.app.work[attempt_id].stage == "transcribing")
        await rig.app.action_quit()
    await_status = [r.status for r in rows(rig.app)]
    for _ in range(100):
        if await_status == ["recorded"]:
            break
        import time

        time.sleep(0.05)
        await_status = [r.status for r in rows(rig.app)]
    assert await_status == ["recorded"]


async def test_no_color_and_resizing(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        assert rig.app.no_color
        for size in ((60, 20), (140, 45), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("p")
        await pilot.resize_terminal(50, 16)
        await wait_for(pilot, lambda: practice_ready(rig.app))
        await pilot.pause()  # the resize is laid out
        assert rig.app.screen.query_one("#clock").display


async def test_command_palette_offers_the_screen_keys(tmp_path):
    from mockloop.ui.screens.history import HistoryScreen

    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"history")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(rig.app.screen, HistoryScreen))


async def test_q_quits_from_home(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        await pilot.press("q")
        await wait_for(pilot, lambda: rig.app._exit or not rig.app.is_running)


async def test_the_live_cue_is_off_by_default_and_counts_fillers_when_on(tmp_path):
    from mockloop.ui.widgets.live_cue import live_cue
    from tests.fakes import canned_words

    rig = make_app(tmp_path)
    async with rig.app.run_test() as pilot:
        await pilot.press("p")
        await wait_for(pilot, lambda: practice_ready(rig.app))
        await pilot.pause(0.2)  # the answer runs a moment: still no cue
        assert text_of(rig.app.screen, "#live-cue") == ""
    assert live_cue(list(canned_words())) == "fillers so far: 4 (to 0:08)"
    assert live_cue([]) == ""
