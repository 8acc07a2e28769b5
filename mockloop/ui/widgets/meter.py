"""A one-line input level meter."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

FLOOR_DB = -60.0


class LevelMeter(Static):
    level_db: reactive[float] = reactive(-120.0)

    def render_level(self, width: int = 30) -> Text:
        filled = int(max(0.0, min(1.0, (self.level_db - FLOOR_DB) / -FLOOR_DB)) * width)
        style = "red" if self.level_db > -3 else "green"
        bar = Text("mic ")
        bar.append("█" * filled, style=style)
        bar.append("·" * (width - filled), style="dim")
        bar.append(f" {max(self.level_db, FLOOR_DB):4.0f} dB")
        return bar

    def watch_level_db(self) -> None:
        self.update(self.render_level())
