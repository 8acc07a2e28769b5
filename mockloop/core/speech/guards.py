"""What Whisper invents and how we catch it: a closing line the speaker never said ("Thank
you."), a segment decoded from silence. Pure functions over decoded words and scores."""

from __future__ import annotations

from collections.abc import Collection

from mockloop.core.analysis.fillers import VOCAL_FILLERS, is_vocal, normalise
from mockloop.core.analysis.words import Word


def invented_segment(avg_logprob: float, no_speech_prob: float) -> bool:
    """Whisper's own skip rule (no-speech > 0.6 with log-probability < -1.0), a little looser:
    a trailing "We'll see you next time." scored 0.58 and -1.20, where real speech in the same
    recording scored 0.007 and -0.13. Both signals must agree, so a hesitant real segment
    (low log-probability, clearly speech) is kept."""
    return no_speech_prob > 0.5 and avg_logprob < -0.8


def trim_unlikely_edges(
    words: list[Word],
    min_probability: float = 0.05,
    reach: int = 3,
    vocal: Collection[str] = VOCAL_FILLERS,
) -> list[Word]:
    """Whisper's invented endings ("Thank you.") start with a near-zero word probability (0.004
    where real words scored 0.96 and more, and fillers 0.4 and more, in our recordings); what
    follows is likely given that start ("you." 0.98). So within `reach` words of either edge of
    a decoded piece, an unlikely word is cut together with everything beyond it."""

    def unlikely(w: Word) -> bool:  # a hesitation is what we measure: never a reason to cut
        return w.probability < min_probability and not is_vocal(w.text, vocal)

    n = len(words)
    tail = [i for i in range(max(0, n - reach), n) if unlikely(words[i])]
    hi = tail[0] if tail else n
    head = [i for i in range(min(reach, hi)) if unlikely(words[i])]
    lo = head[-1] + 1 if head else 0
    return words[lo:hi]


def collapse_stutters(
    words: list[Word], min_gap_s: float = 0.15, vocal: Collection[str] = VOCAL_FILLERS
) -> list[Word]:
    """A decoder stuck on a hesitation writes the same one again and again in a fraction of a
    second: nine "uh," between 5.45 and 5.60 s in a real recording of six hesitations. Saying
    one takes longer than that, so the same vocal filler starting within min_gap_s of the one
    before it is one hesitation: one word, spanning both. Different ones stay apart however
    close their times ("um, uh, um" squeezed into 0.1 s were three real ones): a loop repeats
    itself, a person alternates."""
    out: list[Word] = []
    last_start = float("-inf")
    for w in words:
        prev = out[-1] if out else None
        if (
            prev is not None
            and is_vocal(w.text, vocal)
            and normalise(w.text) == normalise(prev.text)
            and w.start - last_start < min_gap_s
        ):
            out[-1] = Word(prev.text, prev.start, max(prev.end, w.end), prev.probability)
        else:
            out.append(w)
        last_start = w.start
    return out
