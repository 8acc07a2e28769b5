"""Mock-loop plans: a named day of rounds, each with a time budget, its slots (a category, a
principle, or "a principle never practised"), follow-ups per answer and a break after it.
Plans are TOML files, shipped (mockloop.plans) and the person's own; a bad file is reported
by name and left out, never fatal."""

from __future__ import annotations

import importlib.resources
import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockloop.core.bank.questions import CATEGORIES, canonical_principle
from mockloop.core.safe_text import clean_line, clean_text

UNPRACTISED = "unpractised"  # a behavioural question on a principle never practised
PRINCIPLE_PREFIX = "principle:"  # "principle:Ownership": a behavioural question on that one
MAX_FOLLOW_UPS = 3
MAX_GOAL = 20  # full mocks to take before the day: more is a typo
_ROUND_KEYS = {"title", "minutes", "slots", "follow_ups", "break_minutes"}


@dataclass(frozen=True)
class RoundPlan:
    title: str
    minutes: int  # the interview's time budget
    slots: tuple[str, ...]
    follow_ups: int = 0  # asked after each answer, as far as the question has them
    break_minutes: int = 0  # after this round


@dataclass(frozen=True)
class LoopPlan:
    key: str  # the file's name without .toml: what `--plan` and the picker use
    name: str
    about: str
    rounds: tuple[RoundPlan, ...]
    goal: int = 0  # how many to take before the real day (Home counts them); 0: no goal

    @property
    def minutes(self) -> int:
        return sum(r.minutes + r.break_minutes for r in self.rounds) - self.rounds[-1].break_minutes

    @property
    def length(self) -> str:
        """ "20 min", "4 h 50 min": the rounds and the breaks between them."""
        h, m = divmod(self.minutes, 60)
        return f"{h} h {m} min" if h and m else f"{h} h" if h else f"{m} min"


@dataclass(frozen=True)
class PlanSet:
    plans: tuple[LoopPlan, ...]
    problems: tuple[str, ...] = ()  # one line per file left out

    def get(self, key: str) -> LoopPlan | None:
        return next((p for p in self.plans if p.key == key), None)


class PlanProblem(ValueError):
    pass


def builtin_plans_dir() -> Path:
    return Path(str(importlib.resources.files("mockloop.plans")))


def load_plans(dirs: Sequence[Path]) -> PlanSet:
    """Every *.toml plan in dirs, in order; a later plan with the same key replaces the
    earlier one (so a person can change a shipped plan by copying it)."""
    plans: dict[str, LoopPlan] = {}
    problems: list[str] = []
    for directory in dirs:
        if not directory.is_dir():
            continue  # the person's own folder need not exist
        for path in sorted(directory.glob("*.toml")):
            try:
                plans[path.stem] = read_plan(path)
            except PlanProblem as exc:
                problems.append(f"{path}: {exc}")
    return PlanSet(tuple(plans.values()), tuple(problems))


def read_plan(path: Path) -> LoopPlan:
    if not path.is_file():  # a FIFO named *.toml would block the read
        raise PlanProblem("not a regular file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanProblem(f"cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PlanProblem(f"TOML syntax error: {exc}") from exc
    except RecursionError as exc:
        raise PlanProblem("nested too deeply to read") from exc
    return parse_plan(path.stem, data)


def parse_plan(key: str, data: dict[str, Any]) -> LoopPlan:
    unknown = set(data) - {"name", "about", "goal", "round"}
    if unknown:
        raise PlanProblem(f"unknown keys {sorted(unknown)} (known: name, about, goal, [[round]])")
    goal = data.get("goal", 0)
    if type(goal) is not int or not 0 <= goal <= MAX_GOAL:
        raise PlanProblem(f"'goal' must be a whole number from 0 to {MAX_GOAL}")
    name, about = data.get("name", key), data.get("about", "")
    if not isinstance(name, str) or not name.strip() or not isinstance(about, str):
        raise PlanProblem("'name' and 'about' must be text")
    rounds = data.get("round")
    if not isinstance(rounds, list) or not rounds:
        raise PlanProblem("expected one or more [[round]] tables")
    parsed = tuple(_parse_round(n, raw) for n, raw in enumerate(rounds, 1))
    # A plan may come from someone else (a shared file): its texts reach the terminal.
    return LoopPlan(key, clean_line(name).strip(), clean_text(about).strip(), parsed, goal)


def _parse_round(n: int, raw: Any) -> RoundPlan:
    if not isinstance(raw, dict):
        raise PlanProblem(f"round {n} is not a table")
    unknown = set(raw) - _ROUND_KEYS
    if unknown:
        raise PlanProblem(f"round {n}: unknown keys {sorted(unknown)}")
    title = raw.get("title", f"Round {n}")
    if not isinstance(title, str) or not title.strip():
        raise PlanProblem(f"round {n}: 'title' must be text")
    slots = raw.get("slots")
    if not isinstance(slots, list) or not slots or not all(isinstance(s, str) for s in slots):
        raise PlanProblem(f"round {n}: 'slots' must be a list of slot names")
    return RoundPlan(
        title=clean_line(title).strip(),
        minutes=_whole(raw.get("minutes"), n, "minutes", 1, 240),
        slots=tuple(_slot(s, n) for s in slots),
        follow_ups=_whole(raw.get("follow_ups", 0), n, "follow_ups", 0, MAX_FOLLOW_UPS),
        break_minutes=_whole(raw.get("break_minutes", 0), n, "break_minutes", 0, 120),
    )


def _whole(value: Any, n: int, name: str, low: int, high: int) -> int:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value != int(value) or not low <= value <= high:
        raise PlanProblem(
            f"round {n}: '{name}' must be a whole number from {low} to {high}, not {value!r}"
        )
    return int(value)


def _slot(text: str, n: int) -> str:
    slot = text.strip()
    if slot in CATEGORIES or slot == UNPRACTISED:
        return slot
    if slot.startswith(PRINCIPLE_PREFIX):
        canon = canonical_principle(slot.removeprefix(PRINCIPLE_PREFIX))
        if canon is not None:
            return PRINCIPLE_PREFIX + canon
        raise PlanProblem(f"round {n}: {slot!r} names no leadership principle")
    raise PlanProblem(
        f"round {n}: unknown slot {slot!r} (a category: {', '.join(CATEGORIES)}; "
        f"'{UNPRACTISED}'; or 'principle:NAME')"
    )
