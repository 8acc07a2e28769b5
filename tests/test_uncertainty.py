"""A count's likely range: from the measured precision and recall, around the estimate."""

from mockloop.core.analysis.fillers import MarkKind
from mockloop.core.analysis.uncertainty import COUNT_ERROR, Level, kind_range, range_text

VOCAL, LEXICAL = (COUNT_ERROR[Level.UNKNOWN][k] for k in (MarkKind.VOCAL, MarkKind.LEXICAL))


def test_a_range_holds_the_count_and_reaches_further_up_than_down():
    for found in range(1, 60):
        for error in (VOCAL, LEXICAL):
            lo, hi = kind_range(found, error)
            estimate = found * error.precision / error.recall
            assert lo <= estimate <= hi and hi > found
            # Misses outnumber false finds: the range reaches further above the count than
            # below it (a count's range may start above it when false finds are rare and misses common).
            assert hi - found >= found - lo


def test_vocal_counts_are_less_sure_than_lexical_ones_and_nothing_found_is_nothing():
    assert kind_range(22, VOCAL) == (21, 28) and kind_range(22, LEXICAL) == (20, 26)
    assert kind_range(0, VOCAL) == (0, 0)
    assert range_text(22, 19, 33) == "likely 19-33" and range_text(0, 0, 0) == ""
