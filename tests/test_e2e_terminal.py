"""The whole app in a real terminal: tmux runs mockloop against the virtual microphone and the
bundled model; the test types like a person and reads the screen."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.terminal import Terminal

pytestmark = [pytest.mark.real_audio, pytest.mark.real_model]

FILLERS = r"Fillers\s+(\d+) \(likely (\d+)-(\d+)\) ·"  # the count and its range


@pytest.fixture
def terminal_env(data_env, tmp_path):
    Path(data_env["MOCKLOOP_CONFIG"]).write_text("[practice]\nprep_s = 15\n")
    return data_env


def test_answer_help_retry_compare_and_history_in_a_real_terminal(answers, terminal_env):
    term = Terminal(f"{sys.executable} -m mockloop", terminal_env)
    try:
        to_home = term.wait_for(r"Next up")
        print(f"\nlaunch to Home: {to_home:.2f} s")
        term.wait_for(r"model: ready")
        term.keys("C-p")  # the palette: a set on one leadership principle (behavioural)
        term.wait_for(r"Search for commands")
        term.tmux("send-keys", "-l", "set on ownership")
        term.wait_for(r"Practise a set on Ownership")
        term.keys("Enter")
        term.wait_for(r"PREP")
        term.keys("Space")
        term.wait_for(r"REC")
        subprocess.run(["paplay", str(answers["filled"])], check=True)
        time.sleep(0.5)
        term.keys("Space")
        t0 = time.monotonic()
        term.wait_for(FILLERS)
        print(
            f"stop to full Review ({_audio_s(answers['filled']):.0f} s answer): {time.monotonic() - t0:.2f} s"
        )
        screen = term.screen()
        found = re.search(FILLERS, screen)
        shown, low, high = (int(g) for g in found.groups())
        assert low <= shown <= high  # the count with its likely range
        assert re.search(r"Long pauses\s+1 ", screen) and re.search(r"Content\s+\d of 6", screen)
        term.keys("NPage")  # the transcript, under the figures at 80x24
        term.wait_for(r"churn")
        term.keys("PPage")
        con = sqlite3.connect(Path(terminal_env["MOCKLOOP_DATA_DIR"]) / "mockloop.db")
        status, fillers, metrics = con.execute(
            "SELECT status, filler_count, metrics FROM attempt"
        ).fetchone()
        con.close()
        assert status == "done" and fillers == shown
        vocal = sum(1 for f in json.loads(metrics)["fillers"] if f["kind"] == "vocal")
        assert 5 <= vocal <= 6 and 8 <= shown <= 11  # 6 vocal and 5 lexical spoken
        assert "Next time:" in screen and "goal under 2.0/min" in screen  # a verdict leads
        assert "Ownership" in screen and re.search(r"STAR  S[░▒▓█TA]+", screen)  # the STAR bar
        assert re.search(r"R \d:\d\d \(\d+%\)\s+┃ 2:00 limit", screen)  # where the result starts
        term.keys("?")  # help lists the keys, try again among them
        term.wait_for(r"t answer this question again now")
        term.keys("Escape")
        # Back on the Review once the help is gone (how far down its rating line sits depends
        # on how many figures wrap at 80 columns, which depends on what was heard)
        deadline = time.monotonic() + 30
        while "t answer this question again now" in term.screen():
            assert time.monotonic() < deadline, "the help did not close"
            time.sleep(0.05)
        assert "Next time:" in term.screen()
        term.keys("t")  # the same question again, at once
        term.wait_for(r"PREP")
        term.keys("Space")
        term.wait_for(r"REC")
        subprocess.run(["paplay", str(answers["control"])], check=True)
        time.sleep(0.5)
        term.keys("Space")
        term.wait_for(r"vs last try \(today\): fillers/min [\d.]+→[\d.]+ better")
        term.keys("Escape")
        term.wait_for(r"today 2 answers")
        term.keys("h")
        term.wait_for(r"2 attempts · category all")
        term.keys("Down", "Enter")  # the first answer, second row
        term.wait_for(rf"Fillers\s+{shown} \(likely {low}-{high}\) ·")
        term.keys("Escape", "Escape", "q")
    finally:
        term.close()


def test_the_readme_run_command_opens_home(terminal_env):
    term = Terminal(str(REPO / "scripts" / "run"), terminal_env)
    try:
        term.wait_for(r"Next up", timeout=120)
        assert "Practise" in term.screen()
        term.keys("q")
    finally:
        term.close()


def _audio_s(path: Path) -> float:
    import wave

    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()
