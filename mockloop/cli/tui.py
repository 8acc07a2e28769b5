"""`mockloop` with no command: build the real services and run the full-screen app."""

from __future__ import annotations

import sys
from pathlib import Path

from mockloop.cli.context import Context
from mockloop.config import Settings
from mockloop.core.devices import list_input_devices, resolve_input_device
from mockloop.core.errors import MockloopError
from mockloop.core.models import resolve_model
from mockloop.core.playback import SoundDevicePlayer
from mockloop.core.recorder import AudioListener, Recorder, RecorderSettings
from mockloop.core.transcribe import WhisperTranscriber
from mockloop.ui.services import Services


def build_services(ctx: Context) -> Services:
    allow_flag = ctx.args.allow_download
    model_flag = ctx.args.model

    def make_transcriber(settings: Settings) -> WhisperTranscriber:
        spec = resolve_model(
            model_flag or settings.model, allow_download=allow_flag or settings.allow_download
        )
        return WhisperTranscriber(spec)

    def open_recorder(
        path: Path, settings: Settings, listeners: tuple[AudioListener, ...] = ()
    ) -> Recorder:
        device = resolve_input_device(settings.device)
        rec_settings = RecorderSettings(silence_dbfs=settings.silence_dbfs)
        return Recorder(path, device, rec_settings, listeners=listeners)

    ctx.quiet = True  # notices go into the app instead of scrolling past on stderr
    engine = ctx.engine
    bank = ctx.bank
    return Services(
        engine=engine,
        bank=bank,
        settings=ctx.settings,
        paths=ctx.paths,
        make_transcriber=make_transcriber,
        open_recorder=open_recorder,
        list_devices=list_input_devices,
        player=SoundDevicePlayer(),
        notices=list(ctx.notices),
    )


def run_tui(ctx: Context) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise MockloopError(
            "the practice app needs a terminal (standard input and output are not one). "
            "Without one, use: mockloop record, mockloop analyze FILE, mockloop history"
        )
    from mockloop.ui.app import MockloopApp

    app = MockloopApp(build_services(ctx))
    app.run()
    if app.crash_line:
        print(f"mockloop: {app.crash_line}", file=sys.stderr)
    return app.return_code or 0
