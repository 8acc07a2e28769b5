"""A backup, a story file or a row restored from one is untrusted input (issue 23): nothing it
says may create, change or delete a file outside the data folder (or the export folder), no
value it holds may stop the app, and what it carries to a terminal loses control characters."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mockloop.cli import main
from mockloop.core.analysis.answer import analyse
from mockloop.core.analysis.room import Room, read_room
from mockloop.core.analysis.words import Span, Word
from mockloop.store import backup, files
from mockloop.store.attempt import lifecycle, records, results
from mockloop.store.attempt.results import analysis_json
from mockloop.store.db import SCHEMA_VERSION, open_engine
from mockloop.store.tables import Attempt, Status
from tests.fakes import silent_wav
from tests.test_faults import run


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below folder: a file's bytes, a link's target, a folder's mark."""
    seen: dict[str, bytes | str] = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                seen[key] = "-> " + os.readlink(path)
            elif path.is_file():
                seen[key] = path.read_bytes()
            else:
                seen[key] = "dir"
    return seen


def made_export(tmp_path: Path, attempt_rows: list[dict], **tables: list[dict]) -> Path:
    """An export folder with these rows (the other tables empty unless given)."""
    out = tmp_path / "export"
    out.mkdir()
    (out / "audio").mkdir()
    (out / "mockloop-export.json").write_text(json.dumps({"format": 1, "counts": {}}))
    names = ("practice_session", "mock_loop", "story", "attempt_principle")
    for name in names:
        (out / f"{name}.json").write_text(json.dumps(tables.get(name, [])))
    (out / "attempt.json").write_text(json.dumps(attempt_rows))
    return out


def attempt_row(n: int = 1, **values: object) -> dict:
    return {
        "id": n,
        "question_id": "own-broken-pipeline",
        "question_prompt": "Describe a time.",
        "question_category": "behavioral",
        "question_principles": ["Ownership"],
        "started_at": "2026-11-01T10:00:00+00:00",
        "time_limit_s": 120.0,
        "duration_s": 60.0,
        "recording_path": f"audio/answer-{n}.wav",
        "status": "recorded",
    } | values


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A stand-in for the person's home: files a hostile backup would like to reach."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("# the person's own\n")
    (home / "id_ed25519").write_text("PRIVATE KEY\n")
    return home


def restore_cli(data_dir: Path, export: Path, capsys) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), "restore", str(export)])
    return code, capsys.readouterr().err


def nothing_restored(data_dir: Path) -> None:
    con = sqlite3.connect(data_dir / "mockloop.db")
    try:
        for table in ("attempt", "story", "practice_session", "mock_loop"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    finally:
        con.close()
    assert [p.name for p in (data_dir / "audio").iterdir()] == []


@pytest.fixture(autouse=True)
def own_config(tmp_path, monkeypatch):
    monkeypatch.setenv("MOCKLOOP_CONFIG", str(tmp_path / "config.toml"))


# -- restore: paths ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "stored",
    [
        "../../home/.bashrc",
        "audio/../../../home/.bashrc",
        "/tmp/elsewhere.wav",
        "~/.bashrc",
        "audio/sub/deeper.wav",
        "audio/.hidden",
        "audio\\x.wav",
        "",
    ],
)
def test_restore_refuses_a_recording_path_out_of_audio_and_writes_nothing(
    tmp_path, home, capsys, stored
):
    export = made_export(tmp_path, [attempt_row(recording_path=stored)])
    before = snapshot(home)
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 1 and "recording_path" in err and "Traceback" not in err
    assert snapshot(home) == before
    nothing_restored(tmp_path / "data")


@pytest.mark.parametrize("kind", ["link", "folder", "fifo"])
def test_restore_refuses_a_recording_that_is_not_a_plain_file(tmp_path, home, capsys, kind):
    export = made_export(tmp_path, [attempt_row(1), attempt_row(2)])
    silent_wav(export / "audio" / "answer-1.wav", 0.5)
    odd = export / "audio" / "answer-2.wav"
    if kind == "link":
        odd.symlink_to(home / "id_ed25519")
    elif kind == "folder":
        odd.mkdir()
    else:
        os.mkfifo(odd)
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 1 and "answer-2.wav" in err
    assert ("goes through a link" if kind == "link" else "not a plain file") in err
    nothing_restored(tmp_path / "data")


def test_restore_refuses_a_table_file_that_is_a_link(tmp_path, home, capsys):
    export = made_export(tmp_path, [])
    (export / "story.json").unlink()
    (export / "story.json").symlink_to(home / ".bashrc")
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 1 and "story.json" in err
    nothing_restored(tmp_path / "data")


def test_an_audio_folder_that_is_a_link_out_of_the_export_is_refused(tmp_path, home, capsys):
    export = made_export(tmp_path, [attempt_row(1)])
    (export / "audio").rmdir()
    (home / "answer-1.wav").write_bytes(b"RIFF not yours")
    (export / "audio").symlink_to(home)
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 1 and "link" in err
    nothing_restored(tmp_path / "data")


# -- restore: values --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"rating": 99}, "rating"),
        ({"status": "hacked"}, "status"),
        ({"id": -7}, "id"),
        ({"id": True}, "id"),
        ({"time_limit_s": 0}, "time_limit_s"),
        ({"duration_s": -3.0}, "duration_s"),
        ({"question_category": "nope"}, "question_category"),
        ({"question_principles": ["Be Evil"]}, "principle"),
        ({"session_id": 42}, "session_id"),
        ({"parent_id": 9}, "parent_id"),
        ({"story_id": 3}, "story_id"),
        ({"metrics": {"bogus": 1}}, "analysis"),
        ({"started_at": "yesterday"}, "started_at"),
    ],
)
def test_restore_validates_every_value_before_writing(tmp_path, capsys, values, words):
    export = made_export(tmp_path, [attempt_row(**values)])
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 1 and words in err and "Traceback" not in err, err
    nothing_restored(tmp_path / "data")


def test_two_rows_with_one_id_are_refused(tmp_path, capsys):
    export = made_export(tmp_path, [attempt_row(1), attempt_row(1, recording_path="audio/b.wav")])
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 1 and "share an id" in err


def test_a_restored_row_loses_control_characters_and_the_process_id(tmp_path, capsys):
    hostile = "Pipeline\x1b[2J\x1b]0;owned\x07 broke\u202e"
    export = made_export(
        tmp_path, [attempt_row(note="line one\nline two\x1b[31m", question_prompt=hostile, pid=1)]
    )
    silent_wav(export / "audio" / "answer-1.wav", 0.5)
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 0, err
    engine = open_engine(tmp_path / "data" / "mockloop.db")
    with Session(engine) as s:
        row = s.exec(select(Attempt)).one()
    assert row.question_prompt == "Pipeline[2J]0;owned broke"
    assert row.note == "line one\nline two[31m"
    assert row.pid is None  # another machine's process: never taken for a live one here
    assert (tmp_path / "data" / "audio" / "answer-1.wav").stat().st_mode & 0o777 == 0o600


def test_a_restore_that_fails_half_way_leaves_nothing_and_can_run_again(
    tmp_path, capsys, monkeypatch
):
    export = made_export(tmp_path, [attempt_row(1), attempt_row(2), attempt_row(3)])
    for n in (1, 2, 3):
        silent_wav(export / "audio" / f"answer-{n}.wav", 0.5)
    real_copy = backup.shutil.copyfileobj
    copies = []

    def copy_then_fail(source, target, length=0) -> None:  # the 2nd file fills the disk
        copies.append(target)
        if len(copies) == 2:
            target.write(source.read(1000))
            target.flush()
            raise OSError(28, "No space left on device")
        real_copy(source, target, length)

    monkeypatch.setattr(backup.shutil, "copyfileobj", copy_then_fail)
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 1 and "disk is full" in err
    nothing_restored(tmp_path / "data")
    monkeypatch.setattr(backup.shutil, "copyfileobj", real_copy)
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 0, err
    assert len(list((tmp_path / "data" / "audio").iterdir())) == 3


# -- what the app does with a row that points out -----------------------------------------------
def hostile_row(data_dir: Path, stored: str) -> int:
    """A row as an older mockloop's restore would have written it."""
    engine = open_engine(data_dir / "mockloop.db")
    with Session(engine) as s:
        row = Attempt(**{**attempt_row(recording_path=stored), "started_at": lifecycle.now()})
        row.id = None
        s.add(row)
        s.commit()
        assert row.id is not None
        return row.id


@pytest.mark.parametrize("how", ["absolute", "dots", "link"])
def test_delete_export_transcribe_and_play_never_follow_a_path_out(tmp_path, home, how):
    data_dir = tmp_path / "data"
    (data_dir / "audio").mkdir(parents=True)
    stored = {
        "absolute": str(home / "id_ed25519"),
        "dots": "audio/../../home/id_ed25519",
        "link": "audio/key.wav",
    }[how]
    if how == "link":
        (data_dir / "audio" / "key.wav").symlink_to(home / "id_ed25519")
    attempt_id = hostile_row(data_dir, stored)
    before = snapshot(home)
    engine = open_engine(data_dir / "mockloop.db")
    with Session(engine) as s, pytest.raises(files.UnsafePath):
        files.recording_file(s, stored)  # what transcribe and play go through
    with Session(engine) as s:
        counts = backup.export_json(s, tmp_path / "out")
    assert counts["recordings"] == 0
    exported = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert exported and not any(b"PRIVATE KEY" in p.read_bytes() for p in exported)
    with Session(engine) as s:
        lifecycle.delete_attempt(s, attempt_id=attempt_id)
        assert s.get(Attempt, attempt_id) is None
    assert snapshot(home) == before


def test_transcribing_a_row_that_points_out_fails_with_one_line(tmp_path, home, capsys):
    data_dir = tmp_path / "data"
    (data_dir / "audio").mkdir(parents=True)
    hostile_row(data_dir, str(home / "id_ed25519"))
    code = main(["--data-dir", str(data_dir), "transcribe", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "refused the recording path" in err
    engine = open_engine(data_dir / "mockloop.db")
    with Session(engine) as s:
        assert s.get(Attempt, 1).status == Status.FAILED


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_an_export_is_owner_only_whatever_the_umask(tmp_path, umask):
    data_dir = tmp_path / "data"
    (data_dir / "audio").mkdir(parents=True)
    attempt_id = hostile_row(data_dir, "audio/answer.wav")
    silent_wav(data_dir / "audio" / "answer.wav", 0.5)
    engine = open_engine(data_dir / "mockloop.db")
    old = os.umask(umask)
    try:
        with Session(engine) as s:
            assert s.get(Attempt, attempt_id) is not None
            backup.export_json(s, tmp_path / "json")
            backup.export_csv(s, tmp_path / "csv")
    finally:
        os.umask(old)
    for folder in (tmp_path / "json", tmp_path / "csv"):
        for path in [folder, *folder.rglob("*")]:
            want = 0o700 if path.is_dir() else 0o600
            assert path.stat().st_mode & 0o777 == want, path


# -- two processes on one data folder --------------------------------------------------------------
def test_an_attempt_another_live_process_records_cannot_be_deleted_or_transcribed(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "audio").mkdir(parents=True)
    silent_wav(data_dir / "audio" / "answer.wav", 0.5)
    attempt_id = hostile_row(data_dir, "audio/answer.wav")
    other = subprocess.Popen(["sleep", "60"])
    try:
        engine = open_engine(data_dir / "mockloop.db")
        with Session(engine) as s:
            row = s.get(Attempt, attempt_id)
            row.status, row.pid = Status.RECORDING, other.pid
            s.add(row)
            s.commit()
        with Session(engine) as s, pytest.raises(lifecycle.AttemptBusy, match="recording"):
            lifecycle.delete_attempt(s, attempt_id=attempt_id)
        with Session(engine) as s, pytest.raises(lifecycle.AttemptBusy):
            lifecycle.mark_transcribing(s, attempt_id=attempt_id)
        assert (data_dir / "audio" / "answer.wav").is_file()
        with Session(engine) as s:
            assert s.get(Attempt, attempt_id).status == Status.RECORDING
    finally:
        other.kill()
        other.wait()
    with Session(engine) as s:  # once that process is gone, it can go
        lifecycle.delete_attempt(s, attempt_id=attempt_id)
    assert not (data_dir / "audio" / "answer.wav").exists()


def test_ids_are_never_given_again(tmp_path):
    engine = open_engine(tmp_path / "mockloop.db")
    with Session(engine) as s:
        ids = []
        for n in range(3):
            row = Attempt(
                **{
                    **attempt_row(recording_path=f"audio/{n}.wav"),
                    "id": None,
                    "started_at": lifecycle.now(),
                }
            )
            s.add(row)
            s.commit()
            ids.append(row.id)
        lifecycle.delete_attempt(s, attempt_id=ids[-1])
        again = Attempt(**{**attempt_row(), "id": None, "started_at": lifecycle.now()})
        s.add(again)
        s.commit()
        assert again.id == ids[-1] + 1


def test_a_schema_6_database_is_rebuilt_with_ids_never_reused(tmp_path):
    db = tmp_path / "mockloop.db"
    engine = open_engine(db)
    with Session(engine) as s:
        for n in range(2):
            s.add(
                Attempt(
                    **{
                        **attempt_row(recording_path=f"audio/{n}.wav"),
                        "id": None,
                        "started_at": lifecycle.now(),
                    }
                )
            )
            s.commit()
    engine.dispose()
    con = sqlite3.connect(db)  # back to schema 6: the same tables without AUTOINCREMENT
    con.execute("PRAGMA foreign_keys=OFF")
    tables = con.execute("SELECT name, sql FROM sqlite_master WHERE type='table'").fetchall()
    for name, ddl in tables:
        if "AUTOINCREMENT" in ddl:
            plain = ddl.replace(" AUTOINCREMENT", "").replace(f"TABLE {name} (", "TABLE v6 (", 1)
            con.executescript(
                f"{plain}; INSERT INTO v6 SELECT * FROM {name}; DROP TABLE {name};"
                f"ALTER TABLE v6 RENAME TO {name};"
            )
    con.execute("DELETE FROM sqlite_sequence")
    con.execute("PRAGMA user_version=6")
    con.commit()
    assert "AUTOINCREMENT" not in str(con.execute("SELECT sql FROM sqlite_master").fetchall())
    con.close()
    engine = open_engine(db)
    with Session(engine) as s:
        assert [r.question_id for r in records.recent(s, limit=5)] == ["own-broken-pipeline"] * 2
        lifecycle.delete_attempt(s, attempt_id=2)
        again = Attempt(**{**attempt_row(), "id": None, "started_at": lifecycle.now()})
        s.add(again)
        s.commit()
        assert again.id == 3
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()


# -- text to the terminal ---------------------------------------------------------------------
def test_stories_from_a_file_lose_control_and_bidi_characters(tmp_path, capsys):
    toml = tmp_path / "stories.toml"
    toml.write_text(
        '[[story]]\ntitle = "Churn\\u001b[2J\\u001b]0;pwned\\u0007 rescue\\u202e"\n'
        'principles = ["Are Right, A Lot"]\nsituation = "a\\nb\\u001b[31m"\n'
    )
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "stories", "import", str(toml)]) == 0
    assert main([*data, "stories", "list"]) == 0
    out = capsys.readouterr().out
    assert "Churn[2J]0;pwned rescue" in out
    assert not any(c in out for c in "\x1b\x07\u202e")


# -- smaller items ------------------------------------------------------------------------------
def test_a_config_file_that_is_a_link_loop_is_named(tmp_path, data_env):
    loop = tmp_path / "a.toml"
    loop.symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(loop)
    proc = run({**data_env, "MOCKLOOP_CONFIG": str(loop)}, "history")
    assert proc.returncode == 1 and "link that leads nowhere" in proc.stderr


def test_questions_list_with_an_unknown_principle_says_so(data_env):
    proc = run(data_env, "questions", "list", "--principle", "Nope")
    assert proc.returncode == 1 and "'Nope' is not a leadership principle" in proc.stderr


@pytest.mark.parametrize("mode", [0o755, 0o777])
def test_an_open_data_folder_is_closed_to_others(tmp_path, data_env, mode):
    data_dir = tmp_path / "open"
    data_dir.mkdir()
    data_dir.chmod(mode)
    proc = run({**data_env, "MOCKLOOP_DATA_DIR": str(data_dir)}, "history")
    assert proc.returncode == 0, proc.stderr
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert (data_dir / "audio").stat().st_mode & 0o777 == 0o700


def test_a_shared_folder_is_never_narrowed(tmp_path, data_env):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "someone-elses.txt").write_text("x")
    shared.chmod(0o1777)
    proc = run({**data_env, "MOCKLOOP_DATA_DIR": str(shared)}, "history")
    assert proc.returncode == 0, proc.stderr
    assert shared.stat().st_mode & 0o7777 == 0o1777


def test_an_answer_whose_row_vanished_while_recording_is_saved_again_with_its_audio(tmp_path):
    """Another program (or an older mockloop) deleted the row mid-answer: the answer is not
    lost, and the vanished id is not given to it again."""
    from datetime import datetime

    from mockloop.core.bank.questions import builtin_questions_dir, load_bank
    from mockloop.usecases.answer import Answer
    from tests.fakes import FakeRecorder

    question = load_bank([builtin_questions_dir()]).questions[0]
    engine = open_engine(tmp_path / "mockloop.db")
    answer = Answer(
        engine,
        question,
        limit_s=60,
        audio_dir=tmp_path / "audio",
        transcriber=None,
        now=datetime.now,
        open_recorder=lambda path, _: FakeRecorder(path),
    )
    answer.start()
    first = answer.attempt_id
    con = sqlite3.connect(tmp_path / "mockloop.db")
    con.execute("DELETE FROM attempt WHERE id = ?", (first,))
    con.commit()
    con.close()
    result = answer.stop()
    assert result.duration_s > 0 and answer.path is not None and answer.path.is_file()
    assert answer.attempt_id is not None and answer.attempt_id != first
    with Session(engine) as s:
        row = s.get(Attempt, answer.attempt_id)
        assert row.status == Status.RECORDED
        assert files.recording_file(s, row.recording_path) == answer.path


def test_a_shared_plan_loses_control_and_bidi_characters():
    from mockloop.core.loops.plans import parse_plan

    plan = parse_plan(
        "shared",
        {
            "name": "Evening\x1b[2J\u202e loop",
            "about": "two\nrounds\x07",
            "round": [{"title": "Leadership\x1b]0;x\x07", "minutes": 30, "slots": ["behavioral"]}],
        },
    )
    assert (plan.name, plan.about) == ("Evening[2J loop", "two\nrounds")
    assert plan.rounds[0].title == "Leadership]0;x"


def test_what_export_writes_restore_takes_back_whatever_the_recording_was_called(tmp_path, capsys):
    data_dir = tmp_path / "data"
    (data_dir / "audio").mkdir(parents=True)
    silent_wav(data_dir / "audio" / "_odd name.wav", 0.5)
    hostile_row(data_dir, "audio/_odd name.wav")
    assert main(["--data-dir", str(data_dir), "export", str(tmp_path / "out")]) == 0
    code, err = restore_cli(tmp_path / "again", tmp_path / "out", capsys)
    assert code == 0, err
    assert [p.name for p in (tmp_path / "again" / "audio").iterdir()] == ["odd-name.wav"]


def test_a_restored_analysis_keeps_a_room_of_numbers_and_drops_one_that_is_not(tmp_path, capsys):
    words = (Word("we", 1.0, 1.2), Word("shipped", 1.3, 1.8))
    room = Room(
        quiet_s=4.0, quiet_power=4e-4, voice_s=6.0, voice_power=0.024, samples=9, clipped_samples=0
    )
    good = analysis_json(
        analyse(words, (Span(1.0, 2.0),), duration_s=60, time_limit_s=120, room=room)
    )
    bad = good | {"room": {"quiet_s": "../../home", "voice_s": -5.0, "x": "y" * 9999}}
    rows = [
        attempt_row(
            n, metrics=blob, words=results.words_json(words), speech=[[1.0, 2.0]], status="done"
        )
        for n, blob in ((1, good), (2, bad))
    ]
    export = made_export(tmp_path, rows)
    for n in (1, 2):
        silent_wav(export / "audio" / f"answer-{n}.wav", 0.5)
    code, err = restore_cli(tmp_path / "data", export, capsys)
    assert code == 0, err
    with Session(open_engine(tmp_path / "data" / "mockloop.db")) as s:
        kept, dropped = s.exec(select(Attempt).order_by(Attempt.id)).all()
    assert read_room(kept.metrics["room"]) == room
    assert "room" not in dropped.metrics and dropped.metrics["wpm"] == good["wpm"]
