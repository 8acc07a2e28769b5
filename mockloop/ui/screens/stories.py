"""Stories: the coverage matrix (16 leadership principles x your stories: gaps stand out, with
how recently and how well each principle was practised) and every story with its progress
(answers, length, fillers, when the result came, the trend). Add, edit and delete stories."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from mockloop.core.bank.stories import OVERLOADED, Story, StoryError
from mockloop.core.timer import format_clock
from mockloop.store.stories import PrincipleRow, StoryProgress
from mockloop.ui.dialogs.confirm import ConfirmScreen
from mockloop.ui.dialogs.story_editor import StoryEditor
from mockloop.ui.view import View

MARK = "●"


class StoriesScreen(View[None]):
    BINDINGS = [
        Binding("a", "add", "Add story"),
        Binding("enter", "edit", "Edit", tooltip="edit the selected story"),
        Binding("delete", "delete", "Delete", tooltip="delete the selected story"),
        Binding("tab", "switch", "Matrix/stories", show=False),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="stories-summary")
        yield DataTable(id="matrix", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="story-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#story-table", DataTable).focus()

    def reload(self) -> None:
        rows, tracked = self.ml.cases.story_overview()
        self.stories = [p.story for p in tracked]
        gaps = [r.principle for r in rows if r.gap]
        summary = Text.assemble(
            (f"{len(self.stories)} stories", "bold"),
            f" · {16 - len(gaps)} of 16 principles have one",
        )
        if gaps:
            summary.append(
                f" · no story yet: {', '.join(gaps[:4])}{'…' if len(gaps) > 4 else ''}",
                style="yellow",
            )
        if not self.stories:
            summary.append("  ·  a adds your first story", style="bold")
        self.query_one("#stories-summary", Static).update(summary)
        self._fill_matrix(rows)
        self._fill_stories(tracked)

    def _fill_matrix(self, rows: list[PrincipleRow]) -> None:
        matrix = self.query_one("#matrix", DataTable)
        matrix.clear(columns=True)
        matrix.add_columns(
            "principle",
            "stories",
            *(str(i + 1) for i in range(len(self.stories))),
            "practised",
            "last",
            "fill/min",
        )
        now = self.ml.cases.now()
        for r in rows:
            marks = [MARK if st.title in r.stories else "" for st in self.stories]
            last = f"{(now - r.last).days} d ago" if r.last else "-"
            fpm = f"{r.fillers_per_min:.1f}" if r.fillers_per_min is not None else "-"
            name = Text(r.principle, style="bold red" if r.gap else "")
            count = Text("none", style="bold red") if r.gap else Text(str(len(r.stories)))
            practised = str(r.attempts) if r.attempts else "never"
            matrix.add_row(name, count, *marks, practised, last, fpm)

    def _fill_stories(self, tracked: list[StoryProgress]) -> None:
        table = self.query_one("#story-table", DataTable)
        table.clear(columns=True)
        table.add_columns(
            "#",
            "story",
            "principles",
            "answers",
            "length",
            "fill/min",
            "result at",
            "fillers trend",
        )
        for i, p in enumerate(tracked):
            count = len(p.story.principles)
            load = Text(str(count), style="bold yellow" if count > OVERLOADED else "")
            if count > OVERLOADED:
                load.append(" overloaded")
            table.add_row(
                str(i + 1),
                Text(p.story.title),
                load,
                str(p.answers),
                format_clock(p.mean_duration_s) if p.mean_duration_s is not None else "-",
                f"{p.mean_fillers_per_min:.1f}" if p.mean_fillers_per_min is not None else "-",
                format_clock(p.mean_result_start_s) if p.mean_result_start_s is not None else "-",
                p.fillers_trend.direction if p.fillers_trend else "-",
                key=str(p.story.id),
            )

    def _selected(self) -> Story | None:
        table = self.query_one("#story-table", DataTable)
        if not table.row_count:
            return None
        return self.stories[table.cursor_row]

    # -- actions -------------------------------------------------------------------------------
    def action_add(self) -> None:
        self.app.push_screen(StoryEditor(), self._save)

    def action_edit(self) -> None:
        story = self._selected()
        if story is not None:
            self.app.push_screen(StoryEditor(story), self._save)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "story-table":
            self.action_edit()

    def _save(self, story: Story | None) -> None:
        if story is None:
            return
        try:
            self.ml.cases.save_story(story)
        except StoryError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload()

    def action_delete(self) -> None:
        story = self._selected()
        if story is None or story.id is None:
            return
        story_id = story.id
        choices = {"y": ("delete it (its answers stay)", "yes"), "n": ("keep it", "no")}
        self.app.push_screen(
            ConfirmScreen(f"Delete the story {story.title!r}?", choices),
            lambda choice: self._delete(story_id) if choice == "yes" else None,
        )

    def _delete(self, story_id: int) -> None:
        self.ml.cases.delete_story(story_id)
        self.reload()

    def action_switch(self) -> None:
        matrix = self.query_one("#matrix", DataTable)
        target = self.query_one("#story-table", DataTable) if matrix.has_focus else matrix
        target.focus()
