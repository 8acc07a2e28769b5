"""Settings: the microphone (with a live level test), model, time limits, fillers and
thresholds, saved to the TOML config file."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Input, Label, Select, Static

from mockloop.config import ConfigError, save_setting
from mockloop.core.devices import SYSTEM_DEFAULT
from mockloop.core.errors import MockloopError
from mockloop.core.recorder import AnswerRecorder
from mockloop.ui.widgets.meter import LevelMeter

if TYPE_CHECKING:
    from mockloop.ui.app import MockloopApp

# input id -> (config section, key, label, parse)
FIELDS: dict[str, tuple[str, str, str, Any]] = {
    "model": ("model", "name", "Model (tiny.en, or a folder)", str),
    "time_limit": ("practice", "time_limit_s", "Time limit, s (0: each question's own)", int),
    "prep": ("practice", "prep_s", "Prep time, s (0: none)", int),
    "set_size": ("practice", "set_size", "Questions in a set", int),
    "goal": ("practice", "goal_fillers_per_min", "Goal: fillers per minute under", float),
    "pause": ("analysis", "long_pause_s", "Long pause from, s", float),
    "lexical": ("analysis", "lexical_fillers", "Lexical fillers (comma separated)",
                lambda v: [w.strip().lower() for w in v.split(",") if w.strip()]),
}  # fmt: skip
_ATTR = {"model": "model", "time_limit": "time_limit_s", "prep": "prep_s", "set_size": "set_size",
         "goal": "goal_fillers_per_min"}  # fmt: skip


class SettingsScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+l", "level_test", "Level test"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.test_recorder: AnswerRecorder | None = None
        self._test_dir: tempfile.TemporaryDirectory[str] | None = None

    @property
    def ml(self) -> MockloopApp:
        return cast("MockloopApp", self.app)

    def compose(self) -> ComposeResult:
        s = self.ml.settings
        options = [("System default", SYSTEM_DEFAULT)]
        device_note = Content("")
        try:
            options += [(str(d), d.name) for d in self.ml.services.list_devices()]
        except MockloopError as exc:
            device_note = Content.styled(str(exc), "red")
        names = {v for _, v in options}
        current = s.device if s.device in names else SYSTEM_DEFAULT
        values = {
            "model": s.model, "time_limit": str(s.time_limit_s or 0), "prep": str(s.prep_s),
            "set_size": str(s.set_size), "goal": str(s.goal_fillers_per_min),
            "pause": str(s.analysis.long_pause_s), "lexical": ", ".join(s.analysis.lexical_fillers),
        }  # fmt: skip
        with VerticalScroll(id="settings"):
            yield Label("Microphone")
            yield Select(options, value=current, allow_blank=False, id="device")
            yield Static(
                device_note or "ctrl+l: level test (speak and watch the meter)",
                id="device-note",
                classes="hint",
            )
            yield LevelMeter("", id="test-meter")
            for key, (_, _, label, _) in FIELDS.items():
                with Horizontal(classes="field"):
                    yield Label(label)
                    yield Input(values[key], id=key)
            yield Checkbox("Show a live filler tally while answering", s.live_cue, id="live_cue")
            yield Static(
                Content(f"Saved to {self.ml.services.paths.config_file} (ctrl+s)"), classes="hint"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(0.1, self._update_meter)

    # -- level test ----------------------------------------------------------------------------
    def action_level_test(self) -> None:
        if self.test_recorder is not None:
            self._stop_test()
            return
        device = str(self.query_one("#device", Select).value)
        self._test_dir = tempfile.TemporaryDirectory(prefix="mockloop-level-")
        try:
            rec = self.ml.services.open_recorder(
                Path(self._test_dir.name) / "level.wav",
                replace(self.ml.settings, device=device),
                (),
            )
            rec.start()
        except MockloopError as exc:
            self.query_one("#device-note", Static).update(Content.styled(str(exc), "red"))
            self._test_dir.cleanup()
            return
        self.test_recorder = rec
        self.query_one("#device-note", Static).update("Listening… ctrl+l to stop")

    def _update_meter(self) -> None:
        if self.test_recorder is not None:
            status = self.test_recorder.status()
            self.query_one("#test-meter", LevelMeter).level_db = status.level.rms_dbfs
            if status.silent:
                self.query_one("#device-note", Static).update(
                    "[yellow]Silent: muted, or the wrong device?[/]"
                )

    def _stop_test(self, *, update: bool = True) -> None:
        if self.test_recorder is not None:
            self.test_recorder.stop()
            self.test_recorder = None
        if self._test_dir is not None:
            self._test_dir.cleanup()
            self._test_dir = None
        if update:
            self.query_one("#device-note", Static).update("ctrl+l: level test")

    def on_select_changed(self) -> None:
        if self.test_recorder is not None:
            self._stop_test()
            self.action_level_test()

    # -- saving --------------------------------------------------------------------------------
    def action_save(self) -> None:
        parsed: dict[str, Any] = {}
        for key, (_, _, label, parse) in FIELDS.items():
            raw = self.query_one(f"#{key}", Input).value.strip()
            try:
                parsed[key] = parse(raw)
            except ValueError:
                self.notify(f"{label}: {raw!r} is not valid", severity="error", markup=False)
                return
        if (
            parsed["set_size"] < 1
            or parsed["prep"] < 0
            or parsed["time_limit"] < 0
            or parsed["pause"] <= 0
        ):
            self.notify(
                "Numbers must be positive (time limit and prep may be 0).", severity="error"
            )
            return
        device = str(self.query_one("#device", Select).value)
        live_cue = self.query_one("#live_cue", Checkbox).value
        path = self.ml.services.paths.config_file
        try:
            save_setting(path, "audio", "device", device)
            save_setting(path, "practice", "live_cue", live_cue)
            for key, (section, name, _, _) in FIELDS.items():
                save_setting(path, section, name, parsed[key])
        except (ConfigError, OSError) as exc:
            self.notify(f"Could not save: {exc}", severity="error", markup=False)
            return
        s = self.ml.settings
        analysis = replace(
            s.analysis, long_pause_s=parsed["pause"], lexical_fillers=tuple(parsed["lexical"])
        )
        changes = {attr: parsed[key] for key, attr in _ATTR.items()}
        self.ml.apply_settings(
            replace(s, device=device, live_cue=live_cue, analysis=analysis, **changes)
        )
        self.notify(f"Saved to {path}", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self._stop_test(update=False)
