import os
import wave

import numpy as np

from mockloop.core.audio.wavfile import StreamingWav, repair_wav


def test_synced_file_is_valid_without_close(tmp_path):
    path = tmp_path / "a.wav"
    w = StreamingWav(path, 16000)
    w.write(np.arange(8000, dtype=np.int16))
    w.sync()
    w.write(np.arange(4000, dtype=np.int16))  # written but not synced: the header lags
    with wave.open(str(path)) as r:
        assert r.getframerate() == 16000 and r.getnframes() == 8000
    # A killed process never closes; the repair adopts everything on disk.
    w._file.flush()
    os.fsync(w._file.fileno())
    assert repair_wav(path) == 12000 / 16000
    with wave.open(str(path)) as r:
        assert r.getnframes() == 12000
    w._file.close()


def test_repair_drops_a_half_written_frame_and_ignores_foreign_files(tmp_path):
    path = tmp_path / "b.wav"
    w = StreamingWav(path, 8000)
    w.write(np.ones(100, dtype=np.int16))
    w.close()
    with open(path, "ab") as f:
        f.write(b"\x01")  # one byte of a frame
    assert repair_wav(path) == 100 / 8000
    assert path.stat().st_size == 44 + 200
    other = tmp_path / "c.wav"
    other.write_bytes(b"not a wav at all" * 4)
    assert repair_wav(other) is None
