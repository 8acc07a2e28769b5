"""A loop's report in the app: the same Markdown `mockloop report` writes, filled in as the
last transcriptions finish; `e` saves it as Markdown and self-contained HTML."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Markdown

from mockloop.core.errors import MockloopError
from mockloop.core.loops.html import to_html
from mockloop.core.loops.text import to_markdown
from mockloop.store.reports import save_report
from mockloop.ui.messages import AttemptUpdate
from mockloop.ui.view import View


class LoopReportScreen(View[None]):
    BINDINGS = [
        Binding("e", "save", "Save (md + html)"),
        Binding("t", "transcripts", "Transcripts"),
        Binding("escape", "dismiss", "Home"),
    ]

    def __init__(self, loop_id: int) -> None:
        super().__init__()
        self.loop_id = loop_id
        self.transcripts = False  # collapsed: the figures first; t shows what was said

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-scroll"):
            yield Markdown("", id="report", open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#report-scroll").focus()

    def on_attempt_update(self, message: AttemptUpdate) -> None:
        if message.changed:  # an answer finished transcribing: its verdicts arrive
            self.reload()

    def reload(self) -> None:
        report = self.ml.cases.loop_report(self.loop_id)
        text = (
            to_markdown(report, transcripts=self.transcripts)
            if report
            else f"Loop {self.loop_id} no longer exists."
        )
        self.query_one(Markdown).update(text)

    def action_transcripts(self) -> None:
        self.transcripts = not self.transcripts
        self.reload()

    def action_save(self) -> None:
        report = self.ml.cases.loop_report(self.loop_id)
        if report is None:
            return
        folder = self.ml.cases.paths.data_dir / "reports"
        try:
            written = [
                save_report(folder, f"loop-{self.loop_id}.md", to_markdown(report)),
                save_report(folder, f"loop-{self.loop_id}.html", to_html(report)),
            ]
        except MockloopError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(
            f"Saved {written[0].name} and {written[1].name} in {folder}", markup=False, timeout=10
        )
