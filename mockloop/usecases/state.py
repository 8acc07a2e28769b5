"""Where one attempt stands, as one value: the stored status while nothing works on it, the
transcription's progress while something does. Screens get it in one typed update."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mockloop.store.status import Status


class Stage(StrEnum):
    RECORDING = "recording"
    WAITING = "waiting"  # recorded, interrupted or cancelled: transcribe it when you like
    QUEUED = "queued"
    TRANSCRIBING = "transcribing"
    DONE = "done"
    FAILED = "failed"


ACTIVE = (Stage.QUEUED, Stage.TRANSCRIBING)

_STORED = {
    Status.RECORDING: Stage.RECORDING,
    Status.RECORDED: Stage.WAITING,
    Status.INTERRUPTED: Stage.WAITING,
    Status.TRANSCRIBING: Stage.TRANSCRIBING,  # by another window, or before a crash
    Status.DONE: Stage.DONE,
    Status.FAILED: Stage.FAILED,
}


@dataclass(frozen=True)
class AttemptState:
    attempt_id: int
    stage: Stage
    fraction: float = 0.0  # of the transcription, while it runs
    error: str | None = None  # why it failed

    @property
    def active(self) -> bool:
        return self.stage in ACTIVE

    @classmethod
    def stored(cls, attempt_id: int, status: Status, error: str | None) -> AttemptState:
        """The state a stored row says, when no work of this app is under way on it."""
        return cls(attempt_id, _STORED[status], 1.0 if status == Status.DONE else 0.0, error)
