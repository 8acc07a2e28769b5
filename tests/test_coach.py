"""Verdicts against stated targets, and the rule that picks the one thing to fix next."""

from dataclasses import replace

from mockloop.core.analysis.answer import Pace
from mockloop.core.analysis.coach import Aspect, Judgement, Targets, judge, next_fix
from mockloop.core.analysis.words import Span
from tests.test_analysis import run

CLEAN = (
    "I led the churn project for our subscription team. I rebuilt the pipeline myself and I "
    "cut churn by 12% in one quarter, which saved 300 accounts."
)


def verdict_of(verdicts, aspect):
    return next(v for v in verdicts if v.aspect is aspect)


def test_a_clean_story_is_good_everywhere_and_has_nothing_to_fix():
    a = replace(run(CLEAN), wpm=145.0, pace=Pace.IN_BAND, under_time=False)
    verdicts = judge(a, Targets(), story=True)
    assert [v.aspect for v in verdicts] == [
        Aspect.TIME,
        Aspect.FILLERS,
        Aspect.PACE,
        Aspect.I_WE,
        Aspect.NUMBERS,
        Aspect.PAUSES,
        Aspect.HEDGES,
    ]
    assert {v.judgement for v in verdicts} == {Judgement.GOOD}
    assert next_fix(verdicts) is None


def test_each_figure_is_judged_against_its_target():
    a = replace(run(CLEAN), wpm=145.0, pace=Pace.IN_BAND, under_time=False)
    t = Targets(fillers_per_min=2.0)
    assert (
        verdict_of(judge(replace(a, fillers_per_min=3.0), t, story=True), Aspect.FILLERS).judgement
        is Judgement.WATCH
    )
    assert (
        verdict_of(judge(replace(a, fillers_per_min=4.1), t, story=True), Aspect.FILLERS).judgement
        is Judgement.FIX
    )
    assert (
        verdict_of(
            judge(replace(a, wpm=170.0, pace=Pace.FAST), t, story=True), Aspect.PACE
        ).judgement
        is Judgement.WATCH
    )
    assert (
        verdict_of(
            judge(replace(a, wpm=190.0, pace=Pace.FAST), t, story=True), Aspect.PACE
        ).judgement
        is Judgement.FIX
    )
    assert (
        verdict_of(judge(replace(a, i_count=0, we_count=5), t, story=True), Aspect.I_WE).judgement
        is Judgement.FIX
    )
    assert (
        verdict_of(judge(replace(a, i_count=2, we_count=5), t, story=True), Aspect.I_WE).judgement
        is Judgement.WATCH
    )
    pauses = tuple(Span(i * 10.0, i * 10.0 + 2) for i in range(4))
    assert (
        verdict_of(judge(replace(a, pauses=pauses), t, story=True), Aspect.PAUSES).judgement
        is Judgement.FIX
    )
    assert (
        verdict_of(judge(replace(a, overrun_s=10.0), t, story=True), Aspect.TIME).judgement
        is Judgement.WATCH
    )
    assert (
        verdict_of(judge(replace(a, overrun_s=25.0), t, story=True), Aspect.TIME).says
        == "25 s over 2:00"
    )


def test_i_and_we_matter_in_stories_only_and_a_missing_number_is_worse_there():
    a = replace(
        run("We tried a few things and we shipped it."),
        wpm=145.0,
        pace=Pace.IN_BAND,
        under_time=False,
    )
    story, case = judge(a, Targets(), story=True), judge(a, Targets(), story=False)
    assert Aspect.I_WE in {v.aspect for v in story} and Aspect.I_WE not in {v.aspect for v in case}
    assert verdict_of(story, Aspect.NUMBERS).judgement is Judgement.FIX
    assert verdict_of(case, Aspect.NUMBERS).judgement is Judgement.WATCH


def test_the_next_fix_is_the_first_fix_in_order_then_the_first_watch():
    a = replace(run(CLEAN), wpm=145.0, pace=Pace.IN_BAND, under_time=False)
    both = judge(replace(a, overrun_s=30.0, fillers_per_min=9.0), Targets(), story=True)
    assert next_fix(both).aspect is Aspect.TIME  # running out of time cuts the answer
    fillers = judge(replace(a, overrun_s=5.0, fillers_per_min=9.0), Targets(), story=True)
    assert next_fix(fillers).aspect is Aspect.FILLERS  # a fix beats an earlier watch
    assert next_fix(fillers).advice.startswith("Pause silently where you would say")
    watch = judge(replace(a, overrun_s=5.0), Targets(), story=True)
    assert next_fix(watch).aspect is Aspect.TIME and next_fix(watch).judgement is Judgement.WATCH


def test_no_speech_is_one_verdict_pointing_at_the_microphone():
    a = run("")
    verdicts = judge(a, Targets(), story=True)
    assert [v.aspect for v in verdicts] == [Aspect.SPEECH]
    assert "microphone" in next_fix(verdicts).advice
