"""Finding fillers and hedges in a timed word list.

Vocal fillers (um, uh, ...) are always fillers. Lexical fillers (like, so, you know, ...) are
ordinary words, so they count only when the context says so: set off by punctuation, a pause
or a vocal filler, and not in a content use ("I would like", "so that", "the right metric")."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mockloop.core.analysis.words import Word

# Spelling -> the type it is counted as.
VOCAL_FILLERS: Mapping[str, str] = {
    "um": "um",
    "umm": "um",
    "ummm": "um",
    "uhm": "um",
    "mm": "um",
    "mmm": "um",
    "uh": "uh",
    "uhh": "uh",
    "uhhh": "uh",
    "er": "er",
    "err": "er",
    "erm": "er",
    "ah": "ah",
    "ahh": "ah",
    "hmm": "hmm",
    "hm": "hmm",
    "hmmm": "hmm",
}
LEXICAL_FILLERS = (
    "like",
    "you know",
    "i mean",
    "so",
    "basically",
    "actually",
    "literally",
    "kind of",
    "sort of",
    "right",
    "okay",
)
HEDGES = ("i think", "maybe", "probably", "i guess", "sort of", "kind of", "just", "i believe")
_SPELLINGS = {"ok": "okay"}

_CLAUSE_PUNCT = (",", ";", ":", "—", "–", "-", "...", "…")
_SENTENCE_PUNCT = (".", "?", "!")
_STRIP = '.,;:!?"“”‘()[]{}—–…-'
_DETERMINERS = frozenset(
    "a an the this that these those what which some any every each one another same different "
    "other my our your their his her its no new specific particular certain right wrong".split()
)
# Words after which "like" is a verb or a comparison, never a filler.
_LIKE_CONTENT_BEFORE = frozenset(
    "i you we they he she would 'd i'd we'd you'd they'd don't didn't do does did to not "
    "really also look looks looked looking seem seems seemed sound sounds sounded feel feels "
    "felt something things stuff more less much exactly anything nothing just".split()
)
# After a filler "like" the speaker goes on mid-phrase; a comparison takes a noun phrase.
_NOT_AFTER_COMPARISON = frozenset(
    "at of about for from most half all almost maybe probably really totally just around".split()
)
# After these "like" is neither a verb nor a comparison: a number ("three like older phones";
# not "one": "one like" can be a noun) or a preposition other than "to" ("from like a sheet").
_LIKE_FILLER_BEFORE = frozenset(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred thousand million from at of for with in on into".split()
)
_SO_CONTENT_BEFORE = frozenset("and or think hope guess said do did not even is was be".split())
_KNOW_CONTENT_BEFORE = frozenset(
    "do did don't didn't if as would will might could may whether what let".split()
)
_MEAN_CONTENT_BEFORE = frozenset("what which that".split())
_MEAN_CONTENT_AFTER = frozenset("by it".split())
# A definition's opening before its "I mean", in the same sentence: "when I say X", "if we
# say X", or a sentence that opens with "by X" ("By active, I mean ...").
_DEFINES = re.compile(
    r"\b(?:when|if|whenever) (?:i|we|you) (?:say|said|talk about|talked about|call)\b"
    r"|^(?:and |but |so )?by\b"
)
_DEFINES_WITHIN = 8  # words back to the opening
_RIGHT_CONTENT_BEFORE = frozenset("that's that you're it's is was all exactly turn".split())


@dataclass(frozen=True)
class Token:
    raw: str
    norm: str
    start: float
    end: float
    comma_after: bool
    sentence_end: bool


class MarkKind(StrEnum):
    VOCAL = "vocal"  # um, uh: a hesitation sound
    LEXICAL = "lexical"  # like, so, you know: a real word used as a filler
    HEDGE = "hedge"  # i think, maybe: softens a claim


@dataclass(frozen=True)
class Mark:
    """A filler or hedge found at words first..last (inclusive)."""

    type: str  # "um", "like", "you know", "i think", ...
    kind: MarkKind
    first: int
    last: int
    start: float
    end: float


def is_vocal(text: str, spellings: Collection[str] = VOCAL_FILLERS) -> bool:
    """A hesitation in any spelling ("Um,", "uhh", "Hmm...")."""
    return normalise(text) in spellings


def normalise(text: str) -> str:
    norm = text.strip().strip(_STRIP).lower().replace("’", "'")
    return _SPELLINGS.get(norm, norm)


def tokenize(words: Sequence[Word]) -> list[Token]:
    out = []
    for w in words:
        raw = w.text.strip()
        out.append(
            Token(
                raw=raw,
                norm=normalise(raw),
                start=w.start,
                end=w.end,
                comma_after=raw.endswith(_CLAUSE_PUNCT),
                sentence_end=raw.endswith(_SENTENCE_PUNCT),
            )
        )
    return out


class _Context:
    """Neighbourhood questions about token i, in one place so the rules read as sentences."""

    def __init__(self, tokens: Sequence[Token], vocal: Mapping[str, str], pause_gap_s: float):
        self.t = tokens
        self.vocal = vocal
        self.gap = pause_gap_s

    def norm(self, i: int) -> str:
        return self.t[i].norm if 0 <= i < len(self.t) else ""

    def before(self, i: int) -> str:
        """The word before i, skipping hesitations: in "I, um, like to test" it is "I"."""
        k = i - 1
        while k >= 0 and self.is_vocal(k) and not self.t[k].sentence_end:
            k -= 1
        return self.norm(k) if k >= 0 and not self.t[k].sentence_end else ""

    def is_vocal(self, i: int) -> bool:
        return 0 <= i < len(self.t) and self.t[i].norm in self.vocal

    def sentence_start(self, i: int) -> bool:
        return i == 0 or self.t[i - 1].sentence_end

    def defines(self, i: int) -> bool:
        """Word i follows a definition's opening in its sentence ("When I say churn, I mean")."""
        k = i
        while k > 0 and i - k < _DEFINES_WITHIN and not self.t[k - 1].sentence_end:
            k -= 1
        opening = " ".join(t.norm for t in self.t[k:i])
        return bool(_DEFINES.search(opening if self.sentence_start(k) else f"- {opening}"))

    def broken_before(self, i: int) -> bool:
        """A comma, a pause or a vocal filler right before word i (not a sentence start)."""
        if i == 0:
            return False
        prev = self.t[i - 1]
        return prev.comma_after or self.is_vocal(i - 1) or self.t[i].start - prev.end >= self.gap

    def broken_after(self, j: int) -> bool:
        """Word j is followed by punctuation, a pause, a vocal filler, or nothing."""
        tok = self.t[j]
        if tok.comma_after or tok.sentence_end or j == len(self.t) - 1 or self.is_vocal(j + 1):
            return True
        return self.t[j + 1].start - tok.end >= self.gap


def _like(c: _Context, i: int, j: int) -> bool:
    """', like,' and 'like' before a word a comparison cannot take ('like at first', 'like half
    of', 'like 200 accounts'), but not 'I would like', 'looks like a bug', 'tools like Airflow'
    (a noun after it is ambiguous, and an uncounted filler costs less than a false one). A
    verb or a comparison is never set off on both sides ('I, like, owned it', 'to, like,
    share'), and neither follows a number or a preposition ('three like older phones', 'from
    like a spreadsheet')."""
    before = c.before(i)
    set_off = c.broken_before(i) and c.broken_after(j)
    if before in _LIKE_CONTENT_BEFORE and not set_off:
        return False
    if before in _LIKE_FILLER_BEFORE or _HAS_DIGIT.search(before):
        return True
    nxt = c.norm(j + 1)
    approximating = nxt in _NOT_AFTER_COMPARISON or bool(_HAS_DIGIT.search(nxt))
    return c.broken_after(j) or c.broken_before(i) or approximating


def _so(c: _Context, i: int, j: int) -> bool:
    """'So, ...', 'So.' on its own and a trailing 'so...', but not 'I told her so.' or
    '..., so we shipped'."""
    raw = c.t[j].raw
    if raw.endswith(_SENTENCE_PUNCT) and not raw.endswith(("...", "…")):
        return c.sentence_start(i)  # "So. The metric was ..."
    return c.before(i) not in _SO_CONTENT_BEFORE and c.broken_after(j)


def _you_know(c: _Context, i: int, j: int) -> bool:
    return c.before(i) not in _KNOW_CONTENT_BEFORE and (
        c.broken_after(j) or c.broken_before(i) or c.sentence_start(i)
    )


def _i_mean(c: _Context, i: int, j: int) -> bool:
    """', I mean, ...' but not a definition: 'what I mean is', 'the churn I mean by it',
    'When I say conversion, I mean a paid subscription', 'By active, I mean ...'."""
    if c.before(i) in _MEAN_CONTENT_BEFORE:
        return False
    if c.norm(j + 1) in _MEAN_CONTENT_AFTER and not c.broken_after(j):
        return False  # "I mean it", "what I mean by churn"
    return not c.defines(i) and (c.broken_after(j) or c.broken_before(i))


def _always(c: _Context, i: int, j: int) -> bool:
    return True


def _set_off(c: _Context, i: int, j: int) -> bool:
    """'Actually, ...' / ', actually,' but not 'what actually happened'."""
    return c.broken_after(j) or c.broken_before(i)


def _hedge_kind(c: _Context, i: int, j: int) -> bool:
    return c.norm(i - 1) not in _DETERMINERS  # "a kind of model" is content


def _isolated(c: _Context, i: int, j: int) -> bool:
    """'Right, so ...' / '..., right?' / 'Okay, ...' but not 'the right metric'."""
    return (
        c.before(i) not in _RIGHT_CONTENT_BEFORE
        and (c.sentence_start(i) or c.broken_before(i))
        and c.broken_after(j)
    )


Rule = Callable[[_Context, int, int], bool]
LEXICAL_RULES: Mapping[str, Rule] = {
    "like": _like,
    "so": _so,
    "you know": _you_know,
    "i mean": _i_mean,
    "basically": _always,
    "literally": _always,
    "actually": _set_off,
    "kind of": _hedge_kind,
    "sort of": _hedge_kind,
    "right": _isolated,
    "okay": _isolated,
}
HEDGE_RULES: Mapping[str, Rule] = {"kind of": _hedge_kind, "sort of": _hedge_kind}


def find_marks(
    tokens: Sequence[Token],
    *,
    vocal: Mapping[str, str] = VOCAL_FILLERS,
    lexical: Sequence[str] = LEXICAL_FILLERS,
    hedges: Sequence[str] = HEDGES,
    pause_gap_s: float = 0.35,
) -> tuple[list[Mark], list[Mark]]:
    """(fillers, hedges). A word is in at most one filler; hedges are found independently."""
    c = _Context(tokens, vocal, pause_gap_s)
    fillers: list[Mark] = []
    taken: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.norm in vocal:
            fillers.append(Mark(vocal[tok.norm], MarkKind.VOCAL, i, i, tok.start, tok.end))
            taken.add(i)
    for phrase, i, j in _phrase_hits(tokens, lexical):
        if taken.isdisjoint(range(i, j + 1)) and LEXICAL_RULES.get(phrase, _set_off)(c, i, j):
            fillers.append(Mark(phrase, MarkKind.LEXICAL, i, j, tokens[i].start, tokens[j].end))
            taken.update(range(i, j + 1))
    hedge_marks = [
        Mark(phrase, MarkKind.HEDGE, i, j, tokens[i].start, tokens[j].end)
        for phrase, i, j in _phrase_hits(tokens, hedges)
        if HEDGE_RULES.get(phrase, _always)(c, i, j)
    ]
    fillers.sort(key=lambda m: m.first)
    return fillers, hedge_marks


def _phrase_hits(tokens: Sequence[Token], phrases: Sequence[str]) -> list[tuple[str, int, int]]:
    """Every (phrase, first, last) occurrence; longer phrases win where they overlap."""
    split = sorted(((p, p.split()) for p in phrases), key=lambda x: -len(x[1]))
    hits: list[tuple[str, int, int]] = []
    used: set[int] = set()
    for phrase, parts in split:
        n = len(parts)
        for i in range(len(tokens) - n + 1):
            if [t.norm for t in tokens[i : i + n]] == parts and used.isdisjoint(range(i, i + n)):
                # A phrase must not straddle a sentence break ("... like. So ...").
                if any(tokens[k].sentence_end for k in range(i, i + n - 1)):
                    continue
                hits.append((phrase, i, i + n - 1))
                used.update(range(i, i + n))
    return sorted(hits, key=lambda h: h[1])


_NUMBER_WORDS = frozenset(
    "zero two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion percent half double twice triple".split()
)
_HAS_DIGIT = re.compile(r"\d")


def count_quantities(tokens: Sequence[Token]) -> int:
    """Stated numbers ('12%', 'twenty five percent', '3x'): runs of number words count once."""
    count, in_run = 0, False
    for t in tokens:
        is_num = (
            bool(_HAS_DIGIT.search(t.norm))
            or t.norm in _NUMBER_WORDS
            or (in_run and t.norm in ("one", "and", "point"))
        )
        if is_num and not in_run:
            count += 1
        in_run = is_num and not t.sentence_end and not t.comma_after
    return count
