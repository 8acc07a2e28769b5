"""History, Progress and Settings through Textual's Pilot, on a seeded store."""

from __future__ import annotations

import tomllib
from datetime import timedelta

from sqlmodel import Session, select
from textual.widgets import Checkbox, DataTable, Input, Static

from mockloop.store.tables import Attempt, AttemptPrinciple, Status
from mockloop.ui.dialogs.chooser import ChooserScreen
from mockloop.ui.dialogs.confirm import ConfirmScreen
from mockloop.ui.screens.history import HistoryScreen
from mockloop.ui.screens.practice import PracticeScreen
from mockloop.ui.screens.progress import ProgressScreen
from mockloop.ui.screens.review import ReviewScreen
from mockloop.ui.screens.settings import SettingsScreen
from mockloop.ui.widgets.tables import COLUMNS, HISTORY_PROMPT_CHARS, short_prompt
from tests.fakes import silent_wav
from tests.ui_helpers import NOW, make_app, notices, screen_text, text_of, wait_for

SEED = (
    # question, category, principle, days ago, status, fillers/min, wpm, overrun
    ("dd-root-cause-metric-drop", "behavioral", "Dive Deep", 6, Status.DONE, 6.0, 120, 20),
    (
        "co-analysis-changed-customer-outcome",
        "behavioral",
        "Customer Obsession",
        4,
        Status.DONE,
        4.5,
        135,
        0,
    ),
    ("prod-search-quality", "product", None, 2, Status.DONE, 3.0, 150, 5),
    ("dd-root-cause-metric-drop", "behavioral", "Dive Deep", 1, Status.DONE, 1.5, 145, 0),
    ("exp-design-ab-test", "experiment", None, 0, Status.INTERRUPTED, None, None, None),
)


def seed(app, audio_dir) -> list[int]:
    ids = []
    with Session(app.cases.services.engine) as s:
        for i, (qid, cat, principle, days, status, fpm, wpm, over) in enumerate(SEED):
            path = audio_dir / f"{i}.wav"
            silent_wav(path, 1.0)
            row = Attempt(
                question_id=qid,
                question_prompt=app.cases.services.bank.get(qid).prompt,
                question_category=cat,
                question_principles=[principle] if principle else [],
                started_at=NOW - timedelta(days=days, hours=1),
                time_limit_s=120,
                duration_s=100 + i * 5,
                overrun_s=over,
                recording_path=str(path),
                status=status,
                fillers_per_min=fpm,
                wpm=wpm,
                filler_count=None if fpm is None else int(fpm * 2),
                transcript=None
                if fpm is None
                else f"answer {i} about churn"
                if i % 2
                else f"answer {i}",
                words=[] if fpm is not None else None,
                metrics=None,
            )
            s.add(row)
            s.flush()
            if principle:
                s.add(AttemptPrinciple(attempt_id=row.id, principle=principle))
            s.commit()
            ids.append(row.id)
    return ids


def table_column(table: DataTable, index: int) -> list[str]:
    return [str(table.get_row_at(r)[index]) for r in range(table.row_count)]


async def test_history_filters_sorts_opens_deletes_and_transcribes(tmp_path):
    rig = make_app(tmp_path)
    ids = seed(rig.app, rig.paths.audio_dir)
    prompt = {
        q.id: short_prompt(q.prompt, HISTORY_PROMPT_CHARS)
        for q in rig.app.cases.services.bank.questions
    }
    async with rig.app.run_test(size=(120, 30)) as pilot:
        await pilot.press("h")
        history = rig.app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one(DataTable)
        assert table.row_count == 5
        assert table_column(table, COLUMNS.index("status"))[0] == "interrupted"  # newest first
        # Filters are pickers (type to narrow, enter), not a key pressed once per value.
        await pilot.press("c")
        assert isinstance(rig.app.screen, ChooserScreen)
        await pilot.press(*"behav", "enter")
        assert table.row_count == 3 and "category behavioral" in text_of(history, "#filters")
        await pilot.press("c", *"prod", "enter")
        assert table_column(table, COLUMNS.index("question")) == [
            prompt["prod-search-quality"]
        ]  # the question's text
        await pilot.press("c", "enter")  # the first choice: all
        assert table.row_count == 5
        await pilot.press("l", *"customer", "enter")
        assert table_column(table, COLUMNS.index("question")) == [
            prompt["co-analysis-changed-customer-outcome"]
        ]
        await pilot.press("l", "escape")  # closing the picker keeps the filter
        assert table.row_count == 1
        await pilot.press("l", "enter")
        await pilot.press("slash", *"churn")
        assert sorted(table_column(table, COLUMNS.index("question"))) == sorted(
            [prompt["co-analysis-changed-customer-outcome"], prompt["dd-root-cause-metric-drop"]]
        )
        await pilot.press("enter")  # leaves the search box
        history.query_one(Input).value = ""
        await pilot.pause()
        for _ in range(3):
            await pilot.press("o")  # when -> length -> over -> fill/min
        assert "sort fill/min" in text_of(history, "#filters")
        assert table_column(table, COLUMNS.index("fill/min"))[:4] == ["6.0", "4.5", "3.0", "1.5"]
        await pilot.press("O")
        assert table_column(table, COLUMNS.index("fill/min"))[:4] == ["1.5", "3.0", "4.5", "6.0"]
        await pilot.press("enter")
        assert isinstance(rig.app.screen, ReviewScreen)
        await pilot.press("escape")
        # Delete the first row (with its audio), after a confirmation.
        victim = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        audio = rig.paths.audio_dir / f"{ids.index(victim)}.wav"
        await pilot.press("delete")
        assert isinstance(rig.app.screen, ConfirmScreen)
        asked = rig.app.screen.question  # the question and the time, never "attempt 19"
        with Session(rig.app.cases.services.engine) as s:
            victim_prompt = short_prompt(s.get(Attempt, victim).question_prompt)
        assert asked.startswith("Delete your answer of ") and f"“{victim_prompt}”" in asked
        await pilot.press("y")
        assert table.row_count == 4 and not audio.exists()
        # The interrupted attempt can be transcribed again from here.
        await pilot.press("O")
        while str(table.get_row_at(table.cursor_row)[COLUMNS.index("status")]) != "interrupted":
            await pilot.press("down")
        await pilot.press("T")
        for _ in range(100):
            await pilot.pause(0.05)
            with Session(rig.app.cases.services.engine) as s:
                status = s.get(Attempt, ids[-1]).status
            if status == "done":
                break
        assert status == "done"


async def test_history_tries_a_question_again(tmp_path):
    rig = make_app(tmp_path)
    seed(rig.app, rig.paths.audio_dir)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "t")  # the newest row: exp-design-ab-test
        assert isinstance(rig.app.screen, PracticeScreen)
        assert rig.app.screen.question.id == "exp-design-ab-test"


async def test_progress_trends_goal_and_coverage(tmp_path):
    rig = make_app(tmp_path)
    seed(rig.app, rig.paths.audio_dir)
    async with rig.app.run_test(size=(100, 40)) as pilot:
        await pilot.press("g")
        progress = rig.app.screen
        assert isinstance(progress, ProgressScreen)
        await pilot.pause(0.2)
        seen = screen_text(rig.app)
        # A chart with a title, axes and dates, the goal line in range, and a verdict in words.
        assert "fillers per minute (goal line), per answer" in seen
        assert "answers, oldest to newest" in seen and "22 Nov" in seen and "27 Nov" in seen
        assert "2.0" in seen or "1.9" in seen or "2.1" in seen  # the goal is on the y axis
        assert (
            text_of(progress, "#trend") == "fillers/min falling, better: 5.2 → 2.2 over 4 answers"
        )
        await pilot.press("w")
        assert text_of(progress, "#trend") == "fillers/min falling, better: 6.0 → 3.0 over 2 weeks"
        await pilot.press("m")
        assert text_of(progress, "#trend").startswith("wpm rising: ")
        chart = "words per minute (target band), per week"
        await wait_for(pilot, lambda: chart in screen_text(rig.app))
        goal = text_of(progress, "#goal")
        assert (
            "under 2.0 fillers/min" in goal
            and "last 4 answers: 3.8/min" in goal
            and "1.8 to go" in goal
            and "Full mocks 0 of 2 done" in goal
        )
        table = progress.query_one(DataTable)
        assert table.row_count == 6 + 16
        practised = dict(zip(table_column(table, 4), table_column(table, 0), strict=True))
        assert practised["Dive Deep"] == "yes" and practised["Ownership"] == "never"
        assert practised["product"] == "yes" and practised["experiment"] == "never"
        await pilot.press("escape")
        assert not isinstance(rig.app.screen, ProgressScreen)


async def test_settings_save_to_the_config_and_the_level_test(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 40)) as pilot:
        await pilot.press("comma")
        settings = rig.app.screen
        assert isinstance(settings, SettingsScreen)
        settings.query_one("#practice-prep_s", Input).value = "5"
        settings.query_one("#analysis-long_pause_s", Input).value = "2.0"
        settings.query_one("#analysis-lexical_fillers", Input).value = "like, you know"
        settings.query_one("#live_cue", Checkbox).value = True
        voice = str(settings.query_one("#interviewer_voice", Checkbox).label)
        assert voice.endswith("(needs mockloop[voice])")  # the extra's name is not markup
        await pilot.press("ctrl+s")
        saved = tomllib.loads(rig.paths.config_file.read_text())
        assert saved["practice"]["prep_s"] == 5 and saved["analysis"]["long_pause_s"] == 2.0
        assert saved["analysis"]["lexical_fillers"] == ["like", "you know"]
        assert saved["audio"]["device"] == "default" and saved["practice"]["live_cue"] is True
        assert rig.app.settings.prep_s == 5 and rig.app.settings.analysis.lexical_fillers == (
            "like",
            "you know",
        )
        before = rig.paths.config_file.read_bytes()
        settings.query_one("#practice-prep_s", Input).value = "7"
        settings.query_one("#practice-set_size", Input).value = "lots"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("'lots' must be a number" in n for n in notices(rig.app)))
        settings.query_one("#practice-set_size", Input).value = "3"
        settings.query_one("#analysis-long_pause_s", Input).value = "0.1"  # the file's own range
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("between 0.3 and 30" in n for n in notices(rig.app)))
        settings.query_one("#analysis-long_pause_s", Input).value = "2.0"
        settings.query_one("#analysis-lexical_fillers", Input).value = " , "  # a stray key
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("must name at least one" in n for n in notices(rig.app)))
        # Nothing half-saved: the good prep time waits with the bad values.
        assert rig.paths.config_file.read_bytes() == before and rig.app.settings.prep_s == 5
        await pilot.press("ctrl+l")
        assert settings.test_recorder is not None and rig.recorders[-1].started
        await wait_for(pilot, lambda: "-20 dB" in str(settings.query_one("#test-meter").content))
        await pilot.press("ctrl+l")
        assert settings.test_recorder is None and rig.recorders[-1].stopped
        # The test's recording measured, then removed: the room in one line (no one spoke).
        note = lambda: str(settings.query_one("#device-note", Static).content)  # noqa: E731
        await wait_for(pilot, lambda: note().startswith("Room: "))
        assert note() == (
            "Room: noise floor -100 dBFS (speak during the test to measure the SNR)"
            " · ctrl+l: test again"
        )
        await wait_for(pilot, lambda: not rig.recorders[-1].path.exists())
        await pilot.press("escape")
        assert not isinstance(rig.app.screen, SettingsScreen)


async def test_quick_starts_pick_by_principle(tmp_path):
    rig = make_app(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        from textual.widgets import OptionList

        from mockloop.ui.dialogs.chooser import ChooserScreen
        from mockloop.ui.screens.practice import PracticeScreen

        quick = rig.app.screen.query_one("#quick-starts", OptionList)
        quick.focus()
        quick.highlighted = 3  # "Pick a leadership principle…"
        await pilot.press("enter")
        assert isinstance(rig.app.screen, ChooserScreen)
        await pilot.press(*"frugal", "enter")
        practice = rig.app.screen
        assert isinstance(practice, PracticeScreen)
        assert "Frugality" in practice.question.principles
    with Session(rig.app.cases.services.engine) as s:
        assert next(a.question_id for a in s.exec(select(Attempt))).startswith("fr-")
