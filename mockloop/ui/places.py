"""The top-level screens, registered once: Home's keys and key bar, the command palette's "Open"
commands, the help page and the flow owner all read this list. Each screen's module is
imported when it is first opened (launch time), by its dotted name."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.binding import Binding
from textual.screen import Screen


@dataclass(frozen=True)
class Place:
    name: str  # what ScreenRequested carries
    title: str  # the key bar's and the help page's word for it
    key: str
    tooltip: str = ""
    key_display: str | None = None
    screen: str | None = None  # "module:Class"; None: the flow owner opens it its own way

    def binding(self) -> Binding:
        return Binding(
            self.key,
            f"open('{self.name}')",
            self.title,
            key_display=self.key_display,
            tooltip=self.tooltip,
        )


PLACES = (
    Place("history", "History", "h", screen="mockloop.ui.screens.history:HistoryScreen"),
    Place("progress", "Progress", "g", screen="mockloop.ui.screens.progress:ProgressScreen"),
    Place(
        "stories",
        "Stories",
        "b",
        "your story bank and its coverage",
        screen="mockloop.ui.screens.stories:StoriesScreen",
    ),
    Place("loop", "Loop", "l", "a mock loop: resume one, start one, or its report"),
    Place(
        "settings",
        "Settings",
        "comma",
        key_display=",",
        screen="mockloop.ui.screens.settings:SettingsScreen",
    ),
)

# The screens the help page lists, in its order (the places above among them).
HELP_SCREENS = (
    ("Home", "mockloop.ui.screens.home:HomeScreen"),
    ("Practice", "mockloop.ui.screens.practice:PracticeScreen"),
    ("Review", "mockloop.ui.screens.review:ReviewScreen"),
    ("History", "mockloop.ui.screens.history:HistoryScreen"),
    ("Progress", "mockloop.ui.screens.progress:ProgressScreen"),
    ("Stories", "mockloop.ui.screens.stories:StoriesScreen"),
    ("Mock loop", "mockloop.ui.screens.loop_hub:LoopHubScreen"),
    ("Loop report", "mockloop.ui.screens.loop_report:LoopReportScreen"),
)


def screen_class(dotted: str) -> type[Screen[object]]:
    module, _, name = dotted.partition(":")
    found: type[Screen[object]] = getattr(importlib.import_module(module), name)
    return found


def place(name: str) -> Place | None:
    return next((p for p in PLACES if p.name == name), None)
