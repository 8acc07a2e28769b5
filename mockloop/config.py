"""Typed settings and every path mockloop uses, in one place. Paths are functions of the
environment, so tests redirect them; nothing is created at import time."""

from __future__ import annotations

import json
import math
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockloop.core.analysis import AnalysisSettings
from mockloop.core.errors import MockloopError
from mockloop.core.questions import MAX_LIMIT_S

ENV_DATA_DIR = "MOCKLOOP_DATA_DIR"
ENV_CONFIG = "MOCKLOOP_CONFIG"
ENV_QUESTIONS = "MOCKLOOP_QUESTIONS"  # extra bank folders, separated by os.pathsep


class ConfigError(MockloopError):
    """The config file cannot be used as it is."""


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_file: Path

    @property
    def db_path(self) -> Path:
        return self.data_dir / "mockloop.db"

    @property
    def audio_dir(self) -> Path:
        return self.data_dir / "audio"

    def ensure(self) -> None:
        """Create the data folders owner-only: they hold a person's voice."""
        for d in (self.data_dir, self.audio_dir):
            try:
                d.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                raise ConfigError(
                    f"Cannot create the data folder {d}: {exc.strerror or exc}. Point "
                    f"--data-dir (or {ENV_DATA_DIR}) at a folder you can write to."
                ) from exc


def resolve_paths(
    data_dir: str | Path | None = None, config_file: str | Path | None = None
) -> Paths:
    """Flag, then environment, then the platform's per-user folders."""
    import platformdirs

    data = data_dir or os.environ.get(ENV_DATA_DIR) or platformdirs.user_data_path("mockloop")
    conf = (
        config_file
        or os.environ.get(ENV_CONFIG)
        or platformdirs.user_config_path("mockloop") / "config.toml"
    )
    return Paths(Path(data).expanduser().resolve(), Path(conf).expanduser())


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
    silence_dbfs: float = -70.0
    question_dirs: tuple[Path, ...] = ()
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)


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


# (section, key) -> (Settings attribute or "analysis.<attr>", check)
_SCHEMA: Mapping[tuple[str, str], tuple[str, Check]] = {
    ("audio", "device"): ("device", _text),
    ("audio", "silence_dbfs"): ("silence_dbfs", _number(-120, 0)),
    ("model", "name"): ("model", _text),
    ("model", "allow_download"): ("allow_download", _flag),
    ("practice", "time_limit_s"): ("time_limit_s", _number(0, MAX_LIMIT_S, whole=True)),
    ("practice", "prep_s"): ("prep_s", _number(0, 600, whole=True)),
    ("practice", "hard_cap_factor"): ("hard_cap_factor", _number(1, 10)),
    ("practice", "set_size"): ("set_size", _number(1, 50, whole=True)),
    ("practice", "goal_fillers_per_min"): ("goal_fillers_per_min", _number(0, 60)),
    ("practice", "live_cue"): ("live_cue", _flag),
    ("questions", "dirs"): ("question_dirs", _texts),
    ("analysis", "long_pause_s"): ("analysis.long_pause_s", _number(0.3, 30)),
    ("analysis", "set_off_gap_s"): ("analysis.set_off_gap_s", _number(0.05, 5)),
    ("analysis", "pace_band_wpm"): ("analysis.pace_band_wpm", _band),
    ("analysis", "under_time_fraction"): ("analysis.under_time_fraction", _number(0, 1)),
    ("analysis", "vocal_fillers"): ("analysis.vocal_fillers", _spellings),
    ("analysis", "lexical_fillers"): ("analysis.lexical_fillers", _texts),
    ("analysis", "hedges"): ("analysis.hedges", _texts),
}


def load_settings(config_file: Path) -> Settings:
    """Defaults overlaid with the config file, if there is one, then MOCKLOOP_QUESTIONS."""
    raw: dict[str, Any] = {}
    if config_file.exists() and not config_file.is_file():
        raise ConfigError(f"{config_file}: the config file is a folder (or not a file)")
    if config_file.is_file():
        try:
            raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_file}: {exc}") from exc
        except RecursionError as exc:
            raise ConfigError(f"{config_file}: nested too deeply to read") from exc
    top: dict[str, Any] = {}
    analysis: dict[str, Any] = {}
    for section, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{config_file}: '{section}' must be a [section]")
        for key, value in table.items():
            spec = _SCHEMA.get((section, key))
            if spec is None:
                known = ", ".join(f"{s}.{k}" for s, k in _SCHEMA)
                raise ConfigError(
                    f"{config_file}: unknown setting {section}.{key} (known: {known})"
                )
            attr, check = spec
            try:
                value = check(value)
            except ValueError as exc:
                raise ConfigError(
                    f"{config_file}: {section}.{key} {exc} (found {_short(value)})"
                ) from None
            if attr.startswith("analysis."):
                analysis[attr.split(".", 1)[1]] = value
            else:
                top[attr] = value
    dirs = [Path(p).expanduser() for p in top.pop("question_dirs", ())]
    dirs += [Path(p).expanduser() for p in os.environ.get(ENV_QUESTIONS, "").split(os.pathsep) if p]
    return Settings(**top, question_dirs=tuple(dirs), analysis=AnalysisSettings(**analysis))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def save_setting(config_file: Path, section: str, key: str, value: Any) -> None:
    """Set one value in the config file, keeping the others: checked like a loaded value,
    written whole to a private temporary file and renamed over the old one."""
    spec = _SCHEMA.get((section, key))
    if spec is None:
        raise ConfigError(f"unknown setting {section}.{key}")
    try:
        spec[1](list(value) if isinstance(value, tuple) else value)
    except ValueError as exc:
        raise ConfigError(f"{section}.{key} {exc} (found {_short(value)})") from None
    raw: dict[str, Any] = {}
    try:
        if config_file.is_file():
            raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
        raw.setdefault(section, {})[key] = value
        config_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = config_file.with_name(f".{config_file.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(_to_toml(raw))
        tmp.replace(config_file)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot save {config_file}: {exc}") from exc


def _to_toml(data: Mapping[str, Mapping[str, Any]]) -> str:
    """Enough TOML for our two-level config: strings, numbers, booleans, lists, small tables.
    JSON's string escapes are valid TOML basic strings."""

    def val(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, str | Path):
            return json.dumps(str(v), ensure_ascii=False)
        if isinstance(v, list | tuple):
            return "[" + ", ".join(val(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{json.dumps(k)} = {val(x)}" for k, x in v.items()) + " }"
        raise ConfigError(f"cannot store {v!r} in the config file")

    parts = []
    for section, table in data.items():
        parts.append(f"[{section}]")
        parts += [f"{key} = {val(v)}" for key, v in table.items()]
        parts.append("")
    return "\n".join(parts)
