"""Hand-built timed word lists for analysis tests."""

from mockloop.core.analysis.words import Span, Word


def words(text: str, *, start: float = 0.0, step: float = 0.3) -> list[Word]:
    """Words 0.3 s apart, each 0.25 s long; a token '<1.2>' inserts a 1.2 s silence."""
    out, t = [], start
    for tok in text.split():
        if tok.startswith("<") and tok.endswith(">"):
            t += float(tok[1:-1])
            continue
        out.append(Word(tok, round(t, 3), round(t + 0.25, 3)))
        t += step
    return out


def spans_of(ws: list[Word], *, merge_gap: float = 0.25) -> list[Span]:
    """VAD-like spans: the words' times merged across gaps shorter than merge_gap."""
    spans: list[Span] = []
    for w in ws:
        if spans and w.start - spans[-1].end < merge_gap:
            spans[-1] = Span(spans[-1].start, w.end)
        else:
            spans.append(Span(w.start, w.end))
    return spans
