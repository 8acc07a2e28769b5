"""The transcriber's contract, through the real bundled model."""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import Session

from mockloop.core.bank.questions import Question
from mockloop.core.errors import TranscriptionCancelled
from mockloop.core.speech.audio_file import load_audio
from mockloop.core.speech.models import resolve_model
from mockloop.core.speech.transcribe import WhisperTranscriber
from mockloop.store.attempt import lifecycle
from mockloop.store.tables import Status
from mockloop.usecases.transcription import process_attempt
from tests.live_feed import feed_as_recorded
from tests.store_helpers import memory_engine

pytestmark = pytest.mark.real_model


@pytest.fixture(scope="module")
def transcriber() -> WhisperTranscriber:
    t = WhisperTranscriber(resolve_model(None))
    t.load()
    return t


def test_model_is_loaded_once_per_process(transcriber):
    again = WhisperTranscriber(resolve_model(None))
    assert again.load() is transcriber.load()


def test_offset_maps_a_piece_back_to_answer_time(transcriber, answers):
    audio = load_audio(answers["control"])
    whole = transcriber.transcribe(audio)
    piece = transcriber.transcribe(audio[16000 * 5 :], offset_s=5.0)
    assert piece.speech[0].start >= 5.0
    later = [w for w in whole.words if w.start > 6.0]
    match = next(w for w in piece.words if w.text == later[0].text)
    assert match.start == pytest.approx(later[0].start, abs=0.3)


def test_progress_rises_to_one_and_cancel_stops_it(transcriber, answers):
    audio = load_audio(answers["filled"])
    seen: list[float] = []
    transcriber.transcribe(audio, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 2
    cancel = threading.Event()

    def stop_early(fraction: float) -> None:
        cancel.set()

    with pytest.raises(TranscriptionCancelled):
        transcriber.transcribe(audio, progress=stop_early, cancel=cancel)


def test_cancelled_attempt_goes_back_to_the_queue(transcriber, answers):
    engine = memory_engine()
    q = Question(id="q", prompt="p", category="intro")
    with Session(engine) as s:
        row = lifecycle.start_attempt(s, question=q, recording_path=answers["filled"])
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(TranscriptionCancelled):
        process_attempt(engine, row.id, transcriber, cancel=cancel)
    with Session(engine) as s:
        assert lifecycle.get_attempt(s, attempt_id=row.id).status == Status.RECORDED
    done = process_attempt(engine, row.id, transcriber)
    assert done.status == Status.DONE and done.report.analysis.filler_total > 0


def test_failed_audio_marks_the_attempt_failed(transcriber, tmp_path):
    engine = memory_engine()
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"garbage" * 100)
    with Session(engine) as s:
        row = lifecycle.start_attempt(
            s, question=Question(id="q", prompt="p", category="intro"), recording_path=bad
        )
    with pytest.raises(Exception, match="not a readable audio file"):
        process_attempt(engine, row.id, transcriber)
    with Session(engine) as s:
        failed = lifecycle.get_attempt(s, attempt_id=row.id)
        assert failed.status == Status.FAILED and "not a readable" in failed.error


def test_pure_noise_gives_no_words(transcriber):
    noise = np.random.default_rng(3).normal(0, 0.01, 16000 * 6).astype(np.float32)
    t = transcriber.transcribe(noise)
    assert t.no_speech and t.words == ()


def test_live_chunks_agree_with_the_single_file_pass(transcriber, answers):
    """The same figures whether decoded while speaking (cut at pauses) or after stop."""

    from mockloop.core.analysis.answer import analyse_transcript
    from mockloop.core.speech.live import LiveTranscriber

    audio = load_audio(answers["filled"])
    live = LiveTranscriber(transcriber)
    live.start()
    feed_as_recorded(live, (audio * 32767).astype(np.int16), 16000, speed=8)
    merged = live.finish(timeout=120)
    assert merged.decoding["live_chunks"] >= 2
    a = analyse_transcript(merged, time_limit_s=120)
    b = analyse_transcript(transcriber.transcribe(audio), time_limit_s=120)
    vocal = [sum(m.kind == "vocal" for m in x.fillers) for x in (a, b)]
    assert abs(vocal[0] - vocal[1]) <= 1 and abs(a.filler_total - b.filler_total) <= 1
    assert abs(a.word_count - b.word_count) <= 0.03 * b.word_count
    assert len(a.pauses) == len(b.pauses) and abs(a.wpm - b.wpm) <= 0.05 * b.wpm
    assert all(x.start <= y.start for x, y in zip(merged.words, merged.words[1:], strict=False))


def test_island_recovery_brings_back_dropped_hesitations(tmp_path):
    """The decoder drops most of these five stand-alone hesitations; re-decoding the short
    voiced islands brings some back, and never invents more than were said."""
    from mockloop.core.analysis.answer import analyse_transcript
    from mockloop.core.speech.transcribe import DecodingOptions
    from tests.speech import HESITANT, synthesize

    audio = load_audio(synthesize(HESITANT, tmp_path))
    found = {}
    for recover in (False, True):
        options = DecodingOptions(recover_fillers=recover)
        transcript = WhisperTranscriber(resolve_model(None), decoding=options).transcribe(audio)
        a = analyse_transcript(transcript, time_limit_s=120)
        found[recover] = sum(m.kind == "vocal" for m in a.fillers)
        assert not [m for m in a.fillers if m.kind == "lexical"]
        for word in HESITANT.content:
            assert word in transcript.text.lower()
    assert found[False] < found[True] <= sum(HESITANT.vocal.values())


def test_a_real_run_of_six_hesitations_is_not_counted_twice(transcriber):
    """A real voice (MFA's test recording, tests/data/real): "Montreal uh uh uh uh uh uh forced
    aligner". tiny.en loops on "uh," at the end of the run; the count must stay near six
    (it was thirteen)."""
    from mockloop.core.analysis.answer import analyse_transcript

    clip = Path(__file__).parent / "data" / "real" / "mfa_uhuh.wav"
    said = len(json.loads(clip.with_suffix(".json").read_text())["fillers"])
    a = analyse_transcript(transcriber.transcribe(load_audio(clip)), time_limit_s=120)
    vocal = [m for m in a.fillers if m.kind == "vocal"]
    assert said == 6 and abs(len(vocal) - said) <= 1, [m.start for m in vocal]
    assert all(y.start - x.start >= 0.15 for x, y in itertools.pairwise(vocal))


def test_a_48_khz_microphone_gives_the_live_path_the_words_of_the_file_path(transcriber, tmp_path):
    """A device that cannot record at 16 kHz, with hiss above 9 kHz (a fan, a cheap preamp):
    the live path must hear what the file path hears. Interpolating without a filter folded
    the hiss into the voice band, and the live words drifted from the file's."""
    import difflib

    import av

    from mockloop.core.speech.live import LiveTranscriber
    from tests.speech import FILLED, synthesize

    clean = load_audio(synthesize(FILLED, tmp_path))
    up = av.AudioResampler(format="s16", layout="mono", rate=48000)
    frame = av.AudioFrame.from_ndarray(
        (clean * 32767).astype(np.int16).reshape(1, -1), format="s16", layout="mono"
    )
    frame.sample_rate = 16000
    x = np.concatenate(
        [f.to_ndarray().reshape(-1) for f in [*up.resample(frame), *up.resample(None)]]
    )
    rng = np.random.default_rng(0)
    spec = np.fft.rfft(rng.standard_normal(x.size))
    spec[np.fft.rfftfreq(x.size, 1 / 48000) < 9000] = 0
    hiss = np.fft.irfft(spec, n=x.size)
    pcm = np.clip(x / 32768 + 0.05 * hiss / hiss.std(), -1, 1)
    pcm = (pcm * 32767).astype(np.int16)

    live = LiveTranscriber(transcriber)
    live.start()
    feed_as_recorded(live, pcm, 48000, speed=8)
    heard = [w.text.lower().strip(",.") for w in live.finish(timeout=120).words]
    said = [w.text.lower().strip(",.") for w in transcriber.transcribe(clean).words]
    same = difflib.SequenceMatcher(a=said, b=heard, autojunk=False).ratio()
    assert same >= 0.9, (same, " ".join(heard))


def _burn(stop) -> None:
    while not stop.is_set():
        sum(range(100_000))


def test_the_live_path_under_cpu_contention_says_what_the_file_path_says(transcriber, tmp_path):
    """A busy process on each core while the answer streams in at real-time pace: the live
    worker falls behind and cuts different chunks, but it must not write words nobody said."""
    import difflib
    import multiprocessing

    from mockloop.core.speech.live import LiveTranscriber
    from tests.speech import FILLED, synthesize

    audio = load_audio(synthesize(FILLED, tmp_path))
    said = [w.text.lower().strip(",.") for w in transcriber.transcribe(audio).words]
    stop = multiprocessing.Event()
    busy = [multiprocessing.Process(target=_burn, args=(stop,)) for _ in range(os.cpu_count() or 2)]
    for p in busy:
        p.start()
    try:
        live = LiveTranscriber(transcriber)
        live.start()
        pcm = (audio * 32767).astype(np.int16)
        for i in range(0, pcm.size, 1600):
            live.feed(pcm[i : i + 1600], 16000)
            time.sleep(0.1)
        heard = [w.text.lower().strip(",.") for w in live.finish(timeout=300).words]
    finally:
        stop.set()
        for p in busy:
            p.join()
    ops = difflib.SequenceMatcher(a=said, b=heard, autojunk=False).get_opcodes()
    extra = [w for tag, _, _, j1, j2 in ops if tag in ("insert", "replace") for w in heard[j1:j2]]
    assert len(extra) <= 0.05 * len(said), extra  # a word heard differently, not a sentence
    assert len(heard) <= len(said) + 3


def test_transcribe_again_gives_the_words_of_the_review(transcriber, answers):
    """The Review shows the live pieces' words (refined); "Transcribe again" on the saved
    file decodes the same pieces and must give exactly those words."""
    from mockloop.core.speech.audio_file import transcribe_file
    from mockloop.core.speech.live import LiveTranscriber
    from tests.speech import read_wav

    pcm, rate = read_wav(answers["filled"])  # Piper's 22.05 kHz: resampled by both paths
    pcm = np.round(pcm.reshape(-1) * 32768).astype(np.int16)  # the file's own samples
    live = LiveTranscriber(transcriber)
    live.start()
    feed_as_recorded(live, pcm, rate, speed=4)
    review = live.finish(timeout=120)
    review = live.refine() or review
    ends = review.decoding["pieces"]
    assert len(ends) >= 2 and ends == sorted(ends)
    assert np.array_equal(live._audio[: live._size], load_audio(answers["filled"]))
    again = transcribe_file(answers["filled"], transcriber, ends=ends)
    assert [w.text for w in again.words] == [w.text for w in review.words]
    assert again.words == review.words and again.decoding["pieces"] == ends
    # Without the pieces the file is cut afresh: the same speech, possibly other words.
    fresh = transcribe_file(answers["filled"], transcriber)
    assert "pieces" not in fresh.decoding and len(fresh.words) > 50
