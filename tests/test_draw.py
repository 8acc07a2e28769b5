import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from mockloop.core.bank.draw import DEFAULT_MIX, QuestionFilter, draw_question
from mockloop.core.bank.questions import Bank, Question, builtin_questions_dir, load_bank


def q(qid, category="behavioral", principles=("Dive Deep",), tags=()):
    return Question(id=qid, prompt="p", category=category, principles=principles, tags=tags)


def test_filters_by_category_principle_tag_and_id():
    bank = Bank((q("a"), q("b", "product", ()), q("c", principles=("Ownership",), tags=("sql",))))
    assert draw_question(bank, QuestionFilter(category="product")).question.id == "b"
    assert draw_question(bank, QuestionFilter(principle="ownership")).question.id == "c"
    assert draw_question(bank, QuestionFilter(tag="SQL")).question.id == "c"
    assert draw_question(bank, QuestionFilter(question_id="a")).question.id == "a"
    assert draw_question(bank, QuestionFilter(category="intro")) is None


def test_prefers_never_practised_then_longest_ago():
    bank = Bank((q("old"), q("new"), q("recent")))
    now = datetime(2026, 11, 1, tzinfo=UTC)
    last = {"old": now - timedelta(days=9), "recent": now - timedelta(days=1)}
    flt = QuestionFilter(category="behavioral")
    d = draw_question(bank, flt, last_practised=last, now=now, rng=random.Random(1))
    assert d.question.id == "new" and "never practised" in d.reason
    last["new"] = now
    d = draw_question(bank, flt, last_practised=last, now=now)
    assert d.question.id == "old" and "9 days" in d.reason


def test_default_mix_follows_the_practice_method():
    bank = load_bank([builtin_questions_dir()])
    rng = random.Random(7)
    draws = [draw_question(bank, rng=rng).question.category for _ in range(3000)]
    share = {c: n / len(draws) for c, n in Counter(draws).items()}
    for category, weight in DEFAULT_MIX.items():
        assert abs(share.get(category, 0) - weight) < 0.03, (category, share)
    assert "intro" not in share  # openers are drawn on request, not in the mix
