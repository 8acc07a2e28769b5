"""Settings and paths: what the person chose, and where mockloop keeps things."""

from mockloop.config.file import load_settings, save_setting, save_settings
from mockloop.config.paths import ENV_CONFIG, ENV_DATA_DIR, ENV_QUESTIONS, Paths, resolve_paths
from mockloop.config.schema import SETTINGS, ConfigError, Setting, Settings, setting, with_values

__all__ = [
    "ENV_CONFIG",
    "ENV_DATA_DIR",
    "ENV_QUESTIONS",
    "SETTINGS",
    "ConfigError",
    "Paths",
    "Setting",
    "Settings",
    "load_settings",
    "resolve_paths",
    "save_setting",
    "save_settings",
    "setting",
    "with_values",
]
