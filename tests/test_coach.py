"""Verdicts against stated targets, advice written from the measured figures, and the rule
that picks the one thing to fix next (the costliest verdict)."""

import re
from dataclasses import replace

import pytest

from mockloop.core.analysis.answer import Pace
from mockloop.core.analysis.coach import (
    AnswerKind,
    Aspect,
    Judgement,
    Targets,
    asks_for_number,
    judge,
    next_fix,
    story_verdict,
)
from mockloop.core.analysis.fillers import Mark, MarkKind
from mockloop.core.analysis.structure import Part, PartSpan, Structure
from mockloop.core.analysis.words import Span
from tests.test_analysis import run

CLEAN = (
    "I led the churn project for our subscription team. I rebuilt the pipeline myself and I "
    "cut churn by 12% in one quarter, which saved 300 accounts."
)
STORY, CASE, FOLLOW_UP = AnswerKind.STORY, AnswerKind.CASE, AnswerKind.FOLLOW_UP


def verdict_of(verdicts, aspect):
    return next(v for v in verdicts if v.aspect is aspect)


def clean():
    return replace(run(CLEAN), wpm=145.0, pace=Pace.IN_BAND, under_time=False)


def story(parts: str, *, result_at: float, quantified: bool = True) -> Structure:
    """story("S:0-12 A:12-98 R:98-112", result_at=98.0): parts as letter:start-end."""
    letter = {p.value[0].upper(): p for p in Part}
    spans = tuple(
        PartSpan(letter[k], float(a), float(b))
        for k, a, b in (re.match(r"(\w):([\d.]+)-([\d.]+)", x).groups() for x in parts.split())
    )
    return Structure(spans, result_at, quantified)


def test_a_clean_story_is_good_everywhere_and_has_nothing_to_fix():
    verdicts = judge(clean(), Targets(), kind=STORY)
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
    assert {v.advice for v in verdicts} == {""} and {v.cost for v in verdicts} == {0.0}
    assert next_fix(verdicts) is None


@pytest.mark.parametrize(
    ("change", "aspect", "judgement"),
    [
        ({"fillers_per_min": 3.0}, Aspect.FILLERS, Judgement.WATCH),
        ({"fillers_per_min": 4.1}, Aspect.FILLERS, Judgement.FIX),
        ({"wpm": 170.0, "pace": Pace.FAST}, Aspect.PACE, Judgement.WATCH),
        ({"wpm": 190.0, "pace": Pace.FAST}, Aspect.PACE, Judgement.FIX),
        ({"wpm": 96.0, "pace": Pace.SLOW}, Aspect.PACE, Judgement.FIX),
        ({"i_count": 0, "we_count": 5}, Aspect.I_WE, Judgement.FIX),
        ({"i_count": 2, "we_count": 5}, Aspect.I_WE, Judgement.WATCH),
        (
            {"pauses": tuple(Span(i * 10.0, i * 10.0 + 2) for i in range(4))},
            Aspect.PAUSES,
            Judgement.FIX,
        ),
        (
            {"pauses": tuple(Span(i * 10.0, i * 10.0 + 2) for i in range(2))},
            Aspect.PAUSES,
            Judgement.WATCH,
        ),
        ({"overrun_s": 10.0}, Aspect.TIME, Judgement.WATCH),
        ({"overrun_s": 25.0}, Aspect.TIME, Judgement.FIX),
    ],
)
def test_each_figure_is_judged_against_its_target(change, aspect, judgement):
    a = replace(clean(), **change)
    assert verdict_of(judge(a, Targets(), kind=STORY), aspect).judgement is judgement


def test_a_count_whose_own_error_reaches_the_goal_is_never_a_fix():
    """3.0/min is over a 2.0 goal, but a count of 2 fillers could be 1: not a fix."""
    few = replace(clean(), fillers_per_min=3.0, speaking_s=40.0)
    marks = tuple(Mark("um", MarkKind.VOCAL, i, i, i, i + 0.2) for i in range(2))
    v = verdict_of(judge(replace(few, fillers=marks), Targets(), kind=STORY), Aspect.FILLERS)
    assert v.judgement is Judgement.WATCH and v.says.startswith("near the goal")


def test_the_advice_names_the_measured_figure():
    a = replace(
        clean(),
        wpm=96.0,
        pace=Pace.SLOW,
        fillers_per_min=3.1,
        fillers_by_type={"um": 12, "uh": 9},
        i_count=2,
        we_count=9,
        overrun_s=25.0,
    )
    by = {v.aspect: v for v in judge(a, Targets(), kind=STORY)}
    assert by[Aspect.PACE].advice.startswith("96 wpm, 34 under 130")
    assert by[Aspect.PACE].direction == "slow"
    assert '"um" 12' in by[Aspect.FILLERS].advice and '"um"' in by[Aspect.FILLERS].advice
    assert '"we" 9 times and "I" 2' in by[Aspect.I_WE].advice
    assert (
        by[Aspect.TIME].advice.startswith("Ran 25 s over") and "40 words" in by[Aspect.TIME].advice
    )
    fast = by_fast = judge(replace(a, wpm=185.0, pace=Pace.FAST), Targets(), kind=STORY)
    assert verdict_of(by_fast, Aspect.PACE).direction == "fast"
    assert verdict_of(fast, Aspect.PACE).advice.startswith("185 wpm, 25 over 160")


def test_a_late_result_after_a_short_set_up_says_cut_the_action_not_the_set_up():
    """Set-up 11%, action 77%: the time went into the action, so that is what to cut."""
    st = story("S:0.0-12.0 A:12.0-98.0 R:98.0-112.0", result_at=98.0)
    v = story_verdict(st, limit_s=120)
    assert v.judgement is Judgement.FIX and v.says == "result starts at 1:38 of 2:00"
    assert v.advice.startswith("Action took 77% (1:26)") and "reach the result by 1:30" in v.advice
    assert "set-up" not in v.advice.lower()


def test_a_late_result_after_a_long_set_up_says_cut_the_set_up():
    st = story("S:0.0-60.0 T:60.0-70.0 A:70.0-100.0 R:100.0-115.0", result_at=100.0)
    v = story_verdict(st, limit_s=120)
    assert v.advice.startswith("Set-up took 61% (1:10): cut it to two sentences")


def test_a_long_set_up_in_time_is_named_with_its_share_and_time():
    st = story("S:0.0-40.0 A:40.0-70.0 R:70.0-80.0", result_at=70.0)
    v = story_verdict(st, limit_s=120)
    assert v.judgement is Judgement.WATCH and v.says == "situation took 50% of the answer"
    assert v.advice.startswith("Situation and task took 50% (0:40)")


def test_a_short_set_up_is_never_told_to_be_cut():
    st = story("S:0.0-10.0 A:10.0-70.0 R:70.0-80.0", result_at=70.0)
    assert story_verdict(st, limit_s=120).judgement is Judgement.GOOD


def test_an_overrun_story_is_told_which_part_to_cut():
    st = story("S:0.0-15.0 A:15.0-100.0 R:100.0-140.0", result_at=100.0)
    a = replace(clean(), overrun_s=20.0)
    v = verdict_of(judge(a, Targets(), kind=STORY, structure=st), Aspect.TIME)
    assert "action took 61% (1:25)" in v.advice and "set-up" not in v.advice
    assert v.direction == "over"


def test_the_next_fix_is_the_costliest_then_the_earlier_aspect():
    a = clean()
    # 30 s over and 4.5x the filler goal: both as bad as it gets; time comes first.
    both = judge(replace(a, overrun_s=30.0, fillers_per_min=9.0), Targets(), kind=STORY)
    assert next_fix(both).aspect is Aspect.TIME
    # 18 s over (just past the grace) costs less than 4.5x the filler goal.
    fillers = judge(replace(a, overrun_s=18.0, fillers_per_min=9.0), Targets(), kind=STORY)
    assert next_fix(fillers).aspect is Aspect.FILLERS
    # a watch is chosen only when nothing is a fix
    watch = judge(replace(a, overrun_s=5.0), Targets(), kind=STORY)
    assert next_fix(watch).aspect is Aspect.TIME and next_fix(watch).judgement is Judgement.WATCH


def test_pace_that_is_the_real_problem_outranks_a_mild_set_up():
    """The issue's control: no fillers, 175 wpm, a set-up a little long: fix the pace."""
    st = story("S:0.0-45.0 A:45.0-90.0 R:90.0-100.0", result_at=90.0)
    a = replace(clean(), wpm=178.0, pace=Pace.FAST)
    fix = next_fix(judge(a, Targets(), kind=STORY, structure=st))
    assert fix.aspect is Aspect.PACE


def test_i_and_we_need_enough_pronouns_and_a_missing_number_is_worse_in_a_story():
    a = replace(
        run("We tried a few things and we shipped it and we won."),
        wpm=145.0,
        pace=Pace.IN_BAND,
        under_time=False,
    )
    story, case = judge(a, Targets(), kind=STORY), judge(a, Targets(), kind=CASE)
    assert Aspect.I_WE in {v.aspect for v in story} and Aspect.I_WE not in {v.aspect for v in case}
    assert verdict_of(story, Aspect.NUMBERS).judgement is Judgement.FIX
    assert verdict_of(case, Aspect.NUMBERS).judgement is Judgement.WATCH
    none = replace(a, i_count=0, we_count=0)
    assert Aspect.I_WE not in {v.aspect for v in judge(none, Targets(), kind=STORY)}


def test_a_follow_up_is_judged_as_a_short_answer():
    """ "How did you feel when you first heard it?": no story, content or number verdict, and
    no "short for the limit"."""
    a = replace(
        run("Honestly it was a shock, and I was worried for the team."),
        wpm=145.0,
        pace=Pace.IN_BAND,
        under_time=True,
        i_count=0,
        we_count=0,
        quantities=0,
    )
    st = Structure((), None, False)
    verdicts = judge(a, Targets(), kind=FOLLOW_UP, structure=st, prompt="How did you feel?")
    aspects = {v.aspect for v in verdicts}
    assert not aspects & {Aspect.STORY, Aspect.CONTENT, Aspect.NUMBERS, Aspect.I_WE}
    assert verdict_of(verdicts, Aspect.TIME).judgement is Judgement.GOOD
    assert next_fix(verdicts) is None
    asked = judge(a, Targets(), kind=FOLLOW_UP, prompt="How much did retention move?")
    assert verdict_of(asked, Aspect.NUMBERS).judgement is Judgement.WATCH


@pytest.mark.parametrize(
    ("prompt", "asks"),
    [
        ("How much did retention move?", True),
        ("What was the impact?", True),
        ("Which metric did you watch?", True),
        ("How did you feel when you first heard it?", False),
        ("What would you do differently?", False),
    ],
)
def test_a_follow_up_asks_for_a_number_only_when_it_says_so(prompt, asks):
    assert asks_for_number(prompt) is asks


def test_no_speech_is_one_verdict_pointing_at_the_microphone():
    verdicts = judge(run(""), Targets(), kind=STORY)
    assert [v.aspect for v in verdicts] == [Aspect.SPEECH]
    assert "microphone" in next_fix(verdicts).advice


def test_parts_a_near_tie_puts_on_either_side_of_the_line_get_no_timing_advice():
    """Set-up 40% as labelled, 30% if its last sentence were action: the words do not
    decide it, so the Review says so rather than telling the person to cut the set-up."""
    chosen = story("S:0-40 A:40-85 R:85-100", result_at=85.0)
    near = story("S:0-30 A:30-85 R:85-100", result_at=85.0).parts
    v = story_verdict(replace(chosen, alternatives=(near,)), limit_s=120)
    assert v.says == "set-up 30%-40%, unclear" and v.judgement is Judgement.WATCH
    assert "took" not in v.advice and "open each with its own sentence" in v.advice
    sure = story_verdict(chosen, limit_s=120)
    assert sure.advice.startswith("Situation and task took 40% (0:40)")


def test_a_result_that_may_start_either_side_of_1_30_is_unclear_not_late():
    chosen = story("S:0-20 A:20-92 R:92-110", result_at=92.0)
    near = story("S:0-20 A:20-84 R:84-110", result_at=84.0).parts
    v = story_verdict(replace(chosen, alternatives=(near,)), limit_s=120)
    assert v.says == "result at 1:24-1:32, unclear"
    assert v.judgement is Judgement.WATCH and "cut" not in v.advice


def test_a_case_is_never_told_to_add_what_it_did_or_its_result():
    """The short-answer and number advice follow the kind: a case lacks a plan, not a story."""
    a = replace(clean(), under_time=True, duration_s=30.0, quantities=0)
    by = {v.aspect: v for v in judge(a, Targets(), kind=CASE)}
    assert "the metric you would move" in by[Aspect.TIME].advice
    assert "size the problem" in by[Aspect.NUMBERS].advice
    for v in by.values():
        assert "what you did" not in v.advice and "the result" not in v.advice
    story = {v.aspect: v for v in judge(a, Targets(), kind=STORY)}
    assert "what you did" in story[Aspect.TIME].advice
