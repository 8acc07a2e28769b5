"""Review: transcription progress, then the marked-up transcript, the figures, the change since
the last attempt at the question, playback, a rating and a note, then follow-ups and hints."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, cast

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Footer, ProgressBar, Static

from mockloop.core.errors import MockloopError
from mockloop.core.progress import compare
from mockloop.store import files, queries, records
from mockloop.store.records import AttemptRecord
from mockloop.store.status import Status
from mockloop.ui.dialogs.note import NoteScreen
from mockloop.ui.jobs import ACTIVE
from mockloop.ui.messages import JobUpdate, ReviewChoice
from mockloop.ui.view import View
from mockloop.ui.widgets.figures import render_comparison, render_figures
from mockloop.ui.widgets.transcript import legend, render_transcript

if TYPE_CHECKING:
    from mockloop.ui.app import MockloopApp


class ReviewScreen(View[ReviewChoice]):
    BINDINGS = [
        Binding("r", "play", "Play/stop", tooltip="play/stop the recording"),
        Binding("n", "next", "Next question"),
        Binding("e", "note", "Note"),
        Binding("t", "transcribe", "Transcribe", show=False),
        Binding("escape", "back", "Back"),
        *[
            Binding(
                str(i), f"rate({i})", "Rate 1-5" if i == 1 else "", show=i == 1, key_display="1-5"
            )
            for i in range(1, 6)
        ],
    ]

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.attempt: AttemptRecord | None = None

    @property
    def ml(self) -> MockloopApp:
        return cast("MockloopApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("", id="review-question")
        yield ProgressBar(total=1.0, show_eta=False, id="review-progress")
        yield Static("", id="review-status")
        with VerticalScroll(id="review-body"):
            # The numbers first: a two-minute transcript would push them out of sight.
            yield Static("", id="figures")
            yield Static("", id="comparison")
            yield Static("", id="transcript")
            yield Static(legend(), id="legend", classes="hint")
            yield Static("", id="self-rating")
            yield Static("", id="after-answer", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_job_update(self, message: JobUpdate) -> None:
        if message.attempt_id == self.attempt_id:
            self.reload()

    def reload(self) -> None:
        with contextlib.suppress(NoMatches):  # the app closed while this screen mounted
            self._reload()

    def _reload(self) -> None:
        with Session(self.ml.services.engine) as s:
            self.attempt = records.attempt(s, self.attempt_id)
            previous = records.previous(s, self.attempt) if self.attempt else None
        a = self.attempt
        if a is None:
            self.query_one("#review-status", Static).update("This attempt was deleted.")
            return
        principles = f" · {', '.join(a.question_principles)}" if a.question_principles else ""
        self.query_one("#review-question", Static).update(
            Content.from_markup(
                "[b]$category[/b]$principles\n$prompt",
                category=a.question_category,
                principles=principles,
                prompt=a.question_prompt,
            )
        )
        bar = self.query_one(ProgressBar)
        job = self.ml.jobs.get(self.attempt_id)
        status = self.query_one("#review-status", Static)
        bar.display = a.status != Status.DONE and job is not None and job.state in ACTIVE
        if a.status != Status.DONE:
            if bar.display:
                bar.update(progress=job.fraction if job else 0.0)
                status.update("Transcribing… (you can start the next question: n)")
            else:
                why = f": {a.error}" if a.error else ""
                status.update(
                    Content(f"Not transcribed yet ({a.status}{why}). Press t to transcribe.")
                )
            self._render_after_answer(a)
            return
        status.update(
            Content(
                f"{a.input_device or ''}  ·  model {a.model}"
                + (f"  ·  {a.overflow_count} input overflows" if a.overflow_count else "")
            )
        )
        report = a.report
        self.query_one("#transcript", Static).update(
            render_transcript(report.transcript.words, report.analysis) if report else ""
        )
        band = self.ml.settings.analysis.pace_band_wpm
        self.query_one("#figures", Static).update(
            render_figures(report.analysis, band) if report else ""
        )
        deltas = compare(a.figures, previous.figures) if previous else []
        self.query_one("#comparison", Static).update(render_comparison(deltas))
        self._render_after_answer(a)

    def _render_after_answer(self, a: AttemptRecord) -> None:
        stars = "★" * (a.rating or 0) + "☆" * (5 - (a.rating or 0))
        note = f"  ·  note: {a.note}" if a.note else ""
        self.query_one("#self-rating", Static).update(Content(f"Your rating: {stars} (1-5){note}"))
        q = self.ml.services.bank.get(a.question_id)
        lines: list[Content] = []
        if q and q.follow_ups:
            lines += [
                Content.from_markup("[b]Follow-ups an interviewer may ask[/b]"),
                *(Content(f"  • {f}") for f in q.follow_ups),
            ]
        if q and q.hints:
            lines += [
                Content.from_markup("[b]A strong answer covers[/b]"),
                *(Content(f"  • {h}") for h in q.hints),
            ]
        self.query_one("#after-answer", Static).update(Content("\n").join(lines))

    # -- actions ---------------------------------------------------------------------------------
    def action_rate(self, rating: int) -> None:
        with Session(self.ml.services.engine) as s:
            queries.set_rating(s, attempt_id=self.attempt_id, rating=rating)
        self.reload()

    def action_note(self) -> None:
        current = self.attempt.note if self.attempt and self.attempt.note else ""
        self.app.push_screen(NoteScreen(current), self._save_note)

    def _save_note(self, note: str | None) -> None:
        if note is not None:
            with Session(self.ml.services.engine) as s:
                queries.set_note(s, attempt_id=self.attempt_id, note=note)
            self.reload()

    def action_play(self) -> None:
        player = self.ml.services.player
        if player.playing:
            player.stop()
            return
        if self.attempt is None:
            return
        try:
            player.play(files.recording_file(self.ml.services.engine, self.attempt.recording_path))
        except MockloopError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def action_transcribe(self) -> None:
        self.ml.queue_transcription(self.attempt_id)
        self.reload()

    def action_next(self) -> None:
        self.ml.services.player.stop()
        self.dismiss("next")  # the app decides what next means (the set goes on, or a new draw)

    def action_back(self) -> None:
        self.ml.services.player.stop()
        self.dismiss("back")
