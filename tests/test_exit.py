"""No exit ends in a signal (issue 23): whatever ends the process (an error, SIGTERM, Ctrl-C),
no thread is left inside the speech model's native code, where the model's destructors would
kill the process with SIGSEGV or SIGABRT. One mechanism (core.model_exit, called by
mockloop.cli.run) serves every command; each path is run several times through the real
model."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from tests.conftest import mockloop_cmd
from tests.test_faults import seed_attempt

RUNS = 3

# A command whose work is a decode on another thread when it fails: the shape of `record`
# on a full disk (the live transcriber is mid-chunk when the database write fails).
LEAVES_A_DECODER = """
import sys, threading, time
from pathlib import Path
import mockloop.cli as cli
from mockloop.core import model_exit
from mockloop.core.speech.audio_file import load_audio
from mockloop.core.speech.models import resolve_model
from mockloop.core.speech.transcribe import WhisperTranscriber

audio = load_audio(Path(sys.argv[1]))
transcriber = WhisperTranscriber(resolve_model(None))
transcriber.load()

def decode():
    try:
        transcriber.transcribe(audio)
    except Exception:
        pass

def failing_command(argv=None):
    threading.Thread(target=decode, daemon=True).start()
    while model_exit._calls().running == 0:
        time.sleep(0.01)
    time.sleep(0.5)  # well inside the decoder
    print("mockloop: the disk is full", file=sys.stderr)
    return 1

cli.main = failing_command
cli.run()
"""


@pytest.mark.real_model
@pytest.mark.parametrize("run", range(RUNS))
def test_an_error_while_a_decoder_runs_exits_with_its_code(answers, run):
    proc = subprocess.run(
        [sys.executable, "-c", LEAVES_A_DECODER, str(answers["filled"])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-500:])
    assert proc.stderr.strip() == "mockloop: the disk is full"


@pytest.fixture(scope="module")
def long_answer(answers, tmp_path_factory) -> Path:
    """The scripted answer four times over (about 2.5 minutes): no machine decodes it before
    the signal comes."""
    out = tmp_path_factory.mktemp("long") / "long.wav"
    with wave.open(str(answers["filled"])) as w:
        params, frames = w.getparams(), w.readframes(w.getnframes())
    with wave.open(str(out), "wb") as w:
        w.setparams(params)
        w.writeframes(frames * 4)
    return out


def interrupted(command: list[str], sig: signal.Signals, env: dict[str, str]) -> tuple[int, str]:
    """Run a command that decodes, send sig once the model is decoding (tiny.en loads in
    about a second); its exit code and standard error. SIGINT is made the default in the
    child, as a terminal has it (a shell's background job would have it ignored)."""
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(3.0)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


@pytest.mark.real_model
@pytest.mark.parametrize("run", range(RUNS))
def test_sigterm_mid_analysis_is_a_clean_exit(data_env, answers, run):
    code, err = interrupted(
        mockloop_cmd("analyze", str(answers["filled"])), signal.SIGTERM, data_env
    )
    assert code == 143, (code, err)
    assert "stopped (SIGTERM)" in err and "Traceback" not in err


@pytest.mark.real_model
@pytest.mark.parametrize("run", range(RUNS))
def test_ctrl_c_mid_transcription_exits_and_requeues_the_attempt(data_env, long_answer, run):
    data_dir = Path(data_env["MOCKLOOP_DATA_DIR"])
    seed_attempt(data_env, data_dir)
    (data_dir / "audio" / "seed.wav").write_bytes(long_answer.read_bytes())
    code, err = interrupted(mockloop_cmd("transcribe", "1"), signal.SIGINT, data_env)
    assert code == 130, (code, err)
    assert "interrupted" in err and "Traceback" not in err
    con = sqlite3.connect(data_dir / "mockloop.db")
    (status,) = con.execute("SELECT status FROM attempt WHERE id = 1").fetchone()
    con.close()
    assert status in ("recorded", "transcribing")  # queued again (at once, or at next start)
