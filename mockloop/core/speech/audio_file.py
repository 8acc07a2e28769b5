"""An answer's file to words a piece at a time, so memory does not grow with the file's length.

faster-whisper's own reader holds the whole file as one array, and its VAD runs every window
of it in one batch: a 30-minute file peaked at 766 MB. Here the file is decoded frame by frame
(PyAV, resampled exactly as that reader does), and audio longer than PIECE_S is transcribed in
pieces cut in a pause. An answer up to PIECE_S long is one piece: the same words as before."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from mockloop.core.analysis.words import Transcript, joined
from mockloop.core.errors import AudioFileError
from mockloop.core.speech.transcribe import Progress, Transcriber
from mockloop.core.speech.vad import SAMPLE_RATE, VadSettings, speech_spans

if TYPE_CHECKING:
    import av

PIECE_S = 180.0  # longer than any timed answer, short enough to bound the VAD's batch
SEARCH_S = 30.0  # a piece ends at the widest pause in its last SEARCH_S
_GROUP_SAMPLES = 500_000  # frames are resampled in groups of this size, as faster-whisper does


def audio_blocks(path: Path) -> Iterator[np.ndarray]:
    """16 kHz mono float32, a block at a time, from any format FFmpeg (PyAV) reads."""
    if not path.is_file():
        raise AudioFileError(f"{path}: no such file")
    import av

    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioFileError(f"{path}: the file holds no audio")
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            for group in itertools.chain(_groups(container), [None]):
                yield _samples(resampler.resample(group))
    except AudioFileError:
        raise
    except Exception as exc:  # PyAV raises many types for bad input
        raise AudioFileError(
            f"{path}: not a readable audio file ({exc.__class__.__name__}: {exc})"
        ) from exc


def _groups(container: av.container.InputContainer) -> Iterator[av.AudioFrame | None]:
    import av

    fifo = av.AudioFifo()
    frames = container.decode(audio=0)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            break
        except av.error.InvalidDataError:
            continue  # a damaged frame: skip it, as faster-whisper's reader does
        frame.pts = None
        fifo.write(frame)
        if fifo.samples >= _GROUP_SAMPLES:
            yield fifo.read()
    if fifo.samples:
        yield fifo.read()


def load_audio(path: Path) -> np.ndarray:
    """The whole file at once, 16 kHz mono float32 (short clips, benchmarks and tests)."""
    blocks = list(audio_blocks(path))
    audio = np.concatenate(blocks) if blocks else np.zeros(0, np.float32)
    if audio.size == 0:
        raise AudioFileError(f"{path}: the file holds no audio")
    return audio


def audio_length_s(path: Path) -> float | None:
    """The length the container states (None when it does not): only for progress."""
    import av

    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            return container.duration / av.time_base if container.duration else None
    except Exception:  # progress is a nicety; audio_blocks reports a bad file
        return None


def pause_cut(audio: np.ndarray, vad: VadSettings | None = None) -> int:
    """Where to end a piece of audio: the middle of the widest pause in its last SEARCH_S,
    else its end (a hard cut, in speech with no pause at all)."""
    start = max(0, audio.size - int(SEARCH_S * SAMPLE_RATE))
    spans = speech_spans(audio[start:], vad or VadSettings())
    edges = [0.0, *(t for s in spans for t in (s.start, s.end)), (audio.size - start) / SAMPLE_RATE]
    gaps = [(b - a, (a + b) / 2) for a, b in zip(edges[::2], edges[1::2], strict=True) if b > a]
    inner = [g for g in gaps if 0 < g[1] < (audio.size - start) / SAMPLE_RATE]
    if not inner:
        return audio.size
    return start + int(max(inner)[1] * SAMPLE_RATE)


def transcribe_file(
    path: Path,
    transcriber: Transcriber,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    piece_s: float = PIECE_S,
    ends: Sequence[int] | None = None,
) -> Transcript:
    """The file's words. ends: where the pieces of a live transcription ended (16 kHz samples,
    the first from 0): decoding the same pieces gives the same words as the Review showed,
    and after the last piece only speech is decoded, as the live path does."""
    ends = [e for e in ends or () if e > 0] or None
    pieces = _Pieces(transcriber, audio_length_s(path), progress, cancel, piece_s, ends)
    for block in audio_blocks(path):
        pieces.feed(block)
    seen = pieces.finish()
    if seen == 0:
        raise AudioFileError(f"{path}: the file holds no audio")
    result = joined(pieces.parts, seen / SAMPLE_RATE, transcriber.model_label)
    if ends is not None:
        result.decoding["pieces"] = list(ends)  # a second "Transcribe again" does the same
    return result


class _Pieces:
    """A file's audio, held as it is read, cut into pieces and decoded one by one."""

    def __init__(
        self,
        transcriber: Transcriber,
        total_s: float | None,
        progress: Progress | None,
        cancel: threading.Event | None,
        piece_s: float,
        ends: list[int] | None,
    ) -> None:
        self.transcriber, self.total_s = transcriber, total_s
        self.progress, self.cancel, self.piece_s, self.ends = progress, cancel, piece_s, ends
        self.parts: list[Transcript] = []
        self.done = 0  # samples handed on: decoded, or silence after the last live piece
        self.held = np.zeros(0, np.float32)
        self.todo = list(ends or ())

    def feed(self, block: np.ndarray) -> None:
        self.held = np.concatenate((self.held, block))
        while (n := self._next_piece(final=False)) is not None:
            self._transcribe(n)

    def finish(self) -> int:
        """Decode what is left; the samples seen in all."""
        while (n := self._next_piece(final=True)) is not None:
            self._transcribe(n)
        if self.held.size and speech_spans(self.held, VadSettings()):
            self._transcribe(self.held.size)
        return self.done + self.held.size

    def _transcribe(self, n: int) -> None:
        offset, length = self.done / SAMPLE_RATE, n / SAMPLE_RATE
        whole = max(self.total_s or 0.0, offset + length)
        progress = self.progress

        def report(f: float) -> None:
            if progress:
                progress(min(1.0, (offset + f * length) / whole))

        self.parts.append(
            self.transcriber.transcribe(
                self.held[:n], offset_s=offset, progress=report, cancel=self.cancel
            )
        )
        self.done += n
        self.held = self.held[n:].copy()  # the rest only: the piece's memory goes

    def _next_piece(self, final: bool) -> int | None:
        """Samples of held audio that make the next piece; None: wait (or, final, done)."""
        held = self.held
        if self.ends is not None:
            if not self.todo:
                return None  # the rest, after the last live piece: finish() decides
            n = self.todo[0] - self.done
            if n <= held.size or (final and held.size):
                self.todo.pop(0)
                return min(n, held.size)
            return None
        if held.size > self.piece_s * SAMPLE_RATE:
            return pause_cut(held[: int(self.piece_s * SAMPLE_RATE)])
        return held.size if final and held.size else None


class StreamResampler:
    """A live device's 16-bit blocks at any rate -> 16 kHz float32, with FFmpeg's resampler
    keeping its filter state across blocks, set up as the file reader's: the live audio is
    then the very samples the file gives (checked), so both paths hear the same thing. Plain
    interpolation folded everything above 8 kHz (sibilants, fan noise) into the voice band."""

    def __init__(self) -> None:
        self._resampler: av.AudioResampler | None = None

    def resample(self, block: np.ndarray, rate: int) -> np.ndarray:
        import av

        if self._resampler is None:
            self._resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        frame = av.AudioFrame.from_ndarray(
            block.reshape(1, -1).astype(np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = rate
        return _samples(self._resampler.resample(frame))

    def flush(self) -> np.ndarray:
        """The samples the resampler still holds, once the last block is in."""
        if self._resampler is None:
            return np.zeros(0, np.float32)
        rest, self._resampler = self._resampler.resample(None), None
        return _samples(rest)


def _samples(frames: list[av.AudioFrame]) -> np.ndarray:
    out = [f.to_ndarray().reshape(-1) for f in frames]
    return np.concatenate(out).astype(np.float32) / 32768.0 if out else np.zeros(0, np.float32)
