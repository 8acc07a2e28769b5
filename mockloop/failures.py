"""The one place where a failure becomes what a person reads: an expected failure (a file, the
disk, the database, the device) is one line saying what happened and what to do; an
unexpected one is written in full to a crash log in the data folder, and the line points there.
Used by the command line and the full-screen app alike."""

from __future__ import annotations

import errno
import os
import traceback
from datetime import datetime
from pathlib import Path

from mockloop.core.errors import MockloopError

CRASH_LOG = "crash.log"

# SQLite's own words (sqlite3.OperationalError / DatabaseError) -> what to do about it.
_SQLITE = (
    (
        "locked",
        "the database is busy: another mockloop (or another program) is writing to it. "
        "Close it, or wait a moment and try again.",
    ),
    (
        "readonly",
        "the database is read-only: mockloop needs to write to {where}. Check its "
        "permissions, or point --data-dir at a folder you can write to.",
    ),
    ("disk is full", "the disk holding {where} is full: free some space and try again."),
    ("disk i/o", "the disk holding {where} failed a read or write: check the disk."),
    (
        "malformed",
        "the database {where} is damaged. It was left as it is; move it aside (or use "
        "--data-dir) to start a fresh history.",
    ),
    (
        "not a database",
        "{where} is not a mockloop database. It was left as it is; move it aside "
        "(or use --data-dir).",
    ),
    (
        "unable to open",
        "cannot open the database in {where}: check that the folder exists and "
        "that you may write to it.",
    ),
)


def explain(exc: BaseException, data_dir: Path | None = None) -> str | None:
    """One line for a failure a person can meet, or None when it is a bug."""
    if isinstance(exc, MockloopError):
        return str(exc)
    where = str(data_dir) if data_dir else "the data folder"
    sqlite_words = _sqlite_words(exc)
    if sqlite_words is not None:
        for key, message in _SQLITE:
            if key in sqlite_words:
                return message.format(where=where)
        return f"the database failed ({sqlite_words}); your recordings are kept in {where}."
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return f"the disk is full ({exc.filename or where}): free some space and try again."
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"permission denied: {exc.filename or where} ({exc.strerror})."
        return f"{exc.strerror or exc}: {exc.filename}" if exc.filename else f"{exc}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read."
    return None


def _sqlite_words(exc: BaseException) -> str | None:
    import sqlite3

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.Error):
            return str(seen).lower()
        seen = getattr(seen, "orig", None) or seen.__cause__
    return None


def write_crash_log(exc: BaseException, data_dir: Path | None) -> Path | None:
    """Append the full traceback to the crash log (owner-only). None if it cannot be written."""
    for folder in [d for d in (data_dir, Path.home() / ".cache" / "mockloop") if d]:
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = folder / CRASH_LOG
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as f:
                f.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
                f.write("".join(traceback.format_exception(exc)))
            return path
        except OSError:
            continue
    return None


def crash_line(exc: BaseException, data_dir: Path | None) -> str:
    log = write_crash_log(exc, data_dir)
    where = f"details in {log}" if log else "no crash log could be written"
    return (
        f"an internal error stopped mockloop ({type(exc).__name__}); what you recorded is "
        f"kept. Please report it; {where}."
    )
