"""Progress: the filler goal, one chart (per answer or per week, with axes, units and the goal
line) with a one-line trend verdict, and which categories and leadership principles have been
practised (the never-practised ones stand out)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static
from textual_plotext import PlotextPlot

from mockloop.core.analysis.content import CheckTally
from mockloop.core.analysis.metrics import (
    DURATION,
    FILLERS_PER_MIN,
    OVERRUN,
    OVERRUN_RATE,
    WPM,
    Metric,
)
from mockloop.core.analysis.progress import Goal, recent_average, trend, trend_line
from mockloop.core.bank.questions import CATEGORIES, LEADERSHIP_PRINCIPLES
from mockloop.core.loops.plans import LoopPlan
from mockloop.store.attempt.lists import Coverage
from mockloop.ui.view import View

GOAL_WINDOW = 5  # answers
CHART_ANSWERS = 60  # the per-answer view shows the newest this many
CONTENT_GAPS_SHOWN = 3  # the checks met least often
# What each view charts, in the order m cycles through them: per answer the seconds over, per
# week the share of answers that ran over.
PER_ANSWER = (FILLERS_PER_MIN, WPM, OVERRUN, DURATION)
PER_WEEK = (FILLERS_PER_MIN, WPM, OVERRUN_RATE, DURATION)


@dataclass(frozen=True)
class Series:
    labels: list[str]  # one per point: the answer's date, or the week's Monday
    values: dict[str, list[float | None]]  # metric key -> one value per point


class ProgressScreen(View[None]):
    BINDINGS = [
        Binding("m", "metric", "Metric", tooltip="chart the next figure"),
        Binding("w", "view", "Per answer/week", tooltip="switch per answer / per week"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.weekly = False
        self.metric_index = 0
        self.per_answer = Series([], {})
        self.per_week = Series([], {})
        self.answers_per_week = 1  # the median week's answers: a week's mean is over them

    @property
    def metric(self) -> Metric:
        return (PER_WEEK if self.weekly else PER_ANSWER)[self.metric_index]

    def compose(self) -> ComposeResult:
        yield Static("", id="goal")
        yield Static("", id="content-gaps")
        yield Static("", id="trend")
        yield PlotextPlot(id="chart")
        yield DataTable(id="coverage", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        settings = self.ml.settings
        data = self.ml.cases.progress(CHART_ANSWERS)
        answers, weeks, days = data.answers, data.weeks, data.days
        cats, principles = data.by_category, data.by_principle
        self.per_answer = Series(
            [a.started_at.astimezone().strftime("%d %b") for a in answers],
            {m.key: [getattr(a, m.key) for a in answers] for m in PER_ANSWER},
        )
        counts = [w.attempts for w in weeks]
        self.answers_per_week = max(1, statistics.median_low(counts)) if counts else 1
        self.per_week = Series(
            [w.start.strftime("%d %b") for w in weeks],
            {m.key: [getattr(w, m.key) for w in weeks] for m in PER_WEEK},
        )
        done = [a.fillers_per_min for a in answers]
        goal = Goal(settings.goal_fillers_per_min, recent_average(done, GOAL_WINDOW))
        self.query_one("#goal", Static).update(
            goal_text(goal, min(len([d for d in done if d is not None]), GOAL_WINDOW), days)
            + mocks_text(self.ml.cases.mocks())
        )
        gaps = self.query_one("#content-gaps", Static)
        said = gaps_text(self.ml.cases.content_tally())
        gaps.update(said)
        gaps.display = bool(said.plain)
        self.draw_chart()
        table = self.query_one(DataTable)
        table.add_columns(
            "practised", "attempts", "last", "fill/min", "category / leadership principle"
        )
        for name in CATEGORIES:
            table.add_row(*coverage_cells(name, cats.get(name), self.ml.cases.now()))
        for name in LEADERSHIP_PRINCIPLES:
            table.add_row(*coverage_cells(name, principles.get(name), self.ml.cases.now()))

    def draw_chart(self) -> None:
        metric, series = self.metric, self.per_week if self.weekly else self.per_answer
        unit = "week" if self.weekly else "answer"
        points = [
            (i + 1, v) for i, v in enumerate(series.values.get(metric.key, [])) if v is not None
        ]
        raw = [v for _, v in points]
        each = self.answers_per_week if self.weekly else 1
        self.query_one("#trend", Static).update(Text(trend_line(trend(metric, raw, each), unit)))
        values = [_scaled(metric, v) for v in raw]
        plt = self.query_one(PlotextPlot).plt
        plt.clear_figure()
        plt.title(f"{_axis_label(metric)}, per {unit}   (m: next figure · w: per answer/week)")
        plt.xlabel(f"{unit}s, oldest to newest")
        if not points:
            plt.text("no finished answers yet", x=0.5, y=0.5)
        else:
            xs = [float(x) for x, _ in points]
            plt.plot(xs, values, marker="braille")
            plt.scatter(xs, values, marker="dot")
            ticks = xs[:: max(1, len(xs) // 6)]
            plt.xticks(ticks, [series.labels[int(x) - 1] for x in ticks])
        guides = self._guides(metric)
        for level in guides:
            plt.hline(level, "green")
        if values:  # the goal line stays in view however far the answers are from it
            lo, hi = min(*values, *guides), max(*values, *guides)
            pad = (hi - lo) * 0.1 or 1.0
            plt.ylim(max(lo - pad, 0.0), hi + pad)
        self.query_one(PlotextPlot).refresh()

    def _guides(self, metric: Metric) -> list[float]:
        """The lines a figure is judged against: the goal, the pace band, the time limit."""
        settings = self.ml.settings
        if metric is FILLERS_PER_MIN:
            return [settings.goal_fillers_per_min]
        if metric is WPM:
            return list(settings.analysis.pace_band_wpm)
        if metric is DURATION:
            return [(settings.time_limit_s or 120) / 60]
        return []

    def action_metric(self) -> None:
        self.metric_index = (self.metric_index + 1) % len(PER_ANSWER)
        self.draw_chart()

    def action_view(self) -> None:
        self.weekly = not self.weekly
        self.draw_chart()


def _scaled(metric: Metric, value: float) -> float:
    """Chart units: lengths in minutes, shares in percent."""
    if metric is DURATION:
        return value / 60
    if metric is OVERRUN_RATE:
        return value * 100
    return value


def _axis_label(metric: Metric) -> str:
    return {
        FILLERS_PER_MIN.key: "fillers per minute (goal line)",
        WPM.key: "words per minute (target band)",
        OVERRUN.key: "seconds over the limit",
        OVERRUN_RATE.key: "% of answers over the limit",
        DURATION.key: "length in minutes (limit line)",
    }[metric.key]


def goal_text(goal: Goal, answers: int, days: int) -> Text:
    text = Text.from_markup(f"[b]Goal[/b]: under {goal.target:.1f} fillers/min  ·  ")
    if goal.current is None:
        text.append("no finished answers yet")
        return text
    text.append(f"last {answers} answer{'s' * (answers != 1)}: {goal.current:.1f}/min  ")
    if goal.met:
        text.append("✓ met", style="bold green")
    else:
        text.append(f"{goal.gap:.1f} to go", style="bold yellow")
    text.append(f"  ·  {days} day{'s' * (days != 1)} of practice")
    return text


def mocks_text(mocks: Sequence[tuple[LoopPlan, int]]) -> Text:
    """'Full mocks 1 of 2 done': the playbook's two full mocks before the day, on a line of
    their own (each plan named when several set a goal)."""
    text = Text()
    for plan, done in mocks:
        style = "bold green" if done >= plan.goal else "bold"
        text.append("\nFull mocks ", style="bold")
        text.append(f"{done} of {plan.goal} done", style=style)
        text.append(f" ({plan.name})" if len(mocks) > 1 else "  (l on Home starts one)")
    return text


def gaps_text(tallies: Sequence[CheckTally], shown: int = CONTENT_GAPS_SHOWN) -> Text:
    """The content checks met least often: what to practise saying next."""
    gaps = [t for t in tallies if t.met < t.answers][:shown]
    if not gaps:
        return Text("Content: every check met in your stories and cases" if tallies else "")
    return Text.assemble(("Content  ", "bold"), (" · ".join(t.says for t in gaps), "yellow"))


def coverage_cells(name: str, cov: Coverage | None, now: datetime) -> list[str | Text]:
    if cov is None:
        return [Text("never", style="bold red"), "0", "-", "-", Text(name, style="bold")]
    days = (now - cov.last).days if cov.last else None
    last = "today" if days == 0 else f"{days} d ago" if days is not None else "-"
    fpm = f"{cov.fillers_per_min:.1f}" if cov.fillers_per_min is not None else "-"
    return [Text("yes", style="green"), str(cov.attempts), last, fpm, name]
