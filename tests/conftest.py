"""Shared fixtures. Tests that need the real virtual microphone or the real model are marked
and skipped with a reason when the rig is absent (the README's test command always has it)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_WORKER_MIC = pytest.StashKey[str]()

# Dates on screen are local time: pin the zone so snapshots and day-grouping are the same
# on every machine.
os.environ["TZ"] = "UTC"
time.tzset()


def pytest_configure(config: pytest.Config) -> None:
    """Under xdist each worker gets its own virtual microphone: two answers played at once
    into one sink would be heard mixed by both recorders."""
    if not (os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("MOCKLOOP_MIC_DIR")):
        return
    started = subprocess.run(
        [str(REPO / "scripts" / "virtual-mic"), "start"],
        capture_output=True,
        text=True,
        check=True,
    )
    exports = started.stdout.split(maxsplit=1)[1]
    for pair in exports.split():
        name, value = pair.split("=", 1)
        os.environ[name] = value
    config.stash[_WORKER_MIC] = os.environ["MOCKLOOP_MIC_DIR"]


def pytest_unconfigure(config: pytest.Config) -> None:
    mic_dir = config.stash.get(_WORKER_MIC, None)
    if mic_dir:
        subprocess.run([str(REPO / "scripts" / "virtual-mic"), "stop", mic_dir], check=False)


# The slow tier: whole-app runs (random keys, fuzzing, subprocesses under injected faults,
# real terminals, the installed wheel). With the real-audio and real-model tests they are left
# out by `scripts/test --fast`; the README's test command runs every tier.
SLOW_MODULES = {
    "test_monkey",
    "test_fuzz_text",
    "test_fuzz_backup",
    "test_fuzz_files",
    "test_faults",
    "test_exit",
    "test_wheel_install",
    "test_e2e_loop",
    "test_e2e_terminal",
    "test_tui_terminal",
    "test_bootstrap",
    "test_untrusted",
    "test_store_files",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in SLOW_MODULES or {"real_audio", "real_model"} & set(item.keywords):
            item.add_marker(pytest.mark.slow)
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
