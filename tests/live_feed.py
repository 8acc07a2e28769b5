"""Feeding a live transcriber the way the recorder does, faster than real time."""

from __future__ import annotations

import time

import numpy as np

from mockloop.core.speech.live import LiveTranscriber


def feed_as_recorded(
    live: LiveTranscriber, pcm: np.ndarray, rate: int, *, speed: float, timeout_s: float = 120.0
) -> None:
    """Feed pcm in 0.1 s blocks at `speed` times real time. A real-time recording leaves the
    worker time to cut as it goes; a sped-up feed on a loaded machine may not, and then the
    whole answer can end up as one chunk decoded after stop. So the feed also waits whenever more than
    one full chunk is undecoded: the worker then always has a chunk to cut, whatever the load."""
    block = rate // 10
    ahead_s = live.plan.max_chunk_s + 1.0  # past max_chunk_s the worker must cut
    deadline = time.monotonic() + timeout_s
    for i in range(0, pcm.size, block):
        live.feed(pcm[i : i + block], rate)
        time.sleep(0.1 / speed)
        while live.behind_s > ahead_s:
            assert time.monotonic() < deadline, f"the live worker stopped cutting at {i / rate} s"
            time.sleep(0.02)
