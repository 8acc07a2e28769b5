"""The report at the end of a loop: per round and for the day, each answer's figures and
verdicts (core.coach), STAR timing where the answer was a story, principle coverage, the three
things to work on, and the day against the last loop. Plain data: the TUI, Markdown, HTML and
JSON all render this one object."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from mockloop.core.analysis.aspects import ASPECT_LABELS, aspect_value
from mockloop.core.analysis.coach import AnswerKind, Aspect, Judgement, Targets, advise, answer_kind
from mockloop.core.analysis.content import analyse_content, content_kind
from mockloop.core.analysis.metrics import COMPARED, Metric
from mockloop.core.analysis.progress import Delta, compare
from mockloop.core.analysis.report import AnswerReport
from mockloop.core.analysis.structure import Part
from mockloop.core.bank.questions import LEADERSHIP_PRINCIPLES
from mockloop.core.loops.draw import DrawnLoop
from mockloop.core.loops.progress import is_follow_up

WORK_ON = 3  # things to work on, at most: more than three is a list nobody acts on


@dataclass(frozen=True)
class Asked:
    """One answer: the question as it was asked, and its key figures."""

    attempt_id: int
    question_id: str
    prompt: str
    category: str
    principles: tuple[str, ...]
    limit_s: float
    figures: dict[str, float | None]  # metrics.COMPARED key -> value


@dataclass(frozen=True)
class AnswerFacts(Asked):
    """What the store knows of one answer, in core terms."""

    report: AnswerReport | None = None  # None until transcribed
    follow_ups: tuple[AnswerFacts, ...] = ()


@dataclass(frozen=True)
class VerdictLine:
    aspect: str
    label: str  # "Fillers"
    value: str  # "8 · 27.6/min (um 3, so 2)"
    judgement: str  # good | watch | fix
    sign: str
    says: str
    advice: str  # what to do about it (empty when good)
    topic: str = ""  # the aspect and which way it is off ("pace:slow"): what work_on groups


@dataclass(frozen=True)
class StarTiming:
    result_start_s: float | None  # from the first word
    shares: dict[str, float]  # situation/task/action/result -> share of the answer


@dataclass(frozen=True)
class AnswerSummary(Asked):
    transcribed: bool
    verdicts: tuple[VerdictLine, ...]
    next_fix: str | None  # the one thing to fix next, in words
    star: StarTiming | None
    follow_ups: tuple[AnswerSummary, ...]
    transcript: str = ""  # the words as said, for rereading the round
    room: str | None = None  # why the room limited the counts, when it did


@dataclass(frozen=True)
class RoundSummary:
    title: str
    minutes: int
    seconds: float  # spoken, answers and follow-ups
    answers: tuple[AnswerSummary, ...]
    unanswered: tuple[str, ...]  # prompts of the round's questions not answered


@dataclass(frozen=True)
class WorkItem:
    aspect: str
    label: str
    fix: int  # answers where it was a ✗
    watch: int  # and a !
    advice: str


@dataclass(frozen=True)
class LoopReport:
    loop_id: int
    name: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    rounds: tuple[RoundSummary, ...]
    covered: tuple[str, ...]  # leadership principles answered today, official order
    not_covered: tuple[str, ...]
    work_on: tuple[WorkItem, ...]
    day: dict[str, float | None]  # metric key -> mean over the day's main answers
    previous_loop_id: int | None
    versus_previous: tuple[Delta, ...]
    goal_fillers_per_min: float

    @property
    def answers(self) -> list[AnswerSummary]:
        return [a for r in self.rounds for a in r.answers]


def _judged(
    rep: AnswerReport, facts: AnswerFacts, targets: Targets
) -> tuple[tuple[VerdictLine, ...], str | None, StarTiming | None]:
    """(its verdict lines, the next fix in words, STAR timing when judged as a story)."""
    follow_up = is_follow_up(facts.question_id)
    content = analyse_content(
        rep.transcript.words, "other" if follow_up else content_kind(facts.category)
    )
    kind = answer_kind(facts.category, follow_up=follow_up)
    advice = advise(rep, targets, kind=kind, prompt=facts.prompt, content=content)
    st = rep.structure if advice.kind is AnswerKind.STORY else None
    lines = tuple(
        VerdictLine(
            v.aspect.value,
            ASPECT_LABELS[v.aspect],
            aspect_value(v.aspect, rep.analysis, st, content),
            v.judgement.value,
            v.judgement.sign,
            v.says,
            v.advice,
            v.topic,
        )
        for v in advice.verdicts
    )
    chosen = advice.next_fix
    fix = f"{ASPECT_LABELS[chosen.aspect]}, {chosen.says}. {chosen.advice}" if chosen else None
    star = None
    if st is not None and st.is_story:
        start = None if st.result_start_s is None else st.result_start_s - st.parts[0].start
        star = StarTiming(start, {p.value: st.share(p) for p in Part})
    return lines, fix, star


def summarise(facts: AnswerFacts, targets: Targets) -> AnswerSummary:
    rep = facts.report
    verdicts, fix, star = _judged(rep, facts, targets) if rep is not None else ((), None, None)
    return AnswerSummary(
        facts.attempt_id,
        facts.question_id,
        facts.prompt,
        facts.category,
        facts.principles,
        facts.limit_s,
        dict(facts.figures),
        rep is not None,
        verdicts,
        fix,
        star,
        tuple(summarise(f, targets) for f in facts.follow_ups),
        rep.transcript.text if rep is not None else "",
        _room_problem(rep),
    )


def _room_problem(rep: AnswerReport | None) -> str | None:
    room = rep.analysis.room if rep is not None else None
    return room.problem() if room is not None else None


def day_figures(answers: Sequence[AnswerSummary]) -> dict[str, float | None]:
    """Each compared metric's mean over the main answers that have it."""
    out: dict[str, float | None] = {}
    for metric in COMPARED:
        known = [v for a in answers if (v := a.figures.get(metric.key)) is not None]
        out[metric.key] = round(sum(known) / len(known), 2) if known else None
    return out


_DIRECTION_LABELS = {"slow": "too slow", "fast": "too fast", "over": "over time", "short": "short"}


def topic_label(topic: str) -> str:
    """ "Pace, too slow" for "pace:slow": opposite problems are named apart."""
    aspect, _, direction = topic.partition(":")
    label = ASPECT_LABELS[Aspect(aspect)]
    return f"{label}, {_DIRECTION_LABELS[direction]}" if direction else label


def work_on(answers: Sequence[AnswerSummary]) -> tuple[WorkItem, ...]:
    """The topics most often judged ✗ (then !) over the main answers (a follow-up is a short
    answer, judged apart), in the coach's order on a tie; each with the advice of its first ✗,
    else its first !. A slow answer and a fast one are two topics, never one."""
    counts: dict[str, list[int]] = {}
    advice: dict[str, tuple[bool, str]] = {}  # topic -> (from a ✗, advice)
    for one in answers:
        for v in one.verdicts:
            if v.judgement == Judgement.GOOD:
                continue
            fix, topic = v.judgement == Judgement.FIX, v.topic or v.aspect
            counts.setdefault(topic, [0, 0])[0 if fix else 1] += 1
            if topic not in advice or (fix and not advice[topic][0]):
                advice[topic] = (fix, v.advice)
    order = [x.value for x in Aspect]

    def rank(topic: str) -> tuple[int, int, int, str]:
        fixes, watches = counts[topic]  # a ✗ anywhere outranks any number of !
        return (-fixes, -watches, order.index(topic.partition(":")[0]), topic)

    return tuple(
        WorkItem(k, topic_label(k), counts[k][0], counts[k][1], advice[k][1])
        for k in sorted(counts, key=rank)[:WORK_ON]
    )


def build_report(
    loop_id: int,
    loop: DrawnLoop,
    *,
    status: str,
    started_at: datetime,
    ended_at: datetime | None,
    facts: dict[str, AnswerFacts],
    targets: Targets,
    previous: tuple[int, dict[str, float | None]] | None = None,
) -> LoopReport:
    """facts: question id -> its answer in this loop. previous: the last loop's id and its
    day figures."""
    rounds = []
    covered: set[str] = set()
    for rnd in loop.rounds:
        done = [facts[it.question.id] for it in rnd.items if it.question.id in facts]
        missing = tuple(it.question.prompt for it in rnd.items if it.question.id not in facts)
        summaries = tuple(summarise(f, targets) for f in done)
        for f in done:
            covered.update(f.principles)
        seconds = sum(
            (x.figures.get("duration_s") or 0.0) for f in done for x in (f, *f.follow_ups)
        )
        rounds.append(RoundSummary(rnd.plan.title, rnd.plan.minutes, seconds, summaries, missing))
    every = [a for r in rounds for a in r.answers]
    day = day_figures(every)
    versus = tuple(compare(day, previous[1])) if previous else ()
    return LoopReport(
        loop_id,
        loop.name,
        status,
        started_at,
        ended_at,
        tuple(rounds),
        tuple(p for p in LEADERSHIP_PRINCIPLES if p in covered),
        tuple(p for p in LEADERSHIP_PRINCIPLES if p not in covered),
        work_on(every),
        day,
        previous[0] if previous else None,
        versus,
        targets.fillers_per_min,
    )


def metric(key: str) -> Metric:
    return next(m for m in COMPARED if m.key == key)
