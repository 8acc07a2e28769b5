"""Where an attempt's recording lives. The database stores it relative to its own folder (the
data folder), so moving that folder moves everything with it; names are unique per attempt."""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

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


def recording_file(bind: Session | Engine | Connection, stored: str) -> Path:
    """The recording's path on disk today, wherever the data folder has moved to."""
    path = Path(stored)
    root = data_dir(bind)
    return path if path.is_absolute() or root is None else root / path


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
