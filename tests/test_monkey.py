"""A seeded monkey: thousands of random keys, resizes and clock jumps through the whole app
(Pilot, fakes for the microphone and the model), with a working microphone, a silent one and
none at all. Any exception in the app fails the test (run_test re-raises it). Seeds that once
found a bug stay in REGRESSION_SEEDS."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from mockloop.core.errors import NoInputDevice
from tests.fakes import FakeRecorder, FakeTranscriber
from tests.ui_helpers import background_work_done, failing, make_app

# Every binding of every screen, the dialog answers, text and navigation; never quit.
KEYS = [
    *"psdhg,?1234567890nretoOlcykd/ abx",
    "escape",
    "enter",
    "space",
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "delete",
    "backspace",
    "ctrl+p",
    "ctrl+s",
    "ctrl+l",
    "comma",
    "question_mark",
    "full_stop",
    "left_square_bracket",
    "slash",
]
SIZES = [(80, 24), (100, 30), (60, 20), (220, 50), (40, 12)]
REGRESSION_SEEDS: list[int] = []  # seed 2 (silent) found a double dismiss: kept in SEEDS
SEEDS = [*REGRESSION_SEEDS, 1, 2]
KEYS_PER_RUN = 600  # x 6 runs: 3,600 keys


def recorder_for(kind: str):
    if kind == "none":
        return failing(NoInputDevice("No microphone found."))
    return lambda path, s: FakeRecorder(path, silent=kind == "silent")


@pytest.mark.parametrize("kind", ["speech", "silent", "none"])
@pytest.mark.parametrize("seed", SEEDS)
async def test_random_keys_never_crash_the_app(tmp_path, kind, seed):
    rng = random.Random(f"{kind}-{seed}")
    words = None if kind == "speech" else ()
    rig = make_app(tmp_path, recorder=recorder_for(kind), transcriber=FakeTranscriber(words=words))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        for _ in range(KEYS_PER_RUN):
            roll = rng.random()
            if roll < 0.02:
                await pilot.resize_terminal(*rng.choice(SIZES))
            elif roll < 0.06:
                rig.clock.advance(rng.choice([1.0, 15.0, 90.0, 250.0]))
            await pilot.press(rng.choice(KEYS))
            assert rig.app.is_running, f"the app stopped (seed {seed}, {kind})"
        await background_work_done(rig.app)


# The same monkey through a real terminal (tmux), where keys arrive while the screen is still
# being laid out: seeds 2 and 3 ended the app within 1,500 keys (issue 23), in Textual's
# command palette (a page key before its list was laid out; a search after it had closed).
TERMINAL_KEYS = [
    *"psdhg,?1234567890nretoOlcykd/ abx",
    "Escape",
    "Enter",
    "Space",
    "Tab",
    "BTab",
    "Up",
    "Down",
    "Left",
    "Right",
    "PPage",
    "NPage",
    "Home",
    "End",
    "DC",
    "BSpace",
    "C-p",
    "C-s",
]


@pytest.mark.real_model
@pytest.mark.parametrize("seed", [2, 3])
def test_random_keys_and_resizes_in_a_real_terminal_never_crash_the_app(data_env, seed):
    import sys
    import time

    from tests.terminal import Terminal

    rng = random.Random(seed)
    term = Terminal(f"{sys.executable} -m mockloop", data_env)
    try:
        term.wait_for("Next up")
        for _ in range(1500):
            if rng.random() < 0.05:
                width, height = rng.choice(SIZES)
                term.tmux("resize-window", "-x", str(width), "-y", str(height))
            term.tmux("send-keys", rng.choice(TERMINAL_KEYS))
            time.sleep(rng.choice([0.0, 0.01, 0.05]))
        time.sleep(1.0)
        crash = Path(data_env["MOCKLOOP_DATA_DIR"]) / "crash.log"
        assert not crash.exists(), crash.read_text()[-3000:]
        screen = term.screen()
        # Still running, or quit cleanly: the palette's "Quit" can be typed and chosen by
        # chance (exit 0, no crash log); any other ending is a failure.
        assert "exit " not in screen or re.search(r"\bexit 0\b", screen), screen
    finally:
        term.close()
