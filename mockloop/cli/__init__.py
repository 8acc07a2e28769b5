"""The command line: parse, dispatch, and turn every failure into one clear line."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeAlias

from mockloop import __version__
from mockloop.core import model_exit
from mockloop.core.bank.questions import CATEGORIES, MAX_LIMIT_S
from mockloop.failures import crash_line, explain

if TYPE_CHECKING:
    from mockloop.cli.context import Context

EXIT_WAIT_S = 20.0  # a decode stops at its next segment, about a second on 2 cores


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mockloop", description="Offline coach for spoken interview answers."
    )
    p.add_argument("--version", action="version", version=f"mockloop {__version__}")
    p.add_argument("--data-dir", help="where attempts and recordings live (env MOCKLOOP_DATA_DIR)")
    p.add_argument("--config", help="config file (env MOCKLOOP_CONFIG)")
    p.add_argument(
        "--questions", action="append", metavar="DIR", help="extra question folder (repeatable)"
    )
    p.add_argument("--model", help="'tiny.en' (bundled, default), a model folder, or a hub name")
    p.add_argument("--allow-download", action="store_true", help="let a hub model name download")
    sub = p.add_subparsers(dest="command")
    _add_answer_commands(sub)
    _add_library_commands(sub)
    _add_data_commands(sub)
    return p


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _add_answer_commands(sub: Commands) -> None:
    """Answering and analysing: record, analyze, transcribe."""
    rec = sub.add_parser("record", help="answer a question aloud and get your figures")
    _add_filters(rec)
    rec.add_argument("--question", metavar="ID", help="a specific question id")
    rec.add_argument(
        "--seconds", type=_seconds, help="hard cap on the recording (default 2x the limit)"
    )
    rec.add_argument(
        "--limit", type=_whole_seconds, help="time limit in seconds (default: the question's)"
    )
    rec.add_argument("--no-transcribe", action="store_true", help="only record; transcribe later")

    an = sub.add_parser("analyze", help="transcribe and analyse an existing audio file")
    an.add_argument("file")
    an.add_argument(
        "--question", metavar="ID", help="use this question's time limit and content checks"
    )
    an.add_argument(
        "--kind",
        choices=("story", "case", "other"),
        help="which content checks (default: the question's kind, else other)",
    )
    an.add_argument("--limit", type=_seconds, help="time limit in seconds (default 120)")
    an.add_argument("--json", action="store_true", help="print one JSON object")

    tr = sub.add_parser("transcribe", help="transcribe stored attempts (default: all waiting)")
    tr.add_argument("ids", nargs="*", type=int)


def _add_library_commands(sub: Commands) -> None:
    """What the person has: history, the bank, stories; and the interviewer's voice."""
    hi = sub.add_parser("history", help="list past attempts")
    hi.add_argument("--json", action="store_true")
    hi.add_argument("--limit", type=_count, help="show at most N attempts")

    qs = sub.add_parser("questions", help="list or check the question bank")
    qs_sub = qs.add_subparsers(dest="action", required=True)
    _add_filters(qs_sub.add_parser("list", help="list questions"))
    ck = qs_sub.add_parser("check", help="validate question files; non-zero exit on any error")
    ck.add_argument("dirs", nargs="*", metavar="DIR")

    st = sub.add_parser("stories", help="the story bank: list, export or import (TOML)")
    st_sub = st.add_subparsers(dest="action", required=True)
    st_sub.add_parser("list", help="which leadership principles have a story")
    ex = st_sub.add_parser("export", help="write every story as TOML (default: to the screen)")
    ex.add_argument("file", nargs="?", metavar="FILE")
    im = st_sub.add_parser("import", help="add stories from a TOML file (same title: updated)")
    im.add_argument("file", metavar="FILE")
    sy = sub.add_parser("say", help="the interviewer's voice reads TEXT aloud (mockloop[voice])")
    sy.add_argument("text", metavar="TEXT")


def _add_data_commands(sub: Commands) -> None:
    """The data, mock loops and the machine: export, restore, loops, report, devices, doctor."""
    ex = sub.add_parser("export", help="every attempt, story and recording, to a new folder")
    ex.add_argument("dir", metavar="DIR")
    ex.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="json: the full backup, with recordings (default); csv: spreadsheets",
    )
    rs = sub.add_parser("restore", help="a JSON export back into an empty data folder")
    rs.add_argument("dir", metavar="DIR")
    sub.add_parser("loops", help="the mock-loop plans, and the loops you have taken")
    rp = sub.add_parser("report", help="a mock loop's report (Markdown, HTML or JSON)")
    rp.add_argument("loop_id", type=_count, metavar="LOOP_ID")
    rp.add_argument("--format", choices=("md", "html", "json"), default="md")
    rp.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: the screen)")

    dv = sub.add_parser("devices", help="list input devices, or choose one")
    dv.add_argument(
        "--use", metavar="NAME", help="remember this device ('default' for the system's)"
    )
    sub.add_parser("doctor", help="check microphone, model, database and disk")


def _seconds(text: str) -> float:
    """A flag's seconds: a finite number from 1 s to an hour (argparse names the flag)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 1 <= value <= MAX_LIMIT_S:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 to {MAX_LIMIT_S} seconds")
    return value


def _whole_seconds(text: str) -> int:
    value = _seconds(text)
    if value != int(value):
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of seconds")
    return int(value)


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of at least 1")
    return int(text)


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--category", choices=CATEGORIES)
    p.add_argument("--principle", help="a leadership principle, e.g. 'Dive Deep'")
    p.add_argument("--tag")


def _command(name: str | None) -> Callable[..., int]:
    # Imported per command: `mockloop questions check` should not pay for numpy or SQLModel.
    if name is None:
        from mockloop.cli.tui import run_tui

        return run_tui
    if name == "record":
        from mockloop.cli.record import run_record

        return run_record
    if name in ("analyze", "transcribe"):
        from mockloop.cli import analyze

        return analyze.run_analyze if name == "analyze" else analyze.run_transcribe
    if name == "doctor":
        from mockloop.cli.doctor import run_doctor

        return run_doctor
    if name == "say":
        from mockloop.cli.say import run_say

        return run_say
    if name in ("export", "restore"):
        from mockloop.cli import backup

        return backup.run_export if name == "export" else backup.run_restore
    if name in ("loops", "report"):
        from mockloop.cli import loops

        return loops.run_loops if name == "loops" else loops.run_report
    if name == "stories":
        from mockloop.cli.stories import run_stories

        return run_stories
    from mockloop.cli import info

    return {
        "history": info.run_history,
        "questions": info.run_questions,
        "devices": info.run_devices,
    }[name]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from mockloop.cli.context import Context
    from mockloop.cli.malloc import limit_arenas

    limit_arenas()  # before the recorder, decoder and model threads start
    # A stream closed before start (`mockloop history >&-`) is None: write nowhere, not crash.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    ctx = Context(args, sys.stdout, sys.stderr)
    try:
        ctx.settings  # noqa: B018  (a broken config file is named by every command, at once)
        return _command(args.command)(ctx)
    except Terminated:
        print("mockloop: stopped (SIGTERM)", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("mockloop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`mockloop history | head`): not an error worth a word.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the one place a failure becomes a line: never a traceback
        data_dir = _data_dir(ctx)
        line = explain(exc, data_dir) or crash_line(exc, data_dir)
        print(f"mockloop: {line}", file=sys.stderr)
        return 1


class Terminated(KeyboardInterrupt):
    """SIGTERM: ends the command the way Ctrl-C does (commands that record catch it first)."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


def run() -> NoReturn:
    """The process's one way in and out (the `mockloop` command, `python -m mockloop`): no
    exit, whatever caused it, leaves a thread inside the speech model (core.model_exit)."""
    signal.signal(signal.SIGTERM, _terminate)
    code = 1
    try:
        code = main()
    finally:
        if not model_exit.close(timeout_s=EXIT_WAIT_S):
            # A decode did not stop in time: leave without running the model's destructors.
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(code)
    sys.exit(code)


def _data_dir(ctx: Context) -> Path | None:
    try:
        return ctx.paths.data_dir
    except Exception:  # the paths themselves may be what failed
        return None
