"""Reading an answer's file a piece at a time: the same samples as faster-whisper's reader,
and a long file transcribed in bounded pieces cut in pauses."""

from __future__ import annotations

import itertools
from pathlib import Path

import av
import numpy as np
import pytest

from mockloop.core.analysis.words import Transcript, Word
from mockloop.core.errors import AudioFileError
from mockloop.core.speech.audio_file import audio_blocks, load_audio, pause_cut, transcribe_file
from mockloop.core.speech.vad import SAMPLE_RATE, speech_spans
from tests.speech import read_wav


def write_flac(path: Path, pcm: np.ndarray, rate: int) -> Path:
    """Stereo 44.1 kHz FLAC through PyAV: a format and rate the app never records itself."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("flac", rate=rate, layout="stereo")
        for i in range(0, pcm.size, 4096):
            part = pcm[i : i + 4096]
            frame = av.AudioFrame.from_ndarray(
                np.stack([part, part], 1).reshape(1, -1), format="s16", layout="stereo"
            )
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def test_samples_equal_faster_whispers_reader(answers, tmp_path):
    from faster_whisper import decode_audio

    pcm, rate = read_wav(answers["filled"])
    pcm = pcm.reshape(-1)
    t = np.arange(int(pcm.size * 44100 / rate)) / 44100
    resampled = np.interp(t, np.arange(pcm.size) / rate, pcm.astype(np.float32))
    flac = write_flac(tmp_path / "answer.flac", resampled.astype(np.int16), 44100)
    for path in (answers["filled"], flac):
        ours = load_audio(path)
        assert np.array_equal(ours, decode_audio(str(path), sampling_rate=SAMPLE_RATE))
        assert sum(b.size for b in audio_blocks(path)) == ours.size


def test_a_file_with_no_audio_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioFileError, match=r"empty\.wav"):
        load_audio(empty)
    with pytest.raises(AudioFileError, match="no such file"):
        load_audio(tmp_path / "gone.wav")


class PieceRecorder:
    """Stands in for the model: keeps what it was given, answers one word per piece."""

    model_label = "pieces"

    def __init__(self) -> None:
        self.pieces: list[tuple[float, int]] = []

    def load(self) -> None:
        return None

    def transcribe(self, audio, *, offset_s=0.0, progress=None, cancel=None, recover=True):
        self.pieces.append((offset_s, audio.size))
        if progress:
            progress(1.0)
        word = Word("piece", offset_s, offset_s + 0.1, 1.0)
        return Transcript((word,), audio.size / SAMPLE_RATE, (), self.model_label, {"x": 1})


def test_a_long_file_goes_in_bounded_pieces_cut_in_pauses(answers):
    """The memory bound: no piece is longer than piece_s, the pieces tile the file, and every
    cut lies in a pause, so no voiced stretch is split between two pieces."""
    audio = load_audio(answers["filled"])
    model = PieceRecorder()
    seen: list[float] = []
    result = transcribe_file(answers["filled"], model, piece_s=12.0, progress=seen.append)
    assert len(model.pieces) >= 3
    assert all(size <= 12.0 * SAMPLE_RATE for _, size in model.pieces)
    ends = np.cumsum([size for _, size in model.pieces])
    assert ends[-1] == audio.size
    assert [o for o, _ in model.pieces] == [0.0, *(e / SAMPLE_RATE for e in ends[:-1])]
    spans = speech_spans(audio)
    for cut in ends[:-1] / SAMPLE_RATE:
        assert not any(s.start + 0.05 < cut < s.end - 0.05 for s in spans), cut
    assert [w.start for w in result.words] == [o for o, _ in model.pieces]
    assert result.duration_s == audio.size / SAMPLE_RATE and result.decoding == {"x": 1}
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_a_short_answer_is_one_piece(answers):
    model = PieceRecorder()
    transcribe_file(answers["filled"], model)
    assert len(model.pieces) == 1


def test_a_piece_ends_in_its_widest_late_pause_else_at_its_end(monkeypatch):
    import mockloop.core.speech.audio_file as audio_file
    from mockloop.core.analysis.words import Span

    audio = np.zeros(SAMPLE_RATE * 60, np.float32)  # the last 30 s are searched: 30-60 s
    spans = [Span(0.0, 10.0), Span(10.5, 20.0), Span(21.0, 29.8)]  # as seen from 30 s
    monkeypatch.setattr(audio_file, "speech_spans", lambda a, v: spans)
    assert pause_cut(audio) == 30 * SAMPLE_RATE + int(20.5 * SAMPLE_RATE)  # the 1 s pause
    monkeypatch.setattr(audio_file, "speech_spans", lambda a, v: [Span(0.0, 30.0)])
    assert pause_cut(audio) == audio.size  # no pause at all: a hard cut at the end


def test_the_pieces_of_a_live_transcription_are_decoded_again_as_they_were(answers):
    """ends: where the live pieces ended. The same pieces are decoded, and after the last only
    speech is (here a silence is appended: it is skipped, but counts in the duration)."""
    audio = load_audio(answers["filled"])
    spans = speech_spans(audio)
    ends = [int((a.end + b.start) / 2 * SAMPLE_RATE) for a, b in itertools.pairwise(spans)][:3]
    model = PieceRecorder()
    result = transcribe_file(answers["filled"], model, ends=[*ends, audio.size])
    assert [o for o, _ in model.pieces] == [0.0, *(e / SAMPLE_RATE for e in ends)]
    assert sum(size for _, size in model.pieces) == audio.size
    assert result.decoding["pieces"] == [*ends, audio.size]
    model = PieceRecorder()
    result = transcribe_file(answers["filled"], model, ends=ends[:2])  # speech after the last
    assert [o for o, _ in model.pieces] == [0.0, *(e / SAMPLE_RATE for e in ends[:2])]
    assert result.duration_s == audio.size / SAMPLE_RATE


def test_stored_pieces_are_used_only_when_well_formed():
    from mockloop.usecases.transcription import live_ends

    assert live_ends({"pieces": [16000, 48000]}) == [16000, 48000]
    for bad in ([48000, 16000], [16000, 16000], [1.5], [True], [], "x", None):
        assert live_ends({"pieces": bad}) is None, bad
    assert live_ends(None) is None
