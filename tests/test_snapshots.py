"""Screens as pictures (pytest-textual-snapshot), at a fixed size, with a frozen clock, date,
random draw and model state. Update after a deliberate change with --snapshot-update."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mockloop.config import Settings
from tests.test_ui_screens import seed
from tests.ui_helpers import make_app

SIZE = (100, 30)


@pytest.fixture
def rig(tmp_path):
    rig = make_app(tmp_path, settings=replace(Settings(), prep_s=0), load_model=False)
    seed(rig.app, rig.paths.audio_dir)
    return rig


def test_home(snap_compare, rig):
    assert snap_compare(rig.app, terminal_size=SIZE)


@pytest.mark.parametrize(("elapsed", "name"), [(30.0, "green"), (100.0, "yellow"), (134.0, "red")])
def test_practice_clock_colours(snap_compare, rig, elapsed, name):
    async def answer_for_a_while(pilot):
        await pilot.press("p")
        rig.clock.advance(elapsed)
        await pilot.pause(0.2)

    assert snap_compare(rig.app, terminal_size=SIZE, run_before=answer_for_a_while)


def test_review(snap_compare, rig):
    async def answer_and_wait(pilot):
        await pilot.press("p")
        rig.clock.advance(64.0)
        await pilot.press("space")
        for _ in range(100):
            await pilot.pause(0.05)
            job = rig.app.jobs.get(6)
            if job is not None and job.state == "done":
                break
        await pilot.pause(0.1)

    assert snap_compare(rig.app, terminal_size=SIZE, run_before=answer_and_wait)


def test_history(snap_compare, rig):
    assert snap_compare(rig.app, terminal_size=SIZE, press=["h"])


def test_progress(snap_compare, rig):
    assert snap_compare(rig.app, terminal_size=SIZE, press=["g"])
