"""Everything the app needs from outside, injected so tests can swap in fakes (a recorder
that writes a prepared file, a transcriber that returns canned words, a clock they move)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from mockloop.config import Paths, Settings
from mockloop.core.audio.devices import InputDevice
from mockloop.core.audio.playback import Player
from mockloop.core.audio.recorder import AnswerRecorder, AudioListener
from mockloop.core.audio.voice import Interviewer
from mockloop.core.bank.questions import Bank
from mockloop.core.loops.plans import PlanSet, builtin_plans_dir, load_plans
from mockloop.core.speech.transcribe import Transcriber


def _shipped_plans() -> PlanSet:
    return load_plans([builtin_plans_dir()])


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    engine: Engine
    bank: Bank
    settings: Settings
    paths: Paths
    # Each may raise a MockloopError that the UI shows instead of a traceback.
    make_transcriber: Callable[[Settings], Transcriber]
    open_recorder: Callable[[Path, Settings, tuple[AudioListener, ...]], AnswerRecorder]
    list_devices: Callable[[], list[InputDevice]]
    player: Player
    interviewer: Interviewer | None = None  # None: questions are text only
    plans: PlanSet = field(default_factory=_shipped_plans)  # mock-loop plans
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = _utcnow
    rng: random.Random = field(default_factory=random.Random)
    notices: list[str] = field(default_factory=list)  # shown once the app is up
