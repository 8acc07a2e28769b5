"""Export everything, and restore it. JSON keeps every row of every table (same ids) with the
recordings copied beside it: that is the backup, and `restore` puts it into an empty data
folder exactly as it was. CSV is for spreadsheets: one row per attempt with its figures, and
one per story."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel, col, func, select

from mockloop.core.errors import MockloopError
from mockloop.store import files
from mockloop.store.tables import Attempt, AttemptPrinciple, MockLoop, PracticeSession, StoryRow

# In the order rows must go back in: what a row refers to comes before it.
TABLES: tuple[type[SQLModel], ...] = (
    PracticeSession, MockLoop, StoryRow, Attempt, AttemptPrinciple,
)  # fmt: skip
ADDED_LATER = (MockLoop,)  # an export made before these tables restores without them
MANIFEST = "mockloop-export.json"
FORMAT = 1
CSV_ATTEMPT = ("id", "started_at", "question_id", "question_category", "question_prompt",
               "status", "duration_s", "overrun_s", "filler_count", "fillers_per_min", "wpm",
               "long_pause_count", "hedge_count", "rating", "note", "story_id", "model",
               "transcript")  # fmt: skip
CSV_STORY = ("id", "title", "principles", "numbers", "situation", "task", "action", "result")


class BackupError(MockloopError):
    """An export or a restore cannot go ahead."""


def _name(table: type[SQLModel]) -> str:
    return str(table.__tablename__)


def export_json(session: Session, out: Path) -> dict[str, int]:
    """Every table as JSON, and every recording under out/audio. Counts per table."""
    _empty_folder(out)
    counts = {}
    copied = 0
    for table in TABLES:
        rows = [r.model_dump(mode="json") for r in session.exec(select(table))]
        if table is Attempt:
            for row in rows:  # recordings travel with the export, at a path inside it
                row["recording_path"], found = _copy_out(session, row["recording_path"], out)
                copied += found
        (out / f"{_name(table)}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))
        counts[_name(table)] = len(rows)
    counts["recordings"] = copied
    (out / MANIFEST).write_text(json.dumps({"format": FORMAT, "counts": counts}, indent=1))
    return counts


def _copy_out(session: Session, stored: str, out: Path) -> tuple[str, bool]:
    """The recording copied into the export; its path there (relative). An absolute path
    from outside the data folder lands in audio/ under its own name."""
    source = files.recording_file(session, stored)
    inside = files.to_stored(session, source)
    relative = inside if not Path(inside).is_absolute() else f"audio/{source.name}"
    if not source.is_file():
        return relative, False  # already missing: the row still says where it was
    target = out / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
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
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def restore(session: Session, source: Path) -> dict[str, int]:
    """A JSON export back into this (empty) database, same ids; recordings copied into the
    data folder. Refuses a database that already holds attempts or stories."""
    manifest = source / MANIFEST
    if not manifest.is_file():
        raise BackupError(f"{source} is not a mockloop export (no {MANIFEST})")
    try:
        if json.loads(manifest.read_text())["format"] != FORMAT:
            raise BackupError(f"{source} was exported by another version of mockloop")
        tables = {t: _rows(source, t) for t in TABLES}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"cannot read the export in {source}: {exc}") from exc
    held = sum(session.exec(select(func.count()).select_from(t)).one() for t in (Attempt, StoryRow))
    if held:
        raise BackupError(
            "restore goes into an empty data folder, and this one already has attempts or "
            "stories: use --data-dir to point at a new folder"
        )
    root = files.data_dir(session)
    counts = {}
    try:
        for table, rows in tables.items():
            session.add_all(table.model_validate(row) for row in rows)
            session.flush()
            counts[_name(table)] = len(rows)
        session.commit()
    except Exception as exc:
        session.rollback()
        raise BackupError(f"the export in {source} could not be restored: {exc}") from exc
    copied = 0
    for row in tables[Attempt]:
        stored = source / str(row["recording_path"])
        if root is not None and stored.is_file() and not Path(row["recording_path"]).is_absolute():
            target = root / str(row["recording_path"])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(stored, target)
            target.chmod(0o600)
            copied += 1
    counts["recordings"] = copied
    return counts


def _rows(source: Path, table: type[SQLModel]) -> list[dict[str, Any]]:
    path = source / f"{_name(table)}.json"
    if table in ADDED_LATER and not path.exists():
        return []
    rows: list[dict[str, Any]] = json.loads(path.read_text())
    return rows


def _empty_folder(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: export into a new folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create {out}: {exc.strerror or exc}") from exc
