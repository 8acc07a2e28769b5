"""STAR structure rules on hand-built word lists (issue 14), including the decoys a rule on
single words would fall for, and the story verdict built on them."""

from __future__ import annotations

import pytest

from mockloop.core.analysis.coach import Aspect, Judgement, story_verdict
from mockloop.core.analysis.structure import Part, analyse_structure, sentences
from mockloop.core.analysis.words import Span, Word
from tests.words import words

STORY = (
    "At my last job I was the analyst on the payments team. "
    "Last year our payments service went down for a whole Saturday. "
    "As a result of the outage, thousands of orders were stuck. "  # a cause, not the result
    "My task was to find out which orders had really been paid. "
    "I wrote a query that matched bank records against the orders. "
    "I checked the result set by hand for a sample of orders. "  # SQL, not the result
    "Then I gave support a clean list of the refunds. "
    "In the end we recovered forty thousand dollars. "
    "What I learned is to keep a reconciliation job ready."
)


def first_word_of(text: str, sentence: str) -> float:
    """Start time of the first word of the sentence beginning with `sentence`."""
    ws = words(text)
    joined = " ".join(w.text for w in ws)
    index = len(joined[: joined.index(sentence)].split())
    return ws[index].start


def test_a_story_splits_in_order_and_the_decoys_stay_in_their_parts():
    st = analyse_structure(words(STORY))
    assert [p.part for p in st.parts] == [Part.SITUATION, Part.TASK, Part.ACTION, Part.RESULT]
    assert st.result_start_s == first_word_of(STORY, "In the end")
    task = next(p for p in st.parts if p.part is Part.TASK)
    assert task.start == first_word_of(STORY, "My task")
    assert st.result_quantified
    # The parts cover the spoken answer: from the first word to the last, without gaps.
    ws = words(STORY)
    assert st.parts[0].start == ws[0].start and st.parts[-1].end == ws[-1].end
    assert all(a.end == b.start for a, b in zip(st.parts, st.parts[1:], strict=False))
    assert sum(st.share(p) for p in Part) == pytest.approx(1.0)


def test_a_story_without_a_result_has_none_and_says_so():
    text = (
        "When I was at a startup our search was poor. I had to improve it. "
        "I collected the top queries from the logs. I labelled the right results. "
        "Then I tuned the ranking weights against the labels."
    )
    st = analyse_structure(words(text))
    assert st.is_story and st.result_start_s is None and not st.result_quantified
    verdict = story_verdict(st, 120)
    assert (verdict.judgement, verdict.says) == (Judgement.FIX, "no result stated")


def test_a_result_without_a_number_is_not_quantified():
    text = (
        "In my previous role marketing ran campaigns on gut feeling. My goal was to measure "
        "lift. I built a holdout framework. I walked the team through it. The outcome was "
        "that the team now plans every campaign with a holdout group."
    )
    st = analyse_structure(words(text))
    assert st.result_start_s == first_word_of(text, "The outcome")
    assert not st.result_quantified


def test_a_late_result_and_a_long_set_up_are_judged():
    set_up = " ".join(
        f"There were {n} problems with the old warehouse at the time." for n in range(12)
    )
    text = f"{set_up} I rebuilt the loading job. In the end it saved twelve hours a week."
    st = analyse_structure(words(text, step=0.5))
    late = story_verdict(st, limit_s=60)
    assert late.aspect is Aspect.STORY and late.judgement is Judgement.FIX
    assert late.says.startswith("result starts at 1:") and late.says.endswith("of 1:00")
    long_set_up = story_verdict(st, limit_s=600)  # in time, but most of it was set-up
    assert (
        long_set_up.says.startswith("situation took") and long_set_up.judgement is Judgement.WATCH
    )


@pytest.mark.parametrize(
    "text",
    [
        "To design this experiment I would start from the decision. The primary metric would be "
        "repeat orders. I would randomise by customer. If the metric moves we ship it.",
        "A confidence interval gives a range of plausible values. If we repeated the experiment "
        "many times most intervals would contain the truth. A narrow interval means precision.",
        "",
    ],
)
def test_an_answer_that_is_not_a_story_has_no_parts(text):
    st = analyse_structure(words(text))
    assert st.parts == () and st.result_start_s is None and not st.result_quantified
    assert story_verdict(st, 120).says == "not told as a story"


def test_a_balanced_story_gets_a_good_verdict_and_one_without_a_number_a_warning():
    actions = (
        "I pulled the cancellation logs. I joined them with billing data. Then I interviewed "
        "ten customers. I found the pricing change. I proposed a new rule and I tested it."
    )
    text = f"At my last job churn had doubled. My task was to find why. {actions} "
    good = analyse_structure(words(text + "As a result churn fell by eighteen percent."))
    verdict = story_verdict(good, 120)
    assert verdict.judgement is Judgement.GOOD and "with a number" in verdict.says
    vague = analyse_structure(words(text + "As a result the team was much happier."))
    assert story_verdict(vague, 120).says == "result has no number"


RUN_ON = (
    "At my last job our checkout failed for one customer in ten. My task was to find out why. "
    "I read the payment logs and I found a timeout in the card check "
    "after a month the failures had fallen to one in a hundred and the refunds stopped."
)


def test_a_run_on_is_cut_where_the_voice_paused():
    """The recogniser wrote no full stop between the last action and the result, and its word
    times show no gap there; the voice did pause. Without the pause the result is lost in an
    action sentence; with the voiced spans it is found where it starts."""
    ws = words(RUN_ON, step=0.3)
    after = next(i for i, w in enumerate(ws) if w.text == "after")
    glued = [
        Word(w.text, w.start, ws[i + 1].start if i + 1 < len(ws) else w.end)
        for i, w in enumerate(ws)
    ]
    pause = (glued[after - 1].end - 0.15, glued[after - 1].end + 0.15)
    speech = [Span(0.0, pause[0]), Span(pause[1], glued[-1].end)]
    assert analyse_structure(glued).result_start_s is None
    heard = analyse_structure(glued, speech)
    assert heard.result_start_s == glued[after].start


def test_a_run_on_with_no_pause_and_no_comma_stays_one_sentence():
    ws = words(RUN_ON, step=0.3)
    glued = [
        Word(w.text, w.start, ws[i + 1].start if i + 1 < len(ws) else w.end)
        for i, w in enumerate(ws)
    ]
    assert len(sentences(glued)) == 3  # the two full stops, nothing more


def test_a_result_within_minutes_is_a_result():
    text = (
        "Last year our search service went down during a sale. I was on call that night. "
        "I rolled back the release and I restarted the service. "
        "The site recovered within forty minutes."
    )
    st = analyse_structure(words(text))
    assert st.result_start_s == first_word_of(text, "The site")
