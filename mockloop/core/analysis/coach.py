"""Verdicts on an answer: each figure judged against a stated target, and the one thing to fix
next, chosen by a fixed rule (see next_fix). Pure functions over an Analysis.

The targets come from the field's conventions (docs/guide.md): a story told in STAR order
with its result in time and in numbers, pace inside the band,
fillers per minute under the person's goal, few long pauses, "I" at least as often as "we" in
a story, at least one number, few hedges, and the answer inside its time limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from mockloop.core.analysis.answer import Analysis, Pace
from mockloop.core.analysis.content import Content
from mockloop.core.analysis.structure import Part, Structure
from mockloop.core.timer import format_clock

OVERRUN_GRACE_S = 15.0  # Toastmasters-style grace: past it, running over is the thing to fix
PACE_SLACK_WPM = 15.0  # this far outside the band is "watch"; further is "fix"
PAUSES_WATCH, PAUSES_FIX = 2, 4  # long pauses in one answer
HEDGES_WATCH_PER_MIN, HEDGES_FIX_PER_MIN = 1.0, 3.0
RESULT_BY = 0.75  # of the limit: a result that starts later is cut short or rushed (1:30 of 2:00)
SET_UP_SHARE = 0.35  # situation and task together: more is a long set-up


STORY_CATEGORIES = frozenset({"behavioral"})  # told as a story: "I" and a number matter most


def is_story(category: str) -> bool:
    return category in STORY_CATEGORIES


class Judgement(StrEnum):
    GOOD = "good"
    WATCH = "watch"
    FIX = "fix"

    @property
    def sign(self) -> str:
        """A mark that reads without colour."""
        return {Judgement.GOOD: "✓", Judgement.WATCH: "!", Judgement.FIX: "✗"}[self]


class Aspect(StrEnum):
    """In the order the rule looks at them: what an interviewer notices first comes first."""

    SPEECH = "speech"
    TIME = "time"
    CONTENT = "content"
    STORY = "story"
    FILLERS = "fillers"
    PACE = "pace"
    I_WE = "i_we"
    NUMBERS = "numbers"
    PAUSES = "pauses"
    HEDGES = "hedges"


@dataclass(frozen=True)
class Targets:
    pace_band_wpm: tuple[float, float] = (130.0, 160.0)
    fillers_per_min: float = 2.0


@dataclass(frozen=True)
class Verdict:
    aspect: Aspect
    judgement: Judgement
    says: str  # the judgement in words, against its target
    advice: str  # what to do, when this is the one thing to fix


def judge(
    a: Analysis,
    targets: Targets,
    *,
    story: bool,
    structure: Structure | None = None,
    content: Content | None = None,
) -> list[Verdict]:
    """One verdict per figure, in Aspect order. story: a behavioural question, where "I", a
    number in the result, and (given its structure) the STAR order and timing matter most.
    content: what the answer said (its checks); a missed check of weight outranks delivery."""
    if a.no_speech or not a.word_count:
        return [
            Verdict(
                Aspect.SPEECH,
                Judgement.FIX,
                "no speech heard",
                "Check the microphone (Settings) and answer aloud.",
            )
        ]
    return [
        _time(a),
        *([content_verdict(content)] if content is not None and content.checks else []),
        *([story_verdict(structure, a.time_limit_s)] if story and structure else []),
        _fillers(a, targets.fillers_per_min),
        _pace(a, targets.pace_band_wpm),
        *([_i_we(a)] if story else []),
        _numbers(a, story),
        _pauses(a),
        _hedges(a),
    ]


def next_fix(verdicts: Sequence[Verdict]) -> Verdict | None:
    """The rule: the first "fix" in Aspect order, else the first "watch", else nothing. One
    thing at a time, because a person practising alone can change one habit per try."""
    for level in (Judgement.FIX, Judgement.WATCH):
        for v in verdicts:
            if v.judgement is level:
                return v
    return None


# The misses an interviewer cannot look past: a story with no result or nothing shipped, a case
# with no metric, no test or no rule for the decision. Any other miss is worth watching.
_CRITICAL = {"impact", "shipped", "success_metric", "experiment", "decision_rule"}
_CONTENT_ADVICE = {
    "customer": "Open with whose pain it was: name the customer and what hurt them",
    "trade_off": "Name the trade-off: the option you turned down and what you gave up",
    "impact": "End with the result in numbers: which business figure moved, and by how much",
    "shipped": "Say what actually shipped, or what was decided in the end",
    "principle": 'Name the principle the story shows ("this is what Ownership means to me")',
    "learned": "Close with what you learned or would do differently",
    "customer_problem": "Start from whose problem it is and what the problem is",
    "data_signal": "Name the data that shows the problem and its size (logs, returns, a survey)",
    "intervention": "Say exactly what you would change, where, and for whom",
    "success_metric": "Single out one success metric",
    "guardrail": "Name a guardrail metric you would watch for harm",
    "experiment": "Give the test: a randomised split, the traffic share, and how long",
    "decision_rule": "State the go/no-go rule up front: a minimum lift and a significance level",
    "iteration": "Say what you would do next for at least two outcomes (win, flat or loss)",
}


def content_verdict(content: Content) -> Verdict:
    """What was covered; the one thing to say next is the follow-up's check (the most costly
    miss), so the advice and the follow-up always agree."""
    if content.hypothetical:
        return Verdict(
            Aspect.CONTENT,
            Judgement.FIX,
            "told as what you would do",
            "Tell one time you did it, in the past tense, with what happened",
        )
    missing = content.missing
    if not missing:
        return Verdict(Aspect.CONTENT, Judgement.GOOD, "all covered", "")
    target = content.follow_up.check if content.follow_up else missing[0].id
    label = next((c.label for c in missing if c.id == target), target)
    says = f"missing: {label}" if len(missing) == 1 else f"{len(missing)} missing; {label} first"
    advice = _CONTENT_ADVICE.get(target, f"Cover the {label}")
    level = Judgement.FIX if target in _CRITICAL else Judgement.WATCH
    return Verdict(Aspect.CONTENT, level, says, f"{advice} (missing: {label})")


def story_verdict(st: Structure, limit_s: float) -> Verdict:
    """The STAR verdict: the worst of no story, no result, a late result, a long set-up, and
    a result without a number."""
    if not st.is_story:
        return Verdict(
            Aspect.STORY,
            Judgement.FIX,
            "not told as a story",
            "Tell one story: the situation, what you did, and the result.",
        )
    if st.result_start_s is None:
        return Verdict(
            Aspect.STORY,
            Judgement.FIX,
            "no result stated",
            "End with the result: what changed, and by how much.",
        )
    start = st.result_start_s - st.parts[0].start  # answer time, from the first word
    if start > RESULT_BY * limit_s:
        return Verdict(
            Aspect.STORY,
            Judgement.FIX,
            f"result starts at {format_clock(start)} of {format_clock(limit_s)}",
            "Reach the result sooner: cut the set-up to two sentences.",
        )
    set_up = st.share(Part.SITUATION) + st.share(Part.TASK)
    if set_up > SET_UP_SHARE:
        return Verdict(
            Aspect.STORY,
            Judgement.WATCH,
            f"situation took {set_up:.0%} of the answer",
            "Set the scene in twenty seconds; spend the time on what you did.",
        )
    if not st.result_quantified:
        return Verdict(
            Aspect.STORY,
            Judgement.WATCH,
            "result has no number",
            "Put a number on the result: how much, how many, how fast.",
        )
    return Verdict(
        Aspect.STORY, Judgement.GOOD, f"result at {format_clock(start)}, with a number", ""
    )


def _time(a: Analysis) -> Verdict:
    limit = format_clock(a.time_limit_s)
    if a.overrun_s > 0:
        level = Judgement.FIX if a.overrun_s > OVERRUN_GRACE_S else Judgement.WATCH
        return Verdict(
            Aspect.TIME,
            level,
            f"{a.overrun_s:.0f} s over {limit}",
            "Finish inside the limit: shorten the set-up, reach the result sooner.",
        )
    if a.under_time:
        return Verdict(
            Aspect.TIME,
            Judgement.WATCH,
            f"short for {limit}",
            "Say more: what you did, the result with its numbers, what you learned.",
        )
    return Verdict(Aspect.TIME, Judgement.GOOD, f"inside {limit}", "")


def _fillers(a: Analysis, goal: float) -> Verdict:
    says = f"goal under {goal:.1f}/min"
    if a.fillers_per_min <= goal:
        return Verdict(Aspect.FILLERS, Judgement.GOOD, says, "")
    level = Judgement.WATCH if a.fillers_per_min <= 2 * goal else Judgement.FIX
    top = max(a.fillers_by_type.items(), key=lambda kv: kv[1])[0] if a.fillers_by_type else "um"
    return Verdict(Aspect.FILLERS, level, says, f'Pause silently where you would say "{top}".')


def _pace(a: Analysis, band: tuple[float, float]) -> Verdict:
    says = f"target {band[0]:.0f}-{band[1]:.0f} wpm"
    if a.pace is Pace.IN_BAND:
        return Verdict(Aspect.PACE, Judgement.GOOD, says, "")
    off = band[0] - a.wpm if a.pace is Pace.SLOW else a.wpm - band[1]
    level = Judgement.WATCH if off <= PACE_SLACK_WPM else Judgement.FIX
    advice = (
        "Slow down: finish each sentence, then breathe."
        if a.pace is Pace.FAST
        else "Pick up the pace: shorter sentences, fewer restarts."
    )
    return Verdict(Aspect.PACE, level, f"{a.pace}, {says}", advice)


def _i_we(a: Analysis) -> Verdict:
    if a.i_count >= a.we_count and a.i_count:
        return Verdict(Aspect.I_WE, Judgement.GOOD, 'says "I" for your part', "")
    level = Judgement.FIX if a.i_count == 0 else Judgement.WATCH
    return Verdict(
        Aspect.I_WE,
        level,
        'more "we" than "I"',
        'Say "I" for what you did: the interviewer is hiring you, not the team.',
    )


def _numbers(a: Analysis, story: bool) -> Verdict:
    if a.quantities:
        return Verdict(Aspect.NUMBERS, Judgement.GOOD, "has a number", "")
    return Verdict(
        Aspect.NUMBERS,
        Judgement.FIX if story else Judgement.WATCH,
        "no number",
        "State the result as a number: how much, how many, how fast.",
    )


def _pauses(a: Analysis) -> Verdict:
    n = len(a.pauses)
    level = (
        Judgement.GOOD if n < PAUSES_WATCH else Judgement.WATCH if n < PAUSES_FIX else Judgement.FIX
    )
    return Verdict(
        Aspect.PAUSES,
        level,
        f"under {PAUSES_WATCH} wanted",
        "Plan the next point before you finish the current one.",
    )


def _hedges(a: Analysis) -> Verdict:
    minutes = max(a.speaking_s, 1.0) / 60
    rate = len(a.hedges) / minutes
    level = (
        Judgement.GOOD
        if rate <= HEDGES_WATCH_PER_MIN
        else Judgement.WATCH
        if rate <= HEDGES_FIX_PER_MIN
        else Judgement.FIX
    )
    return Verdict(
        Aspect.HEDGES,
        level,
        f"{rate:.1f}/min, under {HEDGES_WATCH_PER_MIN:.0f} wanted",
        'Drop "I think" and "maybe": state what you did and what you know.',
    )
