import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from mockloop.core.analysis.metrics import FILLERS_PER_MIN, HEDGES, OVERRUN, WPM
from mockloop.core.analysis.progress import Delta, compare, recent_average, streak
from mockloop.store.attempt import lifecycle, lists
from mockloop.store.tables import Attempt, AttemptPrinciple, Status
from tests.store_helpers import memory_engine


def add(
    s: Session,
    qid: str,
    when: datetime,
    *,
    category="behavioral",
    principles=("Dive Deep",),
    status=Status.DONE,
    fpm=2.0,
    wpm=140.0,
    overrun=0.0,
    duration=100.0,
    transcript="text",
    path="/nonexistent.wav",
) -> Attempt:
    row = Attempt(
        question_id=qid,
        question_prompt=f"prompt of {qid}",
        question_category=category,
        question_principles=list(principles),
        started_at=when,
        time_limit_s=120,
        recording_path=path,
        status=status,
        fillers_per_min=fpm,
        wpm=wpm,
        overrun_s=overrun,
        duration_s=duration,
        transcript=transcript,
    )
    s.add(row)
    s.flush()
    for p in principles:
        s.add(AttemptPrinciple(attempt_id=row.id, principle=p))
    s.commit()
    s.refresh(row)
    return row


T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def session():
    with Session(memory_engine()) as s:
        add(s, "a", T0, fpm=4.0, wpm=120, overrun=10, transcript="we fixed the churn model")
        add(s, "b", T0 + timedelta(hours=1), category="product", principles=(), fpm=2.0, wpm=150)
        add(s, "a", T0 + timedelta(days=1), fpm=1.0, wpm=160, duration=80)
        add(
            s,
            "c",
            T0 + timedelta(days=2),
            principles=("Ownership",),
            status=Status.FAILED,
            fpm=None,
        )
        yield s


def test_history_filters_and_sorts_in_sql(session):
    every = lists.history(session, query=lists.HistoryQuery())
    assert [a.question_id for a in every] == ["c", "a", "b", "a"]
    assert [
        a.question_id for a in lists.history(session, query=lists.HistoryQuery(category="product"))
    ] == ["b"]
    by_p = lists.history(session, query=lists.HistoryQuery(principle="Ownership"))
    assert [a.question_id for a in by_p] == ["c"]
    by_text = lists.history(session, query=lists.HistoryQuery(text="CHURN"))
    assert [a.fillers_per_min for a in by_text] == [4.0]
    by_fpm = lists.history(
        session, query=lists.HistoryQuery(sort="fillers_per_min", descending=False)
    )
    assert [a.fillers_per_min for a in by_fpm] == [1.0, 2.0, 4.0, None]  # unknown values last


def test_daily_series_and_coverage(session):
    series = lists.daily_series(session)
    assert [d.attempts for d in series] == [2, 1]
    first = series[0]
    assert first.fillers_per_min == 3.0 and first.wpm == 135.0 and first.overrun_rate == 0.5
    cats = lists.coverage_by_category(session)
    assert cats["behavioral"].attempts == 2 and cats["product"].attempts == 1
    assert cats["behavioral"].fillers_per_min == 2.5
    principles = lists.coverage_by_principle(session)
    assert set(principles) == {"Dive Deep"}  # the failed Ownership attempt is not coverage
    days = lists.practice_days(session)
    assert days == [date(2026, 11, 20), date(2026, 11, 21)]
    assert lists.count_on(session, day=date(2026, 11, 20)) == 2


def test_previous_attempt_rating_note_and_delete(session, tmp_path):
    latest = lists.history(session, query=lists.HistoryQuery(text="a", category="behavioral"))[0]
    prev = lists.previous_attempt(session, attempt=latest)
    assert prev is not None and prev.fillers_per_min == 4.0
    assert lists.previous_attempt(session, attempt=prev) is None
    lifecycle.set_rating(session, attempt_id=latest.id, rating=4)
    lifecycle.set_note(session, attempt_id=latest.id, note="  slow start  ")
    session.refresh(latest)
    assert (latest.rating, latest.note) == (4, "slow start")
    with pytest.raises(ValueError):
        lifecycle.set_rating(session, attempt_id=latest.id, rating=9)
    audio = tmp_path / "x.wav"
    audio.write_bytes(b"RIFF")
    doomed = add(session, "d", T0, path=str(audio))
    lifecycle.delete_attempt(session, attempt_id=doomed.id)
    assert not audio.exists() and session.get(Attempt, doomed.id) is None


@pytest.mark.parametrize(
    ("metric", "before", "now"),
    [
        (FILLERS_PER_MIN, 7.6, 9.0),  # 15 and 18 counted in two minutes
        (FILLERS_PER_MIN, 3.0, 2.0),
        (OVERRUN, 3.0, 3.8),
        (HEDGES, 2, 3),
    ],
)
def test_a_change_inside_the_measuring_error_is_about_the_same(metric, before, now):
    d = Delta(metric, now, before)
    assert d.improved is None and d.verdict == "about the same"


def test_a_change_beyond_both_ranges_is_better_or_worse():
    assert Delta(FILLERS_PER_MIN, 12.0, 6.0).verdict == "worse"
    assert Delta(OVERRUN, 0.0, 20.0).verdict == "better"


def test_streak_goal_and_deltas():
    today = date(2026, 11, 28)
    days = [today - timedelta(days=n) for n in (0, 1, 2, 4)]
    assert streak(days, today) == 3
    assert streak(days[1:], today) == 2  # not yet practised today: yesterday's streak stands
    assert streak([], today) == 0
    assert recent_average([None, 4.0, 2.0, 3.0], 2) == 2.5 and recent_average([], 3) is None
    deltas = {
        d.metric.key: d
        for d in compare({"fillers_per_min": 2.0, "wpm": 150}, {"fillers_per_min": 6.0, "wpm": 140})
    }
    assert deltas["fillers_per_min"].improved is True and deltas["fillers_per_min"].change == -4.0
    assert deltas["fillers_per_min"].verdict == "better"
    assert deltas["wpm"].improved is None and deltas["wpm"].verdict == ""
    assert Delta(OVERRUN, 5, 0).improved is False
    assert [d.metric for d in compare({"wpm": 1, "overrun_s": 1}, {"wpm": 2, "overrun_s": 0})] == [
        OVERRUN,
        WPM,
    ]  # in the one order every screen shows


def test_progress_queries_stay_fast_with_ten_thousand_attempts():
    """Not a timing threshold: proves the queries aggregate in SQL (they return per-day and
    per-name rows, never the attempts), and prints the time for the closing note."""
    engine = memory_engine()
    with Session(engine) as s:
        for i in range(10_000):
            s.add(
                Attempt(
                    question_id=f"q{i % 90}",
                    question_prompt="p",
                    question_category="behavioral",
                    question_principles=["Dive Deep"],
                    started_at=T0 - timedelta(hours=i),
                    time_limit_s=120,
                    recording_path="x",
                    status=Status.DONE,
                    fillers_per_min=i % 7,
                )
            )
        s.commit()
        t0 = time.perf_counter()
        series = lists.daily_series(s)
        cats = lists.coverage_by_category(s)
        page = lists.history(s, query=lists.HistoryQuery(sort="fillers_per_min"))
        took = time.perf_counter() - t0
    days = {(T0 - timedelta(hours=i)).astimezone().date() for i in range(10_000)}
    assert len(series) == len(days) and sum(d.attempts for d in series) == 10_000
    assert cats["behavioral"].attempts == 10_000 and len(page) == 1000
    print(f"progress + history queries over 10,000 attempts: {took * 1000:.0f} ms")
