"""The STAR structure of a spoken story: where the situation, the task, the action and the
result start, and how much of the answer each took. Pure and deterministic: rules over the
decoded words and their times, no model.

How it works:
1. The words are cut into sentences at the recogniser's full stops, question and exclamation
   marks (tiny.en punctuates speech reliably enough for this), and at long silences.
2. Each sentence gets a score per part from what it says: cue phrases ("my task was", "I
   decided", "as a result", "in the end", "what I learned"), "I" with a past-tense verb for
   actions, a stated amount for results, and a mild preference by position (set-up early,
   results late).
3. A story runs S -> T -> A -> R, each part optional: the best labelling in that order wins
   (a small dynamic programme). A result and a task need evidence: with no cue, the answer has
   none, so "No result stated" is a finding, not a default.
4. An answer mostly not in the past tense, or in which the speaker (or their team) never did
   anything in the past, is not a story (a case, an explanation): it gets no parts.

Limits: the rules read English words, not meaning. A result told without any result phrase or
amount ("the team liked it") is missed; a set-up that opens with "I decided" reads as action;
run-on speech with no full stops becomes one long sentence and takes one label.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from mockloop.core.analysis.fillers import count_quantities, tokenize
from mockloop.core.analysis.words import Span, Word

SENTENCE_GAP_S = 1.2  # a silence this long ends a sentence even without a full stop
RUN_ON_WORDS = 24  # a "sentence" this long is likely two run together by the recogniser
RUN_ON_GAP_S = 0.2  # ... and is cut at its widest pause if that is at least this long
COMMA_GAP_S = 0.15  # a comma counts as this much pause (with a little heard, enough)
MIN_SENTENCE_WORDS = 5  # neither half shorter
MIN_STORY_SENTENCES = 2  # sentences in the past tense
PAST_SHARE = 0.4  # of all sentences
# A labelling this close to the best one's score is as likely, given rules this coarse: a half
# of a hint's weight (see _CUES).
NEAR_TIE = 0.5


class Part(StrEnum):
    SITUATION = "situation"
    TASK = "task"
    ACTION = "action"
    RESULT = "result"


ORDER = (Part.SITUATION, Part.TASK, Part.ACTION, Part.RESULT)


@dataclass(frozen=True)
class PartSpan:
    part: Part
    start: float
    end: float


@dataclass(frozen=True)
class Structure:
    parts: tuple[PartSpan, ...]  # in time order, covering the spoken answer; () if no story
    result_start_s: float | None
    result_quantified: bool
    # Labellings almost as likely as the chosen one (a boundary one sentence either way, within
    # NEAR_TIE of its score): where they put the parts is what the words cannot decide.
    alternatives: tuple[tuple[PartSpan, ...], ...] = ()

    @property
    def is_story(self) -> bool:
        return bool(self.parts)

    def share(self, part: Part) -> float:
        """The part's share of the spoken answer (0 when absent)."""
        return _share(self.parts, part)

    def share_range(self, part: Part) -> tuple[float, float]:
        """The part's share under the chosen labelling and every near-tie."""
        seen = [_share(p, part) for p in (self.parts, *self.alternatives)]
        return min(seen), max(seen)

    def result_start_range(self) -> tuple[float, float] | None:
        """When the result starts (answer time) under the chosen labelling and every near-tie
        that has one; None when none has a result."""
        starts = []
        for spans in (self.parts, *self.alternatives):
            result = next((s for s in spans if s.part is Part.RESULT), None)
            if result is not None:
                starts.append(result.start - spans[0].start)
        return (min(starts), max(starts)) if starts else None


def _share(parts: Sequence[PartSpan], part: Part) -> float:
    total = sum(p.end - p.start for p in parts)
    took = sum(p.end - p.start for p in parts if p.part is part)
    return took / total if total > 0 else 0.0


NO_STORY = Structure((), None, False)

_PAST = (
    r"(?:(?!(?:ne|spe|fe|se|inde|procee|excee|succee|r|b|sh)ed\b)\w+ed|was|were|had|did|made|built|rebuilt|wrote|led|ran|took|got|went|found|saw|told|"
    r"said|gave|put|set|cut|spent|sent|began|chose|brought|thought|knew|met|paid|kept|left|"
    r"lost|won|grew|drew|shipped|rewrote|became|felt|heard|held|sat|spoke|stood|taught|"
    r"understood|caught|fell|hit|let|meant|read|sold|shut|split|spread|drove)"
)
_ACTOR_PAST = re.compile(rf"\b(?:i|we)\b(?:\s+\w+){{0,2}}?\s+{_PAST}\b")
# "I rebuilt", "I then wrote": the speaker acting. "I was", "I had", "I did not" are states.
_I_ACTED = re.compile(
    rf"\bi\b(?:\s+(?:also|then|first|quickly|personally|finally))?\s+(?!was\b|had\b|did\b){_PAST}\b"
)
_HYPOTHETICAL = re.compile(r"\b(?:if (?:i|we|you|they) \w+|i would|we would|i'd)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|my|me)\b")

Cues = tuple[tuple[re.Pattern[str], float], ...]


def _cues(*pairs: tuple[str, float]) -> Cues:
    return tuple((re.compile(p), w) for p, w in pairs)


# (pattern, weight) per part. Weights: 2 a clear cue, 1 a hint.
_CUES: dict[Part, Cues] = {
    Part.SITUATION: _cues(
        (r"\b(?:at|in) my (?:last|previous|current|old|first) (?:job|role|team|company)\b", 2),
        (r"\b(?:when|while) i was\b", 1.5),
        (r"\bback (?:in|when)\b", 1.5),
        (r"\bthere (?:was|were)\b", 1),
        (r"\bat the time\b", 1.5),
        (r"\b(?:a|two|three|few|couple of) (?:years?|months?|quarters?) ago\b", 2),
        (r"\bas a result of\b", 1),
        (r"\bi (?:was )?work(?:ed|ing) (?:at|on|for|as)\b", 1.5),
        (r"\bour (?:team|company|product|business|app|site|service)\b", 0.5),
        (r"\bthe (?:problem|issue|situation|context|background) was\b", 1.5),
    ),
    Part.TASK: _cues(
        (r"\bmy (?:task|job|goal|role|responsibility|mandate|assignment) was\b", 2.5),
        (
            r"\bi (?:was asked|was tasked|had to|needed to|was responsible|was supposed|owned"
            r"|was given|was expected)\b",
            2,
        ),
        (r"\bthe (?:goal|task|ask|challenge|objective|target) was\b", 2),
        (r"\bwe (?:needed|had) to\b", 1),
        (r"\bi wanted to\b", 1),
        (r"\b(?:asked|told|wanted|needed|hired) me to\b", 2),
        (r"\bi was (?:put )?in charge\b", 2),
    ),
    Part.ACTION: _cues(
        (r"\bi (?:decided|chose|started|began)\b", 2),
        (r"\b(?:first|then|next|after that|so|finally),? i\b", 1.5),
        (r"\bi (?:also|then|personally)\b", 1),
    ),
    Part.RESULT: _cues(
        (r"\bas a result\b(?! of)", 2.5),
        (r"\bin the end\b", 2.5),
        (r"\bthe result\b(?! set)", 2),
        (r"\b(?:the )?(?:outcome|impact) (?:was|is)\b", 2.5),
        (r"\bended up\b", 1.5),
        (
            r"\b(?:which|this|that|it) (?:led to|saved|cut|reduced|increased|improved|raised"
            r"|lowered|brought|meant|freed|doubled|halved)\b",
            2,
        ),
        (
            r"\b(?:we|i|it|this|that|which|they) (?:increased|reduced|cut|saved|improved|raised"
            r"|grew|lowered|doubled|halved|recovered|caught|prevented|dropped|fell|rose|went from)\b",
            1.5,
        ),
        (
            r"\b(?:learned|learnt|lesson|taught me|since then|going forward|next time|took from"
            r"|takeaway|take away|in hindsight|looking back|i reali[sz]ed)\b",
            2.5,
        ),
        (
            r"\b(?:\w+ (?:minutes?|hours?|days?|weeks?|months?|quarters?|years?) later"
            r"|by the end of"
            r"|within (?:a|an|\w+) (?:minutes?|hours?|days?|weeks?|months?|quarters?|years?))\b",
            1.5,
        ),
        (
            r"\b(?:went|dropped|fell|rose|grew|increased|decreased|improved|doubled|halved"
            r"|shrank|climbed) (?:from|by|to)\b",
            1.5,
        ),
        (r"\b(?:percent|%|dollars|\$)", 1),
    ),
}
_NEEDS_EVIDENCE = {Part.TASK: 1.0, Part.RESULT: 1.6}  # cost of the part without a cue
_CENTRE = {Part.SITUATION: 0.0, Part.TASK: 0.15, Part.ACTION: 0.55, Part.RESULT: 0.95}
_POSITION_WEIGHT = 1.2


@dataclass(frozen=True)
class _Sentence:
    words: tuple[Word, ...]
    text: str  # lower case, punctuation kept for the cue patterns

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end


def sentences(words: Sequence[Word], speech: Sequence[Span] = ()) -> list[_Sentence]:
    """The words cut at full stops and long silences; a run-on (the recogniser wrote no full
    stop between sentences, often in fast speech) is cut again at its widest pauses, heard in
    the voice (speech: the voiced spans), since word times smear over silences."""
    silences = [(a.end, b.start) for a, b in itertools.pairwise(speech)]
    return [part for s in _punctuated(words) for part in _split_run_on(s, silences)]


def _pauses(ws: Sequence[Word], silences: Sequence[tuple[float, float]]) -> dict[int, float]:
    """word index i -> the pause heard before word i: the gap in the words' times, or a
    silence of the voice, given to the one word boundary nearest its middle."""
    heard = {i: ws[i].start - ws[i - 1].end for i in range(1, len(ws))}
    for a, b in silences:
        mid = (a + b) / 2
        near = min(heard, key=lambda i: abs(ws[i - 1].end - mid), default=None)
        if near is not None and abs(ws[near - 1].end - mid) <= 0.5:
            heard[near] = max(heard[near], b - a)
    return heard


def _split_run_on(s: _Sentence, silences: Sequence[tuple[float, float]]) -> list[_Sentence]:
    """Cut a sentence of RUN_ON_WORDS or more at its widest pause of RUN_ON_GAP_S or more,
    and each half again, while both halves keep MIN_SENTENCE_WORDS."""
    ws = s.words
    if len(ws) < RUN_ON_WORDS:
        return [s]
    heard = _pauses(ws, silences)
    inside = range(MIN_SENTENCE_WORDS, len(ws) - MIN_SENTENCE_WORDS + 1)
    # A comma is where the recogniser heard a break, even when its word times show none.
    breaks = [(heard[i] + COMMA_GAP_S * ws[i - 1].text.endswith(","), i) for i in inside]
    widest, at = max(breaks, key=lambda b: (b[0], -b[1]), default=(0.0, 0))
    if widest < RUN_ON_GAP_S:
        return [s]
    head, tail = ws[:at], ws[at:]
    return [
        *_split_run_on(_Sentence(head, _plain(head)), silences),
        *_split_run_on(_Sentence(tail, _plain(tail)), silences),
    ]


def _punctuated(words: Sequence[Word]) -> list[_Sentence]:
    out: list[_Sentence] = []
    current: list[Word] = []
    for i, w in enumerate(words):
        current.append(w)
        gap = words[i + 1].start - w.end if i + 1 < len(words) else 0.0
        if w.text.rstrip("\"')").endswith((".", "?", "!")) or gap >= SENTENCE_GAP_S:
            out.append(_Sentence(tuple(current), _plain(current)))
            current = []
    if current:
        out.append(_Sentence(tuple(current), _plain(current)))
    return out


def _plain(words: Sequence[Word]) -> str:
    text = " ".join(w.text for w in words).lower()
    return re.sub(r"[,;:.!?\"]", "", text)


def _scores(s: _Sentence, position: float) -> dict[Part, float]:
    scores = {}
    for part in ORDER:
        cue = sum(w for p, w in _CUES[part] if p.search(s.text))
        score = cue - _NEEDS_EVIDENCE.get(part, 0.0) * (cue == 0)
        scores[part] = score - _POSITION_WEIGHT * abs(position - _CENTRE[part])
    if _I_ACTED.search(s.text):
        scores[Part.ACTION] += 1.0  # "I rebuilt the pipeline": what the speaker did
    elif not _FIRST_PERSON.search(s.text):
        # The world, not the speaker: set-up early on, what changed once the actions are told.
        scores[Part.SITUATION] += 0.5
        scores[Part.ACTION] -= 0.5
        scores[Part.RESULT] += 1.2 * position
    if count_quantities(tokenize(s.words)):
        scores[Part.RESULT] += 0.8 * position  # an amount late in a story is usually its result
    return scores


def _label(scores: list[dict[Part, float]]) -> list[Part]:
    """The best labelling whose parts follow S -> T -> A -> R (each may be skipped)."""
    n = len(scores)
    best = [[float("-inf")] * len(ORDER) for _ in range(n)]
    back = [[0] * len(ORDER) for _ in range(n)]
    for k in range(len(ORDER)):
        best[0][k] = scores[0][ORDER[k]]
    for i in range(1, n):
        for k in range(len(ORDER)):
            j = max(range(k + 1), key=lambda j: best[i - 1][j])
            best[i][k] = best[i - 1][j] + scores[i][ORDER[k]]
            back[i][k] = j
    k = max(range(len(ORDER)), key=lambda k: best[n - 1][k])
    labels = [ORDER[k]]
    for i in range(n - 1, 0, -1):
        k = back[i][k]
        labels.append(ORDER[k])
    return labels[::-1]


def _is_story(found: Sequence[_Sentence]) -> bool:
    """Told in the past, with the speaker (or their team) doing things: a case answer ("I
    would randomise by customer") and an explanation are in the present or conditional."""
    told = [s for s in found if not _HYPOTHETICAL.search(s.text)]
    past = sum(1 for s in told if re.search(rf"\b{_PAST}\b", s.text))
    acted = any(_ACTOR_PAST.search(s.text) for s in told)
    return acted and past >= MIN_STORY_SENTENCES and past >= PAST_SHARE * len(found)


def _spans(found: Sequence[_Sentence], labels: Sequence[Part]) -> tuple[PartSpan, ...]:
    parts: list[PartSpan] = []
    for s, part in zip(found, labels, strict=True):
        if parts and parts[-1].part is part:
            parts[-1] = PartSpan(part, parts[-1].start, s.end)
        else:
            if parts:  # parts meet: the silence between sentences belongs to the one before
                parts[-1] = PartSpan(parts[-1].part, parts[-1].start, s.start)
            parts.append(PartSpan(part, s.start, s.end))
    return tuple(parts)


def _near_ties(scores: list[dict[Part, float]], labels: list[Part]) -> list[list[Part]]:
    """Labellings with one boundary moved by a sentence, scoring within NEAR_TIE of the best:
    the sentence at a boundary could as well belong to the part on its other side."""
    best = sum(sc[lab] for sc, lab in zip(scores, labels, strict=True))
    out = []
    for i in range(1, len(labels)):
        if labels[i] is labels[i - 1]:
            continue
        for moved in (
            [*labels[:i], labels[i - 1], *labels[i + 1 :]],  # the boundary one sentence later
            [*labels[: i - 1], labels[i], *labels[i:]],  # one sentence earlier
        ):
            total = sum(sc[lab] for sc, lab in zip(scores, moved, strict=True))
            if best - total <= NEAR_TIE:
                out.append(moved)
    return out


def analyse_structure(words: Sequence[Word], speech: Sequence[Span] = ()) -> Structure:
    """speech: the voiced spans (VAD), where the pauses are heard; without them, the words'
    own times."""
    if not _is_story(_punctuated(words)):  # as punctuated: splitting adds no past tense
        return NO_STORY
    found = sentences(words, speech)
    first, last = found[0].start, found[-1].end
    span = max(last - first, 1e-6)
    scores = [_scores(s, (s.start - first) / span) for s in found]
    labels = _label(scores)
    result = [s for s, part in zip(found, labels, strict=True) if part is Part.RESULT]
    quantified = any(count_quantities(tokenize(s.words)) for s in result)
    alternatives = tuple(_spans(found, other) for other in _near_ties(scores, labels))
    return Structure(
        _spans(found, labels), result[0].start if result else None, quantified, alternatives
    )
