"""A real terminal for end-to-end tests: tmux on a private socket, keys sent one at a time,
the screen read back as text."""

from __future__ import annotations

import itertools
import os
import re
import shlex
import subprocess
import time

PASS_ENV = (
    "PULSE_SERVER",
    "PULSE_RUNTIME_PATH",
    "PULSE_STATE_PATH",
    "PULSE_COOKIE",
    "PULSE_CONFIG_PATH",
    "MOCKLOOP_DATA_DIR",
    "MOCKLOOP_CONFIG",
    "TZ",
    "HOME",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "NO_COLOR",
)

_serial = itertools.count()


class Terminal:
    """tmux running one command; the pane stays open after it exits so its last words and
    exit code can be read (`exit <code>` is printed by the wrapper)."""

    def __init__(
        self,
        command: str,
        env: dict[str, str],
        size: tuple[int, int] = (100, 30),
        cwd: str | None = None,
    ) -> None:
        self.socket = f"mockloop-test-{os.getpid()}-{next(_serial)}"
        env_args = [a for k in PASS_ENV if k in env for a in ("-e", f"{k}={env[k]}")]
        cd = f"cd {shlex.quote(cwd)} && " if cwd else ""
        wrapped = f'{cd}{command}; echo "exit $?"; sleep 60'
        self.tmux("new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), *env_args, wrapped)

    def tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return out.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def keys(self, *keys: str) -> None:
        for key in keys:  # one at a time: "Escape g" sent together would arrive as Alt+g
            self.tmux("send-keys", key)
            time.sleep(0.15)

    def wait_for(self, pattern: str, timeout: float = 60.0, poll_s: float = 0.05) -> float:
        """Seconds until pattern is on screen (read every poll_s)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if re.search(pattern, self.screen()):
                return time.monotonic() - t0
            time.sleep(poll_s)
        raise AssertionError(f"{pattern!r} never appeared. Screen:\n{self.screen()}")

    def exit_code(self, timeout: float = 30.0) -> int:
        """The command's exit code, once it has ended."""
        self.wait_for(r"exit \d+", timeout)
        return int(re.findall(r"exit (\d+)", self.screen())[-1])

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
