"""`mockloop stories list | export [FILE] | import FILE`: the story bank as TOML, to keep in git."""

from __future__ import annotations

import os
from pathlib import Path

from sqlmodel import Session

from mockloop.cli.context import Context
from mockloop.core.bank.stories import from_toml, to_toml
from mockloop.core.errors import MockloopError
from mockloop.core.safe_text import clean_line
from mockloop.store import stories


def run_stories(ctx: Context) -> int:
    action = ctx.args.action
    with Session(ctx.engine) as s:
        if action == "list":
            for row in stories.coverage(s):
                told = ", ".join(map(clean_line, row.stories)) if row.stories else "NO STORY"
                ctx.out.write(f"{row.principle:34} {told}\n")
            for st in stories.all_stories(s):
                if st.overloaded:
                    ctx.out.write(
                        f"overloaded: {clean_line(st.title)} is mapped to {len(st.principles)} principles\n"
                    )
            return 0
        if action == "export":
            text = to_toml(stories.all_stories(s))
            if ctx.args.file in (None, "-"):
                ctx.out.write(text)
                return 0
            path = Path(ctx.args.file)
            try:
                tmp = path.with_name(f".{path.name}.tmp")
                tmp.write_text(text, encoding="utf-8")
                os.replace(tmp, path)
            except OSError as exc:
                raise MockloopError(f"cannot write {path}: {exc.strerror or exc}") from exc
            ctx.out.write(f"Wrote {len(stories.all_stories(s))} stories to {path}.\n")
            return 0
        path = Path(ctx.args.file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise MockloopError(f"cannot read {path}: {exc}") from exc
        added, updated = stories.import_stories(s, from_toml(text, str(path)))
        ctx.out.write(f"{added} stories added, {updated} updated from {path}.\n")
        return 0
