import os
import sqlite3
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlmodel import Session, func, select

from mockloop.core.analysis.answer import analyse
from mockloop.core.analysis.words import Span, Word
from mockloop.core.audio.recorder import RecordingResult
from mockloop.core.audio.wavfile import StreamingWav
from mockloop.core.bank.questions import Question
from mockloop.core.speech.transcribe import Transcript
from mockloop.store.attempt import lifecycle, lists, records
from mockloop.store.db import SCHEMA_VERSION, StoreError, open_engine
from mockloop.store.tables import NEEDS_TRANSCRIPTION, AttemptPrinciple, Status
from tests.store_helpers import memory_engine

Q = Question(
    id="dd-q", prompt="Dive in.", category="behavioral", principles=("Dive Deep", "Ownership")
)


def test_file_database_is_private_wal_and_versioned(tmp_path):
    db = tmp_path / "sub" / "m.db"
    engine = open_engine(db)
    with Session(engine) as s:
        lifecycle.start_attempt(s, question=Q, recording_path=tmp_path / "a.wav")
    engine.dispose()
    assert (db.stat().st_mode & 0o777) == 0o600
    assert (db.parent.stat().st_mode & 0o777) == 0o700
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    open_engine(db).dispose()  # reopening an existing database works


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "m.db"
    open_engine(db).dispose()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer mockloop"):
        open_engine(db)
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"this is not sqlite at all, just text" * 50, b"SQLite format 3\x00" + b"\xff" * 5000],
)
def test_corrupt_file_is_refused_and_left_untouched(tmp_path, content):
    db = tmp_path / "m.db"
    db.write_bytes(content)
    with pytest.raises(StoreError, match="left untouched"):
        open_engine(db)
    assert db.read_bytes() == content


def test_attempt_lifecycle_and_principle_rows(tmp_path):
    engine = memory_engine()
    with Session(engine) as s:
        row = lifecycle.start_attempt(
            s, question=Q, recording_path=tmp_path / "a.wav", time_limit_s=60
        )
        assert row.status == Status.RECORDING and row.question_principles == [
            "Dive Deep",
            "Ownership",
        ]
        result = RecordingResult(tmp_path / "a.wav", 16000, 75.5, 2, "Fake Mic", False, None)
        row = lifecycle.finish_recording(s, attempt_id=row.id, result=result)
        assert (row.status, row.duration_s, row.overrun_s, row.overflow_count) == (
            "recorded",
            75.5,
            None,  # the overrun runs to the last voiced moment: known after the analysis
            2,
        )
        words = [Word("Um,", 0.0, 0.2), Word("hello", 0.3, 0.6)]
        t = Transcript(tuple(words), 75.5, (Span(0.0, 0.6),), "tiny.en (bundled)", {"beam_size": 5})
        a = analyse(words, t.speech, duration_s=75.5, time_limit_s=60)
        record = records.save_result(s, attempt_id=row.id, transcript=t, analysis=a)
        assert record.status == Status.DONE and record.filler_count == 1
        assert record.report is not None and record.report.transcript.text == "Um, hello"
        row = lifecycle.get_attempt(s, attempt_id=row.id)
        assert row.transcript == "Um, hello"
        assert row.words[0] == {"text": "Um,", "start": 0.0, "end": 0.2}
        assert row.metrics["fillers_by_type"] == {"um": 1} and row.decoding == {"beam_size": 5}
        n = s.exec(select(func.count()).select_from(AttemptPrinciple)).one()
        assert n == 2


def test_last_practised_is_per_question(tmp_path):
    engine = memory_engine()
    with Session(engine) as s:
        a = lifecycle.start_attempt(
            s, question=Q, recording_path=tmp_path / "1.wav", status=Status.DONE
        )
        b = lifecycle.start_attempt(
            s, question=Q, recording_path=tmp_path / "2.wav", status=Status.DONE
        )
        live = Question(id="live", prompt="p", category="product")
        lifecycle.start_attempt(s, question=live, recording_path=tmp_path / "3.wav")
        last = lists.last_practised(s)
        assert set(last) == {"dd-q"}  # a recording in progress does not count yet
        assert last["dd-q"] == b.started_at and last["dd-q"] >= a.started_at
        assert last["dd-q"].tzinfo is not None
        assert datetime.now(UTC) - last["dd-q"] < timedelta(minutes=1)


def test_recovery_marks_dead_recordings_interrupted_and_repairs_audio(tmp_path):
    wav = tmp_path / "cut.wav"
    w = StreamingWav(wav, 16000)
    w.write(np.zeros(16000 * 3, dtype=np.int16))
    w._file.flush()  # never synced, never closed: the header still says 0 frames
    engine = memory_engine()
    with Session(engine) as s:
        dead = lifecycle.start_attempt(s, question=Q, recording_path=wav, time_limit_s=2)
        dead.pid = 999_999_999
        busy = lifecycle.start_attempt(s, question=Q, recording_path=tmp_path / "live.wav")
        busy.pid = 4242
        s.add_all([dead, busy])
        s.commit()
        found = lifecycle.recover_interrupted(s, is_alive=lambda pid: pid == 4242)
        assert [r.id for r in found] == [dead.id]
        (row,) = found
        assert row.status == Status.INTERRUPTED and row.duration_s == 3.0 and row.overrun_s is None
        assert lifecycle.get_attempt(s, attempt_id=busy.id).status == Status.RECORDING
        todo = lists.list_attempts(s, statuses=NEEDS_TRANSCRIPTION)
        assert [r.id for r in todo] == [dead.id]
    w._file.close()


def test_recovery_sends_a_dead_transcription_back_to_the_queue(tmp_path):
    engine = memory_engine()
    with Session(engine) as s:
        row = lifecycle.start_attempt(s, question=Q, recording_path=tmp_path / "x.wav")
        lifecycle.mark_transcribing(s, attempt_id=row.id)
        row = lifecycle.get_attempt(s, attempt_id=row.id)
        row.pid = 999_999_999
        s.add(row)
        s.commit()
        (found,) = lifecycle.recover_interrupted(s, is_alive=lambda pid: False)
        assert found.status == Status.RECORDED


def test_pid_alive():
    import os

    assert lifecycle.pid_alive(os.getpid())
    assert not lifecycle.pid_alive(999_999_999)


def test_importing_everything_creates_no_file_or_folder(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    env.pop("MOCKLOOP_DATA_DIR", None)
    code = "import mockloop.cli, mockloop.cli.record, mockloop.cli.info, mockloop.store.db"
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True)
    assert list(tmp_path.iterdir()) == []


def test_unusable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="Cannot open the database"):
        open_engine(blocker / "m.db")


def test_a_recording_claimed_for_its_words_goes_back_to_the_queue_after_a_crash(tmp_path):
    """finish_recording(transcribing=True): stored and claimed in one write; if the process
    dies before its words are saved, the next start puts it back in the queue."""
    engine = memory_engine()
    result = RecordingResult(tmp_path / "a.wav", 16000, 12.0, 0, "Fake Mic", False, None)
    with Session(engine) as s:
        row = lifecycle.start_attempt(s, question=Q, recording_path=tmp_path / "a.wav")
        row = lifecycle.finish_recording(s, attempt_id=row.id, result=result, transcribing=True)
        assert (row.status, row.duration_s, row.pid) == (Status.TRANSCRIBING, 12.0, os.getpid())
        row.pid = 2**22 + 1  # a process that is gone
        s.add(row)
        s.commit()
        (back,) = lifecycle.recover_interrupted(s, is_alive=lambda pid: False)
        assert back.status == Status.RECORDED and back.duration_s == 12.0
