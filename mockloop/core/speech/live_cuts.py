"""Where the live transcriber ends a chunk: in a pause, between a minimum and a maximum length,
and sooner through fluent speech, since the last chunk is what the person waits for."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from mockloop.core.analysis.words import Span


@dataclass(frozen=True)
class LivePlan:
    min_chunk_s: float = 4.0  # shorter pieces cost a whole decode window for little audio
    max_chunk_s: float = 20.0  # a piece must fit one 30 s window with room to spare
    # Past this much audio with no pause of min_gap_s, the widest shorter pause ends the chunk:
    # the last chunk is what the person waits for at stop, so it must not grow to max_chunk_s
    # through a stretch of fluent speech (the breaths between sentences are often ~0.2 s).
    soft_max_s: float = 10.0
    min_gap_s: float = 0.3  # a pause at least this long may end a chunk
    # The worker looks at the open tail every recheck_s of new audio (VAD over at most
    # max_chunk_s: ~10 ms), so it sees the pause after the last words within ~0.3 s.
    poll_s: float = 0.1
    recheck_s: float = 0.2
    nice: int = 5  # decoding yields to recording and drawing
    # When the open tail ends in this much silence and the worker has nothing else to do, it
    # decodes the tail as it stands: if the person presses stop before speaking again, that
    # decode is the last chunk, and the Review waits for no decoding at all.
    guess_gap_s: float | None = 0.25


def choose_cut(spans: list[Span], tail_s: float, plan: LivePlan) -> float | None:
    """Where to end the next chunk, in seconds from its start: the middle of the latest closed
    pause that keeps the chunk between min and max length. None: wait for more audio."""
    gaps = [(a.end, b.start) for a, b in itertools.pairwise(spans)]
    if spans and tail_s - spans[-1].end >= 2 * plan.min_gap_s:
        gaps.append((spans[-1].end, tail_s))  # the person is pausing right now
    fitting = [
        (a + b) / 2
        for a, b in gaps
        if b - a >= plan.min_gap_s and plan.min_chunk_s <= (a + b) / 2 <= plan.max_chunk_s
    ]
    if fitting:
        return fitting[-1]
    if plan.soft_max_s <= tail_s < plan.max_chunk_s:
        shorter = [
            (b - a, (a + b) / 2)
            for a, b in gaps
            if plan.min_chunk_s <= (a + b) / 2 <= plan.max_chunk_s
        ]
        if shorter:
            return max(shorter)[1]
    if tail_s >= plan.max_chunk_s:  # no pause long enough: the widest one, else a hard cut
        inside = [(b - a, (a + b) / 2) for a, b in gaps if (a + b) / 2 <= plan.max_chunk_s]
        return max(inside)[1] if inside else plan.max_chunk_s
    return None
