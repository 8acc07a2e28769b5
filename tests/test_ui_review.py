"""The Review that coaches (issue 13): verdicts and the one thing to fix, above the fold; the
retry loop with the last and the best try and the last note; playback from a chosen sentence
with a marker; marks that stand out under NO_COLOR. Plus Home, sets and the palette around it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from mockloop.core.analysis.room import Room
from mockloop.core.analysis.uncertainty import Level, level_of
from mockloop.store.tables import Attempt
from mockloop.ui.dialogs.chooser import ChooserScreen
from mockloop.ui.screens.home import HomeScreen
from mockloop.ui.screens.practice import PracticeScreen
from mockloop.ui.screens.review import ReviewScreen
from mockloop.ui.widgets.transcript import sentence_starts
from tests.fakes import FakeTranscriber, canned_words
from tests.ui_helpers import (
    NOW,
    make_app,
    practice_ready,
    screen_text,
    settle,
    text_of,
    wait_for,
)


def styles_in(review: ReviewScreen) -> list[tuple[str, object]]:
    """(text, style) of each styled stretch of the transcript, as the screen holds them."""
    content = review.query_one("#transcript").visual
    return [(content.plain[s.start : s.end], s.style) for s in content.spans]


async def answer(pilot, rig) -> ReviewScreen:
    await wait_for(pilot, lambda: practice_ready(pilot.app))
    await pilot.press("space")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))
    review = pilot.app.screen
    await settle(pilot)
    await wait_for(pilot, lambda: "Fillers" in text_of(review, "#figures"))
    return review


async def test_the_review_leads_with_the_next_fix_and_every_verdict_above_the_fold(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        review = await answer(pilot, rig)
        above_the_fold = screen_text(rig.app)
        # ANSWER: 4 fillers in about 10 s, "I think" once, 12% once, more "I" than "we"; of
        # the story's content only the impact ("we cut churn by 12%"): what shipped comes first.
        assert "✗ Next time: Say what actually shipped, or what was decided in the end" in (
            above_the_fold
        )
        assert "✗ 5 missing; what shipped first" in above_the_fold
        rows = ("Time", "Content", "Fillers", "Pace", "I / we", "Numbers", "Long pauses", "Hedges")
        for row in rows:
            assert row in above_the_fold
        assert "✗ goal under 2.0/min" in above_the_fold  # the goal is stated
        assert '✓ says "I" for your part' in above_the_fold
        assert "✓ has a number" in above_the_fold
        assert "First attempt at this question: press t to try it again now." in above_the_fold
        assert "Your rating" in above_the_fold
        assert review.query_one("#next-fix").region.bottom < 23


def add_try(app, qid, *, days, fpm, note=None):
    with Session(app.cases.services.engine) as s:
        q = app.cases.services.bank.get(qid)
        s.add(
            Attempt(
                question_id=qid,
                question_prompt=q.prompt,
                question_category=q.category,
                question_principles=list(q.principles),
                started_at=NOW - timedelta(days=days),
                time_limit_s=120,
                duration_s=110,
                overrun_s=0,
                recording_path="x.wav",
                status="done",
                fillers_per_min=fpm,
                wpm=140,
                hedge_count=1,
                long_pause_count=0,
                note=note,
            )
        )
        s.commit()


async def test_try_again_compares_with_the_last_and_the_best_try_and_shows_the_last_note(tmp_path):
    rig = make_app(tmp_path)
    qid = "dd-root-cause-metric-drop"
    add_try(rig.app, qid, days=3, fpm=1.5)  # the best
    add_try(rig.app, qid, days=1, fpm=5.0, note="too many ums [/] in the middle")
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h", "t")  # History: try the newest row's question again
        assert isinstance(rig.app.screen, PracticeScreen) and rig.app.screen.question.id == qid
        review = await answer(pilot, rig)
        compared = text_of(review, "#comparison")
        assert "vs last try (yesterday): fillers/min 5.0→" in compared
        assert "vs your best (3 days ago): fillers/min 1.5→" in compared
        assert "worse" in compared
        assert "Your note last time: too many ums [/] in the middle" in compared  # as typed
        await pilot.press("e")
        rig.app.screen.query_one("#note").value = "say the number first"
        await pilot.press("enter")
        await pilot.press("t")  # try again at once
        again = rig.app.screen
        assert isinstance(again, PracticeScreen) and again.question.id == qid
        second = await answer(pilot, rig)
        assert second is not review
        compared = text_of(second, "#comparison")
        assert "vs last try (today)" in compared and "the same figures" in compared
        assert "Your note last time: say the number first" in compared
        assert "vs your best (3 days ago)" in compared
    with Session(rig.app.cases.services.engine) as s:
        assert len(s.exec(select(Attempt).where(Attempt.question_id == qid)).all()) == 4


async def test_a_change_inside_the_counting_error_reads_about_the_same(tmp_path):
    """The same answer read twice does not come out "worse": 25.0 -> 27.6 fillers/min is
    inside what the count itself can be off by."""
    rig = make_app(tmp_path)
    qid = "dd-root-cause-metric-drop"
    add_try(rig.app, qid, days=1, fpm=25.0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h", "t")
        review = await answer(pilot, rig)
        compared = text_of(review, "#comparison")
        assert "fillers/min 25.0→27.6 about the same" in compared
        assert "worse" not in compared and "better" not in compared


async def test_playback_starts_at_the_chosen_sentence_shows_where_it_is_and_any_key_stops_it(
    tmp_path,
):
    rig = make_app(tmp_path)
    words = canned_words()
    starts = sentence_starts(words)
    assert len(starts) == 3  # ANSWER has three sentences
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        review = await answer(pilot, rig)
        assert text_of(review, "#transcript").startswith("▸ So, um,")
        await pilot.press("right", "right")
        transcript = text_of(review, "#transcript")
        assert "▸ Uh, I rebuilt" in transcript and transcript.count("▸") == 1
        await pilot.press("r")
        assert rig.player.playing
        assert rig.player.started_at[-1] == words[starts[2]].start - 0.2
        rig.player.position_s = words[starts[2] + 3].start + 0.05  # "rebuilt" ... "the"
        said = [words[starts[2] + 3].text]  # the word playing is marked as it plays
        await wait_for(pilot, lambda: [w for w, st in styles_in(review) if st.reverse] == said)
        await pilot.press("4")  # any key stops playback, and still does its job
        assert not rig.player.playing
        await wait_for(pilot, lambda: "★★★★☆" in text_of(review, "#self-rating"))
        assert not any(style.reverse for _, style in styles_in(review))
        await pilot.press("right", "r")  # from the last sentence round to the first
        assert rig.player.started_at[-1] == 0.0  # the lead-in stops at the start
        await pilot.press("r")
        assert not rig.player.playing


async def test_under_no_color_the_marks_use_no_colour_and_stand_out(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        review = await answer(pilot, rig)
        styles = dict(styles_in(review))
        for filler in ("um,", "Uh,"):
            # Under NO_COLOR a colour turns grey, and red the darkest grey: reverse instead.
            assert styles[filler].foreground is None
            assert styles[filler].reverse and styles[filler].bold
        assert styles["like,"].foreground is None and styles["like,"].underline
        assert styles["think"].italic and styles["think"].foreground is None


async def test_home_suggests_afresh_after_the_suggestion_is_answered_and_follows_the_limit(
    tmp_path,
):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        home = rig.app.screen
        assert isinstance(home, HomeScreen)
        first = home.draw.question
        assert "never practised · limit 2:00" in text_of(home, "#next-why")
        await pilot.press("p")
        await answer(pilot, rig)
        await pilot.press("escape")
        assert rig.app.screen is home
        assert home.draw.question != first
        assert first.prompt not in text_of(home, "#next-prompt")
        rig.app.apply_settings(replace(rig.app.settings, time_limit_s=90))
        await pilot.press("comma", "escape")
        assert "limit 1:30" in text_of(home, "#next-why")


async def test_a_principle_from_home_gives_a_set_on_that_principle(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        rig.app.screen.query_one("#quick-starts").focus()
        await pilot.press("down", "down", "down", "enter")
        assert isinstance(rig.app.screen, ChooserScreen)
        await pilot.press(*"ownership", "enter")
        practice = rig.app.screen
        assert isinstance(practice, PracticeScreen) and practice.position == "question 1 of 3"
        questions = rig.app.flow.practice_set.questions
        assert len({q.id for q in questions}) == 3
        assert all("Ownership" in q.principles for q in questions)


@pytest.mark.slow  # the palette searches the whole bank on each of 47 keys: about 20 s
async def test_the_palette_offers_sets_by_principle_and_any_question(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"set on earn trust")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: practice_ready(rig.app))
        assert all("Earn Trust" in q.principles for q in rig.app.flow.practice_set.questions)
        await pilot.press("escape", "d")  # abandon, discard
        await wait_for(pilot, lambda: isinstance(rig.app.screen, HomeScreen))
        prompt = rig.app.cases.services.bank.questions[7].prompt
        await pilot.press("ctrl+p", *prompt[:30])
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: practice_ready(rig.app))
        assert rig.app.screen.question.prompt == prompt


async def test_the_star_bar_shows_for_a_story_and_on_request_for_other_answers(tmp_path):
    from mockloop.ui.messages import PracticeRequested

    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        behavioural = rig.app.cases.services.bank.get("dd-root-cause-metric-drop")
        rig.app.post_message(PracticeRequested([behavioural], "single"))
        await pilot.pause(0.2)
        review = await answer(pilot, rig)
        star = review.query_one("#star")
        assert star.display
        bar = text_of(review, "#star")
        # The canned answer: set-up in its first sentence, result from "We had" on.
        assert bar.startswith("STAR  SR") and "┃" in bar
        assert "S 0:00 (48%)  R 0:04 (52%)  ┃ 2:00 limit" in bar
        assert "situation took 48% of the answer" in text_of(review, "#figures")
        await pilot.press("escape")
        case = rig.app.cases.services.bank.get("prod-search-quality")
        rig.app.post_message(PracticeRequested([case], "single"))
        await pilot.pause(0.2)
        other = await answer(pilot, rig)
        assert not other.query_one("#star").display
        assert "Story" not in text_of(other, "#figures")  # judged as a case, not a story
        await pilot.press("s")
        assert other.query_one("#star").display
        await pilot.press("s")
        assert not other.query_one("#star").display


async def test_a_follow_up_is_a_short_timed_answer_linked_to_the_main_one(tmp_path):
    from sqlmodel import Session

    from mockloop.core.analysis.content import FOLLOW_UPS
    from mockloop.store.attempt import records
    from mockloop.ui.messages import PracticeRequested

    rig = make_app(tmp_path)
    question = rig.app.cases.services.bank.get("dd-root-cause-metric-drop")
    probe = FOLLOW_UPS["shipped"]  # the main answer's costliest gap (ANSWER states an impact)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        rig.app.post_message(PracticeRequested([question], "single"))
        await pilot.pause(0.2)
        main = await answer(pilot, rig)
        assert "f: the interviewer asks a follow-up" in text_of(main, "#follow-ups")
        await pilot.press("f")
        asked = rig.app.screen
        assert isinstance(asked, PracticeScreen) and asked.follow_up_of == main.attempt_id
        assert asked.question.prompt == probe and asked.limit_s == 60
        assert not asked.query_one("#story-line").display  # a follow-up tells no new story
        follow = await answer(pilot, rig)
        assert follow.attempt_id != main.attempt_id
        assert not follow.query_one("#content").display  # a short answer: no story checks
        figures = text_of(follow, "#figures")  # judged as a short answer, not a story
        for row in ("Story (STAR)", "Content", "Numbers", "not told as a story", "short for"):
            assert row not in figures
        assert "Fillers" in figures and "Pace" in figures
        await pilot.press("escape")  # back to the main answer, now with its follow-up
        again = rig.app.screen
        assert isinstance(again, ReviewScreen) and again.attempt_id == main.attempt_id
        shown = text_of(again, "#follow-ups")
        assert "Follow-ups you answered" in shown and f"↳ {probe}" in shown
        await pilot.press("f")  # then the bank's, in its order
        assert rig.app.screen.question.prompt == question.follow_ups[0]
    with Session(rig.app.cases.services.engine) as s:
        linked, cut_short = records.follow_ups(s, main.attempt_id)  # the second: app closed
        assert linked.parent_id == main.attempt_id
        assert linked.question_prompt == probe and linked.status == "done"
        assert (
            cut_short.question_prompt == question.follow_ups[0] and cut_short.status == "recorded"
        )


async def test_the_content_block_shows_each_check_and_c_moves_playback_to_it(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        review = await answer(pilot, rig)
        shown = text_of(review, "#content")
        assert "covered 1 of 6 · missing: customer, trade-off, what shipped" in shown
        assert "✗ what shipped" in shown and "✓ impact 0:04" in shown
        assert "c: show where each was said" in shown
        assert review.sentence == 0
        await pilot.press("c")
        said = review.content.checks[review.check].evidence[0]
        assert review.content.checks[review.check].id == "impact"
        starts = [review.words[i].start for i in sentence_starts(review.words)]
        assert starts[review.sentence] <= said.start  # the sentence it was said in
        assert review.sentence == len([s for s in starts if s <= said.start + 0.01]) - 1
        shown = text_of(review, "#content")
        assert "▸✓ impact" in shown and "we cut churn by 12%" in shown  # the words that met it


async def test_a_noisy_room_is_said_under_the_figures_and_widens_the_count(tmp_path):
    """The room measured 16 dB SNR: the Review says the counts are less certain and why, and
    the filler count carries the noisy room's range; a quiet room says nothing."""
    noisy = Room(
        quiet_s=4.0, quiet_power=4e-4, voice_s=6.0, voice_power=0.024, samples=1, clipped_samples=0
    )
    assert noisy.snr_db == pytest.approx(16, abs=1)
    # Three "uh"s: a noisy room's range for them (2-5) is not a quiet room's (2-4).
    said = canned_words("We, um, shipped the fix, uh, and churn fell, um, by twelve percent.")
    rig = make_app(tmp_path, transcriber=FakeTranscriber(said, room=noisy))
    async with rig.app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        review = await answer(pilot, rig)
        figures = text_of(review, "#figures")
        assert "Room" in figures and "noisy room (16 dB SNR)" in figures
        assert "counts are less certain; a headset helps" in figures
        assert "3 (likely 2-5)" in figures
        assert level_of(noisy) is Level.NOISY
    quiet = replace(noisy, quiet_power=4e-9)
    rig = make_app(tmp_path / "quiet", transcriber=FakeTranscriber(said, room=quiet))
    async with rig.app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        review = await answer(pilot, rig)
        figures = text_of(review, "#figures")
        assert "Room" not in figures and "3 (likely 2-4)" in figures
