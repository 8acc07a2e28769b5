"""Between the questions of a mock loop: every round and slot with what is answered, the last
answer's headline, a break when a round ends, and what comes next. It returns the person's
choice; the flow owner acts on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Footer, Static

from mockloop.core.loops.progress import follow_ups_asked, round_seconds, slot_done
from mockloop.core.timer import format_clock
from mockloop.ui.dialogs.confirm import ConfirmScreen
from mockloop.ui.messages import AttemptUpdate
from mockloop.ui.view import View
from mockloop.ui.widgets.tables import short_prompt

if TYPE_CHECKING:
    from mockloop.store.loops import LoopState

PROMPT_CHARS = 52  # the row fits 80 columns
LoopChoice = Literal["go", "pause", "review", "abandon"]


class LoopHubScreen(View[LoopChoice]):
    BINDINGS = [
        Binding("enter", "go", "Go on", priority=True),
        Binding("r", "review", "Review last"),
        Binding("p", "pause", "Pause"),
        Binding("escape", "pause", "Pause", show=False),
        Binding("x", "abandon", "Abandon loop"),
    ]

    def __init__(self, state: LoopState) -> None:
        super().__init__()
        self.state = state
        self._last = state.last  # refreshed when its transcription finishes
        self._break_until: float | None = None

    def compose(self) -> ComposeResult:
        loop = self.state.loop
        yield Static(
            Content(f"Mock loop {loop.id} · {loop.name}"), id="loop-title", classes="title"
        )
        yield DataTable(id="loop-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="loop-last")
        yield Static("", id="loop-next")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("", "slot", "spoken", "f-up", "question")
        self._fill(table)
        self._show_last()
        if self.state.break_minutes:
            self._break_until = self.ml.cases.clock() + 60 * self.state.break_minutes
            self.set_interval(1.0, self._show_next)
        self._show_next()

    def _fill(self, table: DataTable[str | Text]) -> None:
        s = self.state
        at = (s.step.round_index, s.step.item_index) if s.step else None
        for r, rnd in enumerate(s.loop.drawn.rounds):
            name = f"Round {r + 1}: {rnd.plan.title} ({rnd.plan.minutes} min)"
            spoken = round_seconds(s.loop.drawn, s.answers, r)
            table.add_row(
                "",
                "",
                format_clock(spoken) if spoken else "",
                "",
                Text(short_prompt(name, PROMPT_CHARS), "bold"),
            )
            for i, item in enumerate(rnd.items):
                answer = s.answers.get(item.question.id)
                owed = follow_ups_asked(rnd, item)
                mark = "▶" if (r, i) == at else "✓" if slot_done(rnd, item, answer) else ""
                length = format_clock(answer.seconds) if answer else ""
                given = len(answer.follow_up_ids) if answer else 0
                follow = f"{min(given, owed)}/{owed}" if owed else "-"
                prompt = Text(short_prompt(item.question.prompt, PROMPT_CHARS))  # never markup
                table.add_row(
                    mark, f"{r + 1}.{i + 1}", length, follow, prompt, key=item.question.id
                )
        if at is not None:
            table.move_cursor(row=self._row_of(at))

    def _row_of(self, at: tuple[int, int]) -> int:
        rounds = self.state.loop.drawn.rounds
        return sum(len(r.items) + 1 for r in rounds[: at[0]]) + 1 + at[1]

    def on_attempt_update(self, message: AttemptUpdate) -> None:
        last = self.state.last
        if message.changed and last is not None and message.state.attempt_id == last.id:
            found = self.ml.cases.attempts([last.id])  # its figures have arrived
            self._last = found[0] if found else last
            self._show_last()

    def _show_last(self) -> None:
        last = self._last
        line = self.query_one("#loop-last", Static)
        if last is None:
            line.update(
                Content(
                    "No answer yet. The interviewer asks each question; follow-ups "
                    "come straight after the answer, as in the room."
                )
            )
            return
        what = "Last follow-up" if last.parent_id is not None else "Last answer"
        length = f"{format_clock(last.duration_s or 0)} of {format_clock(last.time_limit_s)}"
        parts = [f"{what}: {length}"]
        if last.fillers_per_min is not None:
            parts.append(f"fillers/min {last.fillers_per_min:.1f}")
        if last.wpm is not None:
            parts.append(f"{last.wpm:.0f} wpm")
        if last.fillers_per_min is None:
            parts.append("transcribing")
        line.update(Content(" · ".join(parts) + "  (r to review it)"))

    def _show_next(self) -> None:
        s, line = self.state, self.query_one("#loop-next", Static)
        if s.step is None:
            line.update(
                Content.from_markup("[b]Loop complete.[/b] Press [b]enter[/b] for the report.")
            )
            return
        where = s.step.where(s.loop.drawn)
        text = f"Next: {where} · [b]enter[/b] to go on, [b]p[/b] to pause"
        if self._break_until is not None:
            left = self._break_until - self.ml.cases.clock()
            if left > 0:
                text = f"[b]Break[/b] {format_clock(left, round_up=True)} left · {text}"
        line.update(Content.from_markup(text))

    def action_go(self) -> None:
        self.dismiss("go")

    def action_review(self) -> None:
        if self.state.last is not None:
            self.dismiss("review")

    def action_pause(self) -> None:
        self.dismiss("pause")

    def action_abandon(self) -> None:
        choices = {"y": ("abandon it", "yes"), "n": ("keep it", "no")}
        question = "Abandon this loop? Its answers stay in History; it cannot be resumed."
        self.app.push_screen(ConfirmScreen(question, choices), self._abandon_chosen)

    def _abandon_chosen(self, choice: str | None) -> None:
        if choice == "yes":
            self.dismiss("abandon")
