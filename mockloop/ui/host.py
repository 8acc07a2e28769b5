"""The one narrow face of the app that screens see: the use cases, the settings, where the
background work stands, and the few requests only the app can carry out. Screens import this
protocol, never the app itself, so the UI has no import circle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from mockloop.ui.jobs import Job, ModelState

if TYPE_CHECKING:
    from mockloop.config import Settings
    from mockloop.core.audio.playback import Player
    from mockloop.core.audio.voice import Interviewer
    from mockloop.core.bank.questions import Question
    from mockloop.usecases.answer import Answer
    from mockloop.usecases.cases import UseCases


class Host(Protocol):
    cases: UseCases
    jobs: dict[int, Job]
    model_state: ModelState

    @property
    def settings(self) -> Settings: ...

    @property
    def player(self) -> Player: ...

    @property
    def interviewer(self) -> Interviewer | None: ...

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
