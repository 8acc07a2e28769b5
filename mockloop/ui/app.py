"""The app shell: owns the background work (model load, transcription queue) and the current
practice set; screens ask it for both and hear back through messages."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual._node_list import DuplicateIds
from textual.app import App
from textual.binding import Binding
from textual.worker import get_current_worker

from mockloop.config import Settings
from mockloop.core.bank.questions import Question
from mockloop.core.errors import MockloopError, TranscriptionCancelled
from mockloop.failures import crash_line, explain
from mockloop.store.status import Status
from mockloop.ui.commands import Palette, PracticeCommands, ScreenKeys, help_sections
from mockloop.ui.flow import PracticeFlow
from mockloop.ui.jobs import JobState, ModelState
from mockloop.ui.messages import (
    AttemptOpened,
    AttemptUpdate,
    JobFinished,
    JobProgress,
    ModelUpdate,
    PracticeRequested,
    RetryRequested,
    ScreenRequested,
    SetRequested,
    StoreOpened,
)
from mockloop.usecases.state import AttemptState, Stage

if TYPE_CHECKING:
    from mockloop.core.audio.playback import Player
    from mockloop.core.audio.voice import Interviewer
    from mockloop.core.speech.transcribe import Progress, Transcriber
    from mockloop.store.attempt.records import AttemptRecord
    from mockloop.usecases.answer import Answer
    from mockloop.usecases.cases import UseCases


class MockloopApp(App[None]):
    CSS_PATH = "mockloop.tcss"
    TITLE = "mockloop"
    BINDINGS = [Binding("question_mark", "help", "Help", key_display="?", tooltip="this help")]
    COMMANDS = App.COMMANDS | {ScreenKeys, PracticeCommands}

    def __init__(
        self,
        cases: UseCases | Callable[[], UseCases],
        *,
        load_model: bool = True,
        data_dir: Path | None = None,
    ) -> None:
        """cases: the use cases, or what opens them (the database and its ORM) once Home is
        drawn. data_dir: where a crash log goes before they are open."""
        super().__init__()
        self._cases: UseCases | None = None
        self._open_cases: Callable[[], UseCases] | None = None
        if callable(cases):
            self._open_cases = cases
        else:
            self._cases = cases
        self._data_dir = data_dir
        self.work: dict[int, AttemptState] = {}  # the attempts this app transcribes
        self.flow = PracticeFlow(self)
        self.model_state = ModelState.NOT_LOADED
        self._transcriber: Transcriber | None = None
        self._load_model_on_mount = load_model
        self._transcribe_lock = threading.Lock()
        self._quitting = threading.Event()
        self.crash_line: str | None = None  # set when a bug stopped the app

    def _handle_exception(self, error: Exception) -> None:
        # A bug must not print a traceback over the person's terminal: the full story goes to
        # the crash log, one line is printed after the screen is restored (cli/tui.py). A
        # failure a person can meet (a database that will not open when a key first needs
        # it, say) is its own line, as the command line says it.
        opened = self._cases.paths.data_dir if self._cases is not None else None
        data_dir = opened or self._data_dir
        self.crash_line = explain(error, data_dir) or crash_line(error, data_dir)
        super()._handle_exception(error)
        if not self.is_headless:
            self._exit_renderables.clear()

    @property
    def cases(self) -> UseCases:
        """Opened on first use: after Home's first paint, or sooner if a key needs them."""
        if self._open_cases is not None:
            opener, self._open_cases = self._open_cases, None
            self._cases = opener()
        assert self._cases is not None
        return self._cases

    @property
    def store_ready(self) -> bool:
        return self._cases is not None

    @property
    def settings(self) -> Settings:
        return self.cases.settings

    @property
    def player(self) -> Player:
        return self.cases.player

    @property
    def interviewer(self) -> Interviewer | None:
        return self.cases.interviewer

    def on_mount(self) -> None:
        from mockloop.ui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.store_ready:
            self._opened()
        else:  # Home is drawn first: importing the ORM and opening the database take 0.3 s
            self.call_after_refresh(self._open_store)
        if not self.is_headless:
            # kill, logout or a closed terminal: leave like `q` does (the answer in progress is
            # kept and the terminal restored) instead of dying mid-write.
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._stop_on_signal, sig)

    def _open_store(self) -> None:
        try:
            self.cases  # noqa: B018  (opens them)
        except Exception as exc:  # a locked or foreign database: one line, as the CLI says it
            self.crash_line = explain(exc, self._data_dir) or crash_line(exc, self._data_dir)
            self.exit(return_code=1)
            return
        self._opened()
        self._broadcast(StoreOpened)

    def _opened(self) -> None:
        for notice in self.cases.notices:
            self.notify(notice, timeout=8, markup=False)
        if self._load_model_on_mount:
            # After Home is drawn: importing the model's libraries holds the interpreter for
            # ~0.3 s, and Home would wait for it.
            self.call_after_refresh(self.load_model)

    def _stop_on_signal(self, sig: signal.Signals) -> None:
        self._quitting.set()
        if self.store_ready:
            self.player.stop()
        self.exit(return_code=128 + sig.value)

    # -- the speech model -------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="model", exit_on_error=False, description="load model")
    def load_model(self) -> None:
        """Off the UI thread: Home is interactive while the model loads."""
        worker = get_current_worker()
        self.call_from_thread(self._set_model_state, ModelState.LOADING, None)
        try:
            transcriber = self.cases.make_transcriber()
            transcriber.load()
        except MockloopError as exc:
            if not worker.is_cancelled:
                self.call_from_thread(self._set_model_state, ModelState.FAILED, str(exc))
            return
        if worker.is_cancelled:  # a newer load (the model setting changed) owns the result
            return
        self._transcriber = transcriber
        self.call_from_thread(self._set_model_state, ModelState.READY, None)

    def _set_model_state(self, state: ModelState, error: str | None) -> None:
        self.model_state = state
        if error:
            self.notify(
                f"Speech model unavailable: {error}", severity="error", timeout=10, markup=False
            )
        self._broadcast(ModelUpdate)

    def apply_settings(self, settings: Settings) -> None:
        model_changed = (settings.model, settings.allow_download) != (
            self.settings.model,
            self.settings.allow_download,
        )
        self.cases.settings = settings
        if model_changed:
            self._transcriber = None
            self.load_model()

    # -- transcription queue ----------------------------------------------------------------
    def state_of(self, attempt_id: int, status: Status, error: str | None) -> AttemptState:
        """An attempt's one state: this app's work on it while that runs, else its row's."""
        working = self.work.get(attempt_id)
        if working is not None and working.active:
            return working
        return AttemptState.stored(attempt_id, status, error)

    def _set_state(
        self, state: AttemptState, *, changed: bool = True, record: AttemptRecord | None = None
    ) -> None:
        """record: the attempt as just stored, when the update carries it (a transcription
        ended): a screen shows it without reading the database again."""
        self.work[state.attempt_id] = state
        for screen in self.screen_stack:
            screen.post_message(AttemptUpdate(state, changed, record))

    def queue_transcription(self, attempt_id: int) -> None:
        working = self.work.get(attempt_id)
        if working is not None and working.active:
            return
        self._set_state(AttemptState(attempt_id, Stage.QUEUED))
        self._transcribe(attempt_id)

    @work(thread=True, group="transcribe", exit_on_error=False, description="transcribe")
    def _transcribe(self, attempt_id: int) -> None:
        # One decode at a time: on two cores, two at once only slow each other down.
        with self._transcribe_lock:
            if self._quitting.is_set():
                return
            transcriber = self._transcriber
            self._run_job(
                attempt_id,
                lambda progress: self.cases.transcribe(
                    attempt_id,
                    transcriber or self.cases.make_transcriber(),
                    progress=progress,
                    cancel=self._quitting,
                ),
            )

    def _run_job(self, attempt_id: int, job: Callable[[Progress], AttemptRecord]) -> None:
        """Run one transcription on this worker thread and report how it ended. A failure is
        stored on the attempt (kept for a retry) and shown once, by on_job_finished."""

        def progress(fraction: float) -> None:
            self.post_message(JobProgress(attempt_id, fraction))

        progress(0.0)
        try:
            record = job(progress)
        except Exception as exc:
            self._job_failed(attempt_id, exc)
        else:
            self.post_message(JobFinished(attempt_id, JobState.DONE, record=record))

    def _job_failed(self, attempt_id: int, exc: Exception) -> None:
        if isinstance(exc, TranscriptionCancelled):
            self.post_message(JobFinished(attempt_id, JobState.CANCELLED))
            return
        error = explain(exc)
        if error is None:
            self.log.error(f"transcription of attempt {attempt_id} crashed: {exc!r}")
            error = f"internal error: {exc!r}"
        try:
            self.cases.mark_failed(attempt_id, error)
        except Exception as db_exc:
            self.log.error(f"could not mark attempt {attempt_id} failed: {db_exc!r}")
        self.post_message(JobFinished(attempt_id, JobState.FAILED, error))

    # -- one answer ---------------------------------------------------------------------------------
    def new_answer(
        self,
        question: Question,
        limit_s: float,
        *,
        story_id: int | None = None,
        parent_id: int | None = None,
    ) -> Answer:
        """The shared answer lifecycle, joined to the set or loop under way and decoded live
        by the loaded model."""
        try:
            transcriber = self._transcriber or self.cases.make_transcriber()
        except MockloopError:
            transcriber = None
        return self.cases.new_answer(
            question,
            limit_s,
            transcriber=transcriber,
            session_id=self.flow.session_id,
            cancel=self._quitting,
            story_id=story_id,
            parent_id=parent_id,
        )

    def prepare_voice(self, texts: list[str]) -> None:
        """With the interviewer's voice on, synthesise what it will say next while the person
        reads (a Review, Home), so it speaks as soon as the question opens."""
        interviewer = self.interviewer
        if not self.settings.interviewer_voice or interviewer is None:
            return

        def prepare() -> None:
            for text in texts:
                with contextlib.suppress(MockloopError):  # the practice screen says why
                    interviewer.prepare(text)

        self.run_worker(prepare, thread=True, exit_on_error=False, group="voice")

    async def end_answer(self, answer: Answer) -> int | None:
        """Stop the answer and keep it; its words follow in the background. The attempt's id
        once its audio is stored; None when nothing could be kept (the person is told why)."""
        if not answer.has_live:  # no model: stored now, transcribed from the queue
            try:
                attempt_id = self.cases.stop_answer(answer)
            except MockloopError as exc:
                self.notify(str(exc), severity="error", timeout=20, markup=False)
                return None
            self.queue_transcription(attempt_id)
            return attempt_id
        loop = asyncio.get_running_loop()
        stored: asyncio.Future[int | None] = loop.create_future()

        def settle(attempt_id: int | None) -> None:
            loop.call_soon_threadsafe(_resolve, stored, attempt_id)

        self._end_live(answer, settle)
        return await stored

    @work(thread=True, group="live", exit_on_error=False, description="end the answer")
    def _end_live(self, answer: Answer, settle: Callable[[int | None], None]) -> None:
        # Not behind the queue's lock: only the last chunk is left, and it is what the person
        # is waiting for. A live failure falls back to the file inside Answer.end().
        kept: list[int] = []

        def on_stored(attempt_id: int) -> None:
            kept.append(attempt_id)
            self.call_from_thread(self._set_state, AttemptState(attempt_id, Stage.QUEUED))
            settle(attempt_id)
            progress(0.0)  # its words are being made

        def progress(fraction: float) -> None:
            if kept:
                self.post_message(JobProgress(kept[0], fraction))

        try:
            record = answer.end(self.settings.analysis, stored=on_stored, progress=progress)
        except Exception as exc:
            if not kept:  # nothing could be kept: say why, and no Review
                settle(None)
                why = explain(exc) or f"internal error: {exc!r}"
                self.call_from_thread(self.notify, why, severity="error", timeout=20, markup=False)
            else:
                self._job_failed(kept[0], exc)
            return
        attempt_id = kept[0]
        self.post_message(JobFinished(attempt_id, JobState.DONE, record=record))
        with self._transcribe_lock:  # then the last chunk gets island recovery too: one count
            try:
                refined = None if self._quitting.is_set() else answer.refine(self.settings.analysis)
            except Exception as exc:  # the quick result stands
                self.log.error(f"refining attempt {attempt_id} failed: {exc!r}")
                return
        if refined is not None:  # the Review shows the refined words
            self.post_message(JobFinished(attempt_id, JobState.DONE, record=refined))

    def on_job_progress(self, message: JobProgress) -> None:
        working = self.work.get(message.attempt_id)
        changed = working is None or working.stage != Stage.TRANSCRIBING
        running = AttemptState(message.attempt_id, Stage.TRANSCRIBING, message.fraction)
        self._set_state(running, changed=changed)

    def on_job_finished(self, message: JobFinished) -> None:
        ended = {
            JobState.DONE: AttemptState(message.attempt_id, Stage.DONE, 1.0),
            JobState.FAILED: AttemptState(message.attempt_id, Stage.FAILED, 0.0, message.error),
            JobState.CANCELLED: AttemptState(message.attempt_id, Stage.WAITING),
        }[message.outcome]
        if ended.stage == Stage.FAILED:
            why = f"Transcription failed: {message.error}"
            self.notify(why, severity="error", timeout=8, markup=False)
        self._set_state(ended, record=message.record)

    def _broadcast(self, kind: Any) -> None:
        for screen in self.screen_stack:
            screen.post_message(kind())

    # -- what screens ask for: the flow owner decides ---------------------------------------------
    def on_practice_requested(self, message: PracticeRequested) -> None:
        self.flow.begin(message.questions, message.mode)

    def on_set_requested(self, message: SetRequested) -> None:
        self.flow.begin_set(message.only)

    def on_retry_requested(self, message: RetryRequested) -> None:
        self.flow.retry(message.question_id)

    def on_attempt_opened(self, message: AttemptOpened) -> None:
        self.flow.review(message.attempt_id)

    def on_screen_requested(self, message: ScreenRequested) -> None:
        self.flow.open_screen(message.name)

    # -- app actions --------------------------------------------------------------------------
    def action_command_palette(self) -> None:
        if not self.use_command_palette or isinstance(self.screen, Palette):
            return
        # A second ctrl+p before the first palette is on screen: that one is pushed but not
        # shown yet, and Textual refuses a second with its id. One palette is enough.
        with contextlib.suppress(DuplicateIds):
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        from mockloop.ui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_sections(self)))

    async def action_quit(self) -> None:
        # An answer in progress is saved by its screen; a running transcription stops at the
        # next segment and its attempt goes back to "recorded" for the next start.
        self._quitting.set()
        if self.store_ready:
            self.player.stop()
        self.exit()


def _resolve(future: asyncio.Future[int | None], value: int | None) -> None:
    if not future.done():  # the walk may have been cancelled (the app is quitting)
        future.set_result(value)
