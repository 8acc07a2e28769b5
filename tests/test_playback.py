"""Playback from a point in the recording, through the real sound stack: the virtual
microphone hears what is played into its sink, so what the Review plays can be recorded."""

from __future__ import annotations

import json
import subprocess
import sys
import wave

import numpy as np
import pytest

from mockloop.core.audio.playback import SoundDevicePlayer

RATE = 16000

PROBE = r"""
import json, sys, time
import numpy as np
import sounddevice as sd
from mockloop.core.audio.playback import SoundDevicePlayer

path, start = sys.argv[1], float(sys.argv[2])
player = SoundDevicePlayer()
blocks = []
# Its own stream: sounddevice's play() stops whatever rec() started.
with sd.InputStream(samplerate=16000, channels=1, dtype="float32",
                    callback=lambda data, *_: blocks.append(data[:, 0].copy())):
    time.sleep(0.3)
    player.play(path, start_s=start)
    positions = []
    while player.playing:
        positions.append(player.position_s)
        time.sleep(0.1)
    time.sleep(0.5)
x = np.concatenate(blocks)
spectrum = np.abs(np.fft.rfft(x))
peak_hz = float(np.fft.rfftfreq(x.size, 1 / 16000)[int(np.argmax(spectrum[20:])) + 20])
print(json.dumps({"peak_hz": peak_hz, "first": positions[0], "last": positions[-1]}))
"""


def two_tones(path) -> None:
    """Two seconds at 300 Hz, then one second at 1000 Hz."""
    t = np.arange(RATE * 3) / RATE
    x = np.where(t < 2.0, np.sin(2 * np.pi * 300 * t), np.sin(2 * np.pi * 1000 * t))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((0.5 * 32767 * x).astype("<i2").tobytes())


@pytest.mark.real_audio
def test_playback_from_a_point_plays_from_there(tmp_path):
    two_tones(tmp_path / "a.wav")
    out = subprocess.run(  # a new process: PortAudio must start after the sound server
        [sys.executable, "-c", PROBE, str(tmp_path / "a.wav"), "2.0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["peak_hz"] == pytest.approx(1000, abs=20)  # the second tone, not the first
    assert 2.0 <= got["first"] < 2.3 and 2.6 < got["last"] <= 3.0


class SilentDevice:
    """Stands in for sounddevice: takes what would be played."""

    class PortAudioError(Exception):
        pass

    def __init__(self) -> None:
        self.frames = None

    def play(self, frames, rate):
        self.frames = frames

    def get_stream(self):
        return self

    active = True

    def stop(self) -> None:
        self.active = False


def test_position_counts_from_the_start_point_and_stops_at_the_end(tmp_path):
    two_tones(tmp_path / "a.wav")
    now = [100.0]
    device = SilentDevice()
    player = SoundDevicePlayer(device, clock=lambda: now[0])
    player.play(tmp_path / "a.wav", start_s=2.5)
    assert device.frames.shape == (RATE // 2, 1)  # only the last half second is played
    assert player.position_s == 2.5
    now[0] += 0.3
    assert player.position_s == pytest.approx(2.8)
    now[0] += 5.0
    assert player.position_s == 3.0  # never past the end
    player.play(tmp_path / "a.wav", start_s=99.0)
    assert device.frames.shape == (0, 1)
