"""Typed settings, described once: each Setting says where it lives in the config file,
which Settings field it fills, how it is checked, and how the Settings screen shows it."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mockloop.core.analysis.answer import AnalysisSettings
from mockloop.core.analysis.coach import Targets
from mockloop.core.bank.questions import MAX_LIMIT_S
from mockloop.core.errors import MockloopError


class ConfigError(MockloopError):
    """The config file cannot be used as it is."""


@dataclass(frozen=True)
class Settings:
    device: str = "default"
    model: str = "tiny.en"
    allow_download: bool = False
    time_limit_s: int | None = None  # None: each question's own limit
    prep_s: int = 15
    hard_cap_factor: float = 2.0  # recording stops by itself at this multiple of the limit
    set_size: int = 3
    goal_fillers_per_min: float = 2.0
    live_cue: bool = False  # a filler tally on the practice screen, updated per decoded chunk
    interviewer_voice: bool = False  # read each question aloud first (mockloop[voice])
    follow_up_s: int = 60  # the limit of a follow-up answer
    silence_dbfs: float = -70.0
    question_dirs: tuple[Path, ...] = ()
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)

    @property
    def targets(self) -> Targets:
        """What the Review judges an answer against."""
        return Targets(self.analysis.pace_band_wpm, self.goal_fillers_per_min)


Check = Callable[[Any], Any]  # returns the value to use, or raises ValueError(what is wrong)


def _number(lo: float, hi: float, *, whole: bool = False) -> Check:
    def check(v: Any) -> Any:
        if (
            isinstance(v, bool)
            or not isinstance(v, int | float)
            or (whole and isinstance(v, float))
        ):
            raise ValueError(f"must be a {'whole ' if whole else ''}number")
        if not math.isfinite(v) or not lo <= v <= hi:
            raise ValueError(f"must be between {lo:g} and {hi:g}")
        return v

    return check


def _text(v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ValueError("must be non-empty text")
    return v


def _flag(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("must be true or false")
    return v


def _texts(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise ValueError("must be a list of non-empty strings")
    return tuple(v)


def _band(v: Any) -> tuple[float, float]:
    ok = isinstance(v, list) and len(v) == 2
    lo, hi = (_number(1, 600)(x) for x in v) if ok else (0, 0)
    if not ok or lo >= hi:
        raise ValueError("must be two numbers, low then high, e.g. [130, 160]")
    return (float(lo), float(hi))


def _spellings(v: Any) -> dict[str, str]:
    if not isinstance(v, dict) or not all(
        isinstance(k, str) and k.strip() and isinstance(x, str) and x.strip() for k, x in v.items()
    ):
        raise ValueError('must be a table of spelling = "type", e.g. { umm = "um" }')
    return dict(v)


def _decimal(raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ValueError("must be a number") from None


def _whole(raw: str) -> Any:
    try:
        return int(raw)
    except ValueError:
        return _decimal(raw)  # "1.5" parses, and the check then says "whole number"


def _comma_list(raw: str) -> list[str]:
    """On the Settings screen an empty list is a slip of a key, not a choice: it would turn
    the detection off without a word. (The config file can still say [] on purpose.)"""
    words = [w.strip().lower() for w in raw.split(",") if w.strip()]
    if not words:
        raise ValueError("must name at least one, separated by commas")
    return words


@dataclass(frozen=True)
class Setting:
    """One setting, described once: where it lives in the file, where in Settings, how it is
    checked, and (with a label) how the Settings screen shows and reads it as text."""

    section: str
    key: str
    attr: str  # a Settings attribute, or "analysis.<attr>"
    check: Check
    label: str = ""  # "": in the config file only
    parse: Callable[[str], Any] = str.strip  # typed text -> a value for check

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"

    def get(self, settings: Settings) -> Any:
        owner, attr = (
            (settings.analysis, self.attr.split(".", 1)[1])
            if self.attr.startswith("analysis.")
            else (settings, self.attr)
        )
        return getattr(owner, attr)

    def as_text(self, settings: Settings) -> str:
        value = self.get(settings)
        if isinstance(value, tuple | list):
            return ", ".join(value)
        return "0" if value is None else str(value)  # time limit None: each question's own

    def from_text(self, raw: str) -> Any:
        """What a person typed, checked like a value in the file (ValueError says why)."""
        return self.check(self.parse(raw.strip()))


SETTINGS: tuple[Setting, ...] = (
    Setting("audio", "device", "device", _text),
    Setting("audio", "silence_dbfs", "silence_dbfs", _number(-120, 0)),
    Setting("model", "name", "model", _text, "Model (tiny.en, or a folder)"),
    Setting("model", "allow_download", "allow_download", _flag),
    Setting(
        "practice",
        "time_limit_s",
        "time_limit_s",
        _number(0, MAX_LIMIT_S, whole=True),
        "Time limit, s (0: each question's own)",
        _whole,
    ),
    Setting(
        "practice",
        "prep_s",
        "prep_s",
        _number(0, 600, whole=True),
        "Prep time, s (0: none)",
        _whole,
    ),
    Setting("practice", "hard_cap_factor", "hard_cap_factor", _number(1, 10)),
    Setting(
        "practice", "set_size", "set_size", _number(1, 50, whole=True), "Questions in a set", _whole
    ),
    Setting(
        "practice",
        "goal_fillers_per_min",
        "goal_fillers_per_min",
        _number(0, 60),
        "Goal: fillers per minute under",
        _decimal,
    ),
    Setting("practice", "live_cue", "live_cue", _flag),
    Setting("practice", "interviewer_voice", "interviewer_voice", _flag),
    Setting(
        "practice",
        "follow_up_s",
        "follow_up_s",
        _number(10, MAX_LIMIT_S, whole=True),
        "Follow-up limit, s",
        _whole,
    ),
    Setting("questions", "dirs", "question_dirs", _texts),
    Setting(
        "analysis",
        "long_pause_s",
        "analysis.long_pause_s",
        _number(0.3, 30),
        "Long pause from, s",
        _decimal,
    ),
    Setting("analysis", "set_off_gap_s", "analysis.set_off_gap_s", _number(0.05, 5)),
    Setting("analysis", "pace_band_wpm", "analysis.pace_band_wpm", _band),
    Setting("analysis", "under_time_fraction", "analysis.under_time_fraction", _number(0, 1)),
    Setting("analysis", "vocal_fillers", "analysis.vocal_fillers", _spellings),
    Setting(
        "analysis",
        "lexical_fillers",
        "analysis.lexical_fillers",
        _texts,
        "Lexical fillers (comma separated)",
        _comma_list,
    ),
    Setting("analysis", "hedges", "analysis.hedges", _texts),
)
BY_NAME: Mapping[tuple[str, str], Setting] = {(s.section, s.key): s for s in SETTINGS}


def setting(section: str, key: str) -> Setting:
    try:
        return BY_NAME[(section, key)]
    except KeyError:
        raise ConfigError(f"unknown setting {section}.{key}") from None


def with_values(settings: Settings, values: Mapping[Setting, Any]) -> Settings:
    """settings with these (checked) values in place."""
    top: dict[str, Any] = {}
    analysis: dict[str, Any] = {}
    for spec, value in values.items():
        if spec.attr.startswith("analysis."):
            analysis[spec.attr.split(".", 1)[1]] = value
        else:
            top[spec.attr] = value
    return replace(settings, **top, analysis=replace(settings.analysis, **analysis))
