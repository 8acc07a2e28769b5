"""`mockloop` with no command: build the real services and run the full-screen app."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from mockloop.cli.context import Context
from mockloop.cli.quiet_stderr import STDERR_LOG, c_stderr_to
from mockloop.core.errors import MockloopError

if TYPE_CHECKING:
    from mockloop.usecases.cases import UseCases
    from mockloop.usecases.services import Services


def build_services(ctx: Context) -> Services:
    """Everything the app runs on. Called once Home is drawn: opening the database imports
    the ORM, and the first paint needs neither."""
    from mockloop.core.audio.devices import list_input_devices
    from mockloop.core.audio.playback import SoundDevicePlayer
    from mockloop.core.audio.voice import PiperInterviewer
    from mockloop.usecases.services import Services

    ctx.quiet = True  # notices go into the app instead of scrolling past on stderr
    engine = ctx.engine
    bank = ctx.bank
    return Services(
        engine=engine,
        bank=bank,
        settings=ctx.settings,
        paths=ctx.paths,
        make_transcriber=ctx.transcriber,
        open_recorder=ctx.recorder,
        list_devices=list_input_devices,
        player=SoundDevicePlayer(),
        interviewer=PiperInterviewer(),
        plans=ctx.plans,
        notices=list(ctx.notices),
    )


def run_tui(ctx: Context) -> int:
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        raise MockloopError(
            "the practice app needs a terminal (standard input and output are not one). "
            "Without one, use: mockloop record, mockloop analyze FILE, mockloop history"
        )
    from mockloop.ui.app import MockloopApp

    ctx.quiet = True
    ctx.paths.ensure()  # a folder that cannot be made is one line before the screen opens
    with c_stderr_to(ctx.paths.data_dir / STDERR_LOG):
        app = MockloopApp(lambda: build_cases(ctx), data_dir=ctx.paths.data_dir)
        app.run()
    if app.crash_line:
        print(f"mockloop: {app.crash_line}", file=sys.stderr)
    return app.return_code or 0


def build_cases(ctx: Context) -> UseCases:
    from mockloop.usecases.cases import UseCases

    return UseCases(build_services(ctx))


def _is_terminal(stream: TextIO | None) -> bool:
    """A stream closed before start is None in Python (`mockloop <&-`)."""
    return stream is not None and stream.isatty()
