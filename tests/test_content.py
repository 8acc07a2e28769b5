"""Content checks (core.analysis.content): each check said, negated, and in another sense."""

from __future__ import annotations

import pytest

from mockloop.core.analysis.content import (
    CASE_CHECKS,
    HYPOTHETICAL_FOLLOW_UP,
    STORY_CHECKS,
    TECHNICAL_FOLLOW_UP,
    OwnCheck,
    analyse_content,
    content_kind,
    tally,
)
from mockloop.core.analysis.words import Word


def said(text: str, *, step: float = 0.4) -> list[Word]:
    """The text as decoded words, one every `step` seconds."""
    return [Word(w, i * step, i * step + step * 0.8) for i, w in enumerate(text.split())]


def met(text: str, kind: str) -> dict[str, bool]:
    return {c.id: c.met for c in analyse_content(said(text), kind).checks}


STORY_CASES = [
    # (check, text, met?)
    ("customer", "Sellers could not tell why their listings were hidden.", True),
    ("customer", "Patients kept missing appointments because reminders came late.", True),
    ("customer", "The customer success team asked me for a dashboard.", False),
    ("customer", "I rebuilt the customer service dashboards for operations.", False),
    ("customer", "Customers were happy with it.", False),  # a group with no pain or need
    ("customer", "The dashboard was for the customer support team.", False),
    ("customer", "Grocery customers get substitutions. They did not want them.", True),
    ("trade_off", "We chose messages and gave up about five percent of the catches.", True),
    ("trade_off", "We accepted slower routes, since a rebuild would take a year.", True),
    ("trade_off", "We talked through the trade-offs in a few meetings.", False),
    ("trade_off", "We did not have to give anything up for it.", False),
    ("trade_off", "We took on more fraud risk to do it.", True),
    ("impact", "Seller contacts fell by eighteen percent in two months.", True),
    ("impact", "On-time deliveries went from 81% to 90%.", True),
    ("impact", "The AUC went from 0.78 to 0.86.", False),
    ("impact", "We never saw support calls fall by 30%.", False),  # negated
    ("impact", "The team grew from two people to six people.", False),
    ("impact", "The dashboards were expected to save two million dollars a year.", False),
    ("impact", "I would expect retention to go up by five percent.", False),
    ("impact", "I chose to cut them down to five dashboards.", False),  # a count, no figure
    ("impact", "I moved the training pipeline from cron jobs to Airflow.", False),
    ("impact", "Complaints fell from 900 a week to 150 a week.", True),
    ("impact", "The mean reciprocal rank went up from 0.4 to 0.55 offline.", False),
    ("shipped", "We launched the new messages to all sellers in March.", True),
    ("shipped", "We rolled the new loading list out to twelve warehouses.", True),
    ("shipped", "It was never rolled out, and the clinics kept the old system.", False),
    ("shipped", "It was not launched for everyone.", False),
    ("shipped", "And in the end it was never rolled out.", False),
    ("shipped", "Then I handed the model over to the fraud team.", False),
    ("shipped", "The change did ship to all users in the autumn.", True),
    ("shipped", "We launched into the analysis on Monday.", False),  # another sense
    ("principle", "That is what Customer Obsession means to me.", True),
    ("principle", "For me that is Bias for Action.", True),
    ("principle", "I took ownership of the whole thing.", False),
    ("principle", "I dove deep on every feature.", False),
    ("principle", "I would not call it Customer Obsession, it was my job.", False),
    ("principle", "It shows Frugality as a principle.", True),
    ("principle", "I showed ownership by staying late.", False),
    ("learned", "What I learned is to bring a prototype.", True),
    ("learned", "Next time I would involve the analysts earlier.", True),
    ("learned", "Honestly I did not take much away from it.", False),
    ("learned", "I shared the results so everyone could learn from it.", False),
    ("learned", "What I took from it is that small annoyances matter.", True),
    ("learned", "Since then, I always agree on the deadline first.", True),
]


@pytest.mark.parametrize(("check", "text", "expected"), STORY_CASES)
def test_story_checks_positive_negated_and_other_sense(check, text, expected):
    assert met(text, "story")[check] is expected, text


CASE_CASES = [
    ("customer_problem", "Shoppers cannot tell which items arrive tomorrow.", True),
    ("customer_problem", "The customer data table has duplicates.", False),
    ("customer_problem", "Our analysts cannot find the right table.", False),  # the team
    ("customer_problem", "Shoppers buying shoes are unsure of their size.", True),
    ("customer_problem", "Office managers who order supplies lose track of orders.", True),
    ("customer_problem", "New restaurant partners were confused and had to call us.", True),
    ("data_signal", "The search logs show that a third of sessions buy nothing.", True),
    ("data_signal", "The guardrail metric would be the return rate.", False),
    ("data_signal", "We have no logs for this, so I would guess.", False),
    ("data_signal", "I would use the support chat transcripts to see where people stop.", True),
    ("intervention", "I would add a delivery date badge to each search result.", True),
    ("intervention", "My idea is to improve the ranking.", False),
    ("intervention", "I would not add a badge to the results page.", False),
    ("intervention", "I would test a size recommendation widget on the product page.", True),
    ("intervention", "I would add automatic marking for multiple choice questions.", True),
    ("success_metric", "The primary metric would be conversion.", True),
    ("success_metric", "We would look at clicks, bookings and revenue.", False),
    ("success_metric", "There is no single metric I would pick out.", False),
    ("success_metric", "The metric that decides it is checkout completion.", True),
    ("guardrail", "As a guardrail I would watch the return rate.", True),
    ("guardrail", "We must make sure the page load time does not go up.", True),
    ("guardrail", "There is no guardrail I would worry about.", False),
    (
        "experiment",
        "I would randomise five percent of users into the treatment for two weeks.",
        True,
    ),
    ("experiment", "We would run an A/B test on this.", False),  # no share, no length
    ("experiment", "We split new visitors fifty-fifty at random for fourteen days.", True),
    ("experiment", "We compare the month before with the month after.", False),
    ("experiment", "I would not run an A/B test with ten percent for two weeks.", False),
    ("decision_rule", "We ship if conversion rises by at least 1% at p below 0.05.", True),
    ("decision_rule", "The minimum detectable effect is three percent.", True),
    ("decision_rule", "If it goes up, we ship it.", False),
    ("decision_rule", "If we see a significant improvement we keep it.", False),
    ("decision_rule", "We would not set a decision threshold in advance.", False),
    ("iteration", "If it wins, we roll it out; if it is flat, we test a stronger badge.", True),
    ("iteration", "After that we would keep iterating.", False),
    ("iteration", "We did not think about what to do if it wins or if it loses.", False),
    ("iteration", "If it works, we expand it, and if it does not, we roll it back.", True),
    ("iteration", "If the time goes down, we expand; if it does not change, we stop.", True),
    (
        "iteration",
        "If the effect is flat, we try a reminder; if it works, all stores get it.",
        True,
    ),
    ("iteration", "If it goes up, we ship it.", False),  # one outcome
]


@pytest.mark.parametrize(("check", "text", "expected"), CASE_CASES)
def test_case_checks_positive_negated_and_other_sense(check, text, expected):
    assert met(text, "case")[check] is expected, text


def test_every_check_of_the_kind_in_order_and_evidence_only_when_met():
    text = "Sellers could not see why. We launched the fix in March. It was great."
    content = analyse_content(said(text), "story")
    assert tuple(c.id for c in content.checks) == STORY_CHECKS
    shipped = next(c for c in content.checks if c.id == "shipped")
    assert shipped.met and shipped.evidence[0].text == "We launched the fix in March."
    assert shipped.evidence[0].start == pytest.approx(2.0)  # the sixth word, 0.4 s apart
    assert all(c.evidence == () for c in content.checks if not c.met)
    case = analyse_content(said("We would add a badge."), "case")
    assert tuple(c.id for c in case.checks) == CASE_CHECKS


def test_a_hypothetical_story_has_no_impact_shipped_or_lesson():
    text = (
        "I would talk to the customers who cancel because it is too expensive. "
        "I would build a churn score. I would expect retention to go up by 5%. "
        "I would ship something small. I learned that this matters."
    )
    content = analyse_content(said(text), "story")
    checks = {c.id: c.met for c in content.checks}
    assert content.hypothetical
    assert not checks["impact"] and not checks["shipped"] and not checks["learned"]
    assert checks["customer"]
    assert content.follow_up is not None and content.follow_up.question == HYPOTHETICAL_FOLLOW_UP
    past = "I talked to customers. We built a score. Next time I would start sooner."
    assert not analyse_content(said(past), "story").hypothetical


def test_technical_share_and_its_follow_up():
    technical = (
        "I trained a gradient boosted model on forty features. "
        "I tuned the learning rate and the depth with cross validation. "
        "It was for payments."
    )
    content = analyse_content(said(technical), "story")
    assert 0.6 < content.technical_share < 0.9  # two sentences of three, by time
    assert content.follow_up is not None and content.follow_up.question == TECHNICAL_FOLLOW_UP
    assert (
        analyse_content(said("Sellers were angry. We launched it."), "story").technical_share == 0
    )


def test_the_follow_up_targets_the_most_costly_unmet_check():
    case = "Shoppers cannot find sizes. The primary metric is orders kept."
    content = analyse_content(said(case), "case")
    assert content.follow_up is not None and content.follow_up.check == "decision_rule"
    story = "Sellers could not see why. We launched it and support calls fell by 18%."
    follow = analyse_content(said(story), "story").follow_up
    assert follow is not None and follow.check == "trade_off"


def test_the_follow_up_is_none_when_every_check_is_met():
    full = (
        "Sellers could not see why their listings were hidden. "
        "We gave up five percent of catches for clear messages. "
        "We launched the messages in March. Seller contacts fell by 18%. "
        "That is what Customer Obsession means to me. I learned to start from the customer."
    )
    content = analyse_content(said(full), "story")
    assert [c.id for c in content.missing] == [] and content.follow_up is None


def test_a_questions_own_checks_come_after_the_canonical_ones():
    own = (OwnCheck("latency", "page speed", ("latency", "load time"), "What about speed?"),)
    text = "The primary metric is conversion. We would not hurt load time."
    content = analyse_content(said(text), "case", own)
    assert content.checks[-1].id == "latency" and not content.checks[-1].met  # negated
    assert content.checks[-1].label == "page speed"  # the bank's label, as shown
    content = analyse_content(said("The primary metric is latency."), "case", own)
    assert content.checks[-1].met


def test_other_kinds_have_no_checks_and_no_follow_up():
    content = analyse_content(said("I like SQL and Python."), "other")
    assert content.checks == () and content.follow_up is None and not content.hypothetical
    assert [content_kind(c) for c in ("behavioral", "product", "metrics", "intro", None)] == [
        "story",
        "case",
        "case",
        "other",
        "other",
    ]


def test_the_tally_puts_the_checks_never_met_first_and_says_so():
    cases = [
        analyse_content(said("The primary metric is conversion. We would add a badge."), "case"),
        analyse_content(said("The success metric is retention."), "case"),
    ]
    story = analyse_content(said("We launched it in March."), "story")
    tallies = tally([*cases, story])
    first = tallies[0]
    assert first.met == 0 and first.answers in (1, 2)
    by = {(t.kind, t.check): t for t in tallies}
    assert by["case", "success_metric"].says == "success metric in 2 of 2 cases"
    assert by["case", "guardrail"].says == "never named a guardrail in 2 cases"
    assert by["story", "shipped"].met == 1 and by["story", "impact"].says == (
        "never named an impact in 1 story"
    )
    assert tally([]) == []


OWN = """
[[question]]
id = "case-own"
category = "product"
prompt = "A case."
checks = { latency = { said = ["latency", "load time"], ask = "What about speed?" } }
"""


def test_a_questions_own_checks_are_read_and_questions_check_reports_bad_ones(tmp_path):
    from mockloop.core.bank.questions import load_bank

    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "q.toml").write_text(OWN)
    bank = load_bank([folder])
    (own,) = bank.get("case-own").checks
    assert not bank.issues and (own.id, own.phrases, own.question) == (
        "latency",
        ("latency", "load time"),
        "What about speed?",
    )
    for bad, says in (
        ('checks = { guardrail = { said = ["x"] } }', "must be a new name"),  # canonical
        ('checks = { Speed = { said = ["x"] } }', "must be a new name"),
        ("checks = { latency = { said = [] } }", "needs said = [phrases]"),
        ('checks = { latency = { said = ["x"], weight = 2 } }', "needs said = [phrases]"),
        ('checks = ["latency"]', "must be a table"),
    ):
        (folder / "q.toml").write_text(OWN.replace(OWN.splitlines()[-1], bad))
        issues = load_bank([folder]).issues
        assert len(issues) == 1 and says in str(issues[0]) and "checks" in str(issues[0]), bad
