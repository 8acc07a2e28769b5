"""The composition root: settings, paths, database, bank and transcriber, built on demand."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mockloop.config import Paths, Settings, load_settings, resolve_paths
from mockloop.core.bank.questions import Bank, builtin_questions_dir, load_bank
from mockloop.core.loops.plans import PlanSet, builtin_plans_dir, load_plans
from mockloop.core.speech.models import ModelSpec, resolve_model

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from mockloop.core.audio.recorder import AudioListener, Recorder
    from mockloop.core.speech.transcribe import WhisperTranscriber

# The ORM, numpy and the recorder are imported where they are first used: the practice app
# draws Home before it needs any of them.


@dataclass
class Context:
    args: argparse.Namespace
    out: TextIO
    err: TextIO
    quiet: bool = False  # collect notices instead of printing them (the TUI shows them)
    notices: list[str] = field(default_factory=list)

    @cached_property
    def paths(self) -> Paths:
        return resolve_paths(self.args.data_dir, self.args.config)

    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.paths.config_file)

    @cached_property
    def engine(self) -> Engine:
        """The database, opened and with crashed attempts recovered (and reported) first."""
        from sqlmodel import Session

        from mockloop.store.attempt import lifecycle
        from mockloop.store.db import open_engine

        self.paths.ensure()
        engine = open_engine(self.paths.db_path)
        with Session(engine) as s:
            found = lifecycle.recover_interrupted(s)
        for row in found:
            where = (  # the app shows it where it can be acted on: in History
                "it waits in History (h): select it and press t to transcribe it"
                if self.quiet
                else f"transcribe it with: mockloop transcribe {row.id}"
            )
            self._notice(
                f"Found attempt {row.id} ({row.question_id}) left {row.status} by an earlier run; "
                f"its audio is kept, and {where}."
            )
        return engine

    def _notice(self, text: str) -> None:
        self.notices.append(text)
        if not self.quiet:
            print(text, file=self.err)

    def question_dirs(self) -> list[Path]:
        extra = [Path(p) for p in (self.args.questions or [])]
        return [builtin_questions_dir(), *self.settings.question_dirs, *extra]

    @cached_property
    def bank(self) -> Bank:
        bank = load_bank(self.question_dirs())
        if bank.issues:
            self._notice(
                f"{len(bank.issues)} problem(s) in the question bank; those questions are left "
                "out. Details: mockloop questions check"
            )
        return bank

    @cached_property
    def plans(self) -> PlanSet:
        """The shipped mock-loop plans, then the person's own (same name: theirs wins)."""
        plans = load_plans([builtin_plans_dir(), self.paths.loops_dir])
        for problem in plans.problems:
            self._notice(f"Loop plan left out: {problem}")
        return plans

    def model_spec(self, settings: Settings | None = None) -> ModelSpec:
        s = settings or self.settings
        # --model stands for this run until another model is chosen in Settings.
        flag_stands = self.args.model and s.model == self.settings.model
        model = self.args.model if flag_stands else s.model
        allow = self.args.allow_download or s.allow_download
        return resolve_model(model, allow_download=allow)

    def transcriber(self, settings: Settings | None = None) -> WhisperTranscriber:
        """The one place settings become a transcriber (the TUI calls it again when they
        change): the model, and the person's own hesitation spellings."""
        from mockloop.core.speech.transcribe import DecodingOptions, WhisperTranscriber

        s = settings or self.settings
        decoding = DecodingOptions(vocal_fillers=tuple(s.analysis.vocal_fillers))
        return WhisperTranscriber(self.model_spec(s), decoding=decoding)

    def recorder(
        self,
        path: Path,
        settings: Settings | None = None,
        listeners: tuple[AudioListener, ...] = (),
    ) -> Recorder:
        """The one place settings become a recorder on the chosen device."""
        from mockloop.core.audio.devices import resolve_input_device
        from mockloop.core.audio.recorder import Recorder, RecorderSettings

        s = settings or self.settings
        device = resolve_input_device(s.device)
        rec_settings = RecorderSettings(silence_dbfs=s.silence_dbfs)
        return Recorder(path, device, rec_settings, listeners=listeners)
