"""The Review's figures panel and the CLI report carry the fidelity warning."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.console import Console

from mockloop.cli.report import report_json, report_text
from mockloop.core.analysis.answer import AnalysisSettings, analyse
from mockloop.core.analysis.coach import AnswerKind, Targets, judge
from mockloop.core.analysis.report import AnswerReport
from mockloop.core.analysis.words import Span
from mockloop.core.speech.transcribe import Transcript
from mockloop.ui.widgets.figures import render_figures
from tests.words import words


def hole_report() -> AnswerReport:
    ws = words("we cut churn <1.0> by twelve percent", start=60.0)
    speech = (Span(60.0, 62.8),)  # voiced throughout; no word from 60.95 to 61.8
    t = Transcript(tuple(ws), 64.0, speech, "tiny.en (bundled)", {"strategy": "chunked"})
    a = analyse(t.words, t.speech, duration_s=t.duration_s, time_limit_s=120)
    return AnswerReport(t, a)


def test_review_figures_say_where_fillers_may_have_been_missed():
    report = hole_report()
    console = Console(width=120, record=True, color_system=None)
    console.print(
        render_figures(report.analysis, judge(report.analysis, Targets(), kind=AnswerKind.STORY))
    )
    text = console.export_text()
    assert "Fidelity" in text and "1:00 (0.8 s)" in text and "may have been missed" in text
    # No hole, no row.
    whole = replace(report.analysis, wordless=())
    console = Console(width=120, record=True, color_system=None)
    console.print(render_figures(whole, judge(whole, Targets(), kind=AnswerKind.STORY)))
    assert "Fidelity" not in console.export_text()


def test_cli_report_and_json_carry_the_hint():
    report = hole_report()
    assert "Fidelity   voice with no words at 1:00 (0.8 s)" in report_text(
        report, AnalysisSettings()
    )
    fidelity = report_json(Path("a.wav"), report)["fidelity"]
    assert fidelity["fillers_may_be_missed"] is True
    assert fidelity["wordless_voice"] == [{"start": 60.95, "end": 61.8}]
