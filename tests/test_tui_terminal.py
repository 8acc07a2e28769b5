"""What the full-screen app does to the terminal it runs in, beyond its own drawing."""

from __future__ import annotations

import argparse
import io
import os
import sys
from datetime import UTC, datetime

from mockloop.cli import tui
from mockloop.cli.context import Context


class ScreenOwningApp:
    """Stands in for the app: draws through sys.__stderr__ as Textual does, while a C library
    writes to file descriptor 2 behind its back."""

    crash_line = None
    return_code = 0

    def __init__(self, cases, *, data_dir) -> None:
        self.cases, self.data_dir = cases, data_dir

    def run(self) -> None:
        sys.__stderr__.write("the screen\n")
        sys.__stderr__.flush()
        os.write(2, b"ALSA lib pcm.c:8570:(snd_pcm_recover) underrun occurred\n")


def test_c_library_messages_go_to_a_log_not_over_the_screen(tmp_path, monkeypatch, capfd):
    # Issue 13: "ALSA lib ... underrun occurred" was printed over the Review during playback.
    import mockloop.ui.app

    monkeypatch.setattr(mockloop.ui.app, "MockloopApp", ScreenOwningApp)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    args = argparse.Namespace(
        data_dir=str(tmp_path / "d"),
        config=str(tmp_path / "c.toml"),
        model=None,
        allow_download=False,
        questions=None,
    )
    assert tui.run_tui(Context(args, io.StringIO(), io.StringIO())) == 0
    err = capfd.readouterr().err
    assert "the screen" in err and "underrun" not in err
    log = tmp_path / "d" / "stderr.log"
    assert "underrun occurred" in log.read_text()
    assert (log.stat().st_mode & 0o777) == 0o600
    os.write(2, b"after the app\n")  # the terminal is the terminal again
    assert "after the app" in capfd.readouterr().err


def test_the_app_points_a_recovered_attempt_at_history_not_at_a_command(tmp_path):
    from sqlmodel import Session

    from mockloop.store.db import open_engine
    from mockloop.store.status import Status
    from mockloop.store.tables import Attempt

    data = tmp_path / "d"
    data.mkdir()
    with Session(open_engine(data / "mockloop.db")) as s:
        s.add(
            Attempt(
                question_id="q",
                question_prompt="Q?",
                question_category="behavioral",
                time_limit_s=120,
                started_at=datetime.now(UTC),
                recording_path=str(data / "gone.wav"),
                status=Status.TRANSCRIBING,
                pid=None,
            )
        )
        s.commit()
    args = argparse.Namespace(
        data_dir=str(data),
        config=str(tmp_path / "c.toml"),
        model=None,
        allow_download=False,
        questions=None,
    )
    services = tui.build_services(Context(args, io.StringIO(), io.StringIO()))
    assert len(services.notices) == 1
    assert "History (h)" in services.notices[0] and "mockloop transcribe" not in services.notices[0]
