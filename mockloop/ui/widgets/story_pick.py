"""The story line of the practice screen and the choices of its story picker."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from mockloop.core.bank.stories import Story

NO_STORY = "none"


def story_line(story: Story | None, *, can_choose: bool) -> Content:
    choose = "  (y: choose another)" if can_choose else ""
    if story is not None:
        return Content(f"Story: {story.title}{choose}")
    return Content(f"No story chosen{choose} · add stories with b on Home")


def story_choices(
    known: Sequence[Story], principles: Sequence[str], current: Story | None
) -> list[tuple[str, str]]:
    """The current story first, then those mapped to the question's principles, then the
    rest, then "no story"."""
    mapped = [st for st in known if set(st.principles) & set(principles)]
    first = [current] if current else []
    ordered = dict.fromkeys([*first, *mapped, *known])
    items = [
        (str(st.id), f"{st.title}  ({', '.join(st.principles) or 'no principles'})")
        for st in ordered
    ]
    return [*items, (NO_STORY, "(no story)")]
