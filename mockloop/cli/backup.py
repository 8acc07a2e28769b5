"""`mockloop export DIR [--format json|csv]` and `mockloop restore DIR`: the backup story."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from mockloop.cli.context import Context
from mockloop.store import backup


def run_export(ctx: Context) -> int:
    out = Path(ctx.args.dir)
    with Session(ctx.engine) as s:
        if ctx.args.format == "csv":
            counts = backup.export_csv(s, out)
        else:
            counts = backup.export_json(s, out)
    listed = ", ".join(f"{n} {name}" for name, n in counts.items())
    ctx.out.write(f"Exported {listed} to {out}.\n")
    return 0


def run_restore(ctx: Context) -> int:
    source = Path(ctx.args.dir)
    with Session(ctx.engine) as s:
        counts = backup.restore(s, source)
    listed = ", ".join(f"{n} {name}" for name, n in counts.items())
    ctx.out.write(f"Restored {listed} from {source}.\n")
    return 0
