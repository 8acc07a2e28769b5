"""The loop report (issue 15, item 4): built from answers with real analyses, rendered as
Markdown and HTML (compared with files checked in: set MOCKLOOP_UPDATE_REPORTS=1 after a
deliberate change) and JSON; the HTML is self-contained and shows text from a person or a
question file literally; `mockloop loops` and `mockloop report` on a real database."""

from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlmodel import Session

from mockloop.cli import main
from mockloop.core.analysis.answer import analyse_transcript
from mockloop.core.analysis.coach import Targets
from mockloop.core.analysis.report import AnswerReport
from mockloop.core.analysis.room import Room
from mockloop.core.analysis.words import Span
from mockloop.core.bank.questions import Question, builtin_questions_dir, load_bank
from mockloop.core.loops.draw import DrawnLoop, DrawnRound, DrawnSlot, draw_loop
from mockloop.core.loops.html import to_html
from mockloop.core.loops.plans import RoundPlan, builtin_plans_dir, load_plans
from mockloop.core.loops.report import (
    AnswerFacts,
    AnswerSummary,
    VerdictLine,
    build_report,
    summarise,
    work_on,
)
from mockloop.core.loops.text import figures_line, to_json, to_markdown
from mockloop.core.speech.transcribe import Transcript
from mockloop.store import loops
from mockloop.store.db import open_engine
from tests.fakes import canned_words
from tests.test_queries import add

DATA = Path(__file__).parent / "data"
T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
STORY = (
    "In my last role our churn model had no labels. My task was to fix it in a month. "
    "I rebuilt the pipeline and I wrote the labelling rules myself. As a result churn "
    "fell by 12% in one quarter."
)
RAMBLE = (
    "So, um, we kind of looked at the data and, uh, I think we maybe found something, "
    "like, you know, interesting about the users and, um, so that was it."
)
SHORT = "I would compare it against the surveys every month."


def q(qid: str, category: str, principles=(), prompt=None) -> Question:
    return Question(
        qid,
        prompt or f"Prompt of {qid}?",
        category,
        tuple(principles),
        follow_ups=("Why?", "What would you do differently?"),
    )


def facts(
    n: int, question: Question, text: str, *, limit=120, step=0.35, follow=(), room=None
) -> AnswerFacts:
    words = canned_words(text, step=step)
    transcript = Transcript(
        words, words[-1].end + 0.5, (Span(words[0].start, words[-1].end),), "fake model", {}, room
    )
    a = analyse_transcript(transcript, time_limit_s=limit)
    figures = {
        "fillers_per_min": a.fillers_per_min,
        "overrun_s": a.overrun_s,
        "wpm": a.wpm,
        "duration_s": a.duration_s,
        "hedge_count": float(len(a.hedges)),
        "long_pause_count": float(len(a.pauses)),
    }
    return AnswerFacts(
        n,
        question.id,
        question.prompt,
        question.category,
        question.principles,
        limit,
        figures,
        AnswerReport(transcript, a),
        tuple(follow),
    )


def sample_report(prompt: str | None = None):
    own = q("own-pipeline", "behavioral", ["Ownership", "Dive Deep"], prompt)
    cust = q("co-feedback", "behavioral", ["Customer Obsession"])
    met = q("met-csat", "metrics")
    loop = DrawnLoop(
        "two-rounds",
        "Two rounds",
        (
            DrawnRound(
                RoundPlan("Stories", 30, ("behavioral", "behavioral"), 1, 5),
                (DrawnSlot("behavioral", own), DrawnSlot("behavioral", cust)),
            ),
            DrawnRound(RoundPlan("Metrics", 15, ("metrics",)), (DrawnSlot("metrics", met),)),
        ),
    )
    follow = facts(4, q("own-pipeline~follow-up", "behavioral", prompt="Why?"), RAMBLE, limit=60)
    answered = {
        own.id: facts(1, own, STORY, follow=[follow]),
        cust.id: facts(2, cust, RAMBLE),
    }  # the metrics question was never answered
    previous = (7, {"fillers_per_min": 40.0, "wpm": 150.0, "duration_s": 30.0})
    return build_report(
        3,
        loop,
        status="done",
        started_at=T0,
        ended_at=T0 + timedelta(hours=1),
        facts=answered,
        targets=Targets(),
        previous=previous,
    )


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_report_judges_each_answer_and_picks_three_things_to_work_on():
    r = sample_report()
    own, cust = r.rounds[0].answers
    assert own.star is not None and own.star.result_start_s is not None  # a story, timed
    assert {v.aspect for v in own.verdicts} >= {"time", "story", "fillers", "pace", "i_we"}
    assert own.follow_ups[0].prompt == "Why?" and own.follow_ups[0].star is None
    assert cust.next_fix == (  # a ramble: none of a story's content, the result first
        "Content, 6 missing; impact first. End with the result in numbers: which business "
        "figure moved, and by how much (0 of 6 covered; missing: impact)"
    )
    assert "content" in {v.aspect for v in own.verdicts}
    assert "content" not in {v.aspect for v in own.follow_ups[0].verdicts}  # a short answer
    assert r.rounds[1].answers == () and r.rounds[1].unanswered == ("Prompt of met-csat?",)
    # ✗ in both main answers: the content; then the story (✗ once, ! once), the fillers (✗
    # once: the follow-up's 34.5/min is its own, not one more main answer's); a ✗ outranks
    # the ! of "short" in both
    assert [w.aspect for w in r.work_on] == ["content", "story", "fillers"]
    assert r.work_on[0].fix == 2 and r.work_on[2].fix == 1
    assert own.transcript.startswith("In my last role") and own.follow_ups[0].transcript
    assert r.covered == ("Customer Obsession", "Ownership", "Dive Deep")
    assert len(r.not_covered) == 13
    change = {d.metric.key: d for d in r.versus_previous}
    assert change["fillers_per_min"].improved is True  # far fewer than last loop's 40.0
    assert set(change) == {"fillers_per_min", "wpm", "duration_s"}


def _answer(verdicts: tuple[VerdictLine, ...]) -> AnswerSummary:
    return AnswerSummary(0, "q", "Q?", "behavioral", (), 120, {}, True, verdicts, None, None, ())


def test_opposite_problems_are_two_things_to_work_on_not_one():
    slow = VerdictLine(
        "pace", "Pace", "96 wpm", "fix", "✗", "slow", "96 wpm, 34 under 130", "pace:slow"
    )
    fast = VerdictLine(
        "pace", "Pace", "206 wpm", "fix", "✗", "fast", "206 wpm, 46 over 160", "pace:fast"
    )
    items = work_on([_answer((slow,)), _answer((fast,))])
    assert [(w.label, w.fix, w.advice) for w in items] == [
        ("Pace, too fast", 1, "206 wpm, 46 over 160"),
        ("Pace, too slow", 1, "96 wpm, 34 under 130"),
    ]


def test_the_app_shows_transcripts_only_when_asked_and_files_always_carry_them():
    r = sample_report()
    said = "**What you said:** In my last role"
    assert said in to_markdown(r) and said not in to_markdown(r, transcripts=False)
    assert "What you said:</b> In my last role" in to_html(r)


def _golden(name: str, text: str) -> None:
    path = DATA / name
    if os.environ.get("MOCKLOOP_UPDATE_REPORTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: review, then update"


def test_markdown_report_matches_the_checked_in_one():
    md = to_markdown(sample_report())
    _golden("loop_report.md", md)
    assert "| fillers/min (mean) |" in md and "| loop 7 |" in md and "better" in md
    assert "Not answered: Prompt of met-csat?" in md


def test_html_report_matches_the_checked_in_one_and_is_self_contained():
    html = to_html(sample_report())
    _golden("loop_report.html", html)
    tags = _Tags()
    tags.feed(html)
    assert tags.unclosed == [] and tags.counts["svg"] == 2
    assert tags.counts.get("script", 0) == 0 and tags.counts.get("img", 0) == 0
    assert not any(k in ("src", "href") for k in tags.attributes)  # nothing fetched
    assert html.count("http") == html.count('xmlns="http://www.w3.org/2000/svg"')
    assert tags.counts["rect"] >= 4  # a bar per answer in each chart


def test_text_from_a_person_or_a_file_is_shown_literally_everywhere():
    hostile = "<script>alert(1)</script> & [b]bold[/b] | pipes"
    r = sample_report(prompt=hostile)
    html = to_html(r)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    assert hostile in to_markdown(r)
    assert json.loads(json.dumps(to_json(r)))["rounds"][0]["answers"][0]["prompt"] == hostile


def test_json_report_carries_every_figure():
    data = json.loads(json.dumps(to_json(sample_report())))
    assert data["format"] == 1 and data["loop_id"] == 3 and data["previous_loop_id"] == 7
    first = data["rounds"][0]["answers"][0]
    assert set(first["figures"]) == {
        "fillers_per_min",
        "overrun_s",
        "wpm",
        "duration_s",
        "hedge_count",
        "long_pause_count",
    }
    assert first["star"]["shares"].keys() == {"situation", "task", "action", "result"}
    assert data["versus_previous"][0]["metric"] == "fillers_per_min"


class _Tags(HTMLParser):
    VOID = {"meta", "br", "rect", "line", "img", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.counts: dict[str, int] = {}
        self.attributes: list[str] = []
        self.unclosed: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.attributes += [k for k, _ in attrs]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.attributes += [k for k, _ in attrs]

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def close(self):
        super().close()
        self.unclosed = list(self.stack)


# -- the command line, on a real database ----------------------------------------------------------
def test_loops_and_report_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MOCKLOOP_CONFIG", str(tmp_path / "conf" / "config.toml"))
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    engine = open_engine(data / "mockloop.db")
    bank = load_bank([builtin_questions_dir()])
    plan = load_plans([builtin_plans_dir()]).get("quick-loop")
    with Session(engine) as s:
        loop = loops.create(s, draw_loop(plan, bank, {}, rng=random.Random(5)))
        first = loop.drawn.rounds[0].items[0].question
        row = add(s, first.id, T0, principles=first.principles, fpm=3.0, duration=95.0)
        row.session_id = loop.session_id
        s.add(row)
        s.commit()
    base = ["--data-dir", str(data)]
    assert main([*base, "loops"]) == 0
    out = capsys.readouterr().out
    assert "quick-loop" in out and "amazon-onsite" in out and "4 h 50 min" in out
    assert f"  {loop.id}  " in out and "open" in out and "1/8 answers" in out
    assert main([*base, "report", str(loop.id)]) == 0
    md = capsys.readouterr().out
    assert md.startswith(f"# Mock loop {loop.id}: Quick loop") and "Not answered:" in md
    target = tmp_path / "out" / "report.html"
    assert main([*base, "report", str(loop.id), "--format", "html", "-o", str(target)]) == 0
    assert target.read_text().startswith("<!doctype html>")
    assert (target.stat().st_mode & 0o777) == 0o600
    assert main([*base, "report", str(loop.id), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Quick loop"
    assert main([*base, "report", "99"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "mockloop: there is no loop 99: `mockloop loops` lists them"
    (target.parent / "ro").mkdir()
    (target.parent / "ro").chmod(0o500)
    if os.geteuid() != 0:  # root writes anywhere
        assert main([*base, "report", str(loop.id), "-o", str(target.parent / "ro" / "r.md")]) == 1
        assert "Traceback" not in capsys.readouterr().err


def test_words_in_the_report_are_never_read_as_markdown():
    """A transcript is the recogniser's text: a "*", "#" or link in it stays text."""
    from mockloop.core.loops.text import plain

    said = "I said *this*\n# not a heading [x](http://example) `code` <b>"
    shown = plain(said)
    assert "\n" not in shown and "\\*this\\*" in shown and "\\# not" in shown
    assert "\\[x\\](http://example)" in shown and "\\`code\\`" in shown and "\\<b\\>" in shown


def test_an_answer_from_a_noisy_room_says_so_beside_its_figures():
    noisy = Room(
        quiet_s=4.0, quiet_power=4e-4, voice_s=6.0, voice_power=0.024, samples=1, clipped_samples=0
    )
    quiet = replace(noisy, quiet_power=4e-9)
    question = q("q1", "behavioral")
    said = "So, um, we shipped the fix and churn fell by twelve percent."
    loud = summarise(facts(1, question, said, room=noisy), Targets())
    calm = summarise(facts(2, question, said, room=quiet), Targets())
    assert figures_line(loud).endswith(
        " · noisy room (16 dB SNR): counts are less certain; a headset helps"
    )
    assert "room" not in figures_line(calm) and calm.room is None
