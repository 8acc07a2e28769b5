"""A backup is untrusted input: every row of an export is checked here before restore writes
anything. Types (through the tables' own models), ranges, enumerations, ids, references
between rows, the stored results (read back through the same code the app reads them with),
text (control and bidi characters dropped) and recording paths (one plain name in audio/)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import SQLModel

from mockloop.core.analysis.room import read_room
from mockloop.core.bank.questions import CATEGORIES, canonical_principle
from mockloop.core.bank.stories import Story, StoryError, checked
from mockloop.core.errors import MockloopError
from mockloop.core.loops.draw import from_json
from mockloop.core.safe_text import clean_line, clean_text
from mockloop.store.attempt import results
from mockloop.store.loops import LoopStatus
from mockloop.store.tables import (
    Attempt,
    AttemptPrinciple,
    MockLoop,
    PracticeSession,
    Status,
    StoryRow,
)

MAX_TEXT = 1_000_000  # characters in one field: a 30-minute transcript is about 40,000
MULTILINE = frozenset(
    {
        "note",
        "transcript",
        "error",
        "situation",
        "task",
        "action",
        "result",
        "numbers",
        "question_prompt",
    }
)
_WHOLE_NUMBERS = frozenset(
    {
        "id",
        "session_id",
        "story_id",
        "parent_id",
        "attempt_id",
        "rating",
        "pid",
        "filler_count",
        "long_pause_count",
        "hedge_count",
        "overflow_count",
        "samplerate",
    }
)
RECORDING_PATH = re.compile(r"audio/[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
# Attempt figures that are counts or amounts: never negative.
_NOT_NEGATIVE = (
    "duration_s",
    "overrun_s",
    "filler_count",
    "fillers_per_min",
    "wpm",
    "long_pause_count",
    "hedge_count",
    "overflow_count",
)


class BackupError(MockloopError):
    """An export or a restore cannot go ahead."""


Rows = dict[type[SQLModel], list[Any]]


def checked_rows(raw: Rows) -> dict[type[SQLModel], list[SQLModel]]:
    """Every row as its table's model, or BackupError naming the first bad value."""
    out: dict[type[SQLModel], list[SQLModel]] = {}
    for table, rows in raw.items():
        if not isinstance(rows, list):
            raise BackupError(f"{_name(table)}.json does not hold a list of rows")
        out[table] = [_model(table, i, row) for i, row in enumerate(rows, 1)]
    _check_ids(out)
    _check_references(out)
    return out


def _model(table: type[SQLModel], index: int, row: Any) -> SQLModel:
    where = f"{_name(table)}.json row {index}"
    if not isinstance(row, dict):
        raise BackupError(f"{where} is not an object")
    for key in _WHOLE_NUMBERS & row.keys():  # the models would take true for 1, "7" for 7
        value = row[key]
        _require(value is None or type(value) is int, where, f"{key} is not a whole number")
    try:
        model = table.model_validate(row)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise BackupError(f"{where}: {field}: {first['msg']}") from exc
    for name, value in list(vars(model).items()):
        if not name.startswith("_"):
            setattr(model, name, _plain(where, name, value))
    _RULES[table](where, model)
    return model


def _plain(where: str, name: str, value: Any) -> Any:
    """Text cleaned, numbers finite, times in UTC."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise BackupError(f"{where}: {name} is longer than {MAX_TEXT} characters")
        return clean_text(value) if name in MULTILINE else clean_line(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise BackupError(f"{where}: {name} is not a finite number")
    if isinstance(value, datetime):  # stored in UTC; a time with no zone was written in UTC
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, list):  # JSON columns: a word's text reaches the screen too
        return [_plain(where, name, v) for v in value]
    if isinstance(value, dict):
        return {clean_line(str(k)): _plain(where, name, v) for k, v in value.items()}
    return value


def _require(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise BackupError(f"{where}: {what}")


def _check_session(where: str, row: Any) -> None:
    _require(len(row.mode) <= 20, where, "mode is not one of mockloop's")


def _check_loop(where: str, row: Any) -> None:
    _require(row.status in set(LoopStatus), where, f"status {row.status!r} is not a loop status")
    try:
        from_json(row.drawn)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupError(f"{where}: the questions drawn for the loop cannot be read") from exc


def _check_story(where: str, row: Any) -> None:
    try:
        story = checked(
            Story(
                row.title,
                tuple(row.principles),
                row.numbers,
                row.situation,
                row.task,
                row.action,
                row.result,
            )
        )
    except StoryError as exc:
        raise BackupError(f"{where}: {exc}") from exc
    row.title, row.principles = story.title, list(story.principles)


def _check_attempt(where: str, row: Any) -> None:
    _require(row.status in set(Status), where, f"status {row.status!r} is not an attempt status")
    _require(row.rating is None or 1 <= row.rating <= 5, where, "rating is not 1-5")
    _require(row.question_category in CATEGORIES, where, "question_category is unknown")
    _require(0 < row.time_limit_s <= 3600, where, "time_limit_s is not 1 s to 1 hour")
    _require(row.samplerate is None or 0 < row.samplerate <= 384_000, where, "bad samplerate")
    for name in _NOT_NEGATIVE:
        value = getattr(row, name)
        _require(value is None or value >= 0, where, f"{name} is negative")
    _require(
        bool(RECORDING_PATH.fullmatch(row.recording_path)),
        where,
        f"recording_path {row.recording_path!r} is not a file name in audio/",
    )
    row.question_principles = _principles(where, row.question_principles)
    row.pid = None  # a process of the machine the backup came from: never one of this machine's
    try:
        results.read_report(
            words=row.words,
            speech=row.speech,
            metrics=row.metrics,
            model=row.model,
            decoding=row.decoding,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupError(f"{where}: its stored analysis cannot be read") from exc
    row.metrics = _checked_room(row.metrics)


def _checked_room(metrics: Any) -> Any:
    """The analysis with its room as numbers read back, or without one that is not a room (a
    room only says how sure the counts are: the answer's analysis stands without it)."""
    if not isinstance(metrics, dict) or "room" not in metrics:
        return metrics
    room = read_room(metrics["room"])
    rest = {k: v for k, v in metrics.items() if k != "room"}
    return rest if room is None else rest | {"room": room.to_dict()}


def _check_principle(where: str, row: Any) -> None:
    row.principle = _principles(where, [row.principle])[0]


def _principles(where: str, names: Iterable[str]) -> list[str]:
    official = [canonical_principle(n) for n in names]
    _require(None not in official, where, "names a leadership principle that does not exist")
    return [n for n in official if n is not None]


_RULES: Mapping[type[SQLModel], Callable[[str, Any], None]] = {
    PracticeSession: _check_session,
    MockLoop: _check_loop,
    StoryRow: _check_story,
    Attempt: _check_attempt,
    AttemptPrinciple: _check_principle,
}


def _check_ids(tables: dict[type[SQLModel], list[Any]]) -> None:
    for table, rows in tables.items():
        if table is AttemptPrinciple:
            keys = [(r.attempt_id, r.principle) for r in rows]
            _require(len(set(keys)) == len(keys), _name(table), "a principle is listed twice")
            continue
        ids = [r.id for r in rows]
        _require(
            all(isinstance(i, int) and i >= 1 for i in ids),
            _name(table),
            "every id is a whole number of at least 1",
        )
        _require(len(set(ids)) == len(ids), _name(table), "two rows share an id")
    titles = [r.title.casefold() for r in tables.get(StoryRow, [])]
    _require(len(set(titles)) == len(titles), "story", "two stories have the same title")


def _check_references(tables: dict[type[SQLModel], list[Any]]) -> None:
    ids = {t: {r.id for r in rows} for t, rows in tables.items() if t is not AttemptPrinciple}
    links = (
        (MockLoop, "session_id", PracticeSession),
        (Attempt, "session_id", PracticeSession),
        (Attempt, "story_id", StoryRow),
        (Attempt, "parent_id", Attempt),
        (AttemptPrinciple, "attempt_id", Attempt),
    )
    for table, column, target in links:
        for row in tables.get(table, []):
            value = getattr(row, column)
            known = ids.get(target, set())
            _require(
                value is None or value in known,
                f"{_name(table)} {getattr(row, 'id', '')}",
                f"{column} {value} refers to no row of {_name(target)}",
            )
    for row in tables.get(Attempt, []):
        _require(row.parent_id != row.id, f"attempt {row.id}", "it follows up itself")


def _name(table: type[SQLModel]) -> str:
    return str(table.__tablename__)
