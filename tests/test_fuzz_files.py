"""Hypothesis over what people write by hand: config files and question files of any shape,
type and depth. Loading either ends in settings/questions or in one clear error, never in
another exception, and whatever is accepted is within its stated range."""

from __future__ import annotations

import json
import math
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockloop.config import ConfigError, Settings, load_settings
from mockloop.core.bank.questions import MAX_LIMIT_S, load_bank

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=8), inner, max_size=4),
    ),
    max_leaves=12,
)


def toml_value(v: object) -> str:
    """An inline TOML value (the test's own writer: tomllib only reads)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return (
            "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
        )
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


KNOWN = {
    "audio": ["device", "silence_dbfs"],
    "model": ["name", "allow_download"],
    "practice": [
        "time_limit_s",
        "prep_s",
        "hard_cap_factor",
        "set_size",
        "goal_fillers_per_min",
        "live_cue",
    ],
    "questions": ["dirs"],
    "analysis": [
        "long_pause_s",
        "set_off_gap_s",
        "pace_band_wpm",
        "under_time_fraction",
        "vocal_fillers",
        "lexical_fillers",
        "hedges",
    ],
}
known_keys = st.sampled_from([(s, k) for s, keys in KNOWN.items() for k in keys])


@FUZZ
@given(entries=st.lists(st.tuples(known_keys, values), max_size=6))
def test_any_value_for_any_setting_loads_or_is_named(tmp_path: Path, entries):
    by_section: dict[str, dict[str, object]] = {}
    for (section, key), value in entries:
        by_section.setdefault(section, {})[key] = value
    text = "".join(
        f"[{section}]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in table.items())
        for section, table in by_section.items()
    )
    f = tmp_path / "config.toml"
    f.write_text(text, encoding="utf-8")
    try:
        s = load_settings(f)
    except ConfigError as exc:
        named = [f"{sec}.{k}" for sec, table in by_section.items() for k in table]
        assert any(n in str(exc) for n in named) or "line" in str(exc), str(exc)
        return
    for number in (
        s.silence_dbfs,
        s.hard_cap_factor,
        s.goal_fillers_per_min,
        s.analysis.long_pause_s,
        s.analysis.set_off_gap_s,
    ):
        assert math.isfinite(number)
    assert s.prep_s >= 0 and s.set_size >= 1 and s.hard_cap_factor >= 1
    assert 0 <= (s.time_limit_s or 0) <= MAX_LIMIT_S
    low, high = s.analysis.pace_band_wpm
    assert 0 < low < high


@FUZZ
@given(text=st.text(max_size=300))
def test_any_text_as_a_config_file(tmp_path: Path, text: str):
    f = tmp_path / "config.toml"
    f.write_text(text, encoding="utf-8")
    try:
        assert isinstance(load_settings(f), Settings)
    except ConfigError as exc:  # one line that names the file
        assert str(exc).startswith(str(f)) and "\n" not in str(exc).strip()


question_fields = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "prompt",
            "category",
            "principles",
            "time_limit_s",
            "follow_ups",
            "tags",
            "hints",
            "other",
        ]
    ),
    values,
    max_size=9,
)


@FUZZ
@given(questions=st.lists(question_fields, max_size=4), top=st.none() | values)
def test_any_question_file_loads_or_reports(tmp_path: Path, questions, top):
    folder = tmp_path / "bank"
    folder.mkdir(exist_ok=True)
    text = "".join(
        "[[question]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in q.items())
        for q in questions
    )
    if top is not None:
        text = f"extra = {toml_value(top)}\n" + text
    (folder / "mine.toml").write_text(text, encoding="utf-8")
    bank = load_bank([folder])  # never raises: problems are listed
    for q in bank.questions:
        assert q.id and q.prompt.strip() and 0 < q.time_limit_s <= MAX_LIMIT_S
    if not bank.questions:
        assert bank.issues


@FUZZ
@given(text=st.text(max_size=300))
def test_any_text_as_a_question_file(tmp_path: Path, text: str):
    folder = tmp_path / "bank"
    folder.mkdir(exist_ok=True)
    (folder / "mine.toml").write_text(text, encoding="utf-8")
    bank = load_bank([folder])
    assert bank.questions or bank.issues
