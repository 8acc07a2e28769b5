import errno
import sys
import time
import wave

import numpy as np
import pytest

from mockloop.core.audio import devices as devices_mod
from mockloop.core.audio.devices import resolve_input_device
from mockloop.core.audio.recorder import Recorder, RecorderSettings
from mockloop.core.audio.wavfile import StreamingWav
from mockloop.core.errors import (
    DeviceUnavailable,
    NoInputDevice,
    PortAudioMissing,
    RecordingWriteError,
)
from tests.fake_sd import FakeSoundDevice


def tone(seconds: float, rate: int = 16000, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * 32767 * np.sin(2 * np.pi * 220 * t)).astype(np.int16)


def blocks_of(x: np.ndarray, rate: int = 16000) -> list[np.ndarray]:
    n = rate // 10
    return [x[i : i + n] for i in range(0, len(x), n)]


def read_wav(path):
    with wave.open(str(path)) as w:
        return w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def record(tmp_path, sd, name="a.wav", **settings):
    device = resolve_input_device(None, sd)
    rec = Recorder(tmp_path / name, device, RecorderSettings(**settings), sd=sd)
    rec.start()
    return rec, rec.stop()


def test_a_device_that_goes_away_is_reported_and_its_audio_kept(tmp_path):
    audio = tone(1.0)
    sd = FakeSoundDevice(blocks_of(audio), lost=True)
    device = resolve_input_device(None, sd)
    rec = Recorder(tmp_path / "a.wav", device, RecorderSettings(), sd=sd)
    rec.start()
    for _ in range(200):  # the fake's thread ends the stream by itself
        if rec.status().error:
            break
        time.sleep(0.01)
    assert "stopped delivering audio" in (rec.status().error or "")
    result = rec.stop()
    assert "stopped delivering audio" in (result.error or "")
    assert np.array_equal(read_wav(result.path)[1], audio)


def test_an_input_that_goes_quiet_without_a_word_is_a_lost_device(tmp_path):
    sd = FakeSoundDevice(blocks_of(tone(0.5)))  # delivers, then hangs: no callback, no end
    device = resolve_input_device(None, sd)
    rec = Recorder(tmp_path / "a.wav", device, RecorderSettings(stall_s=0.3), sd=sd)
    rec.start()
    for _ in range(300):
        if rec.status().error:
            break
        time.sleep(0.01)
    assert "stopped delivering audio" in (rec.status().error or "")
    assert "stopped delivering audio" in (rec.stop().error or "")


def test_every_block_reaches_the_file(tmp_path):
    audio = tone(2.0)
    sd = FakeSoundDevice(blocks_of(audio), overflow_at={3, 7})
    rec, result = record(tmp_path, sd)
    rate, data = read_wav(result.path)
    assert rate == 16000 and np.array_equal(data, audio)
    assert result.duration_s == pytest.approx(2.0)
    assert result.overflows == 2 and result.error is None and not result.silent
    assert sd.opened_with["samplerate"] == 16000 and sd.opened_with["dtype"] == "int16"
    assert rec.status().level.peak_dbfs == pytest.approx(20 * np.log10(0.5), abs=0.1)
    assert (result.path.stat().st_mode & 0o777) == 0o600


def test_device_without_16k_records_at_its_own_rate(tmp_path):
    sd = FakeSoundDevice(blocks_of(tone(1.0, 48000), 48000), accept_16k=False)
    _, result = record(tmp_path, sd)
    assert result.samplerate == 48000 and read_wav(result.path)[0] == 48000


def test_silent_input_is_flagged_after_the_window(tmp_path):
    quiet = np.zeros(16000 * 4, dtype=np.int16)
    _, result = record(tmp_path, FakeSoundDevice(blocks_of(quiet)), silence_window_s=3.0)
    assert result.silent
    speech_late = np.concatenate([np.zeros(16000 * 2, np.int16), tone(2.0)])
    _, result = record(
        tmp_path, FakeSoundDevice(blocks_of(speech_late)), "b.wav", silence_window_s=3.0
    )
    assert not result.silent


def test_the_silent_warning_clears_once_the_person_speaks(tmp_path):
    # Issue 13: "The microphone is silent" stayed on after the person started speaking.
    speech_after_window = np.concatenate([np.zeros(16000 * 4, np.int16), tone(1.0)])
    _, result = record(
        tmp_path, FakeSoundDevice(blocks_of(speech_after_window)), silence_window_s=3.0
    )
    assert not result.silent


def test_listeners_receive_every_block(tmp_path):
    got = []
    sd = FakeSoundDevice(blocks_of(tone(1.0)))
    rec = Recorder(
        tmp_path / "l.wav",
        resolve_input_device(None, sd),
        sd=sd,
        listeners=(lambda b, r: got.append(len(b)),),
    )
    rec.start()
    rec.stop()
    assert sum(got) == 16000


def test_disk_full_keeps_what_was_written_and_says_so(tmp_path, monkeypatch):
    calls = {"n": 0}
    real_write = StreamingWav.write

    def failing_write(self, block):
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, block)

    monkeypatch.setattr(StreamingWav, "write", failing_write)
    _, result = record(tmp_path, FakeSoundDevice(blocks_of(tone(2.0))))
    assert result.error is not None and "disk" in result.error and "full" in result.error
    assert read_wav(result.path)[1].size == 5 * 1600


def test_unwritable_recordings_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    sd = FakeSoundDevice(blocks_of(tone(0.5)))
    rec = Recorder(blocker / "a.wav", resolve_input_device(None, sd), sd=sd)
    with pytest.raises(RecordingWriteError, match="cannot write the recording"):
        rec.start()


def test_busy_device_is_a_clear_error(tmp_path):
    sd = FakeSoundDevice(start_error="Device unavailable [PaErrorCode -9985]")
    rec = Recorder(tmp_path / "a.wav", resolve_input_device(None, sd), sd=sd)
    with pytest.raises(DeviceUnavailable, match="another program"):
        rec.start()


def test_no_input_device(tmp_path):
    only_output = FakeSoundDevice(
        devices=[{"name": "Spk", "hostapi": 0, "max_input_channels": 0, "default_samplerate": 1.0}]
    )
    with pytest.raises(NoInputDevice, match="No microphone found"):
        resolve_input_device(None, only_output)
    with pytest.raises(NoInputDevice, match=r"was not found\. Available: 'Fake Mic'"):
        resolve_input_device("USB Headset", FakeSoundDevice())
    assert resolve_input_device("fake", FakeSoundDevice()).name == "Fake Mic"


def test_portaudio_missing_names_the_package(monkeypatch):
    class Broken:
        def find_spec(self, name, path=None, target=None):
            if name == "sounddevice":
                raise OSError("PortAudio library not found")
            return None

    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Broken(), *sys.meta_path])
    with pytest.raises(PortAudioMissing, match="apt-get install libportaudio2"):
        devices_mod.import_sounddevice()
