"""The story bank's core: a prepared story (title, short STAR notes, the numbers it proves, the
leadership principles it can answer), its TOML form (so people keep stories in git), and how
an answer compares with the notes it was told from."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from mockloop.core.analysis.words import Word
from mockloop.core.bank.questions import canonical_principle
from mockloop.core.errors import MockloopError
from mockloop.core.safe_text import clean_line, clean_text

OVERLOADED = 5  # principles one story is asked to carry: more and it is stretched thin
NOTE_FIELDS = ("situation", "task", "action", "result")
TITLE_MAX = 80


class StoryError(MockloopError):
    """A story or a stories file cannot be used as it is."""


@dataclass(frozen=True)
class Story:
    title: str
    principles: tuple[str, ...] = ()
    numbers: str = ""  # what the story proves, as the person writes it: "18% churn, $40k"
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    id: int | None = field(default=None, compare=False)  # set once stored

    @property
    def overloaded(self) -> bool:
        return len(self.principles) > OVERLOADED


def checked(story: Story) -> Story:
    """The story with its principles spelled officially; StoryError says what is wrong."""
    title = " ".join(clean_line(story.title).split())
    if not title:
        raise StoryError("a story needs a title")
    if len(title) > TITLE_MAX:
        raise StoryError(f"a story title is at most {TITLE_MAX} characters: {title[:40]}…")
    principles = []
    for name in map(clean_line, story.principles):
        official = canonical_principle(name)
        if official is None:
            raise StoryError(f"{title}: {name!r} is not a leadership principle")
        if official not in principles:
            principles.append(official)

    def note(text: str) -> str:
        return clean_text(text).strip()

    return replace(
        story,
        title=title,
        principles=tuple(principles),
        numbers=note(story.numbers),
        situation=note(story.situation),
        task=note(story.task),
        action=note(story.action),
        result=note(story.result),
    )


def split_principles(text: str) -> tuple[str, ...]:
    """Principles typed on one line, split at commas and semicolons, except where the comma or
    semicolon is part of a principle's name ("Are Right, A Lot")."""
    pieces = [p.strip() for p in re.split(r"([,;])", text)]
    names: list[str] = []
    i = 0
    while i < len(pieces):
        joined = "".join(pieces[i : i + 3]).replace(",", ", ").replace(";", "; ")
        if i + 2 < len(pieces) and canonical_principle(joined) is not None:
            names.append(joined)
            i += 4  # the name's two parts, the separator inside it and the one after it
            continue
        if pieces[i] not in ("", ",", ";"):
            names.append(pieces[i])
        i += 1
    return tuple(names)


# -- TOML --------------------------------------------------------------------------------------
def to_toml(stories: Sequence[Story]) -> str:
    """One [[story]] table per story. JSON's string escapes are valid TOML basic strings."""
    out = ["# mockloop stories: edit, keep in git, and load with `mockloop stories import`.", ""]
    for st in stories:
        out.append("[[story]]")
        out.append(f"title = {json.dumps(st.title, ensure_ascii=False)}")
        out.append("principles = [" + ", ".join(json.dumps(p) for p in st.principles) + "]")
        for key in ("numbers", *NOTE_FIELDS):
            out.append(f"{key} = {json.dumps(getattr(st, key), ensure_ascii=False)}")
        out.append("")
    return "\n".join(out)


def from_toml(text: str, source: str = "stories file") -> list[Story]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StoryError(f"{source} is not valid TOML: {exc}") from exc
    tables = raw.get("story", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise StoryError(f"{source}: stories are [[story]] tables")
    stories = []
    for i, t in enumerate(tables, 1):
        unknown = set(t) - {"title", "principles", "numbers", *NOTE_FIELDS}
        if unknown:
            raise StoryError(f"{source}: story {i} has unknown keys: {', '.join(sorted(unknown))}")
        texts = {k: t.get(k, "") for k in ("title", "numbers", *NOTE_FIELDS)}
        principles = t.get("principles", [])
        if not all(isinstance(v, str) for v in texts.values()) or not (
            isinstance(principles, list) and all(isinstance(p, str) for p in principles)
        ):
            raise StoryError(f"{source}: story {i}: texts are strings, principles a list of them")
        stories.append(checked(Story(principles=tuple(principles), **texts)))
    titles = [s.title.casefold() for s in stories]
    if len(set(titles)) != len(titles):
        raise StoryError(f"{source}: two stories have the same title")
    return stories


# -- the answer against the notes ----------------------------------------------------------------
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_in(text: str) -> list[str]:
    """The figures a text states, as digits ("1.2", "18", "40"): the notes' and the answer's
    are compared by these."""
    found = [n.replace(",", "") for n in _NUMBER.findall(text)]
    found += [
        str(_WORD_NUMBERS[w]) for w in re.findall(r"[a-z]+", text.lower()) if w in _WORD_NUMBERS
    ]
    return found


def notes_against_answer(story: Story, words: Sequence[Word]) -> list[str]:
    """What the Review says next to the notes: each number the notes promise, said or not."""
    promised = [m.group(0).strip() for m in re.finditer(r"[^;,\n]*\d[^;,\n]*", story.numbers)]
    if not promised:
        return []
    said = set(numbers_in(" ".join(w.text for w in words)))
    if not said:
        return [f"your notes mention {promised[0]}; the answer never said a number"]
    lines = []
    for phrase in promised:
        digits = numbers_in(phrase)
        if any(d in said for d in digits):
            lines.append(f"✓ said {phrase}")
        else:
            lines.append(f"your notes mention {phrase}; the answer did not say it")
    return lines
