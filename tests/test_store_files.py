"""Recordings: unique names, stored relative to the data folder (which can move), never
deleted while another attempt points at them; databases that are not ours are left alone."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mockloop.core.audio.recorder import RecordingResult
from mockloop.core.bank.questions import Question
from mockloop.store import files
from mockloop.store.attempt import lifecycle
from mockloop.store.db import SCHEMA_VERSION, StoreError, open_engine
from mockloop.store.tables import Attempt
from mockloop.usecases.answer import Answer
from tests.fakes import silent_wav

Q = Question(id="dd-q", prompt="Dive in.", category="behavioral", principles=("Dive Deep",))
WHEN = datetime(2026, 12, 1, 9, 30, 5, 123456, tzinfo=UTC)


def test_two_answers_in_the_same_second_get_two_files(tmp_path):
    names = {files.new_recording_path(tmp_path, "dd-q", WHEN) for _ in range(200)}
    assert len(names) == 200
    assert all(
        p.parent == tmp_path and p.name.startswith("20261201-093005-123456-dd-q-") for p in names
    )


def test_a_hostile_question_id_cannot_leave_the_audio_folder(tmp_path):
    path = files.new_recording_path(tmp_path, "../../etc/passwd", WHEN)
    assert path.parent == tmp_path and "/" not in path.name


def test_paths_are_stored_relative_and_survive_a_moved_data_folder(tmp_path):
    data = tmp_path / "data"
    engine = open_engine(data / "mockloop.db")
    wav = files.new_recording_path(data / "audio", Q.id, WHEN)
    wav.parent.mkdir()
    silent_wav(wav, 1.0)
    with Session(engine) as s:
        row = lifecycle.start_attempt(s, question=Q, recording_path=wav)
        assert row.recording_path == f"audio/{wav.name}"
    engine.dispose()
    moved = tmp_path / "elsewhere"
    shutil.move(data, moved)
    engine = open_engine(moved / "mockloop.db")
    with Session(engine) as s:
        row = lifecycle.get_attempt(s, attempt_id=row.id)
        assert files.recording_file(s, row.recording_path) == moved / "audio" / wav.name
        assert files.recording_file(s, row.recording_path).is_file()


def test_deleting_an_attempt_keeps_a_file_another_attempt_uses(tmp_path):
    engine = open_engine(tmp_path / "mockloop.db")
    wav = tmp_path / "audio" / "shared.wav"
    wav.parent.mkdir()
    silent_wav(wav, 1.0)
    with Session(engine) as s:
        a = lifecycle.start_attempt(s, question=Q, recording_path=wav)
        b = lifecycle.start_attempt(s, question=Q, recording_path=wav)
        lifecycle.delete_attempt(s, attempt_id=a.id)
        assert wav.is_file()
        lifecycle.delete_attempt(s, attempt_id=b.id)
        assert not wav.exists()


def test_schema_1_absolute_paths_become_relative(tmp_path):
    old_root = tmp_path / "old"
    data = tmp_path / "data"
    engine = open_engine(data / "mockloop.db")
    with Session(engine) as s:
        for p in (data / "audio" / "a.wav", old_root / "audio" / "b.wav", tmp_path / "c.wav"):
            lifecycle.start_attempt(s, question=Q, recording_path=p)
    engine.dispose()
    con = sqlite3.connect(data / "mockloop.db")
    con.execute("UPDATE attempt SET recording_path = '/x/y/audio/b.wav' WHERE id = 2")
    con.execute(f"UPDATE attempt SET recording_path = '{data}/audio/a.wav' WHERE id = 1")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    open_engine(data / "mockloop.db").dispose()
    con = sqlite3.connect(data / "mockloop.db")
    stored = [r[0] for r in con.execute("SELECT recording_path FROM attempt ORDER BY id")]
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    assert stored == ["audio/a.wav", "audio/b.wav", str(tmp_path / "c.wav")]


@pytest.mark.parametrize(
    "ddl",
    # The last two share a name with a table of ours (issue 23): they used to get our tables
    # added beside them, WAL mode and a schema version, then fail with a raw SQL message.
    [
        "CREATE TABLE recipes (name TEXT)",
        "CREATE TABLE attempt (x TEXT)",
        "CREATE TABLE story (id, body)",
    ],
)
def test_another_programs_sqlite_file_is_refused_untouched(tmp_path, ddl):
    db = tmp_path / "mockloop.db"
    con = sqlite3.connect(db)
    con.execute(ddl)
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="another program's database"):
        open_engine(db)
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists()


def _open(path: str) -> str:
    try:
        open_engine(Path(path)).dispose()
        return "ok"
    except StoreError as exc:
        return str(exc)


def test_processes_creating_one_new_database_at_once_all_succeed(tmp_path):
    """Found by the two-recordings fault test: both saw schema 0 and both created tables."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        for i in range(10):
            db = str(tmp_path / f"db{i}" / "mockloop.db")
            assert pool.map(_open, [db] * 4) == ["ok"] * 4


class _RecorderThatWritesNothing:
    """The disk refused the first block: a file with no audio in it, and the error."""

    def __init__(self, path: Path, error: str | None) -> None:
        self.path, self.error = path, error

    def start(self) -> None:
        self.path.write_bytes(b"")

    def stop(self) -> RecordingResult:
        return RecordingResult(self.path, 16000, 0.0, 0, "mic", False, self.error)


@pytest.mark.parametrize("row", [True, False], ids=["row-written", "database-full-too"])
def test_an_answer_that_never_reached_the_disk_leaves_no_attempt_and_says_so(tmp_path, row):
    engine = open_engine(tmp_path / "mockloop.db")
    audio = tmp_path / "audio"
    answer = Answer(
        engine,
        Q,
        limit_s=60,
        audio_dir=audio,
        transcriber=None,
        now=datetime.now,
        open_recorder=lambda path, _: _RecorderThatWritesNothing(path, "the disk is full"),
    )
    answer.start()
    if not row:  # as if the row could not be written either
        with Session(engine) as s:
            lifecycle.delete_attempt(s, attempt_id=answer.attempt_id)
        answer.attempt_id = None
    with pytest.raises(StoreError, match="Nothing was recorded: the disk is full"):
        answer.stop()
    assert list(audio.iterdir()) == []  # no empty file promised as "kept"
    with Session(engine) as s:
        assert s.exec(select(Attempt)).all() == []


def test_a_short_answer_cut_by_a_failure_is_kept(tmp_path):
    engine = open_engine(tmp_path / "mockloop.db")

    class OneSecond(_RecorderThatWritesNothing):
        def start(self) -> None:
            silent_wav(self.path, 1.0)

    answer = Answer(
        engine,
        Q,
        limit_s=60,
        audio_dir=tmp_path / "audio",
        transcriber=None,
        now=datetime.now,
        open_recorder=lambda path, _: OneSecond(path, "microphone lost"),
    )
    answer.start()
    assert answer.stop().error == "microphone lost"
    assert answer.path is not None and answer.path.is_file()
    with Session(engine) as s:
        assert [a.id for a in s.exec(select(Attempt)).all()] == [answer.attempt_id]
