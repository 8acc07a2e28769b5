"""Export everything, and restore it. JSON keeps every row of every table (same ids) with the
recordings copied beside it: that is the backup, and `restore` puts it into an empty data
folder exactly as it was. CSV is for spreadsheets: one row per attempt with its figures, and
one per story."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
from pathlib import Path, PurePosixPath
from typing import IO, Any

from sqlmodel import Session, SQLModel, col, func, select

from mockloop.failures import explain
from mockloop.store import backup_check, files
from mockloop.store.backup_check import BackupError
from mockloop.store.tables import Attempt, AttemptPrinciple, MockLoop, PracticeSession, StoryRow

# In the order rows must go back in: what a row refers to comes before it.
TABLES: tuple[type[SQLModel], ...] = (
    PracticeSession,
    MockLoop,
    StoryRow,
    Attempt,
    AttemptPrinciple,
)
ADDED_LATER = (MockLoop,)  # an export made before these tables restores without them
MANIFEST = "mockloop-export.json"
FORMAT = 1
CSV_ATTEMPT = (
    "id",
    "started_at",
    "question_id",
    "question_category",
    "question_prompt",
    "status",
    "duration_s",
    "overrun_s",
    "filler_count",
    "fillers_per_min",
    "wpm",
    "long_pause_count",
    "hedge_count",
    "rating",
    "note",
    "story_id",
    "model",
    "transcript",
)
MAX_FILE_BYTES = 1 << 30  # one table's JSON; a real history of years is a few hundred MB
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
CSV_STORY = ("id", "title", "principles", "numbers", "situation", "task", "action", "result")


def _name(table: type[SQLModel]) -> str:
    return str(table.__tablename__)


def export_json(session: Session, out: Path) -> dict[str, int]:
    """Every table as JSON, and every recording under out/audio (owner-only, whatever the
    umask). Counts per table."""
    _empty_folder(out)
    (out / "audio").mkdir(mode=0o700)
    (out / "audio").chmod(0o700)  # the umask could have narrowed it; nothing widens it
    counts = {}
    copied = 0
    for table in TABLES:
        rows = [r.model_dump(mode="json") for r in session.exec(select(table))]
        if table is Attempt:
            for row in rows:  # recordings travel with the export, at a path inside it
                row["recording_path"], found = _copy_out(session, row["recording_path"], out)
                copied += found
        _write_private(out / f"{_name(table)}.json", json.dumps(rows, ensure_ascii=False, indent=1))
        counts[_name(table)] = len(rows)
    counts["recordings"] = copied
    _write_private(out / MANIFEST, json.dumps({"format": FORMAT, "counts": counts}, indent=1))
    return counts


def _copy_out(session: Session, stored: str, out: Path) -> tuple[str, bool]:
    """The recording copied into the export, and its path there: always audio/NAME. A stored
    path that leads out of the data folder (or is not a regular file) is not followed: the row
    keeps the name, and no file goes with it."""
    # The name restore accepts: it starts with a letter or digit.
    name = _SAFE_NAME.sub("-", PurePosixPath(stored).name).lstrip("._-") or "recording.wav"
    relative = f"audio/{name[:200]}"
    try:
        source = files.recording_file(session, stored)
    except files.UnsafePath:
        return relative, False
    if not files.is_regular_file(source):
        return relative, False  # already missing: the row still says where it was
    with contextlib.suppress(FileExistsError):  # two rows shared one file: one copy serves
        _copy_private(source, out / relative)
    return relative, True


def export_csv(session: Session, out: Path) -> dict[str, int]:
    _empty_folder(out)
    attempts = session.exec(select(Attempt).order_by(col(Attempt.id))).all()
    stories = session.exec(select(StoryRow).order_by(col(StoryRow.id))).all()
    _write_csv(out / "attempts.csv", CSV_ATTEMPT, [r.model_dump(mode="json") for r in attempts])
    rows = [{**r.model_dump(mode="json"), "principles": "; ".join(r.principles)} for r in stories]
    _write_csv(out / "stories.csv", CSV_STORY, rows)
    return {"attempt": len(attempts), "story": len(stories)}


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    with _open_private(path, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def restore(session: Session, source: Path) -> dict[str, int]:
    """A JSON export back into this (empty) database, same ids, recordings copied into the
    data folder. Everything is checked before anything is written, and it is all or nothing:
    a failure leaves the database empty and no file behind."""
    tables = backup_check.checked_rows(_read_export(source))
    held = sum(session.exec(select(func.count()).select_from(t)).one() for t in (Attempt, StoryRow))
    if held:
        raise BackupError(
            "restore goes into an empty data folder, and this one already has attempts or "
            "stories: use --data-dir to point at a new folder"
        )
    root = files.data_dir(session)
    if root is None:
        raise BackupError("restore needs a data folder on disk")
    recordings = _recordings(source, root, tables[Attempt])
    written: list[Path] = []
    try:
        for rows in tables.values():
            session.add_all(rows)
            session.flush()
        for found, target in recordings:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _copy_private(found, target)
            written.append(target)
        session.commit()
    except Exception as exc:
        session.rollback()
        for path in written:
            path.unlink(missing_ok=True)
        why = explain(exc, root) or str(exc)
        raise BackupError(f"the export in {source} could not be restored: {why}") from exc
    counts = {_name(t): len(rows) for t, rows in tables.items()}
    counts["recordings"] = len(written)
    return counts


def _read_export(source: Path) -> backup_check.Rows:
    manifest = _export_file(source, MANIFEST)
    if manifest is None:
        raise BackupError(f"{source} is not a mockloop export (no {MANIFEST})")
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise BackupError(f"{source} was exported by another version of mockloop")
        return {t: _rows(source, t) for t in TABLES}
    except (OSError, ValueError, RecursionError) as exc:
        raise BackupError(f"cannot read the export in {source}: {exc}") from exc


def _rows(source: Path, table: type[SQLModel]) -> Any:
    path = _export_file(source, f"{_name(table)}.json")
    if path is None:
        if table in ADDED_LATER:
            return []
        raise BackupError(
            f"cannot read the export in {source}: no {_name(table)}.json (or not a plain file)"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def _export_file(source: Path, name: str) -> Path | None:
    """A file of the export: a regular file inside it (no link), of a size we will read."""
    try:
        path = files.inside(source, name, what="export")
    except files.UnsafePath as exc:
        raise BackupError(str(exc)) from exc
    if not files.is_regular_file(path):
        return None
    if path.stat().st_size > MAX_FILE_BYTES:
        raise BackupError(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MiB")
    return path


def _recordings(source: Path, root: Path, rows: list[Any]) -> list[tuple[Path, Path]]:
    """(file in the export, where it goes) for each recording present. A path that is a link,
    a folder or a device is refused by name; a file already in the data folder is never
    overwritten."""
    found: dict[str, tuple[Path, Path]] = {}
    for row in rows:
        relative = str(row.recording_path)
        try:
            there = files.inside(source, relative, what="recording")
            target = files.inside(root, relative, what="recording")
        except files.UnsafePath as exc:
            raise BackupError(f"attempt {row.id}: {exc}") from exc
        if not os.path.lexists(there) or relative in found:
            continue  # missing from the export: the attempt comes back without its audio
        if not files.is_regular_file(there):
            raise BackupError(f"attempt {row.id}: {there} is not a plain file; nothing restored")
        if os.path.lexists(target):
            raise BackupError(f"{target} already exists: restore into an empty data folder")
        found[relative] = (there, target)
    return list(found.values())


def _copy_private(source: Path, target: Path) -> None:
    """A copy readable by its owner only, never over an existing file or through a link. A
    copy that fails part way (a full disk) leaves no partial file behind."""
    with source.open("rb") as src, _open_private(target, binary=True) as dst:
        try:
            shutil.copyfileobj(src, dst, 1 << 20)
        except BaseException:
            target.unlink(missing_ok=True)
            raise


def _write_private(path: Path, text: str) -> None:
    with _open_private(path) as f:
        f.write(text)


def _open_private(path: Path, *, binary: bool = False, newline: str | None = None) -> IO[Any]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)  # the umask cannot widen it, and cannot narrow it either
    if binary:
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding="utf-8", newline=newline)


def _empty_folder(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: export into a new folder")
    try:
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
        out.chmod(0o700)  # it holds a person's voice and notes, whatever the umask
    except OSError as exc:
        raise BackupError(f"cannot create {out}: {exc.strerror or exc}") from exc
