"""Hypothesis over what a person types and what a question file holds: any Unicode, any
brackets. A real app (Pilot, fakes for the microphone and the model) shows each string
literally on Home, the practice screen and the Review, stores the note as typed, and
reopens it from History. Any exception in the app fails the example (run_test re-raises)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select
from textual.widgets import Input

from mockloop.core.bank.questions import Bank, Question
from mockloop.store.tables import Attempt
from mockloop.ui.screens.history import HistoryScreen
from mockloop.ui.screens.review import ReviewScreen
from tests.ui_helpers import make_app, settle, text_of, wait_for

# Printable Unicode (no control characters or line separators: a one-line field), mixed
# with the pieces of Rich and Textual markup that broke screens before.
PIECES = st.sampled_from(
    ["[", "]", "[/]", "[b]", "[/b]", "\\", "\\[", "[pause]", "[@click=app.quit]", "$var", "{x}"]
)
CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
TEXT = (
    st.lists(CHARS | PIECES, min_size=1, max_size=24)
    .map("".join)
    .filter(lambda s: s.strip() == s and s != "")
)


async def _answer_and_review(tmp: Path, prompt: str, follow_up: str, note: str) -> None:
    rig = make_app(tmp)
    q = Question("odd", prompt, "behavioral", ("Dive Deep",), follow_ups=(follow_up,))
    rig.app.cases.services.bank = Bank((q,))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        assert prompt in text_of(rig.app.screen, "#next-prompt")
        await pilot.press("p")
        assert prompt in text_of(rig.app.screen, "#question-prompt")
        await pilot.press("space")
        review = rig.app.screen
        assert isinstance(review, ReviewScreen)
        await settle(pilot)
        assert prompt in text_of(review, "#review-question")
        assert follow_up in text_of(review, "#after-answer")
        await pilot.press("e")
        rig.app.screen.query_one(Input).value = note
        await pilot.press("enter")
        assert note in text_of(review, "#self-rating")
        with Session(rig.app.cases.services.engine) as s:
            assert [a.note for a in s.exec(select(Attempt))] == [note]
        await pilot.press("escape", "h")
        assert isinstance(rig.app.screen, HistoryScreen)
        await pilot.press("enter")
        reopened = rig.app.screen
        assert isinstance(reopened, ReviewScreen)
        await wait_for(pilot, lambda: note in text_of(reopened, "#self-rating"))


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(prompt=TEXT, follow_up=TEXT, note=TEXT)
def test_any_note_and_any_prompt_are_shown_literally(prompt: str, follow_up: str, note: str):
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_answer_and_review(Path(tmp), prompt, follow_up, note))
