"""What the Review shows only after the answer: the follow-ups an interviewer may ask, and what
a strong answer covers."""

from __future__ import annotations

from textual.content import Content

from mockloop.core.bank.questions import Question


def after_answer(q: Question | None) -> Content:
    lines: list[Content] = []
    if q and q.follow_ups:
        lines += [
            Content.from_markup("[b]Follow-ups an interviewer may ask[/b]"),
            *(Content(f"  • {f}") for f in q.follow_ups),
        ]
    if q and q.hints:
        lines += [
            Content.from_markup("[b]A strong answer covers[/b]"),
            *(Content(f"  • {h}") for h in q.hints),
        ]
    return Content("\n").join(lines)
