"""What an answer says, checked against the interview playbook: for a story, the customer, the
trade-off, the impact, what shipped, the principle and the lesson; for a product, experiment or
metrics case, the customer's problem, the data signal, the intervention, the success metric,
the guardrail, the experiment, the decision rule and the iteration plan. Pure and
deterministic: rules over the decoded words and their times, no model and no network.

How it works:
1. The words are cut into clauses (at commas, semicolons, full stops and long silences) and
   kept with their times, so every met check can point at the moment it was said.
2. Each check has cue patterns (docs/guide.md, "Content checks", defines each one). A cue
   counts only when it is not negated just before ("we never launched it", "there is no
   guardrail") and, for the facts of a story, not in the conditional ("I would ship",
   "expected to save"): a story's impact is what happened.
3. A story told as what one *would* do (most clauses in the conditional, few in the past) is
   hypothetical: its impact, what shipped and the lesson are then not met.
4. The technical share is the share of speaking time in sentences with two or more technical
   terms (models, features, queries, pipelines, statistical procedures).

Limits: the rules read English words, not meaning. A check said in words no pattern knows is
missed (reported unmet: the safe side, since a candidate then practises it once more).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mockloop.core.analysis.words import Word

STORY_CHECKS = ("customer", "trade_off", "impact", "shipped", "principle", "learned")
CASE_CHECKS = (
    "customer_problem",
    "data_signal",
    "intervention",
    "success_metric",
    "guardrail",
    "experiment",
    "decision_rule",
    "iteration",
)
CASE_CATEGORIES = ("product", "experiment", "metrics")
CLAUSE_GAP_S = 1.2  # a silence this long ends a clause even without punctuation
TECHNICAL_TERMS_PER_SENTENCE = 2
TECHNICAL_SHARE_LIMIT = 0.30  # the playbook: keep algorithmic detail under 30 %

LABELS = {
    "customer": "customer",
    "trade_off": "trade-off",
    "impact": "impact",
    "shipped": "what shipped",
    "principle": "principle",
    "learned": "lesson",
    "customer_problem": "customer problem",
    "data_signal": "data signal",
    "intervention": "intervention",
    "success_metric": "success metric",
    "guardrail": "guardrail",
    "experiment": "experiment",
    "decision_rule": "decision rule",
    "iteration": "iteration plan",
}


@dataclass(frozen=True)
class Evidence:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Check:
    id: str
    met: bool
    evidence: tuple[Evidence, ...] = ()
    name: str = ""  # a question's own check: the label its bank entry gives

    @property
    def label(self) -> str:
        return self.name or LABELS.get(self.id, self.id.replace("_", " "))


@dataclass(frozen=True)
class FollowUp:
    check: str  # the unmet check it probes
    question: str


@dataclass(frozen=True)
class Content:
    kind: str  # "story", "case" or "other"
    checks: tuple[Check, ...]
    technical_share: float
    hypothetical: bool
    follow_up: FollowUp | None

    @property
    def met(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.met)

    @property
    def missing(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.met)


@dataclass(frozen=True)
class OwnCheck:
    """A question's own check (bank field `checks`): met when any phrase is said."""

    id: str
    label: str
    phrases: tuple[str, ...]
    question: str = ""


def content_kind(category: str | None) -> str:
    """story for behavioural questions, case for product, experiment and metrics questions."""
    if category == "behavioral":
        return "story"
    return "case" if category in CASE_CATEGORIES else "other"


# -- clauses -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Clause:
    words: tuple[Word, ...]
    text: str  # lower case, word-final punctuation removed; " " between words
    sentence: int  # index of its sentence

    @property
    def evidence(self) -> Evidence:
        spoken = " ".join(w.text.strip() for w in self.words)
        return Evidence(round(self.words[0].start, 2), round(self.words[-1].end, 2), spoken)


def _norm(word: str) -> str:
    text = word.strip().lower().replace("\u2019", "'")
    return text.strip("\"'()[]").rstrip(",;:.!?").strip("\"'")


def clauses(words: Sequence[Word]) -> list[Clause]:
    out: list[Clause] = []
    current: list[Word] = []
    sentence = 0
    for i, w in enumerate(words):
        current.append(w)
        gap = words[i + 1].start - w.end if i + 1 < len(words) else 0.0
        end = w.text.strip().rstrip("\"')")
        full_stop = end.endswith((".", "?", "!")) or gap >= CLAUSE_GAP_S
        if full_stop or end.endswith((",", ";", ":")):
            out.append(_clause(current, sentence))
            current = []
            sentence += full_stop
    if current:
        out.append(_clause(current, sentence))
    return out


def _clause(words: list[Word], sentence: int) -> Clause:
    return Clause(tuple(words), _joined([_norm(w.text) for w in words]), sentence)


def _joined(tokens: list[str]) -> str:
    """The recogniser splits some words at word-piece edges ("trade -offs", "0 .05", "5 %"):
    put them back together, so a pattern sees the word as written."""
    out: list[str] = []
    for tok in tokens:
        if not tok:
            continue
        glue = tok.startswith("-") or tok == "%" or (tok.startswith(".") and tok[1:2].isdigit())
        if out and glue:
            out[-1] += tok
        else:
            out.append(tok)
    return " ".join(out)


def _sentences(found: Sequence[Clause]) -> list[list[Clause]]:
    by: dict[int, list[Clause]] = {}
    for c in found:
        by.setdefault(c.sentence, []).append(c)
    return list(by.values())


def _sentence_text(parts: Sequence[Clause]) -> str:
    return " , ".join(c.text for c in parts)


# -- shared cues -------------------------------------------------------------------------------
_NEG = re.compile(
    r"\b(not|never|no|none|nothing|without|didn't|don't|doesn't|wasn't|weren't|isn't|"
    r"aren't|won't|wouldn't|couldn't|can't|cannot|neither|nor)\b"
)
_MODAL = re.compile(
    r"\b(would|will|could|might|should|i'd|we'd|i'll|we'll|they'd|expect|expected|expects|"
    r"projected|estimated|hope|hoped|aim|aimed|plan|planned|going to|likely)\b"
)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|double|"
    r"doubled|tripled|halved|quarter|third"
)
_AMOUNT = rf"(\d[\d,.]*|\b({_NUMBER_WORDS})(-\w+)?\b)"
# A figure that says how much something moved: a share, money, a from-to pair, an amount of
# time or a multiple. A bare count ("cut them down to five", "one global model") is not one.
_FIGURE = re.compile(
    rf"({_AMOUNT}\s?(%|percent|percentage points?|points?|basis points)|\$\s?\d|"
    rf"{_AMOUNT}\s(dollars|euros|pounds|million|billion|thousand)|"
    rf"\bfrom\s(about\s)?{_AMOUNT}.{{0,30}}\bto\s(about\s)?{_AMOUNT}|"
    rf"{_AMOUNT}\s(hours?|minutes?|days?|seconds?|times)\b|\b(halved|doubled|tripled|in half)\b)"
)


def _negated(text: str, start: int, window: int = 6) -> bool:
    """A negation among the few words just before a cue."""
    before = text[:start].split()[-window:]
    return bool(_NEG.search(" ".join(before)))


def _modal_before(text: str, start: int, window: int = 8) -> bool:
    before = text[:start].split()[-window:]
    return bool(_MODAL.search(" ".join(before)))


def _find(
    pattern: re.Pattern[str],
    found: Sequence[Clause],
    *,
    negatable: bool = True,
    factual: bool = False,
    also: Callable[[Clause, re.Match[str]], bool] | None = None,
) -> list[Clause]:
    """Clauses with the cue said (not negated; with factual=True, not in the conditional)."""
    hits = []
    for c in found:
        for m in pattern.finditer(c.text):
            if negatable and _negated(c.text, m.start()):
                continue
            if factual and _modal_before(c.text, m.start()):
                continue
            if also is not None and not also(c, m):
                continue
            hits.append(c)
            break
    return hits


# -- story checks ------------------------------------------------------------------------------
_GROUP = re.compile(
    r"\b(customers?|users?|clients?|shoppers?|buyers?|sellers?|merchants|drivers?|riders?|"
    r"passengers?|travell?ers?|guests?|patients?|members?|subscribers?|readers?|listeners?|"
    r"viewers?|parents?|students?|families|owners?|businesses|restaurants|advertisers?|"
    r"hosts?|creators?|players?|visitors?|homeowners?|tenants?|farmers?|teachers?|cooks?|"
    r"partners|nurses|doctors|clinicians|freelancers|employees who|renters|job seekers|"
    r"seekers|applicants|candidates|commuters|residents|learners|fans|workers|couriers|"
    r"artists|authors|callers|"
    r"managers who|office managers|developers who|people who|anyone who|those who)\b"
)
_NOT_A_GROUP = re.compile(
    r"^\s*(success|service|support|experience|data|insights?|analytics|team|dashboards?|"
    r"reports?|tables?|ids?|segments?|care|facing|base|journey|metrics?|accounts?)\b"
)
_PAIN = re.compile(
    r"(pain|frustrat|complain|struggl|can ?not|could not|couldn't|can't|hard to|difficult|"
    r"confus|annoy|give up|gave up|abandon|\bleave\b|leaving|\bcancel|churn|\bmiss|\blate\b|"
    r"\bwait|too (long|expensive|slow|much|many)|\blose\b|losing|\blost\b|problem|\bneeds?\b|"
    r"needed|\bwant|wrong|unwanted|\bskip|\bstop\b|spend|spent|timing out|\bfail|stuck|"
    r"unhappy|angry|worried|calling support|writing in|wrote in|unsure|uncertain|not sure|"
    r"do not know|don't know|stopp?(ed|ing)|lose track|give up|drop off|drained|hate|"
    r"wast(e|ed|ing)|(do not|don't|not) understand|never hear|no idea|out of date)"
)


def _group_hits(found: Sequence[Clause]) -> list[Clause]:
    def real_group(c: Clause, m: re.Match[str]) -> bool:
        return not _NOT_A_GROUP.match(c.text[m.end() :])

    return _find(_GROUP, found, negatable=False, also=real_group)


def _customer(found: Sequence[Clause]) -> list[Clause]:
    """A group outside the team, with its pain or need in the same sentence or the next (the
    recogniser sometimes ends a sentence between them)."""
    sentences = _sentences(found)
    hits = []
    for i, parts in enumerate(sentences):
        groups = _group_hits(parts)
        if not groups:
            continue
        told = parts + (sentences[i + 1] if i + 1 < len(sentences) else [])
        if _PAIN.search(_sentence_text(told)):
            hits.extend(groups)  # the evidence: where the group is named
    return hits


_TRADE = re.compile(
    r"\b(gave up|give up|giving up|given up|at the (cost|expense) of|sacrific\w*|traded|"
    r"trade-?offs? (was|is|we made|i made|we took|i took|we accepted|i accepted)|"
    r"accept(ed|ing)? (that|a|an|the|some|lower|higher|less|more|slower|worse)|"
    r"(took|take|taking) (on )?(a |an |the )?(more |some |higher |extra )?\w* ?risk|"
    r"at the risk of|the (downside|price|cost) (was|is|would be)|(which |that )?cost us|"
    r"meant (giving up|losing|"
    r"accepting)|lived with|in exchange for|"
    r"(instead of|rather than)\b.{0,60}\b(chose|picked|went with|decided|opted)|"
    r"(chose|picked|went with|opted for|decided on)\b.{0,60}\b(over|instead of|rather than))"
)


def _trade_off(found: Sequence[Clause]) -> list[Clause]:
    return _find(_TRADE, found)


_MOVE = re.compile(
    r"\b(increas\w*|rais\w*|rose|grew|grow\w*|went up|up by|lift\w*|improv\w*|boost\w*|"
    r"reduc\w*|cut|fell|fall\w*|dropp?\w*|decreas\w*|lower\w*|sav(e|ed|es|ing)|shr[au]nk|"
    r"halved|doubled|tripled|went from|from .{1,30} to|down by|gained|moved)\b"
)
_MODEL_SCORE = re.compile(
    r"\b(auc|precision|recall|f1|f-score|accuracy|rmse|mae|mape|absolute|squared|log loss|"
    r"loss|r-squared|error|perplexity|bleu|rank|ndcg|reciprocal|offline|test set|"
    r"validation|people|headcount|engineers|analysts)\b"
)


def _impact(found: Sequence[Clause]) -> list[Clause]:
    """A business or customer figure that moved by a stated amount (what happened); a figure
    in a sentence about model scores or headcount is not impact."""
    scores = {c.sentence for c in found if _MODEL_SCORE.search(c.text)}

    def business_figure(c: Clause, m: re.Match[str]) -> bool:
        return bool(_FIGURE.search(c.text)) and c.sentence not in scores

    return _find(_MOVE, found, factual=True, also=business_figure)


_SHIP = re.compile(
    r"\b(shipped|launched(?! into)|released|deployed|went live|is live|went out|is now live|"
    r"did (ship|launch|go live)|was (shipped|launched|adopted)|made it into|"
    r"rolled\b(\s+\w+){0,4}\s+out|"
    r"rolled out|put (it |them )?(into|in) production|(we|they|the team|leadership|management)"
    r" (adopted|implemented|switched|decided to|replaced|retired|turned on|enabled)|"
    r"the decision was|in the end (we|they|it)|now (uses?|runs?)|they use it|is used|are used)"
)


def _shipped(found: Sequence[Clause]) -> list[Clause]:
    """What shipped or was decided; a clause with a negation anywhere ("in the end it was
    never rolled out") is not it."""

    def not_denied(c: Clause, m: re.Match[str]) -> bool:
        return not _NEG.search(c.text)

    return _find(_SHIP, found, factual=True, also=not_denied)


_PRINCIPLES = (
    "customer obsession",
    "ownership",
    "invent and simplify",
    "are right a lot",
    "learn and be curious",
    "hire and develop the best",
    "insist on the highest standards",
    "think big",
    "bias for action",
    "frugality",
    "earn trust",
    "dive deep",
    "have backbone",
    "disagree and commit",
    "deliver results",
    "earth's best employer",
    "broad responsibility",
)
# As tiny.en often hears them.
_HEARD_AS = {"bias for action": "bias(ed)? for action", "earn trust": "earn(ed)? trust"}
_PRINCIPLE = re.compile(
    r"\b(" + "|".join(_HEARD_AS.get(p, re.escape(p)) for p in _PRINCIPLES) + r")\b"
)
_AS_PRINCIPLE = re.compile(
    r"\b(principles?|principals?|means?|meant|looks like|is about|example of|that's|that is|"
    r"this is|shows?|showed|demonstrat\w*|embod\w*|in my view|for me|to me|stands for)\b"
)
# Said as a principle beyond doubt: these override a verb before the name ("show X as a
# principle"), which otherwise marks it as said in passing ("I showed ownership by...").
_NAMED_AS_PRINCIPLE = re.compile(
    r"\b(principles?|principals?|means?|meant|example of|stands for)\b"
)
_IN_PASSING = re.compile(r"\b(took|take|takes|taking|have|had|has|show|showed|with|real|full)\s*$")


def _principle(found: Sequence[Clause]) -> list[Clause]:
    """A leadership principle named as a principle, not the phrase in passing."""
    hits: list[Clause] = []
    for parts in _sentences(found):
        text = _sentence_text(parts)
        if not _AS_PRINCIPLE.search(text):
            continue
        for m in _PRINCIPLE.finditer(text):
            passing = _IN_PASSING.search(text[: m.start()]) and not _NAMED_AS_PRINCIPLE.search(text)
            if passing or _negated(text, m.start(), 3):
                continue
            hits.extend([c for c in parts if m.group(0) in c.text] or parts)
            break
    return hits


_LEARNED = re.compile(
    r"\b(i (have )?learn(ed|t)|i've learn(ed|t)|we learn(ed|t)|lessons?\b|taught me|"
    r"next time|if i did it again|if i were to do it again|if i had to do it again|"
    r"do (it|things) differently|in hindsight|looking back|my takeaway|i took away|"
    r"i realised|i realized|what stuck with me|took from it|what i took|the lesson|"
    r"now i always|from then on)"
)


# A habit since: read across the comma the recogniser often puts after "since then".
_SINCE = re.compile(r"\bsince then ,? i (always|now|make sure|start|ask|check)\b")


def _learned(found: Sequence[Clause]) -> list[Clause]:
    hits = _find(_LEARNED, found)
    for parts in _sentences(found):
        if _SINCE.search(_sentence_text(parts)):
            hits.extend(c for c in parts if c not in hits)
    return hits


# -- case checks -------------------------------------------------------------------------------
def _customer_problem(found: Sequence[Clause]) -> list[Clause]:
    return _customer(found)


_SOURCE = re.compile(
    r"\b(logs?|search quer(y|ies)|clickstream|click data|event data|events data|telemetry|"
    r"surveys?|support tickets|tickets|funnel( data)?|session data|usage data|order data|"
    r"refund data|returns? data|transaction data|purchase history|viewing history|"
    r"listening history|browsing history|customer reviews|app reviews|product reviews|"
    r"ratings data|the data shows|data shows|\w+ data (shows?|showed|tells|says)|"
    r"\w+ events? (show|shows|showed)|"
    r"historical data|cohort analysis|heat ?maps?|transcripts|chat logs|call recordings|"
    r"interviews|user research|feedback|complaints data|reports from)\b"
)
_METRIC_TALK = re.compile(r"\b(metric|guardrail|measure success|success measure)\b")


def _data_signal(found: Sequence[Clause]) -> list[Clause]:
    """A source used to find or size the problem; a metric named only as the test's success
    metric or guardrail does not count."""

    def not_metric_talk(c: Clause, m: re.Match[str]) -> bool:
        return not _METRIC_TALK.search(c.text)

    return _find(_SOURCE, found, also=not_metric_talk)


_CHANGE_VERB = re.compile(
    r"\b(add|adding|show|showing|build|building|launch|introduce|let|letting|replace|move|"
    r"moving|send|sending|offer|offering|give|display|put|turn on|enable|create|play|"
    r"personali[sz]e|redesign|remove|default|test|try|pilot|introduce|ship|close|hide|"
    r"limit|cap|require|allow|automate|notify|suggest|highlight|sync|pre-?fill)\b"
)
_ARTEFACT = re.compile(
    r"\b(badge|button|banner|email|notification|message|reminder|page|map|mix|trailer|"
    r"search box|filter|widget|section|recommend\w*|discount|coupon|price|prices|total|"
    r"pickup points?|layout|flow|form|step|feature|tooltip|label|option|toggle|carousel|"
    r"list|checkbox|prompt|alert|card|tab|preference|approval|approve|setting|video|"
    r"bundle|plan|tier|trial|checkout|cart|icon|screen)\b"
)
_THE_CHANGE = re.compile(
    r"\b(the change|the intervention|the feature|my proposal)\b.{0,30}\b(is|would be|will be)\b"
)


_TARGET = re.compile(r"^.{3,60}?\b(for|on|in|at|before|after|when) \w+")


def _intervention(found: Sequence[Clause]) -> list[Clause]:
    """A concrete change: a thing to add, show or send, or a change with where or for whom."""

    def concrete(c: Clause, m: re.Match[str]) -> bool:
        after = c.text[m.end() :]
        return bool(_ARTEFACT.search(after) or _TARGET.search(after))

    def artefact(c: Clause, m: re.Match[str]) -> bool:
        return bool(_ARTEFACT.search(c.text[m.end() :]))

    # The evidence in order of how sure: named as the change, a thing changed, a place or group.
    named = _find(_THE_CHANGE, found)
    things = _find(_CHANGE_VERB, found, also=artefact)
    placed = _find(_CHANGE_VERB, found, also=concrete)
    return list(dict.fromkeys([*named, *things, *placed]))


_SUCCESS = re.compile(
    r"\b((primary|success|north star|main|key|headline|target|one|single|overall evaluation)"
    r" metric\b(?!s)|success (is|would be|will be) measured|measure success (by|with|as)|"
    r"metric (i would|i'd|we would|we'd) (single out|optimi[sz]e)|the (one )?metric that "
    r"(decides|matters|we optimi[sz]e)|(we'd|we would|i'd|i would) judge it (by|on))"
)


def _success_metric(found: Sequence[Clause]) -> list[Clause]:
    return _find(_SUCCESS, found)


# "guard drill": how the bundled tiny.en model often hears "guardrail".
_GUARD_WORD = re.compile(r"\b(guard ?rails?|guard drills?|counter[- ]?metrics?)\b")
_GUARD_PHRASE = re.compile(
    r"\b(make sure|ensure|check that|watch that|as long as)\b.{0,60}\b(does not|doesn't|do not|"
    r"don't|will not|won't|is not|isn't|are not|aren't)\b.{0,30}\b(go up|rise|increase|drop|"
    r"fall|get worse|hurt|harm|suffer|decline|grow)|\b(should|must) not (go up|rise|increase|"
    r"drop|fall|get worse|hurt|grow)"
)


def _guardrail(found: Sequence[Clause]) -> list[Clause]:
    named = _find(_GUARD_WORD, found, negatable=True)
    return named + [c for c in _find(_GUARD_PHRASE, found, negatable=False) if c not in named]


_SPLIT = re.compile(
    r"\b((a ?[/-]? ?b|ab) test\w*|split test\w*|randomi[sz]\w*|feature flag\w*|control group|"
    r"control and treatment|treatment group|in treatment|into the treatment|holdout group|"
    r"split (the )?(traffic|users|customers)|in each group|two groups|bucket\w*|at random|"
    r"randomly|split \w+( \w+)? (fifty|50|in half))"
)
_SHARE = re.compile(
    r"(\d+(\.\d+)? ?(%|percent)|\b(one|two|five|ten|fifteen|twenty|twenty-five|thirty|forty|"
    r"fifty) percent|\bhalf\b|\bequal size|\bfifty-fifty|\b50/50|\b(by|per) (user|customer|session|store|"
    r"restaurant|listener|member)\b|\beach group|\b(user|session|customer)[- ]level)"
)
_DURATION = re.compile(
    r"\b(for|over|run it for|run the test for|runs for|lasting) (a|one|two|three|four|five|six|"
    r"seven|eight|ten|twelve|fourteen|twenty-one|twenty-eight|thirty|\d+) (days?|weeks?|"
    r"months?)\b|\b(\w+)[- ]week (test|experiment|run)\b"
)


def _experiment(found: Sequence[Clause]) -> list[Clause]:
    """A randomised split, its share or unit, and its length: all three."""
    splits = _find(_SPLIT, found)
    if not splits:
        return []
    near = {s.sentence + d for s in splits for d in (-1, 0, 1)}
    nearby = [c for c in found if c.sentence in near]
    shares = _find(_SHARE, nearby, negatable=False)
    lengths = _find(_DURATION, nearby, negatable=False)
    if not shares or not lengths:
        return []
    return list(dict.fromkeys([splits[0], shares[0], lengths[0]]))


_RULE = re.compile(
    r"\b(p[- ]?values? (below|under|less than|of|at|smaller than)|p (<|less than|below)|"
    r"significance level|(\d+|five|ninety[- ]five) ?(%|percent) (confidence|significance|"
    r"significance level)|confidence level|minimum (detectable )?(effect|lift|improvement)|"
    r"\bmde\b|at least (a |an )?[\w.]+ ?(%|percent|points?)|"
    r"(go|no[- ]go)( or no[- ]go)? (call|decision)\b.{0,30}\b(on|by) (day|the|\w+day)|"
    r"decide by|decision (date|deadline)|"
    r"(stop|end|kill|roll back|pause)\b.{0,20}\bif\b.{0,60}\b(more than|above|over|exceeds?|"
    r"below|under)\b|by more than [\w.]+ ?(%|percent|points?))"
)


def _decision_rule(found: Sequence[Clause]) -> list[Clause]:
    return _find(_RULE, found)


_IF = r"\bif (it|this|that|the \w+|results?|we|they)\b"
_OUTCOME = re.compile(
    _IF + r"\s*(is |are |comes back |turns out |was )?(?P<how>wins?|works?|succeeds?|positive|"
    r"goes well|goes up|goes down|a win|pays off|successful|helps|loses?|fails?|negative|"
    r"hurts?|does not( work| change)?|doesn't( work| change)?|did not|didn't|worse|better|"
    r"improves?|drops?|rises?|flat|inconclusive|neutral|mixed|not significant|"
    r"no (clear )?(effect|difference|change))"
)
_STOP_IF = re.compile(r"\bif\b.{0,30}\b(go|goes) up\b.{0,10}\bwe stop")


def _iteration(found: Sequence[Clause]) -> list[Clause]:
    """Next steps for at least two outcomes of the test (two conditions that differ)."""
    seen: dict[str, Clause] = {}
    for c in found:
        for m in _OUTCOME.finditer(c.text):
            if not _negated(c.text, m.start()):  # "we did not think about what to do if..."
                seen.setdefault(m.group("how").split()[0], c)
        if _STOP_IF.search(c.text):
            seen.setdefault("stop", c)
    return list(dict.fromkeys(seen.values())) if len(seen) >= 2 else []


_FINDERS: dict[str, Callable[[Sequence[Clause]], list[Clause]]] = {
    "customer": _customer,
    "trade_off": _trade_off,
    "impact": _impact,
    "shipped": _shipped,
    "principle": _principle,
    "learned": _learned,
    "customer_problem": _customer_problem,
    "data_signal": _data_signal,
    "intervention": _intervention,
    "success_metric": _success_metric,
    "guardrail": _guardrail,
    "experiment": _experiment,
    "decision_rule": _decision_rule,
    "iteration": _iteration,
}
_UNMET_IF_HYPOTHETICAL = ("impact", "shipped", "learned")


# -- signals -----------------------------------------------------------------------------------
_CONDITIONAL = re.compile(
    r"\b(i|we) (would|will|might|could|should)\b|\b(i'd|we'd|i'll|we'll)\b|\bi'm going to\b|"
    r"\bwhat i would do\b"
)
_LESSON_FRAME = re.compile(
    r"\b(next time|again|differently|hindsight|looking back|would like|would love)\b"
)
_PAST = re.compile(
    r"\b(i|we|they|it|she|he)\s+(\w+ed|was|were|had|did|made|took|found|built|chose|saw|got|"
    r"went|wrote|led|ran|gave|told|knew|thought|kept|put|brought|began|sent|spent|set|met|felt|"
    r"became|left|sold|bought|held|paid|won|lost|drove|grew|fell|rose|cut|picked|pulled|"
    r"joined|noticed|asked|owned|worked|moved|shipped|launched|rolled)\b"
)


def is_hypothetical(found: Sequence[Clause]) -> bool:
    """Told as what one would do: conditional sentences outnumber past ones (lessons aside)."""
    conditional = past = 0
    for parts in _sentences(found):
        text = _sentence_text(parts)
        if _CONDITIONAL.search(text) and not _LESSON_FRAME.search(text):
            conditional += 1
        elif _PAST.search(text):
            past += 1
    return conditional >= 2 and conditional > past


_TECH = re.compile(
    r"\b(models?|algorithms?|regression|logistic|gradient|boost(ed|ing)|trees?|xgboost|"
    r"random forest|neural|networks?|deep learning|features?|engineered|hyper-?parameters?|"
    r"learning rate|depth|estimators|cross[- ]validation|fold|auc|precision|recall|f1|"
    r"accuracy|threshold|training|trained|retrains?|pipelines?|airflow|spark|cron|sql|"
    r"quer(y|ies)|tables?|joins?|schema|etl|embeddings?|transformers?|cluster\w*|k-means|"
    r"time series|seasonal|lags?|bayesian|mape|absolute|percentage error|holdout|t-test|"
    r"bootstrap|variance|scoring|classifier|inference|gpu|batch|api|python|pandas|"
    r"spreadsheet|dataset|weights|layers?)\b"
)


def technical_share(found: Sequence[Clause]) -> float:
    """Share of speaking time in sentences about how a model, query or procedure works."""
    total = technical = 0.0
    for parts in _sentences(found):
        length = max(0.0, parts[-1].words[-1].end - parts[0].words[0].start)
        total += length
        terms = {m.group(0) for m in _TECH.finditer(_sentence_text(parts))}
        if len(terms) >= TECHNICAL_TERMS_PER_SENTENCE:
            technical += length
    return round(technical / total, 3) if total > 0 else 0.0


# -- follow-ups --------------------------------------------------------------------------------
FOLLOW_UPS = {
    "customer": "Who was the customer, and what was their pain?",
    "trade_off": "What did you give up to get there?",
    "impact": "What was the measurable result?",
    "shipped": "What did you actually ship?",
    "principle": "Which leadership principle does this story show, and why?",
    "learned": "What would you do differently next time?",
    "customer_problem": "Whose problem is this, and what exactly is it?",
    "data_signal": "What data tells you the problem is real, and how big it is?",
    "intervention": "What exactly would you change, and for whom?",
    "success_metric": "Which one metric decides whether it worked?",
    "guardrail": "What could this change harm, and how would you watch for it?",
    "experiment": "How would you test it: who sees it, what share of traffic, for how long?",
    "decision_rule": "What result would have made you stop the launch?",
    "iteration": "What would you do if the test came back flat?",
}
HYPOTHETICAL_FOLLOW_UP = "Tell me about a time you actually did this."
TECHNICAL_FOLLOW_UP = "What did the customer see change?"
# The order a miss costs the answer most: a story without impact or with nothing shipped is
# the playbook's first failure; a case without a decision rule its last.
_STORY_ORDER = ("impact", "shipped", "customer", "trade_off", "learned", "principle")
_CASE_ORDER = (
    "decision_rule",
    "success_metric",
    "experiment",
    "guardrail",
    "iteration",
    "data_signal",
    "intervention",
    "customer_problem",
)


def choose_follow_up(
    kind: str,
    checks: Sequence[Check],
    *,
    hypothetical: bool,
    technical: float,
    own: Sequence[OwnCheck] = (),
) -> FollowUp | None:
    """The follow-up aimed at the most important unmet check (None: all met)."""
    unmet = {c.id for c in checks if not c.met}
    if not unmet:
        return None
    if hypothetical and "impact" in unmet:
        return FollowUp("impact", HYPOTHETICAL_FOLLOW_UP)
    if technical > TECHNICAL_SHARE_LIMIT:
        target = next((c for c in ("impact", "customer") if c in unmet), None)
        if target is not None:
            return FollowUp(target, TECHNICAL_FOLLOW_UP)
    order = _STORY_ORDER if kind == "story" else _CASE_ORDER
    for check in (*order, *(o.id for o in own)):
        if check in unmet:
            asked = next((o.question for o in own if o.id == check and o.question), None)
            return FollowUp(check, asked or FOLLOW_UPS.get(check) or f"Tell me more: {check}.")
    return None


# -- the whole answer --------------------------------------------------------------------------
def _own_check(check: OwnCheck, found: Sequence[Clause]) -> list[Clause]:
    phrases = [re.escape(p.lower()) for p in check.phrases if p.strip()]
    if not phrases:
        return []
    return _find(re.compile(r"\b(" + "|".join(phrases) + r")\b"), found)


def analyse_content(words: Sequence[Word], kind: str, own: Sequence[OwnCheck] = ()) -> Content:
    """Every canonical check of the answer's kind, in order, then the question's own."""
    found = clauses(words)
    technical = technical_share(found)
    if kind not in ("story", "case"):
        return Content("other", (), technical, False, None)
    hypothetical = kind == "story" and is_hypothetical(found)
    checks = []
    for check in STORY_CHECKS if kind == "story" else CASE_CHECKS:
        hits = [] if hypothetical and check in _UNMET_IF_HYPOTHETICAL else _FINDERS[check](found)
        checks.append(Check(check, bool(hits), tuple(h.evidence for h in hits)))
    for o in own:
        hits = _own_check(o, found)
        checks.append(Check(o.id, bool(hits), tuple(h.evidence for h in hits), o.label))
    follow = choose_follow_up(kind, checks, hypothetical=hypothetical, technical=technical, own=own)
    return Content(kind, tuple(checks), technical, hypothetical, follow)


# -- over time ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckTally:
    """One check over many answers of its kind: how often it was met."""

    check: str
    kind: str
    answers: int
    met: int

    @property
    def label(self) -> str:
        return LABELS.get(self.check, self.check.replace("_", " "))

    @property
    def says(self) -> str:
        one, many = ("story", "stories") if self.kind == "story" else ("case", "cases")
        noun = one if self.answers == 1 else many
        if self.met == 0:
            return f"never named {_article(self.label)} in {self.answers} {noun}"
        return f"{self.label} in {self.met} of {self.answers} {noun}"


def _article(label: str) -> str:
    return ("an " if label[0] in "aeiou" else "a ") + label


def tally(contents: Sequence[Content]) -> list[CheckTally]:
    """Each canonical check over the answers of its kind, least often met first."""
    out = []
    for kind, checks in (("story", STORY_CHECKS), ("case", CASE_CHECKS)):
        seen = [c for c in contents if c.kind == kind]
        if not seen:
            continue
        for check in checks:
            met = sum(1 for c in seen for k in c.checks if k.id == check and k.met)
            out.append(CheckTally(check, kind, len(seen), met))
    return sorted(out, key=lambda t: (t.met / t.answers, -t.answers))
