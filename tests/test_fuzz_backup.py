"""Hostile backups, generated (issue 23): Hypothesis builds export folders with any recording
path, links, folders and FIFOs where recordings should be, values of the wrong type or out of
range, and references to rows that are not there. Whatever it builds:
- restore either takes it whole or refuses it with a BackupError, leaving nothing behind;
- no file outside the data folder is created, changed or deleted, by restore or by what the
  app then does with the rows it took (read them for Home and History, schedule, export,
  transcribe, delete).
Bounded by examples, with a fixed seed (derandomize), so a failure reproduces."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from mockloop.core.errors import MockloopError
from mockloop.store import backup, files, stories
from mockloop.store.attempt import lifecycle, lists, records
from mockloop.store.attempt.lists import HistoryQuery
from mockloop.store.backup_check import BackupError
from mockloop.store.db import open_engine
from tests.fakes import silent_wav
from tests.test_untrusted import attempt_row, snapshot

HOSTILE = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
GOOD_PATHS = st.sampled_from(["audio/a.wav", "audio/b.wav", "audio/c.wav", "audio/link.wav"])
BAD_PATHS = st.sampled_from(
    [
        "audio/a.wav",
        "audio/b.wav",
        "../outside/secret.txt",
        "audio/../../outside/secret.txt",
        "/etc/passwd",
        "OUTSIDE",
        "audio/link.wav",
        "audio/dir.wav",
        "audio/fifo.wav",
        "audio",
        "audio/",
        ".",
        "",
        "~/x",
        "audio/a.wav\x00",
        "audio/\x1b[2J.wav",
        "audio/../audio/a.wav",
    ]
) | st.text(max_size=30)

ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
FIELDS = st.sampled_from(
    [
        "id",
        "rating",
        "status",
        "session_id",
        "story_id",
        "parent_id",
        "time_limit_s",
        "duration_s",
        "started_at",
        "question_category",
        "question_principles",
        "words",
        "metrics",
        "note",
        "pid",
        "question_prompt",
        "filler_count",
    ]
)
KINDS = st.sampled_from(["file"] * 5 + ["missing", "link-out", "link-in", "folder", "fifo"])


@st.composite
def exports(draw: st.DrawFn) -> dict[str, Any]:
    rows = []
    for n in range(1, draw(st.integers(0, 4)) + 1):
        paths = BAD_PATHS if draw(st.integers(0, 9)) == 9 else GOOD_PATHS  # mostly plausible
        row = attempt_row(n, recording_path=draw(paths))
        mutations = st.just([]) | st.lists(st.tuples(FIELDS, ODD), min_size=1, max_size=2)
        for field, value in draw(mutations):
            row[field] = value
        rows.append((row, draw(KINDS)))
    good = st.sampled_from(
        [[], [{"id": 1, "title": "Churn\x1b]0;x\x07", "principles": ["Dive Deep"]}]]
    )
    bad = st.sampled_from([[{"id": 1, "title": "", "principles": []}], {"not": "a list"}, [7]])
    stories_json = draw(bad if draw(st.integers(0, 9)) == 9 else good)
    return {"attempts": rows, "stories": stories_json}


def lay_out(root: Path, export: dict[str, Any]) -> Path:
    """The export folder on disk, with the person's files beside it in outside/."""
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for a backup")
    folder = root / "export"
    (folder / "audio").mkdir(parents=True)
    (folder / "mockloop-export.json").write_text(json.dumps({"format": 1}))
    for name in ("practice_session", "mock_loop", "attempt_principle"):
        (folder / f"{name}.json").write_text("[]")
    (folder / "story.json").write_text(json.dumps(export["stories"]))
    rows = [row for row, _ in export["attempts"]]
    (folder / "attempt.json").write_text(json.dumps(rows, allow_nan=True))
    for row, kind in export["attempts"]:
        _place(folder, outside, row.get("recording_path"), kind)
    return folder


def _place(folder: Path, outside: Path, stored: Any, kind: str) -> None:
    """What stands at the row's recording path inside the export (when that is inside it)."""
    if not isinstance(stored, str) or not stored or "\x00" in stored:
        return
    path = folder / stored
    if not str(path.resolve()).startswith(str(folder.resolve()) + os.sep):
        return  # the path itself leads out: nothing is laid there
    if os.path.lexists(path) or kind == "missing":
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "file":
            silent_wav(path, 0.2)
        elif kind == "link-out":
            path.symlink_to(outside / "secret.txt")
        elif kind == "link-in":
            path.symlink_to(folder / "mockloop-export.json")
        elif kind == "folder":
            path.mkdir()
        else:
            os.mkfifo(path)
    except OSError:
        pass  # a name the file system will not take


def use_everything(data_dir: Path, scratch: Path) -> None:
    """What the app does with restored rows: read them for its screens, schedule them, export
    them, transcribe (the path it would open) and delete them."""
    engine = open_engine(data_dir / "mockloop.db")
    with Session(engine) as s:
        lifecycle.recover_interrupted(s)
        records.recent(s, limit=10)
        records.history(s, HistoryQuery())
        lists.due_dates(s, goal_fillers_per_min=3.0)
        lists.coverage_by_principle(s)
        lists.weekly_series(s)
        stories.coverage(s)
        backup.export_json(s, scratch / "again")
        for row in lists.list_attempts(s):
            assert row.id is not None
            try:
                path = files.recording_file(s, row.recording_path)
                assert data_dir in path.parents
            except files.UnsafePath:
                pass
            lifecycle.delete_attempt(s, attempt_id=row.id)
    engine.dispose()


@HOSTILE
@given(export=exports())
def test_a_hostile_backup_never_reaches_out_of_its_folders(export):
    root = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        folder = lay_out(root, export)
        data_dir = root / "data"
        (data_dir / "audio").mkdir(parents=True)
        engine = open_engine(data_dir / "mockloop.db")
        outside = snapshot(root / "outside")
        given_export = snapshot(folder)
        with Session(engine) as s:
            try:
                backup.restore(s, folder)
                took = True
            except BackupError:
                took = False
        engine.dispose()
        event("restored" if took else "refused")
        assert snapshot(root / "outside") == outside
        assert snapshot(folder) == given_export  # restore reads the export, never writes it
        if not took:
            assert list((data_dir / "audio").iterdir()) == []
            with Session(open_engine(data_dir / "mockloop.db")) as s:
                assert lists.list_attempts(s) == []
            return
        for path in (data_dir / "audio").iterdir():
            assert files.is_regular_file(path), path
        use_everything(data_dir, root)
        assert snapshot(root / "outside") == outside
        assert snapshot(folder) == given_export
    except MockloopError as exc:  # any other refusal must still be one of ours, and clear
        raise AssertionError(f"not a BackupError: {exc!r}") from exc
    finally:
        shutil.rmtree(root, ignore_errors=True)
