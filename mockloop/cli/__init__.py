"""The command line: parse, dispatch, and turn every MockloopError into one clear line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from mockloop import __version__
from mockloop.core.errors import MockloopError
from mockloop.core.questions import CATEGORIES


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

    rec = sub.add_parser("record", help="answer a question aloud and get your figures")
    _add_filters(rec)
    rec.add_argument("--question", metavar="ID", help="a specific question id")
    rec.add_argument(
        "--seconds", type=float, help="hard cap on the recording (default 2x the limit)"
    )
    rec.add_argument("--limit", type=int, help="time limit in seconds (default: the question's)")
    rec.add_argument("--no-transcribe", action="store_true", help="only record; transcribe later")

    an = sub.add_parser("analyze", help="transcribe and analyse an existing audio file")
    an.add_argument("file")
    an.add_argument("--question", metavar="ID", help="use this question's time limit")
    an.add_argument("--limit", type=float, help="time limit in seconds (default 120)")
    an.add_argument("--json", action="store_true", help="print one JSON object")

    tr = sub.add_parser("transcribe", help="transcribe stored attempts (default: all waiting)")
    tr.add_argument("ids", nargs="*", type=int)

    hi = sub.add_parser("history", help="list past attempts")
    hi.add_argument("--json", action="store_true")
    hi.add_argument("--limit", type=int)

    qs = sub.add_parser("questions", help="list or check the question bank")
    qs_sub = qs.add_subparsers(dest="action", required=True)
    _add_filters(qs_sub.add_parser("list", help="list questions"))
    ck = qs_sub.add_parser("check", help="validate question files; non-zero exit on any error")
    ck.add_argument("dirs", nargs="*", metavar="DIR")

    dv = sub.add_parser("devices", help="list input devices, or choose one")
    dv.add_argument(
        "--use", metavar="NAME", help="remember this device ('default' for the system's)"
    )
    sub.add_parser("doctor", help="check microphone, model, database and disk")
    return p


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

    ctx = Context(args, sys.stdout, sys.stderr)
    try:
        return _command(args.command)(ctx)
    except MockloopError as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("mockloop: interrupted", file=sys.stderr)
        return 130
