"""Export everything and restore it into a fresh data folder (issue 15, item 7): same ids,
same figures, transcripts, stories and ratings, the recordings copied byte for byte."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mockloop.cli import main
from mockloop.core.bank.stories import Story
from mockloop.core.loops.draw import draw_loop
from mockloop.core.loops.plans import builtin_plans_dir, load_plans
from mockloop.store import loops, stories
from mockloop.store.attempt import records
from mockloop.store.attempt.lists import HistoryQuery
from mockloop.store.db import open_engine
from mockloop.store.tables import Attempt, AttemptPrinciple
from tests.test_ui_screens import seed
from tests.ui_helpers import make_app


def filled(tmp_path):
    rig = make_app(tmp_path / "old")
    ids = seed(rig.app, rig.paths.audio_dir)
    with Session(rig.app.cases.services.engine) as s:
        story = stories.save(s, Story("Churn rescue", ("Dive Deep",), "12%"))
        stories.set_story(s, attempt_id=ids[0], story_id=story.id)
        row = s.get(Attempt, ids[1])
        row.rating, row.note = 4, "say the number first"
        s.add(row)
        s.commit()
        plan = load_plans([builtin_plans_dir()]).get("quick-loop")
        loop = loops.create(
            s, draw_loop(plan, rig.app.cases.services.bank, {}, rng=random.Random(1))
        )
        loops.set_status(s, loop.id, loops.LoopStatus.DONE)
    return rig


def everything(engine):
    """What a person has, with each recording by name (the export makes paths relative)."""
    with Session(engine) as s:
        history = [
            replace(a, recording_path=Path(a.recording_path).name)
            for a in records.history(s, HistoryQuery(limit=100))
        ]
        principles = sorted((p.attempt_id, p.principle) for p in s.exec(select(AttemptPrinciple)))
        return history, stories.all_stories(s), principles, loops.every(s)


def test_a_json_export_restores_into_a_fresh_folder_exactly(tmp_path, monkeypatch, capsys):
    rig = filled(tmp_path)
    old = rig.paths.data_dir
    monkeypatch.setenv("MOCKLOOP_CONFIG", str(tmp_path / "c.toml"))
    assert main(["--data-dir", str(old), "export", str(tmp_path / "backup")]) == 0
    out = capsys.readouterr().out
    assert "5 attempt" in out and "1 story" in out and "5 recordings" in out
    assert main(["--data-dir", str(tmp_path / "new"), "restore", str(tmp_path / "backup")]) == 0
    assert "Restored" in capsys.readouterr().out
    before = everything(rig.app.cases.services.engine)
    after = everything(open_engine(tmp_path / "new" / "mockloop.db"))
    assert after == before  # same ids, figures, ratings, notes, stories, principles, loops
    assert len(before[3]) == 1 and before[3][0].status == "done"
    for a in before[0]:
        copy = tmp_path / "new" / "audio" / a.recording_path
        assert copy.read_bytes() == (old / "audio" / a.recording_path).read_bytes()
        assert (copy.stat().st_mode & 0o777) == 0o600
    # A second restore into the same folder is refused, and changes nothing.
    assert main(["--data-dir", str(tmp_path / "new"), "restore", str(tmp_path / "backup")]) == 1
    assert "empty data folder" in capsys.readouterr().err
    assert everything(open_engine(tmp_path / "new" / "mockloop.db")) == before


def test_a_csv_export_is_one_row_per_attempt_and_per_story(tmp_path, monkeypatch, capsys):
    rig = filled(tmp_path)
    monkeypatch.setenv("MOCKLOOP_CONFIG", str(tmp_path / "c.toml"))
    args = ["--data-dir", str(rig.paths.data_dir), "export", str(tmp_path / "sheets")]
    assert main([*args, "--format", "csv"]) == 0
    with (tmp_path / "sheets" / "attempts.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 5 and {r["question_id"] for r in rows} >= {"prod-search-quality"}
    assert [r["fillers_per_min"] for r in rows][:4] == ["6.0", "4.5", "3.0", "1.5"]
    assert rows[1]["rating"] == "4" and rows[1]["note"] == "say the number first"
    with (tmp_path / "sheets" / "stories.csv").open(encoding="utf-8") as f:
        (story,) = list(csv.DictReader(f))
    assert story["title"] == "Churn rescue" and story["principles"] == "Dive Deep"


@pytest.mark.parametrize(
    ("prepare", "why"),
    [
        (lambda d: (d / "x").write_text("x"), "is not empty"),
    ],
)
def test_an_export_never_writes_into_a_folder_in_use(tmp_path, monkeypatch, capsys, prepare, why):
    monkeypatch.setenv("MOCKLOOP_CONFIG", str(tmp_path / "c.toml"))
    target = tmp_path / "used"
    target.mkdir()
    prepare(target)
    assert main(["--data-dir", str(tmp_path / "d"), "export", str(target)]) == 1
    assert why in capsys.readouterr().err


def test_restore_refuses_what_is_not_an_export(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MOCKLOOP_CONFIG", str(tmp_path / "c.toml"))
    (tmp_path / "junk").mkdir()
    assert main(["--data-dir", str(tmp_path / "d"), "restore", str(tmp_path / "junk")]) == 1
    assert "is not a mockloop export" in capsys.readouterr().err
    (tmp_path / "junk" / "mockloop-export.json").write_text(json.dumps({"format": 1}))
    assert main(["--data-dir", str(tmp_path / "d"), "restore", str(tmp_path / "junk")]) == 1
    assert "cannot read the export" in capsys.readouterr().err


def test_an_export_made_before_mock_loops_still_restores(tmp_path, monkeypatch, capsys):
    rig = filled(tmp_path)
    monkeypatch.setenv("MOCKLOOP_CONFIG", str(tmp_path / "c.toml"))
    assert main(["--data-dir", str(rig.paths.data_dir), "export", str(tmp_path / "b")]) == 0
    (tmp_path / "b" / "mock_loop.json").unlink()  # as an export from before schema 6
    assert main(["--data-dir", str(tmp_path / "new"), "restore", str(tmp_path / "b")]) == 0
    history, _, _, restored_loops = everything(open_engine(tmp_path / "new" / "mockloop.db"))
    assert len(history) == 5 and restored_loops == []
