"""Writing a report file: owner-only (it holds what a person said), and a full disk or a
read-only folder is one clear line."""

from __future__ import annotations

import os
from pathlib import Path

from mockloop.core.errors import MockloopError
from mockloop.failures import explain


def save_report(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise MockloopError(explain(exc, path) or f"cannot write {path}: {exc}") from exc
    return path
