"""Transcribing while the person is still speaking. The recorder hands every block to feed()
(its writer thread: an append, nothing more). A low-priority worker cuts the audio into chunks
in the pauses, as they close, and decodes each one; when the person stops, only the last chunk
is left to decode. The pieces are merged into one transcript in answer time."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mockloop.core.analysis.words import Span, Word, joined
from mockloop.core.cancel_event import EitherEvent
from mockloop.core.errors import TranscriptionCancelled
from mockloop.core.speech.audio_file import StreamResampler
from mockloop.core.speech.live_cuts import LivePlan, choose_cut
from mockloop.core.speech.transcribe import SAMPLE_RATE, Transcriber, Transcript
from mockloop.core.speech.vad import VadSettings, speech_spans

__all__ = ["LivePlan", "LiveTranscriber", "choose_cut", "merge"]

SpeechFn = Callable[[np.ndarray, VadSettings], list[Span]]


@dataclass(frozen=True)
class _Guess:
    start: int  # samples: the open tail it decoded, start to end
    end: int
    piece: Transcript
    recovered: bool  # False: stop came before its island recovery; refine() does it


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
        self._resampler = StreamResampler()  # for a device that is not 16 kHz
        self._audio = np.zeros(30 * SAMPLE_RATE, dtype=np.float32)  # grows by doubling
        self._size = 0
        self._fed = 0  # 16 kHz samples handed to feed(), in blocks or not yet taken
        self._lock = threading.Lock()
        self._cut = 0  # sample where the next chunk starts
        self._looked_at = 0  # audio size when the open tail last showed no place to cut
        self._pieces: list[Transcript] = []
        # Chunks decoded without island recovery, for refine(): (piece index, start, end).
        self._unrecovered: list[tuple[int, int, int]] = []
        self._guess: _Guess | None = None
        self._ends: list[int] = []  # where each piece ended (16 kHz samples), for the file path
        self.guesses = 0  # tail decodes made ahead of a stop (kept with the attempt)
        self._stopping = threading.Event()
        self._abandoned = EitherEvent(cancel)  # cancel(), or the caller's event (app quitting)
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
            x = self._resampler.resample(block, rate)
        self._append(x)

    def _flush_resampler(self) -> None:
        rest = self._resampler.flush()
        if rest.size:
            self._append(rest)

    def _append(self, x: np.ndarray) -> None:
        with self._lock:
            self._blocks.append(x)
            self._fed += x.size

    @property
    def behind_s(self) -> float:
        """Audio fed but not yet in a committed chunk, in seconds: how far the worker is behind
        the recording right now (a guess at the open tail is not counted as decoded)."""
        with self._lock:
            return (self._fed - self._cut) / SAMPLE_RATE

    def cancel(self, wait_s: float = 0.0) -> None:
        """The answer was abandoned: stop without decoding the rest. A decode already running
        stops at its next segment (the transcriber watches the same event). wait_s: wait that
        long for the worker to end, for a process about to exit: a worker still inside the
        model's C++ code (loading it, say) at exit aborts the process."""
        self._abandoned.set()
        self._stopping.set()
        if wait_s > 0 and self._worker.is_alive():
            self._worker.join(wait_s)

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
        merged.decoding["live_guesses"] = self.guesses
        merged.decoding["live_unrecovered"] = len(self._unrecovered)  # 0 once refine() ran
        # "Transcribe again" decodes the same pieces of the file: the same words (seeded).
        merged.decoding["pieces"] = list(self._ends)
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
                audio[start:end],
                offset_s=start / SAMPLE_RATE,
                cancel=self._abandoned,
                recover=True,
            )
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
            if self._guess_holds(audio):
                self.backlog_s = 0.0
            elif left > 0:  # the last chunk: the only work left after stop
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
        if tail.size < self.plan.recheck_s * SAMPLE_RATE:
            return False
        if audio.size - self._looked_at < self.plan.recheck_s * SAMPLE_RATE:
            return False  # nothing new enough to change the answer since the last look
        spans = self._speech_fn(tail, self.vad)
        long_enough = tail.size >= self.plan.min_chunk_s * SAMPLE_RATE
        cut_s = choose_cut(spans, tail.size / SAMPLE_RATE, self.plan) if long_enough else None
        if cut_s is None:
            self._looked_at = audio.size
            self._guess_tail(audio, spans)
            return False
        end = self._cut + int(cut_s * SAMPLE_RATE)
        if not self._take_guess(spans, end):
            self._decode(audio, self._cut, end)
        return True

    def _guess_tail(self, audio: np.ndarray, spans: list[Span]) -> None:
        """Decode the open tail now if it ends in a pause and holds speech not yet guessed."""
        gap = self.plan.guess_gap_s
        tail_s = (audio.size - self._cut) / SAMPLE_RATE
        if gap is None or not spans or tail_s - spans[-1].end < gap:
            return
        old = self._guess
        if (
            old is not None
            and old.start == self._cut
            and old.end >= self._cut + int(spans[-1].end * SAMPLE_RATE)
        ):
            return  # no new speech since the last guess
        skipped = False

        def wanted() -> bool:  # recovery, as for a chunk, unless the person pressed stop
            nonlocal skipped
            skipped = self._stopping.is_set()
            return not skipped

        piece = self.transcriber.transcribe(
            audio[self._cut :],
            offset_s=self._cut / SAMPLE_RATE,
            cancel=self._abandoned,
            recover=wanted,
        )
        self._guess = _Guess(self._cut, audio.size, piece, recovered=not skipped)
        self.guesses += 1

    def _take_guess(self, spans: list[Span], end: int) -> bool:
        """A pause closed where the last guess ended: the guess is that chunk, already decoded
        (ending in the same pause, a little earlier or later)."""
        g = self._guess
        if g is None or g.start != self._cut:
            return False
        lo, hi = sorted(((g.end - g.start) / SAMPLE_RATE, (end - g.start) / SAMPLE_RATE))
        if any(s.start < hi and s.end > lo for s in spans):
            return False  # speech between the guess's end and the cut: not the same pause
        self._commit_guess(g)
        return True

    def _commit_guess(self, g: _Guess) -> None:
        if not g.recovered:
            self._unrecovered.append((len(self._pieces), g.start, g.end))
        self._pieces.append(g.piece)
        self._cut = g.end
        self._ends.append(g.end)
        self._guess = None

    def _guess_holds(self, audio: np.ndarray) -> bool:
        """At stop: the last guess is the last chunk when it starts where the last chunk does
        and nothing was said after it."""
        g = self._guess
        if g is None or g.start != self._cut:
            return False
        if audio.size > g.end and self._speech_fn(audio[g.end :], self.vad):
            return False  # the person spoke again after the guess: decode the real tail
        self._commit_guess(g)
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
        self._ends.append(end)


def merge(pieces: list[Transcript], duration_s: float, model: str) -> Transcript:
    merged = joined(pieces, duration_s, model)
    merged.decoding["live_chunks"] = len(pieces)
    return merged
