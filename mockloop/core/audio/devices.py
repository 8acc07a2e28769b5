"""Input devices through PortAudio. sounddevice is imported lazily so that a missing
PortAudio becomes a typed error the UI can show, not a crash at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from mockloop.core.errors import NoInputDevice, PortAudioMissing

SYSTEM_DEFAULT = "default"
PORTAUDIO_HINT = (
    "PortAudio is not installed. On Debian/Ubuntu: sudo apt-get install libportaudio2 "
    "(on macOS: brew install portaudio)."
)


def import_sounddevice() -> ModuleType:
    try:
        import sounddevice
    except OSError as exc:  # sounddevice raises OSError when libportaudio cannot be loaded
        raise PortAudioMissing(PORTAUDIO_HINT) from exc
    module: ModuleType = sounddevice
    return module


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    hostapi: str
    max_input_channels: int
    default_samplerate: float
    is_default: bool = False

    def __str__(self) -> str:
        mark = " (system default)" if self.is_default else ""
        return f"{self.name}{mark}"


def list_input_devices(sd: Any = None) -> list[InputDevice]:
    sd = sd or import_sounddevice()
    try:
        default_in = sd.default.device[0]
        hostapis = sd.query_hostapis()
        raw = sd.query_devices()
    except sd.PortAudioError as exc:
        raise NoInputDevice(f"PortAudio could not list devices: {exc}") from exc
    devices = []
    for i, d in enumerate(raw):
        if d["max_input_channels"] < 1:
            continue
        devices.append(
            InputDevice(
                index=i,
                name=d["name"],
                hostapi=hostapis[d["hostapi"]]["name"],
                max_input_channels=d["max_input_channels"],
                default_samplerate=float(d["default_samplerate"]),
                is_default=(i == default_in),
            )
        )
    return devices


def resolve_input_device(name: str | None, sd: Any = None) -> InputDevice:
    """The device to record from: by remembered name (exact, then unique substring),
    or the system default when name is empty or 'default'."""
    devices = list_input_devices(sd)
    if not devices:
        raise NoInputDevice(
            "No microphone found. Plug one in (or check that your sound server is running), "
            "then run 'mockloop devices' to see what PortAudio sees."
        )
    if not name or name == SYSTEM_DEFAULT:
        for d in devices:
            if d.is_default:
                return d
        return devices[0]
    exact = [d for d in devices if d.name == name]
    if exact:
        return exact[0]
    partial = [d for d in devices if name.casefold() in d.name.casefold()]
    if len(partial) == 1:
        return partial[0]
    names = ", ".join(repr(d.name) for d in devices)
    why = "matches several devices" if partial else "was not found"
    raise NoInputDevice(f"Input device {name!r} {why}. Available: {names}.")
