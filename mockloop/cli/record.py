"""`mockloop record`: draw a question, record the answer against the clock, transcribe,
print the figures, keep the attempt."""

from __future__ import annotations

import contextlib
import select
import signal
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from mockloop.cli.context import Context
from mockloop.cli.quiet_stderr import STDERR_LOG, c_stderr_to
from mockloop.cli.report import report_text
from mockloop.core.audio.devices import resolve_input_device
from mockloop.core.audio.recorder import RecordingResult
from mockloop.core.bank.draw import QuestionFilter, draw_question
from mockloop.core.bank.questions import Question
from mockloop.core.errors import MockloopError
from mockloop.core.timer import Countdown, format_clock
from mockloop.store.attempt import lifecycle, lists
from mockloop.usecases.answer import Answer


def run_record(ctx: Context) -> int:
    args, settings = ctx.args, ctx.settings
    flt = QuestionFilter(args.category, args.principle, args.tag, args.question)
    with Session(ctx.engine) as s:
        last = lists.last_practised(s)
    drawn = draw_question(ctx.bank, flt, last_practised=last)
    if drawn is None:
        raise MockloopError("No question matches that choice. See: mockloop questions list")
    q = drawn.question
    limit = args.limit or settings.time_limit_s or q.time_limit_s
    cap = args.seconds or limit * settings.hard_cap_factor
    resolve_input_device(settings.device)  # no microphone: say so before showing the question

    ctx.out.write(f"\n[{q.category}{' · ' + ', '.join(q.principles) if q.principles else ''}]\n")
    ctx.out.write(f"{q.prompt}\n({drawn.reason}; limit {format_clock(limit)})\n\n")
    ctx.out.flush()
    # C libraries (PortAudio, ALSA) write their own complaints to fd 2 when a device fails:
    # those go to the log; our one line still reaches the person.
    with c_stderr_to(ctx.paths.data_dir / STDERR_LOG) as err:
        saved_err, ctx.err = ctx.err, err
        try:
            return _answer(ctx, q, limit, cap)
        finally:
            ctx.err = saved_err


def _answer(ctx: Context, q: Question, limit: float, cap: float) -> int:
    """Record, transcribe, report. 1 when the microphone or the disk cut the answer short
    (what was recorded is still saved and reported)."""
    args, settings = ctx.args, ctx.settings
    transcriber = ctx.transcriber()
    answer = Answer(
        ctx.engine,
        q,
        limit_s=limit,
        audio_dir=ctx.paths.audio_dir,
        open_recorder=lambda path, listeners: ctx.recorder(path, settings, listeners),
        transcriber=transcriber,
        now=datetime.now,
        practice_session_id=_cli_session(ctx),
    )
    answer.start()
    if answer.notice:
        ctx.err.write(f"warning: {answer.notice} Recording anyway.\n")
    result = _record_until_stopped(ctx, answer, Countdown(limit), cap)
    if result.error:
        ctx.err.write(f"Recording stopped: {result.error}. The audio up to then is kept.\n")
    if result.silent:
        ctx.err.write(
            "warning: the microphone was silent the whole time (muted, or the wrong device?)\n"
        )
    ctx.out.write(f"Recorded {result.duration_s:.1f} s to {answer.path}\n")
    if args.no_transcribe:
        answer.abandon(keep=True, wait_s=30.0)  # the process exits next
        ctx.out.write(f"Transcribe later with: mockloop transcribe {answer.attempt_id}\n")
        return 1 if result.error else 0
    record = answer.finish(settings.analysis, progress=_progress(ctx))
    try:  # the last live chunk again, with island recovery; the quick result is already saved
        refined = answer.refine(settings.analysis)
    except Exception as exc:
        ctx.err.write(f"warning: the last part was not checked again ({exc}); the result stands\n")
        refined = None
    report = (refined or record).report
    if ctx.err.isatty():
        ctx.err.write("\r" + " " * 40 + "\r")
    if report is not None:  # just stored: it reads back
        ctx.out.write("\n" + report_text(report, settings.analysis) + "\n")
    ctx.out.write(f"\nSaved as attempt {answer.attempt_id}.\n")
    return 1 if result.error else 0


def _cli_session(ctx: Context) -> int | None:
    """A practice session row for grouping; a busy database must not stop the answer."""
    try:
        with Session(ctx.engine) as s:
            return lifecycle.start_session(s, mode="cli").id
    except SQLAlchemyError:
        return None


def _progress(ctx: Context) -> Any:
    def show(fraction: float) -> None:
        ctx.err.write(f"\rTranscribing… {fraction:4.0%}")
        ctx.err.flush()

    return show if ctx.err.isatty() else None


def _record_until_stopped(
    ctx: Context, answer: Answer, clock: Countdown, cap: float
) -> RecordingResult:
    """Until Enter, Ctrl-C, SIGTERM or the hard cap; the clock and level on one live line."""
    stop = threading.Event()
    live = ctx.out.isatty()
    watch_stdin = sys.stdin is not None and not sys.stdin.closed
    ctx.out.write("Recording. Press Enter to stop.\n" if watch_stdin else "Recording.\n")
    ctx.out.flush()
    clock.start()
    with _stop_on_signals(stop):
        while not stop.is_set() and clock.elapsed() < cap:
            if watch_stdin:
                watch_stdin = not _enter_pressed(stop)
            else:
                stop.wait(0.2)
            st = answer.status()
            if st.error:  # the device went away or the disk refused: stop now, keep the audio
                break
            if live:
                reading = clock.read()
                bar = "#" * max(0, min(20, int((st.level.rms_dbfs + 60) / 3)))
                warn = "  MIC SILENT?" if st.silent else ""
                ctx.out.write(f"\r{reading.label():>6} [{reading.phase.value:6}] {bar:20}{warn}  ")
                ctx.out.flush()
    clock.stop()
    if live:
        ctx.out.write("\n")
    return answer.stop()


def _enter_pressed(stop: threading.Event) -> bool:
    """Wait up to 0.2 s for a line on stdin. Returns True when stdin is at EOF (stop watching)."""
    try:
        ready, _, _ = select.select([sys.stdin], [], [], 0.2)
    except (OSError, ValueError):
        stop.wait(0.2)
        return True
    if ready:
        if sys.stdin.readline() == "":
            return True
        stop.set()
    return False


@contextlib.contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C and SIGTERM end the answer cleanly instead of losing it."""
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
