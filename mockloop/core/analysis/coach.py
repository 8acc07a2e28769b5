"""Verdicts on an answer: each figure judged against a stated target, with advice written from
the measured figure itself, and the one thing to fix next: the verdict that costs the answer
most. Pure functions over an Analysis.

The targets come from the field's conventions (docs/guide.md): a story told in STAR order
with its result in time and in numbers, pace inside the band, fillers per minute under the
person's goal, few long pauses, "I" at least as often as "we" in a story, at least one number,
few hedges, and the answer inside its time limit.

Every verdict has a cost: how far the figure is past its target, in units of that target's
own tolerance (0 on target, 1 at the line where "watch" becomes "fix"). Misses an interviewer
cannot look past (no story, no result, a case with no metric) cost 2. The next fix is the
costliest verdict; on a tie, the one an interviewer notices first (Aspect order).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from mockloop.core.analysis.answer import Analysis, Pace
from mockloop.core.analysis.content import Content, content_kind
from mockloop.core.analysis.report import AnswerReport
from mockloop.core.analysis.structure import Part, PartSpan, Structure
from mockloop.core.analysis.uncertainty import filler_range
from mockloop.core.timer import format_clock

OVERRUN_GRACE_S = 15.0  # Toastmasters-style grace: past it, running over is the thing to fix
PACE_SLACK_WPM = 15.0  # this far outside the band is "watch"; further is "fix"
PAUSES_WATCH, PAUSES_FIX = 2, 4  # long pauses in one answer
HEDGES_WATCH_PER_MIN, HEDGES_FIX_PER_MIN = 1.0, 3.0
RESULT_BY = 0.75  # of the limit: a result that starts later is cut short or rushed (1:30 of 2:00)
SET_UP_SHARE = 0.35  # situation and task together: more is a long set-up
SET_UP_SPAN = 0.15  # a set-up this far past SET_UP_SHARE is as bad as it gets for a "watch"
# Where a sentence ends moves a share by a point or two between readings of the same words
# (benchmarks/star_stability.py, tune split): a set-up within this of the line is not judged.
SHARE_ERROR = 0.03
MIN_PRONOUNS = 3  # "I" and "we" together: fewer says nothing about whose work it was
CRITICAL = 2.0  # the cost of a miss an interviewer cannot look past
WATCH_ONLY = 0.99  # the cost of a "watch" that can never become a fix on its own
UNCLEAR = 0.2  # parts that cannot be placed: worth a word, rarely the thing to fix first

STORY_CATEGORIES = frozenset({"behavioral"})  # told as a story: "I" and a number matter most


def is_story(category: str) -> bool:
    return category in STORY_CATEGORIES


class AnswerKind(StrEnum):
    """What an answer is judged as."""

    STORY = "story"  # a behavioural question: a story with a result
    CASE = "case"  # a product, metrics or experiment case
    OTHER = "other"  # an explanation, a technical question
    FOLLOW_UP = "follow_up"  # a short answer to a follow-up: no story verdicts


def answer_kind(category: str, *, follow_up: bool = False) -> AnswerKind:
    if follow_up:
        return AnswerKind.FOLLOW_UP
    return AnswerKind(content_kind(category))  # story, case or other, as the checks read it


_ASKS_NUMBER = re.compile(
    r"\b(?:how (?:much|many|big|large|long|often|fast)|what (?:was|were) the (?:impact|result"
    r"|numbers?|size|effect)|which (?:metric|number)|by how much|numbers?|metric|percent"
    r"|quantify|measure)\b",
    re.IGNORECASE,
)


def asks_for_number(prompt: str) -> bool:
    """A follow-up that asks for an amount ("How much did it move?"): only then is a missing
    number a verdict on a short answer."""
    return bool(_ASKS_NUMBER.search(prompt))


class Judgement(StrEnum):
    GOOD = "good"
    WATCH = "watch"
    FIX = "fix"

    @property
    def sign(self) -> str:
        """A mark that reads without colour."""
        return {Judgement.GOOD: "✓", Judgement.WATCH: "!", Judgement.FIX: "✗"}[self]


class Aspect(StrEnum):
    """In the order an interviewer notices them: the tie-break of the next fix."""

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
    advice: str  # what to do, written from the measured figure; "" when good
    cost: float = 0.0  # how far past the target, in units of its tolerance (see module doc)
    direction: str = ""  # which way it is off, where there are two: slow/fast, over/short

    @property
    def topic(self) -> str:
        """What a summary groups by: a slow answer and a fast one are two problems."""
        return f"{self.aspect.value}:{self.direction}" if self.direction else self.aspect.value


def _verdict(aspect: Aspect, cost: float, says: str, advice: str, direction: str = "") -> Verdict:
    cost = min(cost, CRITICAL)  # far past any target is as bad as a miss, no worse
    level = Judgement.GOOD if cost <= 0 else Judgement.WATCH if cost < 1 else Judgement.FIX
    return Verdict(aspect, level, says, advice if cost > 0 else "", round(cost, 3), direction)


@dataclass(frozen=True)
class Advice:
    """What the Review, the loop report and `analyze --json` say about one answer."""

    kind: AnswerKind
    verdicts: tuple[Verdict, ...]
    next_fix: Verdict | None


def advise(
    report: AnswerReport,
    targets: Targets,
    *,
    kind: AnswerKind,
    content: Content | None = None,
    prompt: str = "",
) -> Advice:
    """The advice on a transcribed answer of this kind: its STAR parts judged when it is a
    story; prompt: the question (a follow-up that asks for a number gets a number verdict)."""
    structure = report.structure if kind is AnswerKind.STORY else None
    verdicts = judge(
        report.analysis, targets, kind=kind, structure=structure, content=content, prompt=prompt
    )
    return Advice(kind, tuple(verdicts), next_fix(verdicts))


def judge(
    a: Analysis,
    targets: Targets,
    *,
    kind: AnswerKind,
    structure: Structure | None = None,
    content: Content | None = None,
    prompt: str = "",
) -> list[Verdict]:
    """One verdict per figure that applies to this kind of answer, in Aspect order.
    structure: the STAR parts (stories); content: what the answer covered (its checks);
    prompt: the question, for a follow-up that asks for a number."""
    if a.no_speech or not a.word_count:
        return [
            Verdict(
                Aspect.SPEECH,
                Judgement.FIX,
                "no speech heard",
                "Check the microphone (Settings) and answer aloud.",
                float("inf"),
            )
        ]
    story = kind is AnswerKind.STORY
    short = kind is AnswerKind.FOLLOW_UP
    parts = structure if story and structure is not None and structure.is_story else None
    checked = content is not None and content.checks and not short
    numbers = not short or asks_for_number(prompt)
    return [
        _time(a, parts, kind),
        *([content_verdict(content)] if checked and content is not None else []),
        *([story_verdict(structure, a.time_limit_s)] if story and structure else []),
        _fillers(a, targets.fillers_per_min),
        _pace(a, targets.pace_band_wpm),
        *([_i_we(a)] if (story or short) and a.i_count + a.we_count >= MIN_PRONOUNS else []),
        *([_numbers(a, kind)] if numbers else []),
        _pauses(a),
        _hedges(a),
    ]


def next_fix(verdicts: Sequence[Verdict]) -> Verdict | None:
    """The costliest verdict that is not good; on a tie, the earlier aspect. One thing at a
    time, because a person practising alone can change one habit per try."""
    order = list(Aspect)
    off = [v for v in verdicts if v.judgement is not Judgement.GOOD]
    return min(off, key=lambda v: (-v.cost, order.index(v.aspect)), default=None)


# -- content ------------------------------------------------------------------------------------
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
    covered = f"{len(content.met)} of {len(content.checks)} covered"
    if content.hypothetical:
        return _verdict(
            Aspect.CONTENT,
            CRITICAL,
            "told as what you would do",
            f"Tell one time you did it, in the past tense, with what happened ({covered})",
        )
    missing = content.missing
    if not missing:
        return _verdict(Aspect.CONTENT, 0.0, "all covered", "")
    target = content.follow_up.check if content.follow_up else missing[0].id
    label = next((c.label for c in missing if c.id == target), target)
    says = f"missing: {label}" if len(missing) == 1 else f"{len(missing)} missing; {label} first"
    advice = _CONTENT_ADVICE.get(target, f"Cover the {label}")
    # A critical miss is a fix; otherwise the more that is missing, the closer to one.
    cost = CRITICAL if target in _CRITICAL else min(WATCH_ONLY, len(missing) / len(content.checks))
    return _verdict(Aspect.CONTENT, cost, says, f"{advice} ({covered}; missing: {label})")


# -- the story ----------------------------------------------------------------------------------
def _part_took(st: Structure, parts: Sequence[Part]) -> tuple[float, float]:
    """(share of the answer, seconds) that these parts took together."""
    share = sum(st.share(p) for p in parts)
    seconds = sum(s.end - s.start for s in st.parts if s.part in parts)
    return share, seconds


def _longest_before_result(st: Structure) -> tuple[str, float, float]:
    """The longest stretch before the result: the set-up (situation and task) or the action,
    as (its name, share, seconds)."""
    set_up = ("set-up", *_part_took(st, (Part.SITUATION, Part.TASK)))
    action = ("action", *_part_took(st, (Part.ACTION,)))
    return max(set_up, action, key=lambda x: x[1])


def _cut_advice(name: str, share: float, seconds: float) -> str:
    what = "two sentences (about 20 s)" if name == "set-up" else "its two strongest steps"
    return f"{name.capitalize()} took {share:.0%} ({format_clock(seconds)}): cut it to {what}"


def story_verdict(st: Structure, limit_s: float) -> Verdict:
    """The STAR verdict: the worst of no story, no result, a late result, a long set-up, and
    a result without a number. Timing advice names the part that measured longest; where a
    near-tie labelling puts a boundary on the other side of the line, it says the parts are
    unclear instead of advising on them."""
    if not st.is_story:
        return _verdict(
            Aspect.STORY,
            CRITICAL,
            "not told as a story",
            "Tell one story: the situation, what you did, and the result.",
        )
    if st.result_start_s is None:
        name, share, took = _longest_before_result(st)
        return _verdict(
            Aspect.STORY,
            CRITICAL,
            "no result stated",
            f"End with the result, what changed and by how much (the {name} took {share:.0%},"
            f" {format_clock(took)}, and no result followed).",
        )
    return _timed(st, st.result_start_s - st.parts[0].start, limit_s)


def _timed(st: Structure, start: float, limit_s: float) -> Verdict:
    """A story with a result starting at `start` (answer time): late, unclear, a long set-up,
    no number, or good."""
    by = RESULT_BY * limit_s
    earliest, latest = st.result_start_range() or (start, start)
    if earliest > by:
        name, share, took = _longest_before_result(st)
        return _verdict(
            Aspect.STORY,
            1.0 + (start - by) / max(limit_s - by, 1.0),
            f"result starts at {format_clock(start)} of {format_clock(limit_s)}",
            f"{_cut_advice(name, share, took)} and reach the result by {format_clock(by)}.",
        )
    set_up, set_up_s = _part_took(st, (Part.SITUATION, Part.TASK))
    low, high = _set_up_range(st)
    if latest > by:  # a near-tie starts the result after the line: late or not, unclear
        return _unclear(f"result at {format_clock(earliest)}-{format_clock(latest)}")
    line = SET_UP_SHARE + SHARE_ERROR
    if low <= line < high:
        return _unclear(f"set-up {low:.0%}-{high:.0%}")
    if set_up > line:
        return _verdict(
            Aspect.STORY,
            min(WATCH_ONLY, (set_up - SET_UP_SHARE) / SET_UP_SPAN + 0.3),
            f"situation took {set_up:.0%} of the answer",
            f"Situation and task took {set_up:.0%} ({format_clock(set_up_s)}): set the scene"
            " in about 20 s and spend the time on what you did.",
        )
    if not st.result_quantified:
        return _verdict(
            Aspect.STORY,
            0.5,
            "result has no number",
            f"Your result starts at {format_clock(start)} with no number in it: say how much"
            " it moved, how many, how fast.",
        )
    return _verdict(Aspect.STORY, 0.0, f"result at {format_clock(start)}, with a number", "")


def _set_up_range(st: Structure) -> tuple[float, float]:
    """The set-up's share (situation and task) under the chosen labelling and its near-ties."""
    shares = [
        _share_of(parts, (Part.SITUATION, Part.TASK)) for parts in (st.parts, *st.alternatives)
    ]
    return min(shares), max(shares)


def _share_of(parts: Sequence[PartSpan], which: Sequence[Part]) -> float:
    total = sum(p.end - p.start for p in parts)
    return sum(p.end - p.start for p in parts if p.part in which) / total if total else 0.0


def _unclear(what: str) -> Verdict:
    """The parts could fall either side of a line: say so, and advise nothing on timing."""
    return _verdict(
        Aspect.STORY,
        UNCLEAR,
        f"{what}, unclear",
        "Where each part starts is not clear from the words: open each with its own sentence"
        ' ("My task was…", "What I did…", "As a result…").',
    )


# -- delivery -----------------------------------------------------------------------------------
# What a short answer lacks, by kind: a story its action and result, a case its plan.
_SAY_MORE = {
    AnswerKind.STORY: "add what you did and the result with its numbers",
    AnswerKind.CASE: "add the metric you would move, the test and the rule for deciding",
    AnswerKind.OTHER: "add an example and what it shows",
}
# Where a number belongs, by kind.
_WHICH_NUMBER = {
    AnswerKind.STORY: "state the result as one (how much, how many, how fast)",
    AnswerKind.CASE: "size the problem or the change you expect (how many users, what lift)",
    AnswerKind.OTHER: "give one (a size, a share, a time)",
    AnswerKind.FOLLOW_UP: "the question asked for one: say how much, how many, how fast",
}


def _time(a: Analysis, st: Structure | None, kind: AnswerKind) -> Verdict:
    limit = format_clock(a.time_limit_s)
    if a.overrun_s > 0:
        return _verdict(
            Aspect.TIME,
            a.overrun_s / OVERRUN_GRACE_S,
            f"{a.overrun_s:.0f} s over {limit}",
            _overrun_advice(a, st),
            "over",
        )
    if a.under_time and kind in _SAY_MORE:  # a follow-up is a short answer by design
        wanted = a.time_limit_s * 0.5
        return _verdict(
            Aspect.TIME,
            min(WATCH_ONLY, 0.3 + 0.7 * (wanted - a.duration_s) / wanted),
            f"short for {limit}",
            f"You spoke {format_clock(a.duration_s)} of {limit}: {_SAY_MORE[kind]}.",
            "short",
        )
    return _verdict(Aspect.TIME, 0.0, f"inside {limit}", "")


def _overrun_advice(a: Analysis, st: Structure | None) -> str:
    words = round(a.overrun_s * a.wpm / 60) if a.wpm else 0
    cut = f"about {words} words" if words else f"{a.overrun_s:.0f} s"
    if st is None or not st.is_story:
        return f"Ran {a.overrun_s:.0f} s over: cut {cut}, one point, and finish inside the limit."
    name, share, took = _longest_before_result(st)
    return f"Ran {a.overrun_s:.0f} s over: {_cut_advice(name, share, took).lower()} ({cut})."


def _fillers(a: Analysis, goal: float) -> Verdict:
    rate = a.fillers_per_min
    says = f"goal under {goal:.1f}/min"
    if rate <= goal:
        return _verdict(Aspect.FILLERS, 0.0, says, "")
    cost = (rate - goal) / goal
    lo, _ = filler_range(a)
    low_rate = rate * lo / a.filler_total if a.filler_total else rate
    if low_rate <= goal:  # the count's own error reaches the goal: not a fix
        cost = min(cost, 0.5)
        says = f"near the goal of {goal:.1f}/min"
    top = sorted(a.fillers_by_type.items(), key=lambda kv: -kv[1])[:2]
    kinds = ", ".join(f'"{k}" {n}' for k, n in top)
    word = top[0][0] if top else "um"
    return _verdict(
        Aspect.FILLERS,
        cost,
        says,
        f"{rate:.1f} fillers/min{f' ({kinds})' if kinds else ''}: pause silently where you"
        f' would say "{word}".',
    )


def _pace(a: Analysis, band: tuple[float, float]) -> Verdict:
    says = f"target {band[0]:.0f}-{band[1]:.0f} wpm"
    if a.pace is not Pace.SLOW and a.pace is not Pace.FAST:
        return _verdict(Aspect.PACE, 0.0, says, "")
    fast = a.pace is Pace.FAST
    off = a.wpm - band[1] if fast else band[0] - a.wpm
    how = (
        "finish each sentence, then breathe."
        if fast
        else "shorter sentences, fewer restarts, no long search for words."
    )
    edge = f"{off:.0f} over {band[1]:.0f}" if fast else f"{off:.0f} under {band[0]:.0f}"
    return _verdict(
        Aspect.PACE,
        # 0.3 for any step out of the band, 1 at the slack
        0.3 + 0.7 * off / PACE_SLACK_WPM,
        f"{a.pace}, {says}",
        f"{a.wpm:.0f} wpm, {edge}: {how}",
        "fast" if fast else "slow",
    )


def _i_we(a: Analysis) -> Verdict:
    if a.i_count >= a.we_count:
        return _verdict(Aspect.I_WE, 0.0, 'says "I" for your part', "")
    cost = 1.0 if a.i_count == 0 else (a.we_count - a.i_count) / a.we_count
    return _verdict(
        Aspect.I_WE,
        cost,
        'more "we" than "I"',
        f'You said "we" {a.we_count} times and "I" {a.i_count}: say "I" for what you did,'
        " the interviewer is hiring you, not the team.",
    )


def _numbers(a: Analysis, kind: AnswerKind) -> Verdict:
    if a.quantities:
        return _verdict(Aspect.NUMBERS, 0.0, "has a number", "")
    return _verdict(
        Aspect.NUMBERS,
        1.0 if kind is AnswerKind.STORY else 0.5,
        "no number",
        f"No number anywhere in the answer: {_WHICH_NUMBER[kind]}.",
    )


def _pauses(a: Analysis) -> Verdict:
    n = len(a.pauses)
    says = f"under {PAUSES_WATCH} wanted"
    if n < PAUSES_WATCH:
        return _verdict(Aspect.PAUSES, 0.0, says, "")
    longest = max(a.pauses, key=lambda p: p.end - p.start)
    return _verdict(
        Aspect.PAUSES,
        0.3 + 0.7 * (n - PAUSES_WATCH) / (PAUSES_FIX - PAUSES_WATCH),
        says,
        f"{n} long pauses, the longest {longest.end - longest.start:.1f} s at"
        f" {format_clock(longest.start)}: plan the next point before you finish this one.",
    )


def _hedges(a: Analysis) -> Verdict:
    minutes = max(a.speaking_s, 1.0) / 60
    rate = len(a.hedges) / minutes
    says = f"{rate:.1f}/min, under {HEDGES_WATCH_PER_MIN:.0f} wanted"
    if rate <= HEDGES_WATCH_PER_MIN:
        return _verdict(Aspect.HEDGES, 0.0, says, "")
    said = ", ".join(f'"{k}" {n}' for k, n in list(a.hedges_by_type.items())[:2])
    return _verdict(
        Aspect.HEDGES,
        0.3 + 0.7 * (rate - HEDGES_WATCH_PER_MIN) / (HEDGES_FIX_PER_MIN - HEDGES_WATCH_PER_MIN),
        says,
        f"Hedged {len(a.hedges)} times ({said}): state what you did and what you know.",
    )
