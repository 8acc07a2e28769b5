"""Write or edit a story of the story bank: a title, the principles it can answer, the numbers
it proves, and short notes for each STAR part. Returns the checked story, or None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Static

from mockloop.core.bank.stories import NOTE_FIELDS, Story, StoryError, checked, split_principles
from mockloop.ui.view import ModalView

FIELDS = (
    ("title", "Title"),
    ("principles", "Leadership principles (comma separated)"),
    ("numbers", "Numbers it proves (e.g. 18% less churn; $1.2 million)"),
    *((f, f"{f.capitalize()} notes") for f in NOTE_FIELDS),
)


class StoryEditor(ModalView[Story | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, story: Story | None = None) -> None:
        super().__init__()
        self.story = story or Story("")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="editor"):
            yield Static("A story (ctrl+s saves, escape cancels)", classes="title")
            for key, label in FIELDS:
                value = getattr(self.story, key)
                if key == "principles":
                    value = ", ".join(value)
                yield Label(label)
                yield Input(value=value, placeholder="(empty)", id=f"story-{key}")
            yield Static("", id="story-error")

    def on_mount(self) -> None:
        self.query_one("#story-title", Input).focus()  # the first key typed is the title's

    def _value(self, key: str) -> str:
        return self.query_one(f"#story-{key}", Input).value

    def action_save(self) -> None:
        principles = split_principles(self._value("principles"))
        draft = Story(
            self._value("title"),
            principles,
            self._value("numbers"),
            situation=self._value("situation"),
            task=self._value("task"),
            action=self._value("action"),
            result=self._value("result"),
            id=self.story.id,
        )
        try:
            self.dismiss(checked(draft))
        except StoryError as exc:
            self.query_one("#story-error", Static).update(Content(str(exc)))

    def on_input_submitted(self) -> None:
        self.action_save()
