import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockloop.core.analysis.answer import (
    AnalysisSettings,
    analyse,
    long_pauses,
    pause_slots,
    speaking_time,
)
from mockloop.core.analysis.words import Span, Word
from tests.words import spans_of, words


def run(text, *, limit=120.0, duration=None, **kw):
    ws = words(text)
    spans = spans_of(ws)
    dur = duration if duration is not None else (ws[-1].end + 0.5 if ws else 1.0)
    return analyse(ws, spans, duration_s=dur, time_limit_s=limit, settings=AnalysisSettings(**kw))


def test_counts_rates_and_percentages():
    a = run("So, um, we cut churn by 12% and, uh, I led it.")
    assert a.fillers_by_type == {"so": 1, "um": 1, "uh": 1}
    assert a.filler_total == 3 and a.word_count == 12 and a.content_word_count == 9
    assert a.filler_pct == pytest.approx(25.0)
    assert a.speaking_s == pytest.approx(11 * 0.3 + 0.25)
    assert a.fillers_per_min == pytest.approx(round(3 / (a.speaking_s / 60), 2))
    assert a.wpm == pytest.approx(round(9 / (a.speaking_s / 60), 1))


def test_pace_band_verdicts():
    fast = run(" ".join(["word"] * 40))  # 0.3 s a word: 200 wpm
    assert fast.pace == "fast" and fast.wpm == pytest.approx(200, rel=0.02)
    slow = analyse(
        words(" ".join(["word"] * 10), step=0.6),
        [Span(0, 5.65)],
        duration_s=6,
        time_limit_s=120,
    )
    assert slow.pace == "slow"
    inband = run(" ".join(["word"] * 40), pace_band_wpm=(150.0, 210.0))
    assert inband.pace == "in band"


def test_long_pauses_come_from_vad_spans_not_word_gaps():
    speech = [Span(0.0, 4.0), Span(5.0, 9.0), Span(11.1, 14.0), Span(17.5, 20.0)]
    assert long_pauses(speech, 1.5) == [Span(9.0, 11.1), Span(14.0, 17.5)]
    assert long_pauses(speech, 2.5) == [Span(14.0, 17.5)]
    # Silence before the first and after the last voiced moment is not a pause.
    assert long_pauses([Span(3.0, 5.0)], 1.5) == []


def test_pause_slots_anchor_on_the_pause_start():
    starts = [0.0, 0.5, 3.9, 4.4, 9.0]  # 'and' was smeared to 3.9, inside the 2.0-4.1 pause
    pauses = [Span(2.0, 4.1), Span(5.0, 8.8)]
    assert pause_slots(starts, pauses) == {2: pytest.approx(2.1), 4: pytest.approx(3.8)}
    assert pause_slots(starts, [Span(9.5, 11.0)]) == {}  # nothing said after it


def test_overrun_first_word_after_limit_and_under_time():
    a = run("one two three four five six seven eight", limit=1.0, duration=3.0)
    assert a.overrun_s == pytest.approx(2.35 - 1.0)  # to the end of 'eight', not of the file
    assert a.first_word_over == 4  # 'five' starts at 1.2 s, the first start >= 1.0 s
    assert not a.under_time
    short = run("one two three", limit=120.0, duration=20.0)
    assert short.overrun_s == 0 and short.first_word_over is None and short.under_time


def test_i_versus_we_and_quantities():
    a = run("I led it and we shipped. My model cut cost by twenty five percent, or 3x, in 2024.")
    assert a.i_count == 2 and a.we_count == 1
    assert a.quantities == 3  # 'twenty five percent', '3x', '2024'


def test_no_speech():
    a = analyse([], [], duration_s=8.0, time_limit_s=120)
    assert a.no_speech and a.wpm == 0 and a.fillers_per_min == 0 and a.pace == "n/a"
    assert a.to_dict()["filler_total"] == 0


def test_word_lists_and_thresholds_are_settings():
    a = run("Um, we shipped, basically.", lexical_fillers=("like",), vocal_fillers={"um": "um"})
    assert a.fillers_by_type == {"um": 1}
    b = run("one <1.0> two", long_pause_s=0.8)
    assert len(b.pauses) == 1


def test_speaking_time_spans_first_to_last_voice():
    ws = [Word("a", 1.0, 1.2), Word("b", 5.0, 5.5)]
    assert speaking_time(ws, [Span(0.9, 1.3), Span(4.9, 5.6)]) == pytest.approx(4.7)
    assert speaking_time([], [Span(0, 1)]) == 0


_word = st.builds(
    Word,
    text=st.text(min_size=0, max_size=12),
    start=st.floats(-5, 500, allow_nan=False),
    end=st.floats(-5, 500, allow_nan=False),
)
_span = st.builds(Span, start=st.floats(0, 500), end=st.floats(0, 500))


@settings(max_examples=300, deadline=None)
@given(
    ws=st.lists(_word, max_size=40),
    sp=st.lists(_span, max_size=10),
    duration=st.floats(0, 1000),
    limit=st.floats(0.1, 600),
)
def test_no_input_crashes_the_analysis(ws, sp, duration, limit):
    a = analyse(ws, sp, duration_s=duration, time_limit_s=limit)
    assert a.word_count == len(ws)
    assert 0 <= a.filler_total <= len(ws)
    assert a.overrun_s >= 0 and math.isfinite(a.wpm) and a.wpm >= 0
    assert all(m.first <= m.last for m in a.fillers)


def test_overrun_ends_with_the_voice_not_the_stop_key():
    # Speech ends at 1:58.25; the key was pressed at 2:03: no overrun.
    ws = words("we shipped it", start=117.65)
    late_key = analyse(ws, spans_of(ws), duration_s=123.0, time_limit_s=120)
    assert late_key.overrun_s == 0 and late_key.duration_s == 123.0
    # VAD heard voice past the last word (a trailing hesitation): it counts.
    ws = words("we shipped it", start=119.0)
    trailing = analyse(ws, [Span(119.0, 121.4)], duration_s=122.0, time_limit_s=120)
    assert trailing.overrun_s == pytest.approx(1.4)


def test_voice_with_no_words_is_flagged_where_it_is():
    ws = words("we cut churn <1.0> by twelve percent")
    speech = [Span(0.0, 2.8)]  # voiced throughout: 'churn' ends at 0.85, 'by' starts at 1.9
    a = analyse(ws, speech, duration_s=4.0, time_limit_s=120)
    assert a.fillers_may_be_missed
    assert len(a.wordless) == 1
    hole = a.wordless[0]  # word times are padded by 0.1 s: smear is not a hole
    assert hole.start == pytest.approx(0.95) and hole.end == pytest.approx(1.8)
    covered = run("we cut churn by twelve percent")
    assert covered.wordless == () and not covered.fillers_may_be_missed
    assert a.to_dict()["fillers_may_be_missed"] is True
