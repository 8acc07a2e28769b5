"""The interviewer's voice (issue 15, item 1): read aloud through the real sound stack and
heard back by the model; in the app, nothing records while it speaks; without the extra,
a clear line and the question as text."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import replace

import numpy as np
import pytest

from mockloop.cli import main
from mockloop.config import Settings
from mockloop.core.audio.voice import Speech, VoiceUnavailable
from mockloop.ui.messages import PracticeRequested
from mockloop.ui.screens.practice import PracticeScreen
from tests.ui_helpers import make_app, notices, text_of, wait_for

SENTENCE = "Tell me about a time you disagreed with your manager about a launch."

RECORD_WHILE_SAYING = r"""
import sys, time, wave
import numpy as np
import sounddevice as sd
from mockloop.core.audio.voice import PiperInterviewer

interviewer = PiperInterviewer()
interviewer.prepare(sys.argv[2])
blocks = []
with sd.InputStream(samplerate=16000, channels=1, dtype="int16",
                    callback=lambda data, *_: blocks.append(data[:, 0].copy())):
    time.sleep(0.3)
    interviewer.say(sys.argv[2])
    time.sleep(0.5)
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000)
    w.writeframes(np.concatenate(blocks).tobytes())
"""


@pytest.mark.real_audio
@pytest.mark.real_model
def test_the_interviewer_is_heard_through_the_speaker_and_understood(tmp_path, capsys, data_env):
    wav = tmp_path / "heard.wav"
    done = subprocess.run(  # a new process: PortAudio must start after the sound server
        [sys.executable, "-c", RECORD_WHILE_SAYING, str(wav), SENTENCE],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert main(["analyze", str(wav), "--json"]) == 0
    heard = json.loads(capsys.readouterr().out)["transcript"].lower()
    for word in ("disagreed", "manager", "launch"):
        assert word in heard, heard


def test_say_without_the_voice_installed_is_one_clear_line(monkeypatch, capsys, data_env):
    monkeypatch.setitem(sys.modules, "piper", None)  # import piper fails
    assert main(["say", "hello"]) == 1
    err = capsys.readouterr().err
    assert "mockloop[voice]" in err and "Traceback" not in err


class FakeInterviewer:
    """Speaks until released (or stopped); remembers what it said."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.said: list[str] = []
        self.prepared: list[str] = []
        self.done, self.stopped = threading.Event(), threading.Event()
        self.fail = fail

    def prepare(self, text: str) -> Speech:
        self.prepared.append(text)
        return Speech(np.zeros(16000, np.float32), 16000)

    def say(self, text: str) -> None:
        if self.fail:
            raise self.fail
        self.said.append(text)
        while not (self.done.wait(0.01) or self.stopped.is_set()):
            pass

    def stop(self) -> None:
        self.stopped.set()


def voiced_app(tmp_path, interviewer, prep_s=0):
    rig = make_app(tmp_path, settings=replace(Settings(), prep_s=prep_s, interviewer_voice=True))
    rig.app.cases.services.interviewer = interviewer
    return rig


async def test_nothing_records_while_the_interviewer_reads_the_question(tmp_path):
    voice = FakeInterviewer()
    rig = voiced_app(tmp_path, voice)
    q = rig.app.cases.services.bank.get("own-broken-pipeline")
    async with rig.app.run_test(size=(100, 30)) as pilot:
        assert voice.prepared  # Home prepared its suggestion while the person reads
        rig.app.post_message(PracticeRequested([q], "single"))
        await wait_for(pilot, lambda: voice.said == [q.prompt])
        screen = rig.app.screen
        assert "INTERVIEWER" in text_of(screen, "#phase") and not rig.recorders
        voice.done.set()  # it finished: with no prep time the answer starts now
        await wait_for(pilot, lambda: bool(rig.recorders) and rig.recorders[0].started)
        assert "REC" in text_of(screen, "#phase")


async def test_space_interrupts_the_interviewer_and_starts_the_answer(tmp_path):
    voice = FakeInterviewer()
    rig = voiced_app(tmp_path, voice, prep_s=30)
    q = rig.app.cases.services.bank.get("own-broken-pipeline")
    async with rig.app.run_test(size=(100, 30)) as pilot:
        rig.app.post_message(PracticeRequested([q], "single"))
        await wait_for(pilot, lambda: bool(voice.said))
        await pilot.press("space")
        assert voice.stopped.is_set()
        await wait_for(pilot, lambda: bool(rig.recorders) and rig.recorders[0].started)


@pytest.mark.parametrize(
    ("fail", "told"),
    [
        (VoiceUnavailable("the interviewer's voice is not installed"), "not installed"),
        (RuntimeError("voice model damaged"), "the voice failed"),  # never stuck waiting
    ],
)
async def test_without_the_voice_the_question_is_text_and_the_person_is_told(tmp_path, fail, told):
    voice = FakeInterviewer(fail=fail)
    rig = voiced_app(tmp_path, voice, prep_s=30)
    q = rig.app.cases.services.bank.get("own-broken-pipeline")
    async with rig.app.run_test(size=(100, 30)) as pilot:
        rig.app.post_message(PracticeRequested([q], "single"))
        await wait_for(pilot, lambda: isinstance(rig.app.screen, PracticeScreen))
        await wait_for(pilot, lambda: "PREP" in text_of(rig.app.screen, "#phase"))
        await wait_for(pilot, lambda: any(told in n for n in notices(rig.app)))
