"""Shared fixtures. Tests that need the real virtual microphone or the real model are marked
and skipped with a reason when the rig is absent (the README's test command always has it)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Dates on screen are local time: pin the zone so snapshots and day-grouping are the same
# on every machine.
os.environ["TZ"] = "UTC"
time.tzset()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PULSE_SERVER"):
        return
    skip = pytest.mark.skip(reason="no virtual microphone: run the suite with scripts/test")
    for item in items:
        if "real_audio" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def data_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A private data dir and config file, for in-process and subprocess runs alike."""
    env = {
        "MOCKLOOP_DATA_DIR": str(tmp_path / "data"),
        "MOCKLOOP_CONFIG": str(tmp_path / "config.toml"),
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("MOCKLOOP_QUESTIONS", raising=False)
    return {**os.environ, **env}


def mockloop_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "mockloop", *args]


@pytest.fixture(scope="session")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The scripted answers, spoken once per test session."""
    from tests.speech import CONTROL, FILLED, synthesize

    out = tmp_path_factory.mktemp("speech")
    return {s.name: synthesize(s, out) for s in (FILLED, CONTROL)}
