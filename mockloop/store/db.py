"""Opening the database: owner-only files, WAL, a recorded schema version, and a clear error
(never an overwrite) for a corrupt file or one written by a newer mockloop."""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.schema import CreateTable
from sqlmodel import SQLModel, create_engine

from mockloop.core.errors import MockloopError
from mockloop.store import files, tables  # noqa: F401  (tables registers them on SQLModel.metadata)
from mockloop.store.attempt import results

# 2: recording paths relative to the data folder. 3: results at RESULT_VERSION 2 (overrun to
# the last voiced moment, or none before the analysis). 4: stories. 5: follow-ups. 6: mock
# loops. 7: AUTOINCREMENT ids (an id, once given, is never given again).
SCHEMA_VERSION = 7
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SETUP_TRIES = 60


class StoreError(MockloopError):
    """The database cannot be used as it is."""


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def open_engine(db_path: Path) -> Engine:
    """An engine on db_path, created (owner-only) and migrated if needed."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if db_path.exists() and db_path.stat().st_size > 0:
            with open(db_path, "rb") as f:
                if f.read(16) != _SQLITE_MAGIC:
                    raise StoreError(_corrupt(db_path, "it is not an SQLite database"))
        else:
            os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(_unusable_folder(db_path.parent) or _corrupt(db_path, str(exc))) from exc
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    try:
        _set_up(engine, db_path)
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        why = str(exc.orig) if exc.orig else str(exc)
        if "locked" in why:
            raise StoreError(
                f"The database {db_path} is busy: another mockloop (or another program) is "
                "writing to it. Close it, or wait a moment and try again."
            ) from exc
        raise StoreError(_unusable_folder(db_path.parent) or _corrupt(db_path, why)) from exc
    return engine


def _set_up(engine: Engine, db_path: Path) -> None:
    """Check, switch to WAL, create or migrate. Processes starting together can meet a lock
    that SQLite reports at once instead of waiting (switching journal modes): try again for
    up to about 5 s, as the busy timeout would."""
    for attempt in range(_SETUP_TRIES):
        try:
            with engine.connect() as conn:
                _check(conn, db_path)  # before WAL, which rewrites the header of any SQLite file
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            _prepare(engine, db_path)
            return
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == _SETUP_TRIES - 1:
                raise
            time.sleep(0.05 + 0.05 * random.random())


def _check(conn: Connection, db_path: Path) -> int:
    """The schema version, after refusing a newer mockloop's file or another program's."""
    version = int(conn.execute(text("PRAGMA user_version")).scalar_one())
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{db_path} was written by a newer mockloop (schema {version}; this one knows "
            f"{SCHEMA_VERSION}). Upgrade mockloop, or point --data-dir elsewhere. "
            "The file was not changed."
        )
    conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()  # reads the schema
    foreign = _foreign_tables(conn) if version == 0 else []
    if foreign:
        raise StoreError(
            f"{db_path} is another program's database (it holds {', '.join(foreign)}). "
            "It was not changed; point --data-dir at a folder of mockloop's own."
        )
    return version


def _prepare(engine: Engine, db_path: Path) -> None:
    with engine.connect() as conn:  # the usual case, a current schema, needs no write lock
        if _check(conn, db_path) == SCHEMA_VERSION:
            return
    with engine.begin() as conn:
        # Check again and create under one write lock: two processes opening a new database
        # at once would otherwise both see version 0 and both create the tables.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        version = _check(conn, db_path)
        if version == 0:
            SQLModel.metadata.create_all(conn)
        if 0 < version < 2:
            _relative_recordings(conn, db_path.parent)
        if 0 < version < 3:
            _upgrade_results(conn)
        if 0 < version < 4:
            _add_story_bank(conn)
        if 0 < version < 5:
            _add_column(conn, "parent_id", "attempt(id)")
        if 0 < version < 6:  # mock loops
            SQLModel.metadata.create_all(conn, tables=[SQLModel.metadata.tables["mock_loop"]])
        if version == 0:
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
        elif version < 7:
            conn.exec_driver_sql("PRAGMA user_version=6")
    with engine.connect() as conn:
        _never_reuse_ids(conn, db_path)


def _never_reuse_ids(conn: Connection, db_path: Path) -> None:
    """Schema 7: each table with an id rebuilt with AUTOINCREMENT, so a deleted attempt's id
    is never given to the next one. SQLite changes a table's key only by a rebuild, with
    foreign keys off (else dropping the old table would cascade), all under one write lock."""
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside a transaction, or ignored
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        if _check(conn, db_path) != 6:
            conn.rollback()
            return
        for table in SQLModel.metadata.sorted_tables:
            if table.kwargs.get("sqlite_autoincrement"):
                _rebuild(conn, table)
        if conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
            raise StoreError(_corrupt(db_path, "a row refers to a row that is not there"))
        conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def _rebuild(conn: Connection, table: Table) -> None:
    name, new = table.name, f"{table.name}__v7"
    ddl = str(CreateTable(table).compile(dialect=conn.dialect)).strip()
    conn.exec_driver_sql(ddl.replace(f"CREATE TABLE {name} (", f"CREATE TABLE {new} (", 1))
    kept = ", ".join(f'"{row[1]}"' for row in conn.exec_driver_sql(f"PRAGMA table_info({name})"))
    conn.exec_driver_sql(f"INSERT INTO {new} ({kept}) SELECT {kept} FROM {name}")
    conn.exec_driver_sql(f"DROP TABLE {name}")
    conn.exec_driver_sql(f"ALTER TABLE {new} RENAME TO {name}")
    for index in table.indexes:
        index.create(conn)


def _foreign_tables(conn: Connection) -> list[str]:
    """Tables mockloop did not make: another name, or one of its names with other columns
    (another program's `attempt` or `story` table)."""
    names = conn.execute(
        text("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    ).scalars()
    ours = SQLModel.metadata.tables
    foreign = []
    for name in names:
        quoted = name.replace('"', '""')
        columns = {row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{quoted}")')}
        if name not in ours or columns != {c.name for c in ours[name].columns}:
            foreign.append(name)
    return sorted(foreign)


def _relative_recordings(conn: Connection, root: Path) -> None:
    rows = conn.execute(text("SELECT id, recording_path FROM attempt")).all()
    for attempt_id, stored in rows:
        new = files.migrated(stored, root)
        if new != stored:
            conn.execute(
                text("UPDATE attempt SET recording_path = :p WHERE id = :i"),
                {"p": new, "i": attempt_id},
            )


def _upgrade_results(conn: Connection) -> None:
    """Every stored analysis to the current version, and the overrun column with it: one
    meaning of overrun across old and new attempts."""
    rows = conn.execute(text("SELECT id, metrics, words, speech FROM attempt")).all()
    for attempt_id, metrics, words, speech in rows:
        stored = json.loads(metrics) if metrics else None  # SQLAlchemy writes None as 'null'
        if stored is None:  # not analysed: its overrun was to the stop key
            blob, overrun = None, None
        else:
            try:
                blob = results.upgraded(
                    stored,
                    results.read_words(json.loads(words) if words else None),
                    results.read_speech(json.loads(speech) if speech else None),
                )
            except (KeyError, TypeError, ValueError):  # damaged: left as it was, never lost
                continue
            overrun = blob["overrun_s"]
        conn.execute(
            text("UPDATE attempt SET metrics = :m, overrun_s = :o WHERE id = :i"),
            {"m": json.dumps(blob), "o": overrun, "i": attempt_id},
        )


def _add_story_bank(conn: Connection) -> None:
    """Schema 4: the story table, and the story an attempt told (each only if missing)."""
    SQLModel.metadata.create_all(conn, tables=[SQLModel.metadata.tables["story"]])
    _add_column(conn, "story_id", "story(id)")


def _add_column(conn: Connection, name: str, references: str) -> None:
    """An attempt column pointing at another row (only if missing), and its index."""
    columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(attempt)")}
    if name not in columns:
        conn.exec_driver_sql(
            f"ALTER TABLE attempt ADD COLUMN {name} INTEGER REFERENCES {references} "
            "ON DELETE SET NULL"
        )
        conn.exec_driver_sql(f"CREATE INDEX ix_attempt_{name} ON attempt ({name})")


def _unusable_folder(folder: Path) -> str | None:
    """A full disk or a read-only folder looks like a broken database to SQLite: say which."""
    try:
        if shutil.disk_usage(folder).free < 64 * 1024:
            return f"The disk holding {folder} is full: free some space, then start again."
    except OSError:
        return None
    if not os.access(folder, os.W_OK) or os.statvfs(folder).f_flag & os.ST_RDONLY:
        return (
            f"The data folder {folder} is read-only: mockloop needs to write there. "
            "Point --data-dir (or MOCKLOOP_DATA_DIR) at a folder you can write to."
        )
    return None


def _corrupt(db_path: Path, why: str) -> str:
    return (
        f"Cannot open the database {db_path}: {why}. It was left untouched; move it aside "
        "(or use --data-dir) to start a fresh history."
    )
