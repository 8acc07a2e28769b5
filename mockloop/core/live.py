"""Transcribing while the person is still speaking. The recorder hands every block to feed()
(its writer thread: an append, nothing more). A low-priority worker cuts the audio into chunks
in the pauses, as they close, and decodes each one; when the person stops, only the last chunk
is left to decode. The pieces are merged into one transcript in answer time."""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from mockloop.core.errors import TranscriptionCancelled
from mockloop.core.transcribe import SAMPLE_RATE, Transcriber, Transcript
from mockloop.core.vad import VadSettings, speech_spans
from mockloop.core.words import Span, Word

SpeechFn = Callable[[np.ndarray, VadSettings], list[Span]]


@dataclass(frozen=True)
class LivePlan:
    min_chunk_s: float = 4.0  # shorter pieces cost a whole decode window for little audio
    max_chunk_s: float = 20.0  # a piece must fit one 30 s window with room to spare
    # Past this much audio with no pause of min_gap_s, the widest shorter pause ends the chunk:
    # the last chunk is what the person waits for at stop, so it must not grow to max_chunk_s
    # through a stretch of fluent speech (the breaths between sentences are often ~0.2 s).
    soft_max_s: float = 10.0
    min_gap_s: float = 0.3  # a pause at least this long may end a chunk
    poll_s: float = 0.25
    recheck_s: float = 0.5  # VAD over the open tail again only after this much new audio
    nice: int = 5  # decoding yields to recording and drawing


def choose_cut(spans: list[Span], tail_s: float, plan: LivePlan) -> float | None:
    """Where to end the next chunk, in seconds from its start: the middle of the latest closed
    pause that keeps the chunk between min and max length. None: wait for more audio."""
    gaps = [(a.end, b.start) for a, b in itertools.pairwise(spans)]
    if spans and tail_s - spans[-1].end >= 2 * plan.min_gap_s:
        gaps.append((spans[-1].end, tail_s))  # the person is pausing right now
    fitting = [
        (a + b) / 2
        for a, b in gaps
        if b - a >= plan.min_gap_s and plan.min_chunk_s <= (a + b) / 2 <= plan.max_chunk_s
    ]
    if fitting:
        return fitting[-1]
    if plan.soft_max_s <= tail_s < plan.max_chunk_s:
        shorter = [(b - a, (a + b) / 2) for a, b in gaps
                   if plan.min_chunk_s <= (a + b) / 2 <= plan.max_chunk_s]  # fmt: skip
        if shorter:
            return max(shorter)[1]
    if tail_s >= plan.max_chunk_s:  # no pause long enough: the widest one, else a hard cut
        inside = [(b - a, (a + b) / 2) for a, b in gaps if (a + b) / 2 <= plan.max_chunk_s]
        return max(inside)[1] if inside else plan.max_chunk_s
    return None


class _EitherEvent(threading.Event):
    """Set by itself, or when another event is: the decoder watches one event for both."""

    def __init__(self, other: threading.Event | None) -> None:
        super().__init__()
        self._other = other

    def is_set(self) -> bool:
        return super().is_set() or (self._other is not None and self._other.is_set())


class LiveTranscriber:
    def __init__(
        self,
        transcriber: Transcriber,
        *,
        plan: LivePlan | None = None,
        vad: VadSettings | None = None,
        speech_fn: SpeechFn = speech_spans,
        cancel: threading.Event | None = None,
    ) -> None:
        self.transcriber = transcriber
        self.plan = plan or LivePlan()
        self.vad = vad or VadSettings()
        self._speech_fn = speech_fn
        self._blocks: list[np.ndarray] = []
        self._resampler: Any = None  # av.AudioResampler, for a device that is not 16 kHz
        self._audio = np.zeros(30 * SAMPLE_RATE, dtype=np.float32)  # grows by doubling
        self._size = 0
        self._lock = threading.Lock()
        self._cut = 0  # sample where the next chunk starts
        self._looked_at = 0  # audio size when the open tail last showed no place to cut
        self._pieces: list[Transcript] = []
        # Chunks decoded without island recovery, for refine(): (piece index, start, end).
        self._unrecovered: list[tuple[int, int, int]] = []
        self._stopping = threading.Event()
        self._abandoned = _EitherEvent(cancel)  # cancel(), or the caller's event (app quitting)
        self._done = threading.Event()
        self.error: BaseException | None = None
        self.backlog_s = 0.0  # audio not yet decoded when the answer stopped
        self._worker = threading.Thread(target=self._run, name="mockloop-live", daemon=True)

    def start(self) -> None:
        self._worker.start()

    # -- recorder side (writer thread) -----------------------------------------------------------
    def feed(self, block: np.ndarray, rate: int) -> None:
        if rate == SAMPLE_RATE:
            x = block.reshape(-1).astype(np.float32) / 32768.0
        else:  # a device without 16 kHz: resampled as the file path's decoder does
            x = self._resampled(block, rate)
        with self._lock:
            self._blocks.append(x)

    def _resampled(self, block: np.ndarray, rate: int) -> np.ndarray:
        """FFmpeg's resampler (PyAV, which faster-whisper uses to read the file), streaming with
        its filter state: plain interpolation folds everything above 8 kHz (sibilants, fan
        noise) back into the voice band, where the live decode would hear it and the file
        decode would not."""
        import av

        if self._resampler is None:
            self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        frame = av.AudioFrame.from_ndarray(
            block.reshape(1, -1).astype(np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = rate
        out = [f.to_ndarray().reshape(-1) for f in self._resampler.resample(frame)]
        return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)

    def _flush_resampler(self) -> None:
        if self._resampler is not None:
            rest = [f.to_ndarray().reshape(-1) for f in self._resampler.resample(None)]
            self._resampler = None
            if rest:
                with self._lock:
                    self._blocks.append(np.concatenate(rest).astype(np.float32))

    def cancel(self) -> None:
        """The answer was abandoned: stop without decoding the rest. A decode already running
        stops at its next segment (the transcriber watches the same event)."""
        self._abandoned.set()
        self._stopping.set()

    # -- results ------------------------------------------------------------------------------
    def partial_words(self) -> list[Word]:
        """Words of the chunks decoded so far (for a live cue)."""
        return [w for p in list(self._pieces) for w in p.words]

    def finish(self, timeout: float | None = None) -> Transcript:
        """After the recorder stopped: decode what is left and return the merged transcript."""
        self._flush_resampler()  # no more feed(): the resampler's last samples go in first
        self._stopping.set()
        if not self._done.wait(timeout):
            raise TimeoutError("live transcription did not finish")
        if self.error is not None:
            raise self.error
        audio = self._snapshot()
        return self._merged(audio.size)

    def _merged(self, size: int) -> Transcript:
        merged = merge(self._pieces, size / SAMPLE_RATE, self.transcriber.model_label)
        merged.decoding["live_backlog_s"] = self.backlog_s  # kept with the attempt: diagnosable
        return merged

    def refine(self) -> Transcript | None:
        """After finish(), once the Review is up: the last chunk again, with the island
        recovery the others had, so the answer's count does not depend on which chunk a
        hesitation fell in (and equals what the file path gives the same chunks). None when
        there is nothing to redo. Decoding is seeded: the words are the same, plus any
        recovered hesitations."""
        if not self._unrecovered or self.error is not None:
            return None
        todo, self._unrecovered = self._unrecovered, []
        audio = self._audio[: self._size]
        for index, start, end in todo:
            self._pieces[index] = self.transcriber.transcribe(
                audio[start:end], offset_s=start / SAMPLE_RATE, cancel=self._abandoned,
                recover=True,
            )  # fmt: skip
        return self._merged(audio.size)

    # -- worker -------------------------------------------------------------------------------
    def _snapshot(self) -> np.ndarray:
        """All audio so far (a view). Only the worker calls this, so only it reallocates."""
        with self._lock:
            blocks, self._blocks = self._blocks, []
        for b in blocks:
            if self._size + b.size > self._audio.size:
                grown = np.zeros(max(2 * self._audio.size, self._size + b.size), np.float32)
                grown[: self._size] = self._audio[: self._size]
                self._audio = grown
            self._audio[self._size : self._size + b.size] = b
            self._size += b.size
        return self._audio[: self._size]

    def _run(self) -> None:
        with contextlib.suppress(OSError, AttributeError):  # lower priority where the OS allows
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.plan.nice)
        try:
            while not self._stopping.is_set():
                if not self._decode_next_closed_chunk():
                    self._stopping.wait(self.plan.poll_s)
            if self._cancelled():
                raise TranscriptionCancelled("the answer was abandoned")
            audio = self._snapshot()
            left = audio.size - self._cut
            self.backlog_s = round(left / SAMPLE_RATE, 2)
            if left > 0:  # the last chunk: the only work left after stop
                # Island recovery would add one more decode while the person waits, so the
                # last chunk goes without it (`mockloop analyze` on the file has it all). A
                # backlog longer than a chunk is slow anyway and keeps it.
                backlog = left > self.plan.max_chunk_s * SAMPLE_RATE
                self._decode(audio, self._cut, audio.size, recover=backlog)
        except BaseException as exc:  # handed to finish(); the caller falls back to the file
            self.error = exc
        finally:
            self._done.set()

    def _decode_next_closed_chunk(self) -> bool:
        audio = self._snapshot()
        tail = audio[self._cut :]
        if tail.size < self.plan.min_chunk_s * SAMPLE_RATE:
            return False
        if audio.size - self._looked_at < self.plan.recheck_s * SAMPLE_RATE:
            return False  # nothing new enough to change the answer since the last look
        cut_s = choose_cut(self._speech_fn(tail, self.vad), tail.size / SAMPLE_RATE, self.plan)
        if cut_s is None:
            self._looked_at = audio.size
            return False
        end = self._cut + int(cut_s * SAMPLE_RATE)
        self._decode(audio, self._cut, end)
        return True

    def _cancelled(self) -> bool:
        return self._abandoned.is_set()

    def _decode(
        self, audio: np.ndarray, start: int, end: int, *, recover: bool | None = None
    ) -> None:
        """recover: True always, False never (refine() does it later), None unless the person
        pressed stop while this chunk was decoding: then it waits for refine() too, so the
        Review does not wait for it."""
        if self._cancelled():
            raise TranscriptionCancelled("the answer was abandoned")
        skipped = False

        def wanted() -> bool:
            nonlocal skipped
            skipped = recover is False or (recover is None and self._stopping.is_set())
            return not skipped

        piece = self.transcriber.transcribe(
            audio[start:end], offset_s=start / SAMPLE_RATE, cancel=self._abandoned, recover=wanted
        )
        if skipped:
            self._unrecovered.append((len(self._pieces), start, end))
        self._pieces.append(piece)
        self._cut = end


def merge(pieces: list[Transcript], duration_s: float, model: str) -> Transcript:
    """Pieces cut in pauses never share a word: concatenating them in order is the merge."""
    words = tuple(w for p in pieces for w in p.words)
    speech = tuple(s for p in pieces for s in p.speech)
    decoding = dict(pieces[0].decoding) if pieces else {}
    decoding["live_chunks"] = len(pieces)
    return Transcript(words, duration_s, speech, model, decoding)
