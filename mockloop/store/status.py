"""Where an attempt is in its life, the one record of it (stored as its text)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """The one record of where an attempt is; stored as its text."""

    RECORDING = "recording"  # audio is being captured now
    RECORDED = "recorded"  # audio complete, waiting for transcription
    TRANSCRIBING = "transcribing"
    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # the recording process died; the audio up to then is kept


NEEDS_TRANSCRIPTION = (Status.RECORDED, Status.FAILED, Status.INTERRUPTED)


class LoopStatus(StrEnum):
    """Where a mock loop is; stored as its text."""

    OPEN = "open"  # under way, or paused: resumable
    DONE = "done"
    ABANDONED = "abandoned"
