"""The story bank (issue 14): TOML round trip, the store, suggestions, coverage, progress per
story, the notes against what was said, the CLI, and the upgrade of an older database."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from mockloop.cli import main
from mockloop.core.bank.stories import Story, StoryError, from_toml, notes_against_answer, to_toml
from mockloop.store import stories
from mockloop.store.attempt import lifecycle, records
from mockloop.store.db import SCHEMA_VERSION, open_engine
from mockloop.store.status import Status
from mockloop.store.tables import Attempt
from tests.words import words

CHURN = Story(
    "Churn rescue",
    ("Ownership", "Dive Deep"),
    "18% less churn; $1.2 million saved",
    situation='Churn doubled "fast"\nin two quarters',
    task="Find the cause",
    action="Joined logs [with] billing",
    result="Churn fell 18%",
)
PRICING = Story("Pricing test", ("Customer Obsession", "Ownership"), "9% more opens")


def test_stories_round_trip_through_toml_exactly():
    text = to_toml([CHURN, PRICING])
    assert from_toml(text) == [CHURN, PRICING]
    assert from_toml(to_toml(from_toml(text))) == [CHURN, PRICING]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("[[story]]\ntitle = ''\n", "needs a title"),
        ("[[story]]\ntitle = 'a'\nprinciples = ['Be Nice']\n", "'Be Nice' is not a leadership"),
        ("[[story]]\ntitle = 'a'\nmood = 'x'\n", "unknown keys: mood"),
        ("[[story]]\ntitle = 'a'\n[[story]]\ntitle = 'A'\n", "same title"),
        ("[[story]]\ntitle = 'a'\nprinciples = 'Ownership'\n", "principles a list"),
        ("story = 3\n", "[[story]] tables"),
        ("title = [\n", "not valid TOML"),
    ],
)
def test_a_bad_stories_file_is_refused_with_one_clear_line(text, why):
    with pytest.raises(StoryError, match=why.replace("[", r"\[").replace("]", r"\]")):
        from_toml(text)


def test_principles_are_spelled_officially():
    (story,) = from_toml("[[story]]\ntitle = 't'\nprinciples = ['dive deep', 'DIVE DEEP']\n")
    assert story.principles == ("Dive Deep",)


@pytest.fixture
def session(tmp_path):
    with Session(open_engine(tmp_path / "m.db")) as s:
        yield s


def told(
    session,
    story_id,
    *,
    days,
    fpm=3.0,
    text="At my last job churn doubled. "
    "I joined the logs. I interviewed ten customers. In the end churn fell by 18 percent.",
):
    ws = words(text)
    row = Attempt(
        question_id="q",
        question_prompt="Q?",
        question_category="behavioral",
        started_at=datetime(2026, 11, 1, tzinfo=UTC) + timedelta(days=days),
        time_limit_s=120,
        duration_s=60 + days,
        recording_path="x.wav",
        status=Status.DONE,
        fillers_per_min=fpm,
        story_id=story_id,
        words=[{"text": w.text, "start": w.start, "end": w.end} for w in ws],
    )
    session.add(row)
    session.commit()
    return row.id


def test_the_store_saves_suggests_covers_and_tracks_each_story(session):
    churn, pricing = stories.save(session, CHURN), stories.save(session, PRICING)
    with pytest.raises(StoryError, match="already a story called"):
        stories.save(session, Story("Churn rescue"))
    # Both answer Ownership; neither told yet: by title. Then the one told least recently.
    assert stories.suggest(session, ["Ownership"]).title == "Churn rescue"
    told(session, churn.id, days=1, fpm=8.0)
    assert stories.suggest(session, ["Ownership"]).title == "Pricing test"
    told(session, pricing.id, days=2)
    assert stories.suggest(session, ["Ownership"]).title == "Churn rescue"
    assert stories.suggest(session, ["Dive Deep"]).title == "Churn rescue"
    assert stories.suggest(session, ["Think Big"]) is None
    rows = {r.principle: r for r in stories.coverage(session)}
    assert len(rows) == 16 and rows["Ownership"].stories == ("Churn rescue", "Pricing test")
    assert rows["Think Big"].gap and not rows["Dive Deep"].gap
    told(session, churn.id, days=3, fpm=2.0)
    by_title = {p.story.title: p for p in stories.progress(session)}
    churn_progress = by_title["Churn rescue"]
    assert churn_progress.answers == 2 and churn_progress.mean_fillers_per_min == 5.0
    assert churn_progress.mean_duration_s == 62.0
    assert churn_progress.mean_result_start_s == pytest.approx(14 * 0.3)  # "In the end": word 14
    assert churn_progress.fillers_trend.direction == "falling"  # 8.0 -> 2.0: beyond the error
    # Deleting a story keeps the answers told from it.
    stories.delete(session, churn.id)
    assert [s.title for s in stories.all_stories(session)] == ["Pricing test"]
    assert session.get(Attempt, 1).story_id is None


def test_import_adds_new_titles_and_updates_known_ones(session):
    stories.save(session, CHURN)
    changed = Story("Churn rescue", ("Dive Deep",), "20%")
    assert stories.import_stories(session, [changed, PRICING]) == (1, 1)
    assert stories.all_stories(session)[0].principles == ("Dive Deep",)


def test_the_notes_are_checked_against_what_was_said():
    said = words("In the end churn fell by 18 % and we kept 300 accounts.")
    assert notes_against_answer(CHURN, said) == [
        "✓ said 18% less churn",
        "your notes mention $1.2 million saved; the answer did not say it",
    ]
    assert notes_against_answer(CHURN, words("In the end churn fell a lot.")) == [
        "your notes mention 18% less churn; the answer never said a number"
    ]
    assert (
        notes_against_answer(CHURN, words("It fell by eighteen percent."))[0]
        == "✓ said 18% less churn"
    )
    assert notes_against_answer(Story("No numbers"), said) == []


def test_the_cli_exports_and_imports_the_bank(tmp_path, capsys, data_env):
    source = tmp_path / "mine.toml"
    source.write_text(to_toml([CHURN, PRICING]), encoding="utf-8")
    assert main(["stories", "import", str(source)]) == 0
    assert "2 stories added, 0 updated" in capsys.readouterr().out
    out = tmp_path / "out.toml"
    assert main(["stories", "export", str(out)]) == 0
    assert from_toml(out.read_text(encoding="utf-8")) == [CHURN, PRICING]
    assert main(["stories", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Ownership" in listed and "Churn rescue, Pricing test" in listed and "NO STORY" in listed
    bad = tmp_path / "bad.toml"
    bad.write_text("[[story]]\ntitle = 'x'\nprinciples = ['Nope']\n")
    assert main(["stories", "import", str(bad)]) == 1
    assert "'Nope' is not a leadership principle" in capsys.readouterr().err


def test_a_schema_3_database_gains_the_story_bank_and_follow_ups_and_keeps_its_attempts(
    tmp_path,
):
    db = tmp_path / "m.db"
    with Session(open_engine(db)) as s:
        told(s, None, days=0)
        told(s, None, days=1)
    con = sqlite3.connect(db)  # back to schema 3: no story table, no story or parent column
    ddl = con.execute("SELECT sql FROM sqlite_master WHERE name = 'attempt'").fetchone()[0]
    old_ddl = ddl
    for column, target in (("story_id", "story"), ("parent_id", "attempt")):
        old_ddl = re.sub(rf",\s*{column} INTEGER", "", old_ddl)
        old_ddl = re.sub(
            rf",\s*FOREIGN KEY\({column}\) REFERENCES {target} \(id\) ON DELETE SET NULL",
            "",
            old_ddl,
        )
    assert "story" not in old_ddl and "parent" not in old_ddl
    keep = [r[1] for r in con.execute("PRAGMA table_info(attempt)")]
    columns = [c for c in keep if c not in ("story_id", "parent_id")]
    con.executescript(
        "PRAGMA foreign_keys = OFF; DROP INDEX ix_attempt_story_id; DROP INDEX ix_attempt_parent_id;"
        f" ALTER TABLE attempt RENAME TO new; {old_ddl}; INSERT INTO attempt SELECT "
        f"{', '.join(columns)} FROM new; DROP TABLE new; DROP TABLE story; PRAGMA user_version = 3;"
    )
    con.close()
    with Session(open_engine(db)) as s:
        story = stories.save(s, CHURN)
        stories.set_story(s, attempt_id=1, story_id=story.id)
        lifecycle.set_parent(s, attempt_id=2, parent_id=1)
        assert s.get(Attempt, 1).story_id == story.id
        assert [r.id for r in records.follow_ups(s, 1)] == [2]
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    con.close()
