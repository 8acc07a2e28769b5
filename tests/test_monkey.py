"""A seeded monkey: thousands of random keys, resizes and clock jumps through the whole app
(Pilot, fakes for the microphone and the model), with a working microphone, a silent one and
none at all. Any exception in the app fails the test (run_test re-raises it). Seeds that once
found a bug stay in REGRESSION_SEEDS."""

from __future__ import annotations

import random

import pytest

from mockloop.core.errors import NoInputDevice
from tests.fakes import FakeRecorder, FakeTranscriber
from tests.ui_helpers import failing, make_app

# Every binding of every screen, the dialog answers, text and navigation; never quit.
KEYS = [
    *"psdhg,?1234567890nretoOlcykd/ abx",
    "escape", "enter", "space", "tab", "shift+tab", "up", "down", "left", "right",
    "pageup", "pagedown", "home", "end", "delete", "backspace", "ctrl+p", "ctrl+s",
    "ctrl+l", "comma", "question_mark", "full_stop", "left_square_bracket", "slash",
]  # fmt: skip
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
        await rig.app.workers.wait_for_complete()
