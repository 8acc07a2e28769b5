"""Settings: the microphone (with a live level test), model, time limits, fillers and
thresholds, saved to the TOML config file."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Footer, Input, Label, Select, Static

from mockloop.config import (
    SETTINGS,
    ConfigError,
    Setting,
    save_settings,
    setting,
    with_values,
)
from mockloop.core.audio.devices import SYSTEM_DEFAULT
from mockloop.core.errors import MockloopError
from mockloop.ui.view import View
from mockloop.ui.widgets.meter import LevelMeter

if TYPE_CHECKING:
    from mockloop.core.audio.recorder import AnswerRecorder

# What the screen edits as text: the settings that carry a label, in their order.
FIELDS: tuple[Setting, ...] = tuple(f for f in SETTINGS if f.label)
DEVICE, LIVE_CUE = setting("audio", "device"), setting("practice", "live_cue")
VOICE = setting("practice", "interviewer_voice")


def _field_id(f: Setting) -> str:
    return f"{f.section}-{f.key}"


class SettingsScreen(View[None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+l", "level_test", "Level test"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.test_recorder: AnswerRecorder | None = None
        self._test_dir: tempfile.TemporaryDirectory[str] | None = None

    def compose(self) -> ComposeResult:
        s = self.ml.settings
        options = [("System default", SYSTEM_DEFAULT)]
        device_note = Content("")
        try:
            options += [(str(d), d.name) for d in self.ml.cases.input_devices()]
        except MockloopError as exc:
            device_note = Content.styled(str(exc), "red")
        names = {v for _, v in options}
        current = s.device if s.device in names else SYSTEM_DEFAULT
        with VerticalScroll(id="settings"):
            yield Label("Microphone")
            yield Select(options, value=current, allow_blank=False, id="device")
            yield Static(
                device_note or "ctrl+l: level test (speak and watch the meter)",
                id="device-note",
                classes="hint",
            )
            yield LevelMeter("", id="test-meter")
            for f in FIELDS:
                with Horizontal(classes="field"):
                    yield Label(f.label)
                    yield Input(f.as_text(s), id=_field_id(f))
            yield Checkbox("Show a live filler tally while answering", s.live_cue, id="live_cue")
            yield Checkbox(
                Content("Read each question aloud first (needs mockloop[voice])"),
                s.interviewer_voice,
                id="interviewer_voice",
            )
            yield Static(
                Content(f"Saved to {self.ml.cases.paths.config_file} (ctrl+s)"), classes="hint"
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
            rec = self.ml.cases.open_recorder(
                Path(self._test_dir.name) / "level.wav", replace(self.ml.settings, device=device)
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
        recorded = None
        if self.test_recorder is not None:
            recorded = self.test_recorder.stop()
            self.test_recorder = None
        folder, self._test_dir = self._test_dir, None
        if update and recorded is not None and recorded.duration_s >= 0.5 and folder is not None:
            self.query_one("#device-note", Static).update("Measuring the room…")
            self._measure_room(recorded.path, folder)
            return
        if folder is not None:
            folder.cleanup()
        if update:
            self.query_one("#device-note", Static).update("ctrl+l: level test")

    @work(thread=True, exclusive=True, exit_on_error=False, description="measure the room")
    def _measure_room(self, path: Path, folder: tempfile.TemporaryDirectory[str]) -> None:
        """The test's noise floor and SNR (the VAD takes a moment: off the UI thread)."""
        try:
            line, style = f"Room: {self.ml.cases.room_of(path).test_report()}", ""
        except (MockloopError, OSError) as exc:
            line, style = f"Room not measured: {exc}", "red"
        finally:
            folder.cleanup()
        self.app.call_from_thread(self._show_room, f"{line} · ctrl+l: test again", style)

    def _show_room(self, line: str, style: str) -> None:
        if self.is_mounted and self.test_recorder is None:
            self.query_one("#device-note", Static).update(Content.styled(line, style))

    def on_select_changed(self) -> None:
        if self.test_recorder is not None:
            self._stop_test()
            self.action_level_test()

    # -- saving --------------------------------------------------------------------------------
    def action_save(self) -> None:
        values: dict[Setting, Any] = {}
        for f in FIELDS:
            raw = self.query_one(f"#{_field_id(f)}", Input).value
            try:
                values[f] = f.from_text(raw)
            except ValueError as exc:
                self.notify(f"{f.label}: {raw.strip()!r} {exc}", severity="error", markup=False)
                return
        values[DEVICE] = str(self.query_one("#device", Select).value)
        values[LIVE_CUE] = self.query_one("#live_cue", Checkbox).value
        values[VOICE] = self.query_one("#interviewer_voice", Checkbox).value
        path = self.ml.cases.paths.config_file
        try:
            save_settings(path, values)  # one write: all of it, or none of it
        except (ConfigError, OSError) as exc:
            self.notify(f"Could not save: {exc}", severity="error", markup=False)
            return
        self.ml.apply_settings(with_values(self.ml.settings, values))
        self.notify(f"Saved to {path}", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self._stop_test(update=False)
