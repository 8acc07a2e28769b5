"""Chunking while recording, and merging the pieces: exact, with synthetic audio in which each
'word' is a block of constant amplitude that a fake transcriber reads back."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest

from mockloop.core.analysis.words import Span, Word
from mockloop.core.errors import TranscriptionCancelled
from mockloop.core.speech.live import LivePlan, LiveTranscriber, choose_cut
from mockloop.core.speech.transcribe import Transcript
from mockloop.core.speech.vad import VadSettings

RATE = 16000
VOCAB = ["so", "um", "we", "shipped", "it", "uh", "and", "like", "then", "done"]


def speak(script: list[str | float], word_s: float = 0.3) -> tuple[np.ndarray, list[Word]]:
    """Audio and the true words: a word is word_s of amplitude (index+1)/100, a float is silence."""
    parts, truth, t = [], [], 0.0
    for item in script:
        if isinstance(item, float):
            parts.append(np.zeros(int(item * RATE), np.float32))
            t += item
            continue
        amp = (VOCAB.index(item) + 1) / 100
        parts.append(np.full(int(word_s * RATE), amp, np.float32))
        truth.append(Word(item, round(t, 3), round(t + word_s, 3)))
        t += word_s
        parts.append(np.zeros(int(0.05 * RATE), np.float32))  # the short gap inside speech
        t += 0.05
    return np.concatenate(parts), truth


def runs(audio: np.ndarray) -> list[tuple[int, int, float]]:
    """(start, end, amplitude) of each constant non-zero run."""
    nz = np.abs(audio) > 1e-4
    edges = np.flatnonzero(np.diff(np.concatenate([[0], nz.astype(np.int8), [0]])))
    return [
        (a, b, float(np.median(audio[a:b]))) for a, b in zip(edges[::2], edges[1::2], strict=True)
    ]


def fake_vad(audio: np.ndarray, vad: VadSettings) -> list[Span]:
    spans: list[Span] = []
    for a, b, _ in runs(audio):
        if spans and a / RATE - spans[-1].end < 0.25:
            spans[-1] = Span(spans[-1].start, b / RATE)
        else:
            spans.append(Span(a / RATE, b / RATE))
    return spans


class BlockReader:
    model_label = "block reader"

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[float, float]] = []
        self.recover: list[bool] = []
        self.fail = fail

    def load(self) -> None:
        return None

    def transcribe(
        self, audio, *, offset_s=0.0, progress=None, cancel=None, recover=True
    ) -> Transcript:
        if self.fail:
            raise RuntimeError("decoder broke")
        self.calls.append((offset_s, offset_s + audio.size / RATE))
        self.recover.append(recover() if callable(recover) else recover)
        words = [
            Word(
                VOCAB[round(amp * 100) - 1],
                round(offset_s + a / RATE, 3),
                round(offset_s + b / RATE, 3),
            )
            for a, b, amp in runs(audio)
            if b - a >= 0.02 * RATE
        ]
        spans = [Span(s.start + offset_s, s.end + offset_s) for s in fake_vad(audio, VadSettings())]
        return Transcript(
            tuple(words), audio.size / RATE, tuple(spans), self.model_label, {"fake": 1}
        )


# The chunking tests count decodes: guesses at the open tail are tested on their own.
PLAN = LivePlan(
    min_chunk_s=1.0, max_chunk_s=4.0, min_gap_s=0.3, poll_s=0.005, nice=0, guess_gap_s=None
)
GUESSING = replace(PLAN, guess_gap_s=0.25, recheck_s=0.1)  # a look at every block


def run_live(
    audio: np.ndarray, reader: BlockReader, *, rate: int = RATE, pace: float = 40.0
) -> Transcript:
    live = LiveTranscriber(reader, plan=PLAN, speech_fn=fake_vad)
    live.start()
    block = rate // 10
    pcm = (audio * 32767).astype(np.int16)
    for i in range(0, pcm.size, block):
        live.feed(pcm[i : i + block], rate)
        time.sleep(0.1 / pace)  # a recording, sped up: the worker gets to cut as it goes
    return live.finish(timeout=10)


SCRIPT = [
    "so",
    "um",
    0.6,
    "we",
    "shipped",
    "it",
    0.5,
    "uh",
    "and",
    "like",
    0.8,
    "then",
    "um",
    0.4,
    "done",
    "so",
    "we",
    0.7,
    "shipped",
    "it",
]


def test_merged_words_equal_the_truth_with_times_in_answer_time():
    audio, truth = speak(SCRIPT)
    reader = BlockReader()
    merged = run_live(audio, reader)
    assert len(reader.calls) > 2  # it really cut while "recording"
    assert [w.text for w in merged.words] == [w.text for w in truth]
    for got, want in zip(merged.words, truth, strict=True):
        assert got.start == pytest.approx(want.start, abs=0.002)
        assert got.end == pytest.approx(want.end, abs=0.002)
    # Chunks tile the answer: each starts where the last ended, and none cuts through a word.
    for (_, end), (start, _) in zip(reader.calls, reader.calls[1:], strict=False):
        assert start == pytest.approx(end, abs=1 / RATE)
        assert not any(w.start < end < w.end for w in truth)
    assert merged.duration_s == pytest.approx(audio.size / RATE, abs=0.01)
    assert merged.decoding["live_chunks"] == len(reader.calls)


def test_only_a_short_last_chunk_after_stop_skips_island_recovery():
    audio, _ = speak([*SCRIPT, 0.2, "then", "done"])
    reader = BlockReader()
    run_live(audio, reader)
    assert len(reader.calls) > 2 and all(reader.recover[:-1])
    last_start, last_end = reader.calls[-1]
    assert last_end == pytest.approx(audio.size / RATE, abs=0.01)  # decoded after stop
    assert reader.recover[-1] is False and last_end - last_start < PLAN.max_chunk_s
    # What was left to decode at stop is kept with the result (the app benchmark reads it).
    merged = run_live(audio, reader := BlockReader())
    last_start, last_end = reader.calls[-1]
    assert merged.decoding["live_backlog_s"] == pytest.approx((last_end - last_start), abs=0.01)


def test_refine_gives_the_last_chunk_the_recovery_the_others_had():
    """One answer, one count: after the quick Review, the last chunk is decoded again with
    island recovery, so no chunk of the answer goes without it."""
    audio, _ = speak([*SCRIPT, 0.2, "then", "done"])
    reader = BlockReader()
    live = LiveTranscriber(reader, plan=PLAN, speech_fn=fake_vad)
    live.start()
    pcm = (audio * 32767).astype(np.int16)
    for i in range(0, pcm.size, RATE // 10):
        live.feed(pcm[i : i + RATE // 10], RATE)
        time.sleep(0.1 / 40)
    quick = live.finish(timeout=10)
    assert reader.recover[-1] is False
    last = reader.calls[-1]
    refined = live.refine()
    assert refined is not None and reader.calls[-1] == last and reader.recover[-1] is True
    assert refined.words == quick.words  # the same seeded decode, now with recovery
    assert refined.decoding["live_chunks"] == quick.decoding["live_chunks"]
    assert live.refine() is None  # done once
    assert len(reader.calls) == len(reader.recover)


def test_refine_has_nothing_to_do_after_a_backlog_or_a_failure():
    audio, _ = speak(SCRIPT)
    reader = BlockReader()
    # Chunks must be longer than the answer: nothing is cut while recording, and at stop all
    # of it is a backlog longer than a chunk, which is decoded with recovery at once.
    slow = replace(PLAN, min_chunk_s=100.0)
    live = LiveTranscriber(reader, plan=slow, speech_fn=fake_vad)
    pcm = (audio * 32767).astype(np.int16)
    live.feed(pcm, RATE)
    assert live.behind_s == pytest.approx(audio.size / RATE)  # all of it waits for the worker
    live.start()
    live.finish(timeout=10)
    assert reader.recover == [True] and live.refine() is None
    assert live.behind_s == 0.0
    broken = LiveTranscriber(BlockReader(fail=True), plan=PLAN, speech_fn=fake_vad)
    broken.start()
    broken.feed(pcm[: RATE // 2], RATE)
    with pytest.raises(RuntimeError):
        broken.finish(timeout=10)
    assert broken.refine() is None


def feed_until(live: LiveTranscriber, audio: np.ndarray, done=lambda: True) -> None:
    """Feed the audio at 40x real time, then wait (at most 10 s) until done() holds."""
    live.start()
    pcm = (audio * 32767).astype(np.int16)
    for i in range(0, pcm.size, RATE // 10):
        live.feed(pcm[i : i + RATE // 10], RATE)
        time.sleep(0.1 / 40)
    for _ in range(1000):
        if done():
            break
        time.sleep(0.01)


def test_a_tail_decoded_in_the_final_pause_is_the_last_chunk_and_stop_decodes_nothing():
    """The person stops 0.4 s after their last word: too soon for a pause to close a chunk,
    but the worker has already decoded the tail, so nothing is left to decode at stop."""
    audio, truth = speak([*SCRIPT, 0.4])
    reader = BlockReader()
    live = LiveTranscriber(reader, plan=GUESSING, speech_fn=fake_vad)
    feed_until(live, audio, lambda: reader.calls and reader.calls[-1][1] > truth[-1].end)
    calls_before_stop = len(reader.calls)
    merged = live.finish(timeout=10)
    assert len(reader.calls) == calls_before_stop  # nothing was decoded after the stop
    assert [w.text for w in merged.words] == [w.text for w in truth]
    assert merged.decoding["live_guesses"] >= 1 and merged.decoding["live_backlog_s"] == 0.0
    assert merged.duration_s == pytest.approx(audio.size / RATE, abs=0.01)
    # It was decoded in the pause, before the stop, with island recovery: nothing is left.
    assert reader.recover[-1] is True and live.refine() is None


class HoldTail(BlockReader):
    """Holds any decode that reaches past `after` seconds (the tail) until released."""

    def __init__(self, after: float) -> None:
        super().__init__()
        self.after, self.entered, self.release = after, threading.Event(), threading.Event()

    def transcribe(self, audio, *, offset_s=0.0, progress=None, cancel=None, recover=True):
        if offset_s + audio.size / RATE > self.after:
            self.entered.set()
            self.release.wait(5)
        return super().transcribe(audio, offset_s=offset_s, cancel=cancel, recover=recover)


def test_a_stop_during_the_tail_decode_waits_for_it_and_leaves_recovery_to_refine():
    audio, truth = speak([*SCRIPT, 0.4])
    reader = HoldTail(after=truth[-1].end)
    live = LiveTranscriber(reader, plan=GUESSING, speech_fn=fake_vad)
    feed_until(live, audio, reader.entered.is_set)  # the tail is being decoded, held
    assert reader.entered.is_set()
    threading.Timer(0.2, reader.release.set).start()
    merged = live.finish(timeout=10)  # stop now: it waits for the held tail decode
    assert [w.text for w in merged.words] == [w.text for w in truth]
    assert merged.decoding["live_backlog_s"] == 0.0 and merged.decoding["live_guesses"] >= 1
    assert reader.recover[-1] is False  # asked after the stop: recovery waits for refine()
    refined = live.refine()
    assert refined is not None and reader.recover[-1] is True


@pytest.mark.parametrize("pause", [0.4, 1.0])
def test_speech_after_the_last_guess_is_decoded_and_a_guess_is_never_decoded_twice(pause):
    """Speech after a guess: decoded at stop (0.4 s pause, no chunk closed), or the guess
    became the chunk when the pause closed (1.0 s) and was not decoded a second time."""
    head, head_truth = speak([*SCRIPT, pause])
    audio, truth = speak([*SCRIPT, pause, "done", "so"])
    reader = BlockReader()
    live = LiveTranscriber(reader, plan=GUESSING, speech_fn=fake_vad)
    settled = lambda: live.guesses >= 1 and not reader.calls[-1][1] < head_truth[-1].end  # noqa: E731
    feed_until(live, head, settled)
    time.sleep(0.05)  # 100 more polls: a chunk the pause closes is cut now
    live.feed((audio[head.size :] * 32767).astype(np.int16), RATE)  # two more words, stop
    merged = live.finish(timeout=10)
    assert [w.text for w in merged.words] == [w.text for w in truth]
    assert reader.calls[-1][1] == pytest.approx(audio.size / RATE, abs=0.01)
    last_word = head_truth[-1].end
    in_pause = [c for c in reader.calls if last_word < c[1] <= head.size / RATE + 1e-6]
    assert len(in_pause) == 1, reader.calls


def test_a_filler_at_a_chunk_border_is_counted_once():
    audio, truth = speak(["we", "shipped", "it", "um", 0.9, "then", "done", "um", 0.9, "so"])
    merged = run_live(audio, BlockReader())
    assert [w.text for w in merged.words].count("um") == 2
    assert [w.text for w in merged.words] == [w.text for w in truth]


def test_a_stop_in_mid_word_keeps_the_partial_word_once():
    audio, truth = speak(["so", "we", 0.6, "shipped", "it", "done"])
    cut = int((truth[-1].start + 0.15) * RATE)  # stop halfway through 'done'
    merged = run_live(audio[:cut], BlockReader())
    assert [w.text for w in merged.words] == ["so", "we", "shipped", "it", "done"]
    assert merged.words[-1].end == pytest.approx(cut / RATE, abs=0.002)


def test_other_device_rates_are_resampled():
    audio, truth = speak(["so", 0.6, "we", "shipped"])
    up = np.interp(np.arange(audio.size * 3) / 3, np.arange(audio.size), audio).astype(np.float32)
    merged = run_live(up, BlockReader(), rate=48000)
    assert [w.text for w in merged.words] == [w.text for w in truth]
    assert merged.duration_s == pytest.approx(audio.size / RATE, abs=0.01)


def test_a_backlog_is_decoded_after_stop_and_nothing_is_dropped():
    audio, truth = speak(SCRIPT * 3)
    merged = run_live(audio, BlockReader(), pace=10_000)  # far faster than decoding
    assert [w.text for w in merged.words] == [w.text for w in truth]


def test_errors_reach_the_caller_and_cancel_stops_without_decoding():
    audio, _ = speak(["so", 0.6, "we"])
    with pytest.raises(RuntimeError, match="decoder broke"):
        run_live(audio, BlockReader(fail=True))
    reader = BlockReader()
    live = LiveTranscriber(reader, plan=PLAN, speech_fn=fake_vad)
    live.start()
    live.feed((audio * 32767).astype(np.int16), RATE)
    live.cancel()
    assert live._done.wait(5) and reader.calls == []


@pytest.mark.parametrize(
    ("spans", "tail", "expected"),
    [
        ([Span(0, 0.8)], 0.9, None),  # too short to cut
        ([Span(0, 1.5), Span(2.0, 3.0)], 3.2, 1.75),  # the middle of the closed pause
        ([Span(0, 1.5), Span(2.0, 3.0), Span(3.5, 3.9)], 4.0, 3.25),  # the latest that fits
        ([Span(0, 2.0)], 2.8, 2.4),  # pausing right now
        ([Span(0, 4.5)], 4.6, 4.0),  # no pause at all: a hard cut at the maximum
        ([Span(0, 2.0), Span(2.1, 4.5)], 4.6, 2.05),  # only a short pause: the widest one
    ],
)
def test_choose_cut(spans, tail, expected):
    got = choose_cut(spans, tail, PLAN)
    assert got == (None if expected is None else pytest.approx(expected))


SOFT = LivePlan(min_chunk_s=4.0, max_chunk_s=20.0, soft_max_s=10.0, min_gap_s=0.3)
FLUENT = [Span(0, 5.0), Span(5.2, 8.9), Span(9.12, 10.6)]  # only ~0.2 s breaths between


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (9.0, None),  # under the soft maximum: wait for a real pause
        (10.7, 9.01),  # past it: the widest breath that leaves a chunk of 4 s or more
    ],
)
def test_fluent_speech_is_cut_at_a_breath_past_the_soft_maximum(tail, expected):
    got = choose_cut(FLUENT[: 3 if tail > 10 else 2], tail, SOFT)
    assert got == (None if expected is None else pytest.approx(expected))


def test_partial_words_grow_while_recording():
    audio, _ = speak(SCRIPT)
    live = LiveTranscriber(BlockReader(), plan=PLAN, speech_fn=fake_vad)
    live.start()
    pcm = (audio * 32767).astype(np.int16)
    seen = []
    for i in range(0, pcm.size, 1600):
        live.feed(pcm[i : i + 1600], RATE)
        time.sleep(0.003)
        seen.append(len(live.partial_words()))
    live.finish(timeout=10)
    assert seen[0] == 0 and max(seen) > 0 and seen == sorted(seen)
    assert not live._worker.is_alive()


def test_vad_runs_again_only_when_enough_new_audio_arrived():
    """The worker polls every 5 ms here; VAD over the open tail must not run on every poll."""
    audio, _ = speak(SCRIPT)
    calls = []

    def counting_vad(a, vad):
        calls.append(a.size)
        return fake_vad(a, vad)

    live = LiveTranscriber(BlockReader(), plan=PLAN, speech_fn=counting_vad)
    live.start()
    pcm = (audio * 32767).astype(np.int16)
    for i in range(0, pcm.size, 1600):
        live.feed(pcm[i : i + 1600], RATE)
        time.sleep(0.0025)  # 40x real time: about 20 polls per block of 0.1 s
    live.finish(timeout=10)
    seconds = audio.size / RATE
    assert len(calls) <= seconds / PLAN.recheck_s + 10, (len(calls), seconds)


class GatedReader(BlockReader):
    """Blocks in its first decode until released; remembers the cancel event it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.entered, self.release = threading.Event(), threading.Event()
        self.cancel_seen: list[bool] = []

    def transcribe(self, audio, *, offset_s=0.0, progress=None, cancel=None, recover=True):
        self.entered.set()
        self.release.wait(5)
        self.cancel_seen.append(bool(cancel is not None and cancel.is_set()))
        return super().transcribe(audio, offset_s=offset_s, cancel=cancel, recover=recover)


@pytest.mark.parametrize("how", ["cancel()", "the caller's event"])
def test_cancel_during_a_decode_reaches_it_and_decodes_nothing_more(how):
    audio, _ = speak(SCRIPT * 3)
    reader, outer = GatedReader(), threading.Event()
    live = LiveTranscriber(reader, plan=PLAN, speech_fn=fake_vad, cancel=outer)
    live.start()
    live.feed((audio * 32767).astype(np.int16), RATE)
    assert reader.entered.wait(5)  # a chunk is being decoded
    live.cancel() if how == "cancel()" else outer.set()
    reader.release.set()
    with pytest.raises(TranscriptionCancelled):
        live.finish(timeout=5)
    assert reader.cancel_seen == [True] and len(reader.calls) == 1  # the tail was never decoded


def test_a_48_khz_device_is_resampled_without_folding_high_sounds_into_the_voice_band():
    """A 12 kHz hiss (above what 16 kHz audio can hold) must vanish, not come back at 4 kHz
    as plain interpolation would bring it: the file path's decoder filters it out too."""
    live = LiveTranscriber(BlockReader(), plan=PLAN, speech_fn=fake_vad)
    t = np.arange(48000) / 48000
    hiss = (0.5 * np.sin(2 * np.pi * 12000 * t) * 32767).astype(np.int16)
    for i in range(0, hiss.size, 4800):
        live.feed(hiss[i : i + 4800], 48000)
    live._flush_resampler()
    heard = np.concatenate(live._blocks)
    assert heard.size == pytest.approx(16000, abs=16)
    assert float(np.sqrt(np.mean(heard[500:-500] ** 2))) < 1e-3  # was 0.35 by interpolation


def test_a_chunk_decoding_when_stop_is_pressed_leaves_its_recovery_to_refine():
    """Issue 16: the person waits only for words. The island recovery of a chunk still
    decoding at stop moves after the Review, with the last chunk's."""
    audio, _ = speak(SCRIPT * 3)
    reader = GatedReader()
    live = LiveTranscriber(reader, plan=PLAN, speech_fn=fake_vad)
    live.start()
    live.feed((audio * 32767).astype(np.int16), RATE)
    assert reader.entered.wait(5)  # the first chunk is being decoded
    done: list[Transcript] = []
    finishing = threading.Thread(target=lambda: done.append(live.finish(timeout=10)))
    finishing.start()
    for _ in range(200):
        if live._stopping.is_set():
            break
        time.sleep(0.005)
    reader.release.set()
    finishing.join(10)
    (quick,) = done
    first = reader.calls[0]
    assert reader.recover[0] is False  # stop came while it decoded: no recovery now
    refined = live.refine()
    assert refined is not None and reader.calls[-1] == first and reader.recover[-1] is True
    assert [w.text for w in refined.words] == [w.text for w in quick.words]
