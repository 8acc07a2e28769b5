"""Every path mockloop uses. They are functions of the environment, so tests redirect them;
nothing is created at import time."""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from mockloop.config.schema import ConfigError

ENV_DATA_DIR = "MOCKLOOP_DATA_DIR"
ENV_CONFIG = "MOCKLOOP_CONFIG"
ENV_QUESTIONS = "MOCKLOOP_QUESTIONS"  # extra bank folders, separated by os.pathsep


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_file: Path

    @property
    def db_path(self) -> Path:
        return self.data_dir / "mockloop.db"

    @property
    def loops_dir(self) -> Path:
        """The person's own mock-loop plans (*.toml), beside the config file."""
        return self.config_file.parent / "loops"

    @property
    def audio_dir(self) -> Path:
        return self.data_dir / "audio"

    def ensure(self) -> None:
        """Create the data folders owner-only: they hold a person's voice."""
        for d in (self.data_dir, self.audio_dir):
            try:
                d.mkdir(parents=True, exist_ok=True, mode=0o700)
                mine = d == self.audio_dir or self.db_path.exists() or not any(d.iterdir())
                _owner_only(d, mine)
            except OSError as exc:
                raise ConfigError(
                    f"Cannot create the data folder {d}: {exc.strerror or exc}. Point "
                    f"--data-dir (or {ENV_DATA_DIR}) at a folder you can write to."
                ) from exc


def _owner_only(folder: Path, mine: bool) -> None:
    """A data folder left open to others (made by hand, or under a wide umask) is closed to
    them: only mockloop's own (its database or audio is there, or it is empty), owned by this
    user and not a shared one such as /tmp (sticky)."""
    info = folder.stat()
    shared = info.st_uid != os.getuid() or info.st_mode & stat.S_ISVTX
    if mine and not shared and info.st_mode & 0o077:
        with contextlib.suppress(OSError):  # a read-only disk is named when it is written to
            folder.chmod(0o700)


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
