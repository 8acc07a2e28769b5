"""The whole app in a real terminal: tmux runs mockloop against the virtual microphone and the
bundled model; the test types like a person and reads the screen."""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.real_audio, pytest.mark.real_model]
PASS_ENV = ("PULSE_SERVER", "PULSE_RUNTIME_PATH", "PULSE_STATE_PATH", "PULSE_COOKIE",
            "PULSE_CONFIG_PATH", "MOCKLOOP_DATA_DIR", "MOCKLOOP_CONFIG", "TZ")  # fmt: skip


_serial = itertools.count()


class Terminal:
    def __init__(
        self, command: str, env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        self.socket = f"mockloop-test-{os.getpid()}-{next(_serial)}"
        env_args = [a for k in PASS_ENV if k in env for a in ("-e", f"{k}={env[k]}")]
        self.tmux("new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), *env_args,
                  f"{command}; sleep 60")  # fmt: skip

    def tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return out.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def keys(self, *keys: str) -> None:
        for key in keys:  # one at a time: "Escape g" sent together would arrive as Alt+g
            self.tmux("send-keys", key)
            time.sleep(0.15)

    def wait_for(self, pattern: str, timeout: float = 60.0) -> float:
        """Seconds until pattern is on screen."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if re.search(pattern, self.screen()):
                return time.monotonic() - t0
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} never appeared. Screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal_env(data_env, tmp_path):
    Path(data_env["MOCKLOOP_CONFIG"]).write_text("[practice]\nprep_s = 15\n")
    return data_env


def test_practice_review_and_history_in_a_real_terminal(answers, terminal_env):
    term = Terminal(f"{sys.executable} -m mockloop", terminal_env)
    try:
        to_home = term.wait_for(r"Next up")
        print(f"\nlaunch to Home: {to_home:.2f} s")
        term.wait_for(r"model: ready")
        term.keys("p")
        term.wait_for(r"PREP")
        term.keys("Space")
        term.wait_for(r"REC")
        subprocess.run(["paplay", str(answers["filled"])], check=True)
        time.sleep(0.5)
        term.keys("Space")
        t0 = time.monotonic()
        term.wait_for(r"Fillers\s+\d+ ·")
        print(
            f"stop to full Review ({_audio_s(answers['filled']):.0f} s answer): {time.monotonic() - t0:.2f} s"
        )
        screen = term.screen()
        shown = int(re.search(r"Fillers\s+(\d+) ·", screen).group(1))
        assert "churn" in screen and "Long pauses 1" in screen
        con = sqlite3.connect(Path(terminal_env["MOCKLOOP_DATA_DIR"]) / "mockloop.db")
        status, fillers, metrics = con.execute(
            "SELECT status, filler_count, metrics FROM attempt"
        ).fetchone()
        con.close()
        assert status == "done" and fillers == shown
        vocal = sum(1 for f in json.loads(metrics)["fillers"] if f["kind"] == "vocal")
        assert 5 <= vocal <= 6 and 8 <= shown <= 11  # 6 vocal and 5 lexical spoken
        term.keys("Escape")
        term.wait_for(r"today 1 answer")
        term.keys("h")
        term.wait_for(r"1 attempts · category all")
        term.keys("Enter")
        term.wait_for(rf"Fillers\s+{shown} ·")
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
