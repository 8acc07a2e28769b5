"""The one narrow face of the app that screens see: the use cases, the settings, where the
background work stands, and the few requests only the app can carry out. Screens import this
protocol, never the app itself, so the UI has no import circle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from mockloop.ui.jobs import ModelState

if TYPE_CHECKING:
    from mockloop.config import Settings
    from mockloop.core.audio.playback import Player
    from mockloop.core.audio.voice import Interviewer
    from mockloop.core.bank.questions import Question
    from mockloop.store.status import Status
    from mockloop.usecases.answer import Answer
    from mockloop.usecases.cases import UseCases
    from mockloop.usecases.state import AttemptState


class Host(Protocol):
    model_state: ModelState

    @property
    def cases(self) -> UseCases: ...

    @property
    def store_ready(self) -> bool: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def player(self) -> Player: ...

    @property
    def interviewer(self) -> Interviewer | None: ...

    def state_of(self, attempt_id: int, status: Status, error: str | None) -> AttemptState: ...

    def apply_settings(self, settings: Settings) -> None: ...

    def queue_transcription(self, attempt_id: int) -> None: ...

    def new_answer(
        self,
        question: Question,
        limit_s: float,
        *,
        story_id: int | None = None,
        parent_id: int | None = None,
    ) -> Answer: ...

    def prepare_voice(self, texts: list[str]) -> None: ...
