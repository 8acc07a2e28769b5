"""A whole two-round mock loop in a real terminal (issue 15, item 8): tmux runs mockloop with
the interviewer's voice on, the virtual microphone and the bundled model. Round 1 is a story
and its follow-up; the loop is paused and the app quit; the next launch resumes it, the app is
killed (-9) in the middle of round 2's answer, and the launch after that resumes again,
finds the loop complete with the cut answer kept and transcribed, and shows the report."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import mockloop_cmd
from tests.terminal import Terminal

pytestmark = [pytest.mark.real_audio, pytest.mark.real_model]

PLAN = """name = "Two-round test loop"

[[round]]
title = "Stories"
minutes = 10
slots = ["behavioral"]
follow_ups = 1
break_minutes = 1

[[round]]
title = "Metrics"
minutes = 10
slots = ["metrics"]
"""


def _app_pid(term: Terminal) -> int:
    shell = term.tmux("display", "-p", "#{pane_pid}").strip()
    out = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0])


def _answer(term: Terminal, clip: Path) -> None:
    term.wait_for(r"REC", timeout=90)  # after the interviewer has read the question
    subprocess.run(["paplay", str(clip)], check=True)
    time.sleep(0.5)
    term.keys("Space")


def test_a_two_round_loop_with_pause_a_crash_and_resume_ends_in_the_report(answers, data_env):
    config = Path(data_env["MOCKLOOP_CONFIG"])
    config.write_text("[practice]\nprep_s = 0\ninterviewer_voice = true\n")
    (config.parent / "loops").mkdir()
    (config.parent / "loops" / "two-rounds.toml").write_text(PLAN)
    data = Path(data_env["MOCKLOOP_DATA_DIR"])
    app = f"{sys.executable} -m mockloop"

    term = Terminal(app, data_env)
    try:
        term.wait_for(r"model: ready", timeout=90)
        term.keys("l")
        term.wait_for(r"Start: Two-round test loop")
        term.tmux("send-keys", "-l", "two-round")
        term.keys("Enter")
        term.wait_for(r"Mock loop 1 · Two-round test loop")
        term.keys("Enter")
        term.wait_for(r"INTERVIEWER")  # the question is read aloud first
        _answer(term, answers["control"])
        term.wait_for(r"follow-up")  # the follow-up comes at once
        _answer(term, answers["control"])
        term.wait_for(r"Last follow-up: 0:\d\d of 1:00")
        term.wait_for(r"Break \d:\d\d left")  # round 1 is over: its break
        term.keys("p")
        term.wait_for(r"loop 1 paused \(l resumes\)")
        term.keys("q")
        assert term.exit_code() == 0
    finally:
        term.close()

    term = Terminal(app, data_env)  # later: resume, and the app dies mid-answer
    try:
        term.wait_for(r"loop 1 paused")
        term.keys("l")
        term.wait_for(r"Resume loop 1: Two-round test loop")
        term.keys("Enter")
        term.wait_for(r"round 2 of 2 · question 1 of 1")
        term.keys("Enter")
        term.wait_for(r"REC", timeout=90)
        subprocess.run(["paplay", str(answers["control"])], check=True)
        os.kill(_app_pid(term), signal.SIGKILL)
        term.wait_for(r"exit 137")
    finally:
        term.close()

    term = Terminal(app, data_env)
    try:
        term.wait_for(r"loop 1 paused")
        term.keys("l")
        term.wait_for(r"Resume loop 1")
        term.keys("Enter")
        term.wait_for(r"Loop complete")  # the cut answer kept its place
        term.keys("Enter")
        term.wait_for(r"Mock loop 1: Two-round test loop")
        term.wait_for(r"The day")
        deadline = time.monotonic() + 90
        while _statuses(data) != ["done"] * 3 and time.monotonic() < deadline:
            time.sleep(0.5)  # the cut answer is transcribed on resume
        term.keys("e")
        term.wait_for(r"Saved loop-1\.md and loop-1\.html")
        term.keys("Escape", "q")
        assert term.exit_code() == 0
    finally:
        term.close()

    con = sqlite3.connect(data / "mockloop.db")
    rows = con.execute(
        "SELECT status, parent_id, transcript, question_prompt FROM attempt ORDER BY id"
    ).fetchall()
    (loop_status,) = con.execute("SELECT status FROM mock_loop").fetchone()
    con.close()
    assert [r[0] for r in rows] == ["done"] * 3 and loop_status == "done"
    assert rows[1][1] == 1 and rows[0][1] is None and rows[2][1] is None  # the follow-up is linked
    for _, _, transcript, prompt in rows:
        assert "marketplace" in transcript.lower()  # the answer, heard
        assert prompt.lower()[:25] not in transcript.lower()  # not the interviewer's voice
    md = (data / "reports" / "loop-1.md").read_text()
    assert "## Round 1: Stories" in md and "## Round 2: Metrics" in md and "> Follow-up:" in md
    assert md.count("- ✓") + md.count("- !") + md.count("- ✗") >= 10  # verdicts on each answer
    html = subprocess.run(
        mockloop_cmd("report", "1", "--format", "html"),
        capture_output=True,
        text=True,
        env=data_env,
        check=True,
    ).stdout
    assert html.count("<svg") == 2 and "Two-round test loop" in html


def _statuses(data: Path) -> list[str]:
    con = sqlite3.connect(data / "mockloop.db")
    try:
        return [r[0] for r in con.execute("SELECT status FROM attempt ORDER BY id")]
    finally:
        con.close()
