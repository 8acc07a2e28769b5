"""The set-up script's promise for people without root: name the exact command, change nothing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import REPO


def stub(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def test_without_root_it_prints_the_apt_line_and_stops(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub(bin_dir, "id", 'if [ "$1" = "-u" ]; then echo 1000; else exec /usr/bin/id "$@"; fi')
    # libportaudio2 is missing; every other package is installed.
    stub(
        bin_dir,
        "dpkg-query",
        'case "$*" in *libportaudio2*) exit 1;; *) echo "install ok installed";; esac',
    )
    stub(bin_dir, "apt-get", "echo apt-get must not run >&2; exit 99")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    out = subprocess.run(
        ["bash", str(REPO / "scripts" / "bootstrap")], capture_output=True, text=True, env=env
    )
    assert out.returncode == 1
    assert "sudo apt-get install -y libportaudio2" in out.stderr
    assert "must not run" not in out.stderr


def test_the_test_mode_also_asks_for_the_rig_packages(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub(bin_dir, "id", 'if [ "$1" = "-u" ]; then echo 1000; else exec /usr/bin/id "$@"; fi')
    stub(bin_dir, "dpkg-query", "exit 1")  # nothing installed
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    out = subprocess.run(
        ["bash", str(REPO / "scripts" / "bootstrap"), "--test"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 1
    line = next(x for x in out.stderr.splitlines() if "sudo apt-get install" in x).split()
    for package in (
        "libportaudio2",
        "pulseaudio",
        "pulseaudio-utils",
        "libasound2-plugins",
        "tmux",
        "espeak-ng",
    ):
        assert package in line
