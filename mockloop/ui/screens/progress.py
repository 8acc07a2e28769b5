"""Progress: trends per day, the filler goal, and which categories and leadership principles
have been practised (the never-practised ones stand out)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Sparkline, Static

from mockloop.core.metrics import TRENDS, Metric
from mockloop.core.progress import Goal, recent_average
from mockloop.core.questions import CATEGORIES, LEADERSHIP_PRINCIPLES
from mockloop.store import queries, records
from mockloop.store.queries import Coverage, HistoryQuery
from mockloop.store.status import Status

if TYPE_CHECKING:
    from mockloop.ui.app import MockloopApp

GOAL_WINDOW = 5  # answers


class ProgressScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    @property
    def ml(self) -> MockloopApp:
        return cast("MockloopApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("", id="goal")
        for metric in TRENDS:
            with Horizontal(classes="trend"):
                yield Static(metric.label, classes="trend-label")
                yield Sparkline([], id=f"spark-{metric.key}", classes="trend-line")
                yield Static("", id=f"sum-{metric.key}", classes="trend-sum")
        yield DataTable(id="coverage", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        engine, settings = self.ml.services.engine, self.ml.settings
        with Session(engine) as s:
            series = queries.daily_series(s)
            cats = queries.coverage_by_category(s)
            principles = queries.coverage_by_principle(s)
            recent = records.history(s, HistoryQuery(limit=GOAL_WINDOW * 4))
        done = [a.fillers_per_min for a in reversed(recent) if a.status == Status.DONE]
        goal = Goal(settings.goal_fillers_per_min, recent_average(done, GOAL_WINDOW))
        self.query_one("#goal", Static).update(
            goal_text(goal, min(len(done), GOAL_WINDOW), len(series))
        )
        for metric in TRENDS:
            values = [v for d in series if (v := getattr(d, metric.key)) is not None]
            self.query_one(f"#spark-{metric.key}", Sparkline).data = values or [0]
            self.query_one(f"#sum-{metric.key}", Static).update(trend_summary(values, metric))
        table = self.query_one(DataTable)
        table.add_columns(
            "practised", "attempts", "last", "fill/min", "category / leadership principle"
        )
        for name in CATEGORIES:
            table.add_row(*coverage_cells(name, cats.get(name), self.ml.services.now()))
        for name in LEADERSHIP_PRINCIPLES:
            table.add_row(*coverage_cells(name, principles.get(name), self.ml.services.now()))


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


def trend_summary(values: list[float], metric: Metric) -> str:
    if not values:
        return "no data yet"
    days = f"{len(values)} day{'s' * (len(values) != 1)}"
    return f"last {metric.show(values[-1])} · first {metric.show(values[0])} · {days}"


def coverage_cells(name: str, cov: Coverage | None, now: datetime) -> list[str | Text]:
    if cov is None:
        return [Text("never", style="bold red"), "0", "-", "-", Text(name, style="bold")]
    days = (now - cov.last).days if cov.last else None
    last = "today" if days == 0 else f"{days} d ago" if days is not None else "-"
    fpm = f"{cov.fillers_per_min:.1f}" if cov.fillers_per_min is not None else "-"
    return [Text("yes", style="green"), str(cov.attempts), last, fpm, name]
