"""Building the app for tests: real store on a temp file, fakes for everything slow or audible."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from mockloop.config import Paths, Settings
from mockloop.core.audio.devices import InputDevice
from mockloop.core.bank.questions import builtin_questions_dir, load_bank
from mockloop.core.errors import MockloopError
from mockloop.store.db import open_engine
from mockloop.ui.app import MockloopApp
from mockloop.usecases.cases import UseCases
from mockloop.usecases.services import Services
from tests.fakes import FakeClock, FakePlayer, FakeRecorder, FakeTranscriber

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


@dataclass
class Rig:
    app: MockloopApp
    clock: FakeClock
    player: FakePlayer
    transcriber: FakeTranscriber
    paths: Paths
    recorders: list[FakeRecorder] = field(default_factory=list)


def make_app(
    tmp_path: Path,
    *,
    settings: Settings | None = None,
    transcriber: FakeTranscriber | None = None,
    recorder: Callable[[Path, Settings], FakeRecorder] | None = None,
    make_transcriber: Callable[[Settings], FakeTranscriber] | None = None,
    seed: int = 3,
    load_model: bool = True,
) -> Rig:
    paths = Paths(tmp_path / "data", tmp_path / "config.toml")
    paths.ensure()
    clock, player = FakeClock(), FakePlayer()
    transcriber = transcriber or FakeTranscriber()
    recorders: list[FakeRecorder] = []

    def open_recorder(path: Path, s: Settings, listeners: tuple = ()) -> FakeRecorder:
        rec = recorder(path, s) if recorder else FakeRecorder(path)
        rec.listeners = listeners
        recorders.append(rec)
        return rec

    services = Services(
        engine=open_engine(paths.db_path),
        bank=load_bank([builtin_questions_dir()]),
        settings=settings or replace(Settings(), prep_s=0),
        paths=paths,
        make_transcriber=make_transcriber or (lambda s: transcriber),
        open_recorder=open_recorder,
        list_devices=lambda: [InputDevice(0, "Fake Mic", "Fake API", 1, 48000.0, True)],
        player=player,
        clock=clock,
        now=lambda: NOW,
        rng=random.Random(seed),
    )
    return Rig(
        MockloopApp(UseCases(services), load_model=load_model),
        clock,
        player,
        transcriber,
        paths,
        recorders,
    )


def text_of(screen, selector: str) -> str:
    """What a Static shows, as plain text, whether it holds markup, Content, Text or a Table."""
    import io

    from rich.console import Console
    from textual.content import Content
    from textual.widgets import Static

    static = screen.query_one(selector, Static)
    if isinstance(static.visual, Content):  # a string (markup or not) or a Content
        return static.visual.plain
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(static.content)  # a Rich renderable: Text, Table
    return console.export_text()


def shown(app, selector: str) -> str:
    """What the widget `selector` of the screen showing now says ("" when that screen has
    none): for waiting on a screen that a message is still bringing up."""
    return text_of(app.screen, selector) if app.screen.query(selector) else ""


def practice_ready(app) -> bool:
    """A practice screen is showing and has run its on_mount (its last step draws the clock).
    A screen just pushed may not have composed its widgets yet: no clock is "not ready"."""
    from textual.widgets import Digits

    from mockloop.ui.screens.practice import PracticeScreen

    screen = app.screen
    clock = screen.query("#clock").results(Digits) if isinstance(screen, PracticeScreen) else ()
    return any(c.value != "" for c in clock)


def failing(exc: MockloopError) -> Callable[..., FakeRecorder]:
    def open_recorder(path: Path, s: Settings, listeners: tuple = ()) -> FakeRecorder:
        raise exc

    return open_recorder


async def settle(pilot) -> None:
    """Let pending messages start their workers, await every worker (transcription, the
    model load), then let the messages those workers sent be handled. The flow's walks are
    left out: each waits on the screen now showing, for as long as it shows."""
    await pilot.pause()
    await background_work_done(pilot.app)
    await pilot.pause()


async def background_work_done(app) -> None:
    background = [w for w in app.workers if w.group != "flow"]
    if background:  # an empty list would mean every worker to Textual
        await app.workers.wait_for_complete(background)


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run until condition() holds (worker results arrive by message)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


def notices(app) -> list[str]:
    """The notifications showing now. notify() posts a message, so a note arrives a moment
    after the call: wait for it rather than reading it at once."""
    return [str(n.message) for n in app._notifications]


def screen_text(app) -> str:
    """The whole screen as a person reads it (no colour), dialogs included."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        color_system=None,
        force_terminal=True,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()
