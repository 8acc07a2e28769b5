"""Fault injection through the real parts: a full disk and a read-only folder (small tmpfs
mounts), a database locked by another process, a damaged database, a lost microphone (a
private sound server killed mid-answer), pipes closed early, no terminal. Every case must end
in one clear line, a non-zero exit where something failed, and no lost audio."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, mockloop_cmd
from tests.fakes import silent_wav


def run(env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 120):
    return subprocess.run(
        mockloop_cmd(*args),
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=timeout,
    )


def one_clear_line(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    """Non-zero exit, no traceback, and the error is one `mockloop:` line naming the cause."""
    assert proc.returncode != 0, proc
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("mockloop:")]
    assert len(lines) == 1, proc.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs of our own (root only; CI is root)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def start_recording(env: dict[str, str], *flags: str) -> subprocess.Popen[str]:
    """`mockloop record` in the background, returned once its WAV exists (audio is flowing)."""
    audio = Path(env["MOCKLOOP_DATA_DIR"]) / "audio"
    proc = subprocess.Popen(
        mockloop_cmd("record", "--question", "own-broken-pipeline", *flags),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    while not list(audio.glob("*.wav")):
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    return proc


@contextlib.contextmanager
def locked(db: Path) -> Iterator[None]:
    """Another process's exclusive lock on the database, held for the block."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def fill(folder: Path) -> None:
    with open(folder / "ballast", "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass


def seed_attempt(env: dict[str, str], data_dir: Path) -> None:
    """One stored attempt, made through the CLI on a generated clip."""
    audio = data_dir / "audio"
    audio.mkdir(parents=True, exist_ok=True)
    from mockloop.core.bank.questions import builtin_questions_dir, load_bank
    from mockloop.store.attempt import lifecycle
    from mockloop.store.db import open_engine

    q = load_bank([builtin_questions_dir()]).questions[0]
    engine = open_engine(data_dir / "mockloop.db")
    from sqlmodel import Session

    wav = audio / "seed.wav"
    silent_wav(wav, 1.0)
    with Session(engine) as s:
        row = lifecycle.start_attempt(s, question=q, recording_path=wav)
        lifecycle.mark_recorded(s, attempt_id=row.id)
    engine.dispose()


def test_history_and_doctor_on_a_full_disk(tmpfs, data_env):
    env = {**data_env, "MOCKLOOP_DATA_DIR": str(tmpfs / "data")}
    seed_attempt(env, tmpfs / "data")
    fill(tmpfs)
    hist = run(env, "history")
    assert "Traceback" not in hist.stderr
    assert hist.returncode == 0 or "full" in one_clear_line(hist)
    doctor = run(env, "doctor")
    assert "Traceback" not in doctor.stderr + doctor.stdout
    assert "FAIL  free disk" in doctor.stdout


def test_a_new_data_folder_on_a_full_disk_is_one_line(tmpfs, data_env):
    fill(tmpfs)
    env = {**data_env, "MOCKLOOP_DATA_DIR": str(tmpfs / "data")}
    one_clear_line(run(env, "history"), "full")


def test_a_read_only_data_folder_is_named_as_such(tmpfs, data_env):
    env = {**data_env, "MOCKLOOP_DATA_DIR": str(tmpfs / "data")}
    seed_attempt(env, tmpfs / "data")
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    line = one_clear_line(run(env, "transcribe"), "read-only")
    assert str(tmpfs / "data") in line
    doctor = run(env, "doctor")
    assert "FAIL  database" in doctor.stdout and "read-only" in doctor.stdout


def test_doctor_and_transcribe_name_a_read_only_database_file(tmpfs, data_env):
    """The folder is writable, the file is not (immutable: root ignores file modes)."""
    env = {**data_env, "MOCKLOOP_DATA_DIR": str(tmpfs / "data")}
    seed_attempt(env, tmpfs / "data")
    db = tmpfs / "data" / "mockloop.db"
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported here")
    try:
        doctor = run(env, "doctor")
        transcribe = run(env, "transcribe")
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
    (line,) = [x for x in doctor.stdout.splitlines() if "database" in x and "where" not in x]
    assert line.startswith("FAIL") and "read-only" in line, doctor.stdout
    one_clear_line(transcribe, "read-only")


def test_a_database_locked_by_another_process_is_one_line(data_env):
    data_dir = Path(data_env["MOCKLOOP_DATA_DIR"])
    seed_attempt(data_env, data_dir)
    with locked(data_dir / "mockloop.db"):
        one_clear_line(run(data_env, "transcribe"), "busy")


def test_a_damaged_database_is_refused_without_printing_its_content(data_env):
    data_dir = Path(data_env["MOCKLOOP_DATA_DIR"])
    seed_attempt(data_env, data_dir)
    db = data_dir / "mockloop.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    raw = bytearray(db.read_bytes())
    page = 4096
    for start in range(page, len(raw), page):  # every page but the header page
        raw[start : start + page] = b"\xa5" * min(page, len(raw) - start)
    db.write_bytes(bytes(raw))
    proc = run(data_env, "history")
    line = one_clear_line(proc)
    assert "damaged" in line or "not a mockloop database" in line or "malformed" in line


def test_a_closed_pipe_ends_quietly(data_env):
    out = subprocess.run(
        f"{sys.executable} -m mockloop questions list | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env=data_env,
    )
    assert out.returncode == 0 and out.stdout.count("\n") == 1
    assert out.stderr == "", out.stderr


def test_a_fifo_in_a_question_folder_does_not_hang(tmp_path, data_env):
    bank = tmp_path / "bank"
    bank.mkdir()
    os.mkfifo(bank / "trap.toml")
    proc = run(data_env, "questions", "check", str(bank), timeout=20)
    assert proc.returncode == 1 and "not a regular file" in proc.stdout


@pytest.mark.parametrize("stdin", ["/dev/null", "closed"])
def test_the_app_without_a_terminal_says_so_and_exits(data_env, stdin):
    """`mockloop </dev/null` and `mockloop <&-` (Python then has no sys.stdin at all)."""
    redirect = "<&-" if stdin == "closed" else "</dev/null"
    proc = subprocess.run(
        ["bash", "-c", f'"$@" {redirect}', "bash", *mockloop_cmd()],
        capture_output=True,
        text=True,
        env=data_env,
        timeout=30,
    )
    one_clear_line(proc, "needs a terminal")


@pytest.mark.parametrize("command", [("history",), ("questions", "list")])
def test_a_closed_standard_output_is_not_a_crash(data_env, command):
    proc = subprocess.run(
        ["bash", "-c", '"$@" >&-', "bash", *mockloop_cmd(*command)],
        capture_output=True,
        text=True,
        env=data_env,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


@pytest.mark.parametrize(
    "config, words",
    [
        ("[analysis]\npace_band_wpm = [160]\n", ("pace_band_wpm",)),
        ("[analysis]\nvocal_fillers = { um = 5 }\n", ("vocal_fillers",)),
        ("[questions]\ndirs = [1, 2]\n", ("dirs",)),
        ("[practice]\nhard_cap_factor = 0\n", ("hard_cap_factor",)),
        ("x = " + "[" * 3000 + "]" * 3000 + "\n", ("nested",)),
    ],
    ids=["short-band", "filler-number", "dir-numbers", "zero-cap", "deep"],
)
def test_bad_config_is_one_line_for_every_command(data_env, config, words):
    Path(data_env["MOCKLOOP_CONFIG"]).write_text(config)
    for command in (("history",), ("record",), ("questions", "list")):
        one_clear_line(run(data_env, *command), *words)


def test_a_config_path_that_is_a_folder(data_env, tmp_path):
    env = {**data_env, "MOCKLOOP_CONFIG": str(tmp_path)}
    one_clear_line(run(env, "history"), "folder")


@pytest.mark.parametrize("flags", [("--limit", "nan"), ("--limit", "-1:30"), ("--seconds", "0")])
def test_nonsense_numbers_on_the_command_line_are_refused(data_env, flags):
    proc = run(data_env, "record", *flags)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert flags[0] in proc.stderr


@pytest.mark.real_audio
def test_record_notices_a_lost_microphone_at_once_and_keeps_the_audio(data_env, answers):
    """A private sound server of our own, killed four seconds into the answer."""
    rig = subprocess.run(
        [str(REPO / "scripts" / "virtual-mic"), "start"],
        capture_output=True,
        text=True,
        check=True,
    )
    exports = dict(
        item.split("=", 1) for item in rig.stdout.split("export ", 1)[1].split() if "=" in item
    )
    env = {**data_env, **exports}
    data_dir = Path(data_env["MOCKLOOP_DATA_DIR"])
    try:
        proc = start_recording(env, "--seconds", "120")
        player = subprocess.Popen(["paplay", str(answers["filled"])], env=env)
        time.sleep(4.0)
        pid = int((Path(exports["MOCKLOOP_MIC_DIR"]) / "pid").read_text())
        os.kill(pid, signal.SIGKILL)
        player.wait(timeout=30)
        _, err = proc.communicate(timeout=120)
    finally:
        subprocess.run([str(REPO / "scripts" / "virtual-mic"), "stop", exports["MOCKLOOP_MIC_DIR"]])
    assert "Traceback" not in err, err
    assert "Recording stopped" in err and "kept" in err, err
    assert proc.returncode == 1  # saved and reported, but cut short: a script can tell
    assert "pa_linux_alsa.c" not in err  # PortAudio's own complaints go to the log
    con = sqlite3.connect(data_dir / "mockloop.db")
    duration, error = con.execute("SELECT duration_s, error FROM attempt").fetchone()
    con.close()
    assert error and 3.0 < duration < 20.0  # stopped near the loss, not at the 120 s cap


def _app_pid(term) -> int:
    shell = term.tmux("display-message", "-p", "#{pane_pid}").strip()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout
        pids = [int(p) for p in found.split()]
        for pid in pids:
            if "mockloop" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                return pid
        time.sleep(0.1)
    raise AssertionError("mockloop never started")


def _row(data_dir: Path) -> tuple[str, str]:
    con = sqlite3.connect(data_dir / "mockloop.db")
    status, path = con.execute("SELECT status, recording_path FROM attempt").fetchone()
    con.close()
    return status, path


@pytest.mark.real_audio
@pytest.mark.parametrize("how", ["sigterm", "closed terminal"])
def test_the_app_stopped_mid_answer_keeps_the_answer_and_the_terminal(data_env, how):
    import wave

    from tests.terminal import Terminal

    Path(data_env["MOCKLOOP_CONFIG"]).write_text("[practice]\nprep_s = 0\n")
    data_dir = Path(data_env["MOCKLOOP_DATA_DIR"])
    term = Terminal(f"{sys.executable} -m mockloop", data_env)
    try:
        term.wait_for(r"Next up")
        term.keys("p")
        term.wait_for(r"REC")
        time.sleep(2.0)
        pid = _app_pid(term)
        if how == "sigterm":
            os.kill(pid, signal.SIGTERM)
            assert term.exit_code() == 128 + signal.SIGTERM
            screen = term.screen()
            assert "Traceback" not in screen and "REC" not in screen  # the app's screen is gone
        else:
            term.close()
            deadline = time.monotonic() + 20
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        term.close()
    status, stored = _row(data_dir)
    assert status == "recorded"  # stopped cleanly, waiting for transcription: nothing lost
    with wave.open(str(data_dir / stored)) as w:
        assert w.getnframes() / w.getframerate() > 1.5


async def test_a_bug_in_the_app_leaves_a_crash_log_and_one_line(tmp_path):
    from tests.ui_helpers import make_app

    rig = make_app(tmp_path)

    def broken() -> None:
        raise RuntimeError("a bug for the test")

    with pytest.raises(RuntimeError):
        async with rig.app.run_test() as pilot:
            rig.app.call_later(broken)
            await pilot.pause(0.2)
    line = rig.app.crash_line
    assert line and "RuntimeError" in line and "kept" in line
    log = rig.paths.data_dir / "crash.log"
    assert str(log) in line
    assert "a bug for the test" in log.read_text()
    assert log.stat().st_mode & 0o777 == 0o600


@pytest.mark.real_audio
@pytest.mark.parametrize("again", range(3))  # the exit used to die by a signal: run it again
def test_record_on_a_filling_disk_stops_and_keeps_the_audio(tmpfs, data_env, answers, again):
    data_dir = tmpfs / "data"
    env = {**data_env, "MOCKLOOP_DATA_DIR": str(data_dir)}
    seed_attempt(env, data_dir)
    ballast = tmpfs / "ballast"
    fill(tmpfs)
    size = ballast.stat().st_size
    with open(ballast, "r+b") as f:  # leave about 10 s of audio
        f.truncate(size - 320_000)
    player = subprocess.Popen(["paplay", str(answers["filled"])])
    try:
        proc = run(env, "record", "--question", "own-broken-pipeline", "--seconds", "60")
    finally:
        player.terminate()
        player.wait()
    one_clear_line(proc, "disk", "full", ".wav")
    assert proc.returncode == 1  # not a signal at exit (a decoder left inside the model)
    (wav,) = [p for p in (data_dir / "audio").glob("*.wav") if p.name != "seed.wav"]
    import wave

    with wave.open(str(wav)) as w:  # what was written before the disk filled is playable
        assert 3.0 < w.getnframes() / w.getframerate() < 15.0


@pytest.mark.real_audio
def test_record_with_the_database_locked_throughout_keeps_the_audio(data_env):
    data_dir = Path(data_env["MOCKLOOP_DATA_DIR"])
    seed_attempt(data_env, data_dir)
    with locked(data_dir / "mockloop.db"):
        proc = run(data_env, "record", "--question", "own-broken-pipeline", "--seconds", "2")
    line = one_clear_line(proc, "busy", ".wav")
    assert proc.returncode == 1  # not a signal at exit
    wav = Path(line.split("kept in ", 1)[1].split(";")[0])
    assert wav.is_file() and wav.stat().st_size > 16000 * 2


@pytest.mark.real_audio
def test_two_recordings_at_once_are_two_attempts(data_env):
    procs = [
        subprocess.Popen(
            mockloop_cmd("record", "--question", q, "--seconds", "2", "--no-transcribe"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=data_env,
        )
        for q in ("own-broken-pipeline", "own-broken-pipeline")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0 and "Traceback" not in err, err
    con = sqlite3.connect(Path(data_env["MOCKLOOP_DATA_DIR"]) / "mockloop.db")
    rows = con.execute("SELECT status, recording_path FROM attempt").fetchall()
    con.close()
    assert [r[0] for r in rows] == ["recorded", "recorded"]
    assert rows[0][1] != rows[1][1]


@pytest.mark.real_audio
def test_sigterm_mid_answer_ends_the_cli_answer_cleanly(data_env):
    data_dir = Path(data_env["MOCKLOOP_DATA_DIR"])
    proc = start_recording(data_env, "--seconds", "60", "--no-transcribe")
    time.sleep(2.0)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "Transcribe later with: mockloop transcribe 1" in out
    assert _row(data_dir)[0] == "recorded"


@pytest.mark.real_audio
def test_kill_9_mid_transcription_sends_the_attempt_back_to_the_queue(data_env, answers):
    data_dir = Path(data_env["MOCKLOOP_DATA_DIR"])
    seed_attempt(data_env, data_dir)
    long_wav = data_dir / "audio" / "seed.wav"
    long_wav.write_bytes(answers["filled"].read_bytes())
    proc = subprocess.Popen(
        mockloop_cmd("transcribe", "1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=data_env,
    )
    deadline = time.monotonic() + 60
    while _row(data_dir)[0] != "transcribing" and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    again = run(data_env, "history")
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert _row(data_dir)[0] == "recorded"
