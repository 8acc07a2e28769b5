"""Scoring one `mockloop analyze --json` result against the corpus truth: fillers (by count and
by event), non-filler word error rate, pace, long pauses and overrun."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from benchmarks.corpus import Truth

WINDOW_S = 0.5  # a found event matches a true one this close in time
EARLY_S = 30.0  # recall is reported for the first 30 s and for the rest

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split()
)
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> list[str]:
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        rest = number_words(n % 100) if n % 100 else []
        return [_ONES[n // 100], "hundred", *rest]
    rest = number_words(n % 1000) if n % 1000 else []
    return [*number_words(n // 1000), "thousand", *rest]


def normalise_words(text: str) -> list[str]:
    """Lower-case words, digits spelled out, '%' as 'percent', punctuation and hyphens gone."""
    text = text.lower().replace("%", " percent ").replace("-", " ").replace("’", "'")
    out: list[str] = []
    for tok in re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z']+", text):
        if tok[0].isdigit():
            whole, _, frac = tok.replace(",", "").partition(".")
            out += number_words(int(whole))
            if frac:
                out += ["point", *(_ONES[int(d)] for d in frac)]
        else:
            tok = tok.strip("'")
            out.append("okay" if tok == "ok" else tok)
    return [w for w in out if w]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def count_tally(true_types: Counter, found_types: Counter) -> Tally:
    t = Tally()
    for typ in set(true_types) | set(found_types):
        a, b = true_types[typ], found_types[typ]
        t.tp += min(a, b)
        t.fn += max(0, a - b)
        t.fp += max(0, b - a)
    return t


def _gap(a: dict, b: dict) -> float:
    return max(0.0, max(a["start"], b["start"]) - min(a["end"], b["end"]))


def match_events(
    true: list[dict], found: list[dict]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Greedy one-to-one matching, nearest first, within WINDOW_S: (pairs, missed, extra)."""
    cands = sorted(
        ((_gap(t, f), i, j) for i, t in enumerate(true) for j, f in enumerate(found)),
        key=lambda x: x[0],
    )
    used_t: set[int] = set()
    used_f: set[int] = set()
    pairs = []
    for gap, i, j in cands:
        if gap > WINDOW_S:
            break
        if i not in used_t and j not in used_f:
            used_t.add(i)
            used_f.add(j)
            pairs.append((true[i], found[j]))
    missed = [t for i, t in enumerate(true) if i not in used_t]
    extra = [f for j, f in enumerate(found) if j not in used_f]
    return pairs, missed, extra


@dataclass
class FileScore:
    name: str
    noisy: bool
    control: bool
    audio_s: float
    wall_s: float
    peak_mb: float
    count: dict[str, Tally] = field(default_factory=dict)  # "vocal" | "lexical"
    event: dict[str, Tally] = field(default_factory=dict)
    vocal_early: Tally = field(default_factory=Tally)
    vocal_late: Tally = field(default_factory=Tally)
    found_on_control: int = 0
    ref_words: list[str] = field(default_factory=list)
    hyp_words: list[str] = field(default_factory=list)
    wpm_true: float = 0.0
    wpm_found: float = 0.0
    pauses: Tally = field(default_factory=Tally)
    overrun_true: float = 0.0
    overrun_found: float = 0.0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)


def score_file(truth: Truth, result: dict[str, Any], wall_s: float, peak_mb: float) -> FileScore:
    s = FileScore(truth.name, truth.noisy, truth.control, truth.duration_s, wall_s, peak_mb)
    found = result["filler_events"]
    words = result["words"]
    for kind in ("vocal", "lexical"):
        t = [e for e in truth.fillers if e["kind"] == kind]
        f = [e for e in found if e["kind"] == kind]
        s.count[kind] = count_tally(Counter(e["type"] for e in t), Counter(e["type"] for e in f))
        pairs, missed, extra = match_events(t, f)
        s.event[kind] = Tally(len(pairs), len(extra), len(missed))
        s.misses += [f"{e['type']}@{e['start']:.1f}" for e in missed]
        s.extras += [f"{e['type']}@{e['start']:.1f}" for e in extra]
        if kind == "vocal":
            for early, tally in ((True, s.vocal_early), (False, s.vocal_late)):
                part = [e for e in t if (e["start"] < EARLY_S) == early]
                p, m, _ = match_events(part, f)
                tally.tp += len(p)
                tally.fn += len(m)
    s.found_on_control = len(found) if truth.control else 0
    in_filler = {i for e in found for i in range(e["word_index"], e["last_index"] + 1)}
    s.ref_words = normalise_words(truth.content_text)
    s.hyp_words = normalise_words(
        " ".join(w["text"] for i, w in enumerate(words) if i not in in_filler)
    )
    minutes = (truth.speech_end - truth.speech_start) / 60
    s.wpm_true = len(s.ref_words) / minutes
    s.wpm_found = result["wpm"]
    pairs, missed, extra = match_pauses(truth.pauses, result["pauses"])
    s.pauses = Tally(pairs, extra, missed)
    s.overrun_true = max(0.0, truth.speech_end - truth.limit_s)
    s.overrun_found = result["overrun_s"]
    return s


def match_pauses(true: list[dict], found: list[dict]) -> tuple[int, int, int]:
    """(matched, missed, extra): a match has both edges within WINDOW_S."""
    used: set[int] = set()
    matched = 0
    for t in true:
        for j, f in enumerate(found):
            close = (
                abs(t["start"] - f["start"]) <= WINDOW_S and abs(t["end"] - f["end"]) <= WINDOW_S
            )
            if j not in used and close:
                used.add(j)
                matched += 1
                break
    return matched, len(true) - matched, len(found) - len(used)
