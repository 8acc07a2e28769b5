"""`mockloop say TEXT`: the interviewer's voice, to check it works (and how soon it speaks)."""

from __future__ import annotations

import time

from mockloop.cli.context import Context
from mockloop.core.audio.voice import PiperInterviewer


def run_say(ctx: Context) -> int:
    interviewer = PiperInterviewer()
    t0 = time.monotonic()
    speech = interviewer.prepare(ctx.args.text)
    ready = time.monotonic() - t0
    interviewer.say(ctx.args.text)
    ctx.out.write(
        f"Said {speech.seconds:.1f} s of speech; it was ready {ready:.2f} s after the ask.\n"
    )
    return 0
