"""`mockloop history`, `questions list|check`, `devices`."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session

from mockloop.cli.context import Context
from mockloop.config import save_setting
from mockloop.core.analysis.metrics import FILLERS_PER_MIN, OVERRUN, WPM
from mockloop.core.audio.devices import SYSTEM_DEFAULT, list_input_devices, resolve_input_device
from mockloop.core.bank.draw import QuestionFilter, matching
from mockloop.core.bank.questions import canonical_principle, load_bank
from mockloop.core.errors import MockloopError
from mockloop.core.safe_text import clean_line
from mockloop.core.timer import format_clock
from mockloop.store.attempt import lists


def run_history(ctx: Context) -> int:
    with Session(ctx.engine) as s:
        rows = lists.list_attempts(s, limit=ctx.args.limit)
    if ctx.args.json:
        data = [
            row.model_dump(mode="json", exclude={"words", "speech", "metrics", "decoding", "pid"})
            for row in rows
        ]
        ctx.out.write(json.dumps(data, ensure_ascii=False) + "\n")
        return 0
    if not rows:
        ctx.out.write("No attempts yet. Start one with: mockloop record\n")
        return 0
    ctx.out.write(
        f"{'id':>4}  {'when':16}  {'status':12} {'time':>5} {'over':>6} {'fill/min':>8} {'wpm':>5}  question\n"
    )
    for r in rows:
        dur = format_clock(r.duration_s) if r.duration_s is not None else "-"
        over = OVERRUN.show(r.overrun_s) if r.overrun_s else "-"
        fpm = FILLERS_PER_MIN.show(r.fillers_per_min) if r.fillers_per_min is not None else "-"
        wpm = WPM.show(r.wpm) if r.wpm is not None else "-"
        ctx.out.write(
            f"{r.id:>4}  {r.started_at.astimezone():%Y-%m-%d %H:%M}  {r.status:12} {dur:>5} {over:>6} "
            f"{fpm:>8} {wpm:>5}  {clean_line(r.question_id)}\n"
        )
    return 0


def run_questions(ctx: Context) -> int:
    if ctx.args.action == "check":
        dirs = [Path(d) for d in ctx.args.dirs] or ctx.question_dirs()
        bank = load_bank(dirs)
        for issue in bank.issues:
            ctx.out.write(f"{issue}\n")
        status = "ok" if not bank.issues else f"{len(bank.issues)} problem(s)"
        ctx.out.write(f"{len(bank.questions)} valid questions in {len(dirs)} folder(s): {status}\n")
        return 1 if bank.issues else 0
    principle = ctx.args.principle
    if principle is not None and canonical_principle(principle) is None:
        raise MockloopError(
            f"{principle!r} is not a leadership principle; the 16 are listed by: "
            "mockloop stories list"
        )
    flt = QuestionFilter(ctx.args.category, principle, ctx.args.tag)
    found = matching(ctx.bank, flt)
    if not found:
        raise MockloopError("No question matches that choice. See: mockloop questions list")
    for q in found:
        extra = f" [{', '.join(q.principles)}]" if q.principles else ""
        ctx.out.write(f"{q.id:40} {q.category:10} {clean_line(q.prompt)}{extra}\n")
    return 0


def run_devices(ctx: Context) -> int:
    if ctx.args.use:
        name = ctx.args.use
        if name != SYSTEM_DEFAULT:
            name = resolve_input_device(name).name  # validate now, remember the full name
        save_setting(ctx.paths.config_file, "audio", "device", name)
        ctx.out.write(f"Input device set to {name!r} in {ctx.paths.config_file}\n")
        return 0
    chosen = ctx.settings.device
    devices = list_input_devices()
    if not devices:
        ctx.out.write("No input devices found.\n")
        return 1
    for d in devices:
        mark = "*" if d.name == chosen or (chosen == SYSTEM_DEFAULT and d.is_default) else " "
        ctx.out.write(f"{mark} {d.index:>3}  {d}  [{d.hostapi}, {d.default_samplerate:.0f} Hz]\n")
    ctx.out.write(f"\nIn use: {chosen!r}. Change with: mockloop devices --use NAME\n")
    return 0
