"""`mockloop loops` (the plans, and the loops taken) and `mockloop report LOOP_ID`."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session

from mockloop.cli.context import Context
from mockloop.core.errors import MockloopError
from mockloop.core.loops.html import to_html
from mockloop.core.loops.progress import follow_ups_asked
from mockloop.core.loops.text import to_json, to_markdown
from mockloop.store import loops
from mockloop.store.reports import save_report


def run_loops(ctx: Context) -> int:
    plans = ctx.plans
    ctx.out.write("Plans (start one in the app: l on Home):\n")
    for p in plans.plans:
        slots = sum(len(r.slots) for r in p.rounds)
        ctx.out.write(
            f"  {p.key:<16} {p.name}: {len(p.rounds)} round(s), {slots} questions, "
            f"about {p.length}\n"
        )
    ctx.out.write(f"  (your own plans: {ctx.paths.loops_dir}/*.toml)\n")
    with Session(ctx.engine) as s:
        taken = loops.every(s)
        progress = {lp.id: loops.answers(s, lp) for lp in taken}
        finished = loops.finished_by_plan(s)
    for p in plans.plans:
        if p.goal:
            ctx.out.write(f"Full mocks: {finished.get(p.key, 0)} of {p.goal} done ({p.name})\n")
    if not taken:
        ctx.out.write("No loop taken yet.\n")
        return 0
    ctx.out.write("Loops:\n")
    for lp in taken:
        given = progress[lp.id]
        owed = sum(1 + follow_ups_asked(r, it) for r in lp.drawn.rounds for it in r.items)
        done = sum(1 + len(a.follow_up_ids) for a in given.values())
        ctx.out.write(
            f"  {lp.id:>3}  {lp.started_at.astimezone():%Y-%m-%d %H:%M}  "
            f"{lp.status.value:<9} {min(done, owed)}/{owed} answers  {lp.name}\n"
        )
    return 0


def run_report(ctx: Context) -> int:
    with Session(ctx.engine) as s:
        report = loops.report(s, ctx.args.loop_id, ctx.settings.targets)
    if report is None:
        raise MockloopError(f"there is no loop {ctx.args.loop_id}: `mockloop loops` lists them")
    fmt = ctx.args.format
    if fmt == "html":
        text = to_html(report)
    elif fmt == "json":
        text = json.dumps(to_json(report), ensure_ascii=False, indent=1) + "\n"
    else:
        text = to_markdown(report)
    if ctx.args.output:
        out = Path(ctx.args.output)
        save_report(out.parent, out.name, text)
        ctx.err.write(f"Wrote {out}\n")
    else:
        ctx.out.write(text)
    return 0
