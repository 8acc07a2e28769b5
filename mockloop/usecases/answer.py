"""One answer's life, shared by `mockloop record` and the practice screen: start (a fresh file,
the recorder, the live transcriber, the attempt row), stop, abandon, finish (the live
transcript, else the file on disk). Audio comes first: the recorder starts before the database
is touched, and a database that is busy or read-only at that moment only delays the row."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from mockloop.core.analysis.answer import AnalysisSettings
from mockloop.core.analysis.words import Word
from mockloop.core.audio.recorder import (
    AnswerRecorder,
    AudioListener,
    RecorderStatus,
    RecordingResult,
)
from mockloop.core.audio.wavfile import HEADER_BYTES
from mockloop.core.bank.questions import Question
from mockloop.core.errors import MockloopError
from mockloop.core.speech.live import LiveTranscriber
from mockloop.core.speech.transcribe import Progress, Transcriber
from mockloop.failures import explain
from mockloop.store.attempt import lifecycle
from mockloop.store.attempt.records import AttemptRecord
from mockloop.store.db import StoreError
from mockloop.usecases.transcription import process_attempt, save_live_transcript

OpenRecorder = Callable[[Path, tuple[AudioListener, ...]], AnswerRecorder]


class Answer:
    """Drive it from one thread: start(), then status() while it runs, then stop() or
    abandon(); finish() may run on a worker thread afterwards."""

    def __init__(
        self,
        engine: Engine,
        question: Question,
        *,
        limit_s: float,
        audio_dir: Path,
        open_recorder: OpenRecorder,
        transcriber: Transcriber | None,
        now: Callable[[], datetime],
        practice_session_id: int | None = None,
        cancel: threading.Event | None = None,
        story_id: int | None = None,
        parent_id: int | None = None,
    ) -> None:
        """story_id: the story the person tells; parent_id: the main answer a follow-up
        answers. Both are stored with the attempt's row, whoever records it (app or CLI)."""
        self.engine = engine
        self.question = question
        self.limit_s = limit_s
        self._audio_dir = audio_dir
        self._open_recorder = open_recorder
        self._transcriber = transcriber
        self._now = now
        self._session_id = practice_session_id
        self._cancel = cancel
        self._story_id, self._parent_id = story_id, parent_id
        self.path: Path | None = None
        self.attempt_id: int | None = None
        self.notice: str | None = None  # something to tell the person while they answer
        self.result: RecordingResult | None = None
        self._recorder: AnswerRecorder | None = None
        self._live: LiveTranscriber | None = None
        self._refinable: LiveTranscriber | None = None  # finished live, last chunk to redo
        self._claimed = False  # the row was stored as being transcribed by this process

    # -- while recording ------------------------------------------------------------------------
    def start(self) -> None:
        """Raises a MockloopError when nothing could be recorded; then nothing is stored."""
        from mockloop.store.files import new_recording_path

        try:
            self._audio_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(explain(exc, self._audio_dir) or str(exc)) from exc
        path = new_recording_path(self._audio_dir, self.question.id, self._now())
        live = None
        if self._transcriber is not None:  # decodes closed chunks while the person speaks
            live = LiveTranscriber(self._transcriber, cancel=self._cancel)
            live.start()
        try:
            recorder = self._open_recorder(path, (live.feed,) if live else ())
            recorder.start()
        except BaseException:
            if live is not None:
                live.cancel()
            raise
        self.path, self._recorder, self._live = path, recorder, live
        self._write_row()

    def status(self) -> RecorderStatus:
        assert self._recorder is not None, "start() first"
        return self._recorder.status()

    @property
    def recording(self) -> bool:
        return self._recorder is not None and self.result is None

    def partial_words(self) -> list[Word]:
        """Words decoded so far, for a live cue."""
        return self._live.partial_words() if self._live else []

    def stop(self, *, transcribing: bool = False) -> RecordingResult:
        """Stop the recorder and store what it captured (once; later calls return the same).
        transcribing: the live words are finished next, by this process (one write)."""
        if self.result is not None:
            return self.result
        result = self._stop_recorder()
        self._claimed = transcribing and self._live is not None
        self._store_recording(result)
        return result

    def end(
        self,
        settings: AnalysisSettings,
        *,
        stored: Callable[[int], None],
        progress: Progress | None = None,
    ) -> AttemptRecord:
        """stop() and finish() in one (the app, on a worker): the recorder stops and what it
        captured is stored at once and claimed for its words (safe before any decoding),
        stored() gets the attempt's id, then come the words: the record the Review draws."""
        self.stop(transcribing=True)
        assert self.attempt_id is not None
        stored(self.attempt_id)
        return self.finish(settings, progress=progress)

    @property
    def _stored_limit(self) -> float:
        """The limit the attempt's row holds (store.attempt.lifecycle.start_attempt)."""
        return float(self.limit_s or self.question.time_limit_s)

    def _stop_recorder(self) -> RecordingResult:
        """Stop the recorder. StoreError: not one sample reached the file (then nothing is
        kept)."""
        assert self._recorder is not None and self.path is not None, "start() first"
        self.result = result = self._recorder.stop()
        if result.error and not _holds_audio(self.path):
            self._discard_empty()
            raise StoreError(
                f"Nothing was recorded: {result.error}. "
                "Free some space (or check the microphone with: mockloop doctor), then start again."
            )
        return result

    def _store_recording(self, result: RecordingResult) -> None:
        """The attempt's row says how the recording ended (a new row if it has none)."""
        if self.attempt_id is None or self._row_gone():
            self._write_row()
        if self.attempt_id is None:
            if self._live is not None:
                self._live.cancel()
            raise StoreError(
                f"{self.notice} The answer is kept in {self.path}; "
                f"analyse it with: mockloop analyze {self.path}"
            )
        try:
            with Session(self.engine) as s:
                lifecycle.finish_recording(
                    s, attempt_id=self.attempt_id, result=result, transcribing=self._claimed
                )
        except SQLAlchemyError as exc:  # a full disk, say: the row stays "recording" and the
            # next start repairs it as "interrupted"; the audio is already on disk
            raise StoreError(
                f"Cannot save the answer to the history: {explain(exc)} "
                f"The recording is kept in {self.path}."
            ) from exc

    def _row_gone(self) -> bool:
        """The row was deleted elsewhere while the answer was recorded (an older mockloop, or
        by hand): a new row keeps the audio in the history rather than losing it."""
        try:
            with Session(self.engine) as s:
                gone = lifecycle.get_attempt(s, attempt_id=self.attempt_id or 0) is None
        except SQLAlchemyError:
            return False  # busy now: finish_recording below says so
        if gone:
            self.attempt_id = None
        return gone

    def _discard_empty(self) -> None:
        """The input or the disk failed before one sample reached the file: no attempt to keep
        (a row would point at an empty file, and the message would promise audio)."""
        if self._live is not None:
            self._live.cancel()
            self._live = None
        assert self.path is not None
        with contextlib.suppress(OSError):
            self.path.unlink()
        if self.attempt_id is not None:
            with contextlib.suppress(SQLAlchemyError), Session(self.engine) as s:
                lifecycle.delete_attempt(s, attempt_id=self.attempt_id)

    def abandon(self, *, keep: bool, wait_s: float = 0.0) -> None:
        """End without a review: keep the audio for later, or delete it with its row. wait_s:
        how long to wait for the live decoder to end (the CLI, about to exit)."""
        if self.recording:
            self.stop()
        if self._live is not None:
            self._live.cancel(wait_s)
            self._live = None
        if not keep and self.attempt_id is not None:
            with Session(self.engine) as s:
                lifecycle.delete_attempt(s, attempt_id=self.attempt_id)

    # -- after recording ------------------------------------------------------------------------
    def finish(
        self, settings: AnalysisSettings, *, progress: Progress | None = None
    ) -> AttemptRecord:
        """The transcript made while the person spoke; if that failed for any reason, the file
        on disk is decoded instead, so nothing is lost."""
        assert self.attempt_id is not None and self.result is not None, "stop() first"
        live, self._live = self._live, None
        if live is not None:
            try:
                if not self._claimed:  # stop() left it in the queue: claim it now
                    with Session(self.engine) as s:
                        lifecycle.mark_transcribing(s, attempt_id=self.attempt_id)
                saved = save_live_transcript(
                    self.engine,
                    self.attempt_id,
                    live.finish(),
                    time_limit_s=self._stored_limit,
                    settings=settings,
                )
                self._refinable = live
                return saved
            except Exception:
                with Session(self.engine) as s:
                    lifecycle.mark_recorded(s, attempt_id=self.attempt_id)
        return self._decode_file(settings, progress)

    def _decode_file(self, settings: AnalysisSettings, progress: Progress | None) -> AttemptRecord:
        assert self.attempt_id is not None
        if self._transcriber is None:
            raise MockloopError("no speech model to transcribe with")
        return process_attempt(
            self.engine,
            self.attempt_id,
            self._transcriber,
            settings=settings,
            progress=progress,
            cancel=self._cancel,
        )

    def refine(self, settings: AnalysisSettings) -> AttemptRecord | None:
        """After a live finish() (the Review already shows it): the last chunk again with
        island recovery, stored over the quick result. None when there was nothing to redo.
        If this fails, the quick result stands: it is complete, only less thorough."""
        live, self._refinable = self._refinable, None
        transcript = live.refine() if live is not None else None
        if transcript is None:
            return None
        assert self.attempt_id is not None
        return save_live_transcript(
            self.engine,
            self.attempt_id,
            transcript,
            time_limit_s=self._stored_limit,
            settings=settings,
        )

    @property
    def has_live(self) -> bool:
        return self._live is not None

    def _write_row(self) -> None:
        assert self.path is not None
        try:
            with Session(self.engine) as s:
                row = lifecycle.start_attempt(
                    s,
                    question=self.question,
                    recording_path=self.path,
                    time_limit_s=self.limit_s,
                    practice_session_id=self._session_id,
                    story_id=self._story_id,
                    parent_id=self._parent_id,
                )
        except SQLAlchemyError as exc:  # busy or read-only now: the audio goes on regardless
            self.notice = f"Cannot save to the history yet: {explain(exc)}"
            return
        self.attempt_id = row.id
        self.notice = None


def _holds_audio(path: Path | None) -> bool:
    """At least one sample on disk after the WAV header (what a person could still play)."""
    try:
        return path is not None and path.stat().st_size > HEADER_BYTES
    except OSError:
        return False
