"""The config file: read and checked whole, written whole and atomically."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from mockloop.config.paths import ENV_QUESTIONS
from mockloop.config.schema import (
    BY_NAME,
    SETTINGS,
    ConfigError,
    Setting,
    Settings,
    setting,
    with_values,
)


def load_settings(config_file: Path) -> Settings:
    """Defaults overlaid with the config file, if there is one, then MOCKLOOP_QUESTIONS."""
    raw: dict[str, Any] = {}
    if os.path.lexists(config_file) and not config_file.exists():
        raise ConfigError(
            f"{config_file}: the config file is a link that leads nowhere (a loop, or its "
            "target is gone)"
        )
    if config_file.exists() and not config_file.is_file():
        raise ConfigError(f"{config_file}: the config file is a folder (or not a file)")
    if config_file.is_file():
        try:
            raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_file}: {exc}") from exc
        except RecursionError as exc:
            raise ConfigError(f"{config_file}: nested too deeply to read") from exc
    values: dict[Setting, Any] = {}
    for section, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{config_file}: '{section}' must be a [section]")
        for key, value in table.items():
            spec = BY_NAME.get((section, key))
            if spec is None:
                known = ", ".join(s.name for s in SETTINGS)
                raise ConfigError(
                    f"{config_file}: unknown setting {section}.{key} (known: {known})"
                )
            try:
                values[spec] = spec.check(value)
            except ValueError as exc:
                raise ConfigError(
                    f"{config_file}: {spec.name} {exc} (found {_short(value)})"
                ) from None
    settings = with_values(Settings(), values)
    dirs = [Path(p).expanduser() for p in settings.question_dirs]
    dirs += [Path(p).expanduser() for p in os.environ.get(ENV_QUESTIONS, "").split(os.pathsep) if p]
    return replace(settings, question_dirs=tuple(dirs))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def save_setting(config_file: Path, section: str, key: str, value: Any) -> None:
    save_settings(config_file, {setting(section, key): value})


def save_settings(config_file: Path, values: Mapping[Setting, Any]) -> None:
    """Set these values in the config file, keeping the others: each checked like a loaded
    value, then the whole file written once to a private temporary file and renamed over the
    old one, so a failure leaves the old file as it was."""
    for spec, value in values.items():
        try:
            spec.check(list(value) if isinstance(value, tuple) else value)
        except ValueError as exc:
            raise ConfigError(f"{spec.name} {exc} (found {_short(value)})") from None
    raw: dict[str, Any] = {}
    try:
        if config_file.is_file():
            raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
        for spec, value in values.items():
            raw.setdefault(spec.section, {})[spec.key] = value
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
