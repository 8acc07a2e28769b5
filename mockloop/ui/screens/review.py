"""Review: the one thing to fix next, each figure with its verdict, the change since the last
and the best try, the rating and note, then the marked-up transcript with playback from a
chosen sentence, and the follow-ups and hints. Returns what the person chose next."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Key
from textual.timer import Timer
from textual.widgets import Footer, ProgressBar, Static

from mockloop.core.analysis.coach import AnswerKind
from mockloop.core.analysis.progress import compare
from mockloop.core.analysis.words import Word
from mockloop.core.errors import MockloopError
from mockloop.store.status import Status
from mockloop.ui.dialogs.note import NoteScreen
from mockloop.ui.messages import AttemptUpdate, ReviewChoice
from mockloop.ui.view import View
from mockloop.ui.widgets.content import render_content
from mockloop.ui.widgets.figures import (
    render_comparison,
    render_figures,
    render_follow_ups,
    render_next,
    render_story_notes,
)
from mockloop.ui.widgets.hints import after_answer
from mockloop.ui.widgets.star import render_star
from mockloop.ui.widgets.transcript import legend, render_transcript, sentence_starts, word_at

if TYPE_CHECKING:
    from mockloop.core.analysis.content import Content as AnswerContent
    from mockloop.core.analysis.report import AnswerReport
    from mockloop.store.attempt.records import AttemptRecord
    from mockloop.usecases.cases import ReviewData

PLAYBACK_KEYS = {"r", "left", "right"}  # any other key stops playback
LEAD_IN_S = 0.2  # start playback just before the sentence's first word


class ReviewScreen(View[ReviewChoice]):
    BINDINGS = [
        Binding("r", "play", "Play/stop", tooltip="play from ▸ / stop"),
        Binding(
            "left",
            "sentence(-1)",
            "Sentence",
            key_display="←→",
            tooltip="move ▸, where playback starts",
        ),
        Binding("right", "sentence(1)", "", show=False),
        Binding("t", "leave('retry')", "Try again", tooltip="answer this question again now"),
        Binding("f", "leave('follow_up')", "Follow-up", tooltip="answer a follow-up now"),
        Binding("n", "leave('next')", "Next question"),
        Binding("e", "note", "Note"),
        Binding("s", "star", "STAR", tooltip="show / hide the STAR bar (shown for stories)"),
        Binding("c", "check", "Content", tooltip="move ▸ to where the next check was said"),
        Binding("T", "transcribe", "Transcribe again", show=False),
        Binding("escape", "leave('back')", "Back"),
        *[
            Binding(
                str(i), f"rate({i})", "Rate 1-5" if i == 1 else "", show=i == 1, key_display="1-5"
            )
            for i in range(1, 6)
        ],
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.attempt: AttemptRecord | None = None
        self._data: ReviewData | None = None  # what was read, kept for updates
        self.sentence = 0  # which sentence playback starts from
        self.show_star: bool | None = None  # None: as the question's category says
        self._playing_word: int | None = None
        self._marker: Timer | None = None
        self.content: AnswerContent | None = None
        self.check = -1  # the content check shown (an index into its checks), -1: none yet

    @property
    def words(self) -> tuple[Word, ...]:
        report = self.attempt.report if self.attempt else None
        return report.transcript.words if report else ()

    def compose(self) -> ComposeResult:
        yield Static("", id="review-question")
        yield ProgressBar(total=1.0, show_eta=False, id="review-progress")
        yield Static("", id="review-status")
        with Horizontal(id="review-columns"):
            with VerticalScroll(id="review-body"):
                # The verdicts first: a two-minute transcript would push them out of sight.
                yield Static("", id="next-fix")
                yield Static("", id="figures")
                yield Static("", id="star")
                yield Static("", id="story-notes")
                yield Static("", id="comparison")
                yield Static("", id="self-rating")
                yield Static("", id="transcript")
                yield Static(legend(mono=self.app.no_color), id="legend", classes="hint")
                yield Static("", id="content")  # under the words it points into
                yield Static("", id="follow-ups")  # after the answer: it is what comes next
                yield Static("", id="after-answer", classes="after-answer")
                yield Static("", id="source", classes="hint")
            yield Static("", id="after-answer-side", classes="after-answer")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_attempt_update(self, message: AttemptUpdate) -> None:
        if message.state.attempt_id != self.attempt_id:
            return
        if message.record is not None and self._data is not None:  # its new words and figures
            self._data = replace(self._data, attempt=message.record)
            with contextlib.suppress(NoMatches):
                self._show(self._data)
        elif message.changed or self.attempt is None:
            self.reload()
        else:  # a progress tick: only the bar moves, nothing is read again
            with contextlib.suppress(NoMatches):
                self.query_one(ProgressBar).update(progress=message.state.fraction)

    def reload(self) -> None:
        with contextlib.suppress(NoMatches):  # the app closed while this screen mounted
            self._reload()

    def _reload(self) -> None:
        self._data = self.ml.cases.review(self.attempt_id)
        if self._data is None:
            self.attempt = None
            self.query_one("#review-status", Static).update("This attempt was deleted.")
            return
        self._show(self._data)

    def _show(self, data: ReviewData) -> None:
        self.attempt = a = data.attempt
        self._render_question(a)
        self._render_after_answer(a)
        self.query_one("#follow-ups", Static).update(render_follow_ups(data.follow_ups))
        if not self._render_status(a):
            return
        overflows = f"  ·  {a.overflow_count} input overflows" if a.overflow_count else ""
        self.query_one("#source", Static).update(
            Content(f"{a.input_device or ''}  ·  model {a.model}{overflows}")
        )
        if a.report is not None:
            self._render_report(data, a.report)

    def _render_question(self, a: AttemptRecord) -> None:
        principles = f" · {', '.join(a.question_principles)}" if a.question_principles else ""
        self.query_one("#review-question", Static).update(
            Content.from_markup(
                "[b]$category[/b]$principles\n$prompt",
                category=a.question_category,
                principles=principles,
                prompt=a.question_prompt,
            )
        )

    def _render_status(self, a: AttemptRecord) -> bool:
        """The transcription's progress, or why there is none yet; True once transcribed."""
        state = self.ml.state_of(a.id, a.status, a.error)
        bar = self.query_one(ProgressBar)
        status = self.query_one("#review-status", Static)
        transcribed = a.status == Status.DONE  # a new transcription replaces it when it ends
        bar.display = not transcribed and state.active
        status.display = not transcribed
        if transcribed:
            return True
        if bar.display:
            bar.update(progress=state.fraction)
            status.update("Transcribing… (you can start the next question: n)")
        else:
            why = f": {a.error}" if a.error else ""
            status.update(Content(f"Not transcribed yet ({a.status}{why}). Press T to transcribe."))
        return False

    def _render_report(self, data: ReviewData, report: AnswerReport) -> None:
        a, story = data.attempt, data.story
        structure = report.structure
        self.content = content = self.ml.cases.content(a)
        advice = self.ml.cases.advice(a, content)
        assert advice is not None  # a record with a report has advice
        self.query_one("#next-fix", Static).update(render_next(advice.next_fix))
        self.query_one("#figures", Static).update(
            render_figures(report.analysis, advice.verdicts, structure, content)
        )
        self._draw_content()
        if self.show_star is None:
            self.show_star = advice.kind is AnswerKind.STORY  # any answer can ask for it (s)
        star = self.query_one("#star", Static)
        star.display = self.show_star
        star.update(render_star(structure, a.time_limit_s))
        notes = self.query_one("#story-notes", Static)
        notes.display = story is not None
        if story is not None:
            notes.update(render_story_notes(story, report.transcript.words))
        self.query_one("#comparison", Static).update(self._comparison(data))
        self._render_transcript()

    def _comparison(self, data: ReviewData) -> Text:
        a, previous, best = data.attempt, data.previous, data.best
        return render_comparison(
            (previous.started_at, compare(a.figures, previous.figures), previous.note)
            if previous
            else None,
            (best.started_at, compare(a.figures, best.figures)) if best else None,
            self.ml.cases.now(),
        )

    def _render_transcript(self) -> None:
        a, words = self.attempt, self.words
        if a is None or a.report is None:
            return
        starts = sentence_starts(words)
        self.sentence = min(self.sentence, max(len(starts) - 1, 0))
        self.query_one("#transcript", Static).update(
            render_transcript(
                words,
                a.report.analysis,
                mono=self.app.no_color,
                selected=starts[self.sentence] if starts else None,
                playing=self._playing_word,
            )
        )

    def _render_after_answer(self, a: AttemptRecord) -> None:
        stars = "★" * (a.rating or 0) + "☆" * (5 - (a.rating or 0))
        note = f"  ·  note: {a.note}" if a.note else "  ·  e adds a note"
        self.query_one("#self-rating", Static).update(Content(f"Your rating: {stars} (1-5){note}"))
        after = after_answer(self.ml.cases.bank.get(a.question_id))
        for widget in self.query(".after-answer").results(Static):
            widget.update(after)

    # -- playback ----------------------------------------------------------------------------
    def on_key(self, event: Key) -> None:
        if event.key not in PLAYBACK_KEYS and self.ml.player.playing:
            self._stop_playback()  # any key stops it, and still does what it does

    def action_play(self) -> None:
        if self.ml.player.playing:
            self._stop_playback()
            return
        if self.attempt is None:
            return
        starts = sentence_starts(self.words)
        start_s = self.words[starts[self.sentence]].start - LEAD_IN_S if starts else 0.0
        try:
            path = self.ml.cases.recording_file(self.attempt)
            self.ml.player.play(path, start_s=max(start_s, 0.0))
        except MockloopError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._marker = self.set_interval(0.1, self._follow_playback)

    def _follow_playback(self) -> None:
        player = self.ml.player
        word = word_at(self.words, player.position_s) if player.playing else None
        if word != self._playing_word:
            self._playing_word = word
            self._render_transcript()
        if not player.playing:
            self._stop_playback()

    def _stop_playback(self) -> None:
        self.ml.player.stop()
        if self._marker is not None:
            self._marker.stop()
            self._marker = None
        if self._playing_word is not None:
            self._playing_word = None
            with contextlib.suppress(NoMatches):
                self._render_transcript()

    def _draw_content(self) -> None:
        block = self.query_one("#content", Static)
        block.display = bool(self.content and self.content.checks)
        block.update(render_content(self.content, self.check if self.check >= 0 else None))

    def action_check(self) -> None:
        """The next met check: ▸ moves to the sentence where it was said (r plays it)."""
        checks = self.content.checks if self.content else ()
        met = [i for i, c in enumerate(checks) if c.met]
        if not met:
            self.notify("No check was met yet: nothing to show.", markup=False)
            return
        self.check = next((i for i in met if i > self.check), met[0])
        said = checks[self.check].evidence[0]
        starts = sentence_starts(self.words)
        at = [n for n, w in enumerate(starts) if self.words[w].start <= said.start + 0.01]
        self.sentence = at[-1] if at else 0
        self._draw_content()
        self._render_transcript()

    def action_sentence(self, step: int) -> None:
        count = len(sentence_starts(self.words))
        if count:
            self.sentence = (self.sentence + step) % count
            self._render_transcript()

    # -- the rest ----------------------------------------------------------------------------
    def action_rate(self, rating: int) -> None:
        self.ml.cases.set_rating(self.attempt_id, rating)
        self.reload()

    def action_note(self) -> None:
        current = self.attempt.note if self.attempt and self.attempt.note else ""
        self.app.push_screen(NoteScreen(current), self._save_note)

    def _save_note(self, note: str | None) -> None:
        if note is not None:
            self.ml.cases.set_note(self.attempt_id, note)
            self.reload()

    def action_star(self) -> None:
        self.show_star = not self.show_star
        self.reload()

    def action_transcribe(self) -> None:
        self.ml.queue_transcription(self.attempt_id)
        self.reload()

    def action_leave(self, choice: ReviewChoice) -> None:
        """The flow owner decides what each choice means (the set goes on, a new draw, the
        next follow-up, or there is none)."""
        self._stop_playback()
        self.dismiss(choice)
