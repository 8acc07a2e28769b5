"""`mockloop` with no command: build the real services and run the full-screen app."""

from __future__ import annotations

import sys
from typing import TextIO

from mockloop.cli.context import Context
from mockloop.cli.quiet_stderr import STDERR_LOG, c_stderr_to
from mockloop.core.audio.devices import list_input_devices
from mockloop.core.audio.playback import SoundDevicePlayer
from mockloop.core.audio.voice import PiperInterviewer
from mockloop.core.errors import MockloopError
from mockloop.usecases.cases import UseCases
from mockloop.usecases.services import Services


def build_services(ctx: Context) -> Services:
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

    services = build_services(ctx)
    with c_stderr_to(services.paths.data_dir / STDERR_LOG):
        app = MockloopApp(UseCases(services))
        app.run()
    if app.crash_line:
        print(f"mockloop: {app.crash_line}", file=sys.stderr)
    return app.return_code or 0


def _is_terminal(stream: TextIO | None) -> bool:
    """A stream closed before start is None in Python (`mockloop <&-`)."""
    return stream is not None and stream.isatty()
