"""Practice: the question, an optional prep countdown, then the answer clock (green, yellow
from 1:30, red counting the overrun) while the answer is recorded."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Digits, Footer, Static

from mockloop.core.analysis.coach import is_story
from mockloop.core.bank.questions import Question
from mockloop.core.bank.stories import Story
from mockloop.core.errors import MockloopError
from mockloop.core.timer import Countdown, format_clock
from mockloop.ui.dialogs.chooser import ChooserScreen
from mockloop.ui.dialogs.confirm import ConfirmScreen
from mockloop.ui.messages import Answered, PracticeOutcome
from mockloop.ui.view import View
from mockloop.ui.widgets.checkpoints import checkpoint_line
from mockloop.ui.widgets.live_cue import live_cue
from mockloop.ui.widgets.meter import LevelMeter
from mockloop.ui.widgets.story_pick import NO_STORY, story_choices, story_line

if TYPE_CHECKING:
    from mockloop.core.audio.voice import Interviewer
    from mockloop.usecases.answer import Answer

TICK_S = 0.1
SPEAKING = "[b]INTERVIEWER[/b]  reading the question · [b]space[/b] to answer now"


class Phase(StrEnum):
    PREP = "prep"  # the question is shown, the prep countdown runs
    ANSWER = "answer"  # recording against the clock
    DONE = "done"  # stopped, abandoned, or never started (no microphone)


class PracticeScreen(View[PracticeOutcome]):
    BINDINGS = [
        Binding(
            "space",
            "start_stop",
            "Start / stop answer",
            tooltip="start the answer (skips prep) / stop it",
        ),
        Binding("escape", "abandon", "Abandon"),
        Binding("y", "choose_story", "Story", tooltip="choose the story you will tell (prep)"),
    ]

    def __init__(
        self,
        question: Question,
        position: str | None = None,
        follow_up_of: int | None = None,
    ) -> None:
        """position: where it is ("question 2 of 3", a loop's round); follow_up_of: the main
        answer this one follows."""
        super().__init__()
        self.question, self.position, self.follow_up_of = question, position, follow_up_of
        self.tells_story = is_story(question.category) and follow_up_of is None
        self.state = Phase.PREP
        self.answer: Answer | None = None
        self.countdown: Countdown | None = None
        self._cue_words = 0  # words behind the live cue now on screen
        self._prep_deadline = 0.0
        self.story: Story | None = None  # the story the person will tell (behavioural)
        self.speaking = False  # the interviewer is reading the question aloud

    @property
    def limit_s(self) -> int:  # a follow-up keeps its own (short) limit
        own = self.question.time_limit_s
        return own if self.follow_up_of else (self.ml.settings.time_limit_s or own)

    def compose(self) -> ComposeResult:
        q = self.question
        principles = f" · {', '.join(q.principles)}" if q.principles else ""
        set_info = f" · {self.position}" if self.position else ""
        with Vertical(id="practice"):
            yield Static(
                Content.from_markup(
                    "[b]$category[/b]$principles · limit $limit$set_info",
                    category=q.category,
                    principles=principles,
                    limit=format_clock(self.limit_s),
                    set_info=set_info,
                ),
                id="question-meta",
            )
            yield Static(q.prompt, id="question-prompt", markup=False)
            yield Static("", id="story-line", classes="hint")
            yield Static("", id="phase")
            yield Digits("", id="clock")
            yield Static("", id="checkpoints")
            yield LevelMeter("", id="meter")
            yield Static("", id="live-cue", classes="hint")
            yield Static("", id="warning")
        yield Footer()

    def on_mount(self) -> None:
        if self.tells_story:
            self.story = self.ml.cases.suggest_story(self.question.principles)
        self._show_story()
        self.query_one("#checkpoints", Static).display = bool(self.question.checkpoints)
        self.set_interval(TICK_S, self.tick)
        if self.ml.settings.interviewer_voice and self.ml.interviewer is not None:
            self.speaking = True  # nothing records while the interviewer speaks
            self._read_aloud(self.ml.interviewer)
        else:
            self._begin_prep()
        self.tick()

    def _begin_prep(self) -> None:
        prep = self.ml.settings.prep_s
        if prep > 0:
            self._prep_deadline = self.ml.cases.clock() + prep
        else:
            self.start_answer()

    # -- the interviewer's voice -----------------------------------------------------------------
    @work(thread=True, exit_on_error=False, description="read the question aloud")
    def _read_aloud(self, interviewer: Interviewer) -> None:
        try:
            interviewer.say(self.question.prompt)
        except Exception as exc:  # not installed, no output, a damaged voice: it stays text
            why = exc if isinstance(exc, MockloopError) else f"the voice failed: {exc!r}"
            self.app.call_from_thread(self.notify, str(why), severity="warning", markup=False)
        self.app.call_from_thread(self._spoken)

    def _spoken(self) -> None:
        if self.speaking and self.state == Phase.PREP:
            self.speaking = False
            self._begin_prep()

    def _stop_voice(self) -> None:
        if self.speaking and self.ml.interviewer is not None:
            self.speaking = False
            self.ml.interviewer.stop()

    # -- the clock ----------------------------------------------------------------------------
    def tick(self) -> None:
        if self.state == Phase.DONE or not self.is_attached:
            return
        clock = self.query_one("#clock", Digits)
        if self.state == Phase.PREP and self.speaking:
            self.query_one("#phase", Static).update(SPEAKING)
        elif self.state == Phase.PREP:
            left = self._prep_deadline - self.ml.cases.clock()
            if left <= 0:
                self.start_answer()
                return
            self.query_one("#phase", Static).update(
                "[b]PREP[/b]  think it through · [b]space[/b] to start now"
            )
            clock.update(format_clock(left, round_up=True))
            clock.set_classes("prep")
        elif self.state == Phase.ANSWER and self.countdown and self.answer:
            reading = self.countdown.read()
            clock.update(reading.label())
            clock.set_classes(reading.phase.value)
            if self.question.checkpoints:
                self.query_one("#checkpoints", Static).update(
                    checkpoint_line(self.question.checkpoints, reading.elapsed_s)
                )
            status = self.answer.status()
            self.query_one(LevelMeter).level_db = status.level.rms_dbfs
            warnings = []
            if status.silent:
                warnings.append(
                    "The microphone is silent: is it muted, or the wrong device (settings)?"
                )
            if status.error:
                warnings.append(f"Recording stopped: {status.error}. What was recorded is kept.")
            if status.error is None and self.answer.notice:
                warnings.append(self.answer.notice)
            self.query_one("#warning", Static).update(Content("\n".join(warnings)))
            if self.ml.settings.live_cue:
                words = self.answer.partial_words()
                if len(words) != self._cue_words:  # a chunk was decoded: count again
                    self._cue_words = len(words)
                    self.query_one("#live-cue", Static).update(live_cue(words))
            if status.error or reading.elapsed_s >= self.limit_s * self.ml.settings.hard_cap_factor:
                self.stop_answer()

    # -- recording ----------------------------------------------------------------------------
    def start_answer(self) -> None:
        if self.state != Phase.PREP:
            return
        answer = self.ml.new_answer(
            self.question,
            self.limit_s,
            story_id=self.story.id if self.story else None,
            parent_id=self.follow_up_of,
        )
        try:
            answer.start()
        except MockloopError as exc:  # nothing was recorded, so nothing was stored
            self.state = Phase.DONE
            self.app.notify(
                f"Cannot record: {exc}",
                title="Microphone",
                severity="error",
                timeout=12,
                markup=False,
            )
            self.dismiss(None)
            return
        self.answer = answer
        self.countdown = Countdown(self.limit_s, clock=self.ml.cases.clock)
        self.countdown.start()
        self.state = Phase.ANSWER
        self.query_one("#phase", Static).update(
            "[b red]● REC[/]  answer now · [b]space[/b] when done"
        )
        self._show_story()
        self.tick()

    def _finish_recording(self) -> bool:
        """Stop the recorder and store what it captured; False if there was no answer."""
        if self.answer is None or self.state != Phase.ANSWER:
            return False
        self.state = Phase.DONE
        assert self.countdown is not None
        self.countdown.stop()
        try:
            self.answer.stop()
        except MockloopError as exc:  # the database refused (say where the WAV is) or no audio
            self.app.notify(str(exc), severity="error", timeout=20, markup=False)
            return False
        return True

    def stop_answer(self) -> None:
        """The stop key (or the hard cap): the answer goes back to the flow owner, which
        stops the recorder and keeps the answer."""
        if self.answer is None or self.state != Phase.ANSWER:
            if self.state == Phase.DONE and self.is_current:
                self.dismiss(None)
            return
        self.state = Phase.DONE
        assert self.countdown is not None
        self.countdown.stop()
        self.dismiss(Answered(self.answer))

    # -- the story to tell ----------------------------------------------------------------------
    def _show_story(self) -> None:
        line = self.query_one("#story-line", Static)
        if not self.tells_story:
            line.display = False
            return
        line.update(story_line(self.story, can_choose=self.state == Phase.PREP))

    def action_choose_story(self) -> None:
        if self.state != Phase.PREP or not self.tells_story:
            return
        known = self.ml.cases.stories()
        items = story_choices(known, self.question.principles, self.story)
        self.app.push_screen(ChooserScreen("The story you will tell", items), self._story_chosen)

    def _story_chosen(self, value: str | None) -> None:
        if value is not None:  # None: the picker was closed
            self.story = None if value == NO_STORY else self.ml.cases.story(int(value))
            self._show_story()

    def action_start_stop(self) -> None:
        if self.state == Phase.PREP:
            self._stop_voice()
            self.start_answer()
        elif self.state == Phase.ANSWER:
            self.stop_answer()

    def action_abandon(self) -> None:
        self._stop_voice()
        if self.state != Phase.ANSWER:
            self.state = Phase.DONE
            self.dismiss(None)
            return
        choices = {
            "k": ("keep the audio", "keep"),
            "d": ("discard it", "discard"),
            "c": ("continue", "continue"),
        }
        self.app.push_screen(ConfirmScreen("Abandon this answer?", choices), self._abandon_chosen)

    def _abandon_chosen(self, choice: str | None) -> None:
        if choice not in ("keep", "discard") or self.answer is None:
            return
        kept = self._finish_recording()
        self.answer.abandon(keep=choice == "keep")
        if kept and choice == "keep":
            self.app.notify("Answer kept; transcribe it from History (T).")
        self.dismiss(None)

    def on_unmount(self) -> None:
        self._stop_voice()
        # Leaving by any route (quit included) must not lose the audio; it stays "recorded".
        if self.answer is not None and self.state == Phase.ANSWER:
            self._finish_recording()
            self.answer.abandon(keep=True)
