"""Results go into the database as versioned JSON and come back as the same frozen objects;
old results are upgraded to one meaning of overrun."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlmodel import Session

from mockloop.core.analysis.answer import Analysis, Pace, analyse
from mockloop.core.analysis.fillers import MarkKind
from mockloop.core.analysis.words import Span, Transcript
from mockloop.core.audio.recorder import RecordingResult
from mockloop.core.bank.questions import Question
from mockloop.store.attempt import lifecycle, records, results
from mockloop.store.db import SCHEMA_VERSION, open_engine
from mockloop.store.status import Status
from tests.words import words

Q = Question(
    id="q", prompt="Tell me about a time.", category="behavioral", principles=("Ownership",)
)


def transcript() -> Transcript:
    # Past a 3 s limit: "twelve" starts at 3.1 s; the voice goes on, wordless, to 4.4 s.
    ws = words("Um, you know, we cut churn <1.0> by twelve percent", start=0.0)
    speech = (Span(0.0, 1.75), Span(2.8, 4.4))
    return Transcript(tuple(ws), 6.0, speech, "tiny.en (bundled)", {"beam_size": 5})


def stored(tmp_path, t: Transcript, limit: float) -> tuple[object, int, Analysis]:
    engine = open_engine(tmp_path / "data" / "mockloop.db")
    a = analyse(t.words, t.speech, duration_s=t.duration_s, time_limit_s=limit)
    with Session(engine) as s:
        row = lifecycle.start_attempt(
            s, question=Q, recording_path=tmp_path / "a.wav", time_limit_s=limit
        )
        done = RecordingResult(tmp_path / "a.wav", 16000, t.duration_s, 0, "Mic", False, None)
        lifecycle.finish_recording(s, attempt_id=row.id, result=done)
        records.save_result(s, attempt_id=row.id, transcript=t, analysis=a)
        assert row.id is not None
        return engine, row.id, a


def test_a_result_comes_back_as_the_analysis_that_was_stored(tmp_path):
    t = transcript()
    engine, attempt_id, a = stored(tmp_path, t, limit=3.0)
    with Session(engine) as s:
        record = records.attempt(s, attempt_id)
    assert record is not None and record.report is not None
    assert record.report.analysis == a  # every field, marks and spans as typed objects
    assert record.report.transcript.words == tuple(type(w)(w.text, w.start, w.end) for w in t.words)
    assert record.report.transcript.speech == t.speech
    assert record.report.transcript.decoding == {"beam_size": 5}
    assert isinstance(record.report.analysis.pace, Pace)
    assert {m.kind for m in record.report.analysis.fillers} == {MarkKind.VOCAL, MarkKind.LEXICAL}
    assert record.status is Status.DONE and record.overrun_s == a.overrun_s > 0
    assert a.wordless and a.first_word_over == 7
    assert record.figures["overrun_s"] == a.overrun_s and record.figures["wpm"] == a.wpm


def test_a_record_before_transcription_has_no_report_and_no_overrun(tmp_path):
    engine = open_engine(tmp_path / "mockloop.db")
    with Session(engine) as s:
        row = lifecycle.start_attempt(
            s, question=Q, recording_path=tmp_path / "a.wav", time_limit_s=3
        )
        done = RecordingResult(tmp_path / "a.wav", 16000, 9.0, 0, "Mic", False, None)
        lifecycle.finish_recording(s, attempt_id=row.id, result=done)
        record = records.attempt(s, row.id)
    assert record is not None and record.status is Status.RECORDED
    assert record.report is None and record.duration_s == 9.0 and record.overrun_s is None


def test_an_old_result_is_upgraded_when_the_database_opens(tmp_path):
    """Schema 2 stored version-1 results: overrun to the stop key, no wordless voice. Opening
    measures the overrun again from the stored timings and adds the fidelity spans."""
    t = transcript()
    engine, attempt_id, a = stored(tmp_path, t, limit=3.0)
    engine.dispose()
    db = tmp_path / "data" / "mockloop.db"
    con = sqlite3.connect(db)
    old = json.loads(con.execute("SELECT metrics FROM attempt").fetchone()[0])
    del old["version"], old["wordless"], old["fillers_may_be_missed"]
    old["overrun_s"], old["first_word_over"] = 3.0, None  # 6.0 s stop key - 3 s limit
    con.execute("UPDATE attempt SET metrics = ?, overrun_s = 3.0", (json.dumps(old),))
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()

    engine = open_engine(db)
    con = sqlite3.connect(db)
    column, blob = con.execute("SELECT overrun_s, metrics FROM attempt").fetchone()
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    assert column == pytest.approx(1.4) == a.overrun_s  # 4.4 s last voice - 3 s limit
    assert json.loads(blob)["version"] == results.RESULT_VERSION
    with Session(engine) as s:
        record = records.attempt(s, attempt_id)
    assert record is not None and record.report is not None
    assert record.report.analysis.overrun_s == pytest.approx(1.4)
    assert record.report.analysis.first_word_over == a.first_word_over is not None
    assert record.report.analysis.wordless == a.wordless


def test_an_unanalysed_old_attempt_loses_its_stop_key_overrun(tmp_path):
    db = tmp_path / "mockloop.db"
    engine = open_engine(db)
    with Session(engine) as s:
        lifecycle.start_attempt(s, question=Q, recording_path=tmp_path / "a.wav", time_limit_s=3)
    engine.dispose()
    con = sqlite3.connect(db)
    con.execute("UPDATE attempt SET overrun_s = 6.0, status = 'recorded'")
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    open_engine(db).dispose()
    con = sqlite3.connect(db)
    assert con.execute("SELECT overrun_s FROM attempt").fetchone()[0] is None
    con.close()


def test_a_damaged_result_neither_stops_the_database_opening_nor_the_review(tmp_path):
    t = transcript()
    engine, attempt_id, _ = stored(tmp_path, t, limit=3.0)
    engine.dispose()
    db = tmp_path / "data" / "mockloop.db"
    con = sqlite3.connect(db)
    con.execute("UPDATE attempt SET metrics = ?", (json.dumps({"pace": "odd"}),))
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    engine = open_engine(db)  # the upgrade skips what it cannot read, and keeps it
    con = sqlite3.connect(db)
    assert json.loads(con.execute("SELECT metrics FROM attempt").fetchone()[0]) == {"pace": "odd"}
    con.close()
    with Session(engine) as s:
        record = records.attempt(s, attempt_id)
    assert record is not None and record.report is None and record.status is Status.DONE
