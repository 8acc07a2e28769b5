"""Case questions with checkpoints on the clock (issue 15, item 6)."""

from __future__ import annotations

from pathlib import Path

from mockloop.core.bank.questions import builtin_questions_dir, load_bank
from mockloop.ui.messages import PracticeRequested
from tests.ui_helpers import make_app, shown, wait_for

CASE = """
[[question]]
id = "case-a"
category = "product"
prompt = "A case."
time_limit_s = 600
checkpoints = { metrics = 180, clarify = 60 }
"""


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "q.toml").write_text(text)
    return folder


def test_checkpoints_are_read_in_time_order_and_checked(tmp_path):
    bank = load_bank([write(tmp_path, CASE)])
    assert not bank.issues and bank.get("case-a").checkpoints == (
        ("clarify", 60),
        ("metrics", 180),
    )
    bad = CASE.replace("metrics = 180", "metrics = 900")  # past the 600 s limit
    (tmp_path / "bank" / "q.toml").write_text(bad)
    issues = load_bank([tmp_path / "bank"]).issues
    assert len(issues) == 1 and "'metrics' at 900 s is not inside the 600 s limit" in str(issues[0])
    (tmp_path / "bank" / "q.toml").write_text(CASE.replace("metrics = 180", 'metrics = "soon"'))
    assert "table of name = seconds" in str(load_bank([tmp_path / "bank"]).issues[0])


def test_the_shipped_cases_have_longer_limits_and_checkpoints():
    bank = load_bank([builtin_questions_dir()])
    cases = [q for q in bank.questions if q.checkpoints]
    assert len(cases) >= 2 and all(300 <= q.time_limit_s <= 900 for q in cases)
    assert {q.category for q in cases} >= {"product", "experiment"}


async def test_the_clock_shows_where_the_case_should_be(tmp_path):
    rig = make_app(tmp_path)
    case = rig.app.cases.services.bank.get("case-grocery-delivery-slump")
    async with rig.app.run_test(size=(100, 30)) as pilot:
        rig.app.post_message(PracticeRequested([case], "single"))
        # Each step waits for the screen to show it: a message, then a redraw.
        first = "clarify 1:00 (in 1:00) · metrics 3:00"
        await wait_for(pilot, lambda: checkpoints(rig.app).startswith(first))
        screen = rig.app.screen
        rig.clock.advance(200)
        passed = "✓ clarify 1:00 · ▶ metrics 3:00 · diagnosis 6:00 (in 2:40)"
        await wait_for(pilot, lambda: passed in checkpoints(rig.app))
        other = rig.app.cases.services.bank.get("prod-search-quality")
        await pilot.press("escape", "d")
        rig.app.post_message(PracticeRequested([other], "single"))
        # A question with no checkpoints: the line is hidden (wait_for fails if it never is).
        await wait_for(pilot, lambda: rig.app.screen is not screen and hidden(rig.app))


def checkpoints(app) -> str:
    return shown(app, "#checkpoints")


def hidden(app) -> bool:
    """A practice screen is showing and its checkpoint line is hidden."""
    found = app.screen.query("#checkpoints")
    return bool(found) and not found.first().display
