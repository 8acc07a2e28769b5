"""While the full-screen app owns the terminal, or `mockloop record` runs, whatever C libraries
write to file descriptor 2 (ALSA's "underrun occurred", PortAudio's failed expressions when a
device goes, CTranslate2) goes to a log file instead of over the screen. Textual draws through
sys.__stderr__, so that object is pointed at the terminal first."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

STDERR_LOG = "stderr.log"


@contextlib.contextmanager
def c_stderr_to(log_path: Path) -> Iterator[TextIO]:
    """Yields the stream that still reaches the person (write messages there)."""
    original = sys.__stderr__
    try:
        log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        yield sys.stderr  # cannot log: better a message on screen than no app
        return
    try:
        terminal_fd = os.dup(2)
    except OSError:  # no stderr at all (`2>&-`): nothing to keep clean
        os.close(log_fd)
        yield sys.stderr
        return
    terminal = open(  # noqa: SIM115 - closed below, after fd 2 is back
        terminal_fd, "w", encoding="utf-8", errors="backslashreplace", closefd=True
    )
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(log_fd, 2)
    os.close(log_fd)
    sys.__stderr__ = terminal  # type: ignore[misc]  # Textual reads it when the app starts
    try:
        yield terminal
    finally:
        with contextlib.suppress(OSError, ValueError):
            terminal.flush()
        os.dup2(terminal_fd, 2)
        sys.__stderr__ = original  # type: ignore[misc]
        terminal.close()
