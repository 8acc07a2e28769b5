"""Where an attempt's recording lives. The database stores it relative to its own folder (the
data folder), so moving that folder moves everything with it; names are unique per attempt.

A stored path is not trusted (a restored backup wrote it): every path read from a row is
resolved here and must stay inside the data folder, or nothing is read, written or deleted."""

from __future__ import annotations

import os
import re
import secrets
import stat
from datetime import datetime
from pathlib import Path, PurePosixPath

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from mockloop.core.errors import MockloopError

_UNSAFE = re.compile(r"[^a-z0-9-]+")


def new_recording_path(audio_dir: Path, question_id: str, when: datetime) -> Path:
    """A name no other attempt has: the time to the microsecond plus a random tag, so two
    answers in the same second never share (or overwrite) a file."""
    slug = _UNSAFE.sub("-", question_id.lower())[:60] or "answer"
    return audio_dir / f"{when:%Y%m%d-%H%M%S-%f}-{slug}-{secrets.token_hex(6)}.wav"


def data_dir(bind: Session | Engine | Connection) -> Path | None:
    """The folder holding the database file (None for an in-memory database)."""
    engine = bind.get_bind() if isinstance(bind, Session) else bind
    database = engine.engine.url.database if isinstance(engine, Connection) else engine.url.database
    return Path(database).parent if database and database != ":memory:" else None


def to_stored(bind: Session | Engine | Connection, path: Path) -> str:
    """The form kept in the database: relative to the data folder when inside it."""
    root = data_dir(bind)
    if root is not None and path.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)


class UnsafePath(MockloopError):
    """A path from a row or a backup that would lead out of its folder."""


def recording_file(bind: Session | Engine | Connection, stored: str) -> Path:
    """The recording's path on disk today, wherever the data folder has moved to. Raises
    UnsafePath when the stored path leads out of the data folder (an in-memory database has
    no folder: its paths are taken as they are)."""
    root = data_dir(bind)
    if root is None:
        return Path(stored)
    if Path(stored).is_absolute():  # written before paths were stored relative
        stored = to_stored(bind, Path(stored))
    return inside(root, stored, what="recording")


def inside(root: Path, relative: str, *, what: str) -> Path:
    """root/relative, refused (UnsafePath, naming it) unless it is a plain relative path that
    stays inside root with no link on the way: not absolute, no '..', no symlink."""
    pure = PurePosixPath(relative)
    if not _plain_relative(relative, pure):
        raise UnsafePath(f"refused the {what} path {relative!r}: it is not inside {root}")
    parts = pure.parts
    path = root.joinpath(*parts)
    real_root = os.path.realpath(root)
    if os.path.realpath(path) != os.path.join(real_root, *parts):
        raise UnsafePath(f"refused the {what} path {relative!r}: it goes through a link")
    return path


def _plain_relative(text: str, pure: PurePosixPath) -> bool:
    odd = not text or "\\" in text or "\0" in text or text.startswith("~")
    return not odd and not pure.is_absolute() and ".." not in pure.parts and pure.parts != ()


def is_regular_file(path: Path) -> bool:
    """A regular file itself, not a link to one, nor a folder, FIFO or device."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def migrated(stored: str, root: Path) -> str:
    """An absolute path from schema 1: relative if it is in this data folder, or if it was in
    an audio/ folder (the data folder has moved since)."""
    path = Path(stored)
    if not path.is_absolute():
        return stored
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return f"audio/{path.name}" if path.parent.name == "audio" else stored
