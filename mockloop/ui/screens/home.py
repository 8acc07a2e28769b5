"""Home: what to practise next and why, quick starts, today's count and streak, recent attempts."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from mockloop.core.analysis.progress import streak
from mockloop.core.bank.draw import Draw, QuestionFilter
from mockloop.core.bank.questions import CATEGORIES, LEADERSHIP_PRINCIPLES, Question
from mockloop.core.bank.schedule import due_now
from mockloop.core.timer import format_clock
from mockloop.ui.dialogs.chooser import ChooserScreen
from mockloop.ui.messages import (
    AttemptUpdate,
    LoopUpdate,
    ModelUpdate,
    PracticeRequested,
    ScreenRequested,
    SetRequested,
    StoreOpened,
)
from mockloop.ui.places import PLACES
from mockloop.ui.view import View
from mockloop.ui.widgets.tables import SHORT_COLUMNS, attempt_cells

QUICK_STARTS = (
    ("suggested", "Practise the suggested question", "p"),
    ("set", "A mixed set of questions", "s"),
    ("category", "A set from one category…", ""),
    ("principle", "A set on one leadership principle…", ""),
    ("find", "Find a question…", ""),
    ("loop", "A mock loop: rounds, follow-ups, a report…", "l"),
)


class HomeScreen(View[None]):
    BINDINGS = [
        Binding("p", "practise", "Practise", tooltip="practise the suggested question"),
        Binding("s", "start_set", "Set", tooltip="start a set"),
        Binding("d", "draw", "Draw another", tooltip="draw another"),
        *(place.binding() for place in PLACES),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.draw: Draw | None = None
        self._drawn_last: datetime | None = None  # when the suggestion was last answered

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="home-top"):
            with Vertical(id="suggestion", classes="panel"):
                yield Static("", id="next-meta")
                yield Static("", id="next-prompt")
                yield Static("", id="next-why", classes="hint")
            with Vertical(id="quick", classes="panel"):
                yield OptionList(
                    *[
                        Option(f"{label}  [dim]{key}[/]" if key else label, id=i)
                        for i, label, key in QUICK_STARTS
                    ],
                    id="quick-starts",
                )
        yield Static("", id="stats")
        yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#recent", DataTable)
        table.add_columns(*SHORT_COLUMNS)
        if self.ml.store_ready:
            self.on_store_opened()

    def on_store_opened(self, _: StoreOpened | None = None) -> None:
        """The suggestion and the figures, once the database is open (just after launch)."""
        self.action_draw()
        self.refresh_data()

    def on_screen_resume(self) -> None:
        # Back from practice, History or Settings: a suggestion just answered is stale (draw
        # again), and the limit shown follows the settings.
        if not self.ml.store_ready:
            return
        if self.draw is not None and self._last_practised(self.draw.question) != self._drawn_last:
            self.action_draw()
        else:
            self._show_draw()
        self.refresh_data()

    def _last_practised(self, question: Question) -> datetime | None:
        return self.ml.cases.last_practised(question.id)

    def on_attempt_update(self, message: AttemptUpdate) -> None:
        if not message.changed:
            return  # a progress tick changes nothing here
        self.refresh_data()

    def on_model_update(self, _: ModelUpdate) -> None:
        self.refresh_data()

    def on_loop_update(self, _: LoopUpdate) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        cases = self.ml.cases
        today = cases.now().astimezone().date()
        home = cases.home(today)
        in_bank = {q.id for q in cases.bank.questions}
        due_today = len(set(due_now(home.due, cases.now())) & in_bank)
        parts = [
            _plural(home.done_today, "answer", "today "),
            _plural(streak(home.practice_days, today), "day", "streak "),
            f"due today [b]{due_today}[/b]",
        ]
        if home.waiting:
            parts.append(f"[yellow]{home.waiting} waiting for transcription (h)[/]")
        if home.open_loops:
            parts.append(f"[b]loop {home.open_loops[0].id} paused[/b] (l resumes)")
        parts.append(f"model: {self.ml.model_state}")
        self.query_one("#stats", Static).update("  ·  ".join(parts))
        table = self.query_one("#recent", DataTable)
        table.clear()
        for row in home.recent:
            table.add_row(*attempt_cells(row, short=True), key=str(row.id))

    # -- choosing a question -----------------------------------------------------------------
    def action_draw(self) -> None:
        self.draw = self.ml.cases.draw_next(avoid=[self.draw.question] if self.draw else None)
        self._drawn_last = self._last_practised(self.draw.question) if self.draw else None
        self._show_draw()
        if self.draw is not None:
            self.ml.prepare_voice([self.draw.question.prompt])

    def _show_draw(self) -> None:
        meta, prompt, why = (
            self.query_one("#next-meta", Static),
            self.query_one("#next-prompt", Static),
            self.query_one("#next-why", Static),
        )
        if self.draw is None:
            meta.update("[b]No questions[/b]")
            prompt.update("The question bank is empty or invalid: run mockloop questions check.")
            why.update("")
            return
        q = self.draw.question
        principles = f" · {', '.join(q.principles)}" if q.principles else ""
        meta.update(
            Content.from_markup(
                "[b]Next up[/b] · $category$principles", category=q.category, principles=principles
            )
        )
        prompt.update(Content(q.prompt))
        limit = self.ml.settings.time_limit_s or q.time_limit_s
        why.update(Content(f"why: {self.draw.reason} · limit {format_clock(limit)}"))

    def action_practise(self) -> None:
        if self.draw is not None:
            self.practise([self.draw.question], "single")

    def action_start_set(self) -> None:
        self.post_message(SetRequested())

    def practise(self, questions: list[Question], mode: str) -> None:
        self.post_message(PracticeRequested(questions, mode))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        if choice == "suggested":
            self.action_practise()
        elif choice == "set":
            self.action_start_set()
        elif choice == "category":
            items = [(c, c) for c in CATEGORIES]
            self.app.push_screen(ChooserScreen("Category", items), self._by_category)
        elif choice == "principle":
            items = [(p, p) for p in LEADERSHIP_PRINCIPLES]
            self.app.push_screen(ChooserScreen("Leadership principle", items), self._by_principle)
        elif choice == "loop":
            self.action_open("loop")
        elif choice == "find":
            items = [(q.id, f"{q.prompt} ({q.category})") for q in self.ml.cases.bank.questions]
            self.app.push_screen(ChooserScreen("Find a question", items), self._by_id)

    def _by_category(self, value: str | None) -> None:
        if value:
            self.post_message(SetRequested(QuestionFilter(category=value)))

    def _by_principle(self, value: str | None) -> None:
        if value:
            self.post_message(SetRequested(QuestionFilter(principle=value)))

    def _by_id(self, value: str | None) -> None:
        question = self.ml.cases.bank.get(value) if value else None
        if question is not None:
            self.practise([question], "single")

    # -- other screens ---------------------------------------------------------------------------
    def action_open(self, name: str) -> None:
        """One of the places (ui/places.py): the flow owner opens it."""
        self.post_message(ScreenRequested(name))


def _plural(n: int, word: str, prefix: str) -> str:
    return f"{prefix}[b]{n}[/b] {word}{'' if n == 1 else 's'}"
