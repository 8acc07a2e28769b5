"""Typed settings and every path mockloop uses, in one place. Paths are functions of the
environment, so tests redirect them; nothing is created at import time."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockloop.core.analysis import AnalysisSettings
from mockloop.core.errors import MockloopError

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


# (section, key) -> (Settings attribute or "analysis.<attr>", accepted types)
_SCHEMA: Mapping[tuple[str, str], tuple[str, tuple[type, ...]]] = {
    ("audio", "device"): ("device", (str,)),
    ("audio", "silence_dbfs"): ("silence_dbfs", (int, float)),
    ("model", "name"): ("model", (str,)),
    ("model", "allow_download"): ("allow_download", (bool,)),
    ("practice", "time_limit_s"): ("time_limit_s", (int,)),
    ("practice", "prep_s"): ("prep_s", (int,)),
    ("practice", "hard_cap_factor"): ("hard_cap_factor", (int, float)),
    ("practice", "set_size"): ("set_size", (int,)),
    ("practice", "goal_fillers_per_min"): ("goal_fillers_per_min", (int, float)),
    ("practice", "live_cue"): ("live_cue", (bool,)),
    ("questions", "dirs"): ("question_dirs", (list,)),
    ("analysis", "long_pause_s"): ("analysis.long_pause_s", (int, float)),
    ("analysis", "set_off_gap_s"): ("analysis.set_off_gap_s", (int, float)),
    ("analysis", "pace_band_wpm"): ("analysis.pace_band_wpm", (list,)),
    ("analysis", "under_time_fraction"): ("analysis.under_time_fraction", (int, float)),
    ("analysis", "vocal_fillers"): ("analysis.vocal_fillers", (dict,)),
    ("analysis", "lexical_fillers"): ("analysis.lexical_fillers", (list,)),
    ("analysis", "hedges"): ("analysis.hedges", (list,)),
}


def load_settings(config_file: Path) -> Settings:
    """Defaults overlaid with the config file, if there is one, then MOCKLOOP_QUESTIONS."""
    raw: dict[str, Any] = {}
    if config_file.is_file():
        try:
            raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_file}: {exc}") from exc
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
            attr, types = spec
            if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
                raise ConfigError(f"{config_file}: {section}.{key} has the wrong type ({value!r})")
            if attr.startswith("analysis."):
                analysis[attr.split(".", 1)[1]] = _tupled(value)
            else:
                top[attr] = _tupled(value)
    dirs = [Path(p).expanduser() for p in top.pop("question_dirs", ())]
    dirs += [Path(p).expanduser() for p in os.environ.get(ENV_QUESTIONS, "").split(os.pathsep) if p]
    try:
        return Settings(**top, question_dirs=tuple(dirs), analysis=AnalysisSettings(**analysis))
    except TypeError as exc:
        raise ConfigError(f"{config_file}: {exc}") from exc


def save_setting(config_file: Path, section: str, key: str, value: Any) -> None:
    """Set one value in the config file, keeping the others."""
    if (section, key) not in _SCHEMA:
        raise ConfigError(f"unknown setting {section}.{key}")
    raw: dict[str, Any] = {}
    if config_file.is_file():
        raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
    raw.setdefault(section, {})[key] = value
    config_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = config_file.with_suffix(".tmp")
    tmp.write_text(_to_toml(raw), encoding="utf-8")
    tmp.replace(config_file)


def _tupled(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


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
