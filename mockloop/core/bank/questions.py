"""The question bank: TOML files of questions, loaded and validated with errors that point
at the file, the question and the field."""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockloop.core.analysis.content import CASE_CHECKS, STORY_CHECKS, OwnCheck

CATEGORIES = ("behavioral", "product", "experiment", "metrics", "technical", "intro")

LEADERSHIP_PRINCIPLES = (
    "Customer Obsession",
    "Ownership",
    "Invent and Simplify",
    "Are Right, A Lot",
    "Learn and Be Curious",
    "Hire and Develop the Best",
    "Insist on the Highest Standards",
    "Think Big",
    "Bias for Action",
    "Frugality",
    "Earn Trust",
    "Dive Deep",
    "Have Backbone; Disagree and Commit",
    "Deliver Results",
    "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
)
_PRINCIPLE_KEYS = {p.casefold(): p for p in LEADERSHIP_PRINCIPLES}
_PRINCIPLE_KEYS["disagree and commit"] = "Have Backbone; Disagree and Commit"
_PRINCIPLE_KEYS["have backbone"] = "Have Backbone; Disagree and Commit"

DEFAULT_TIME_LIMIT_S = 120
MAX_LIMIT_S = 3600  # an hour: longer than any interview answer or case
_REQUIRED = ("id", "prompt", "category")
_KNOWN = {
    *_REQUIRED,
    *("principles", "time_limit_s", "follow_ups", "tags", "hints", "checkpoints", "checks"),
}
_CHECK_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LINE_RE = re.compile(r"at line (\d+)")


def canonical_principle(name: str) -> str | None:
    """The official spelling of a leadership principle, or None if it is not one."""
    return _PRINCIPLE_KEYS.get(name.strip().casefold())


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    category: str
    principles: tuple[str, ...] = ()
    time_limit_s: int = DEFAULT_TIME_LIMIT_S
    follow_ups: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    # A case's milestones on the clock, in time order: ("clarify", 60), ("metrics", 180), ...
    checkpoints: tuple[tuple[str, int], ...] = ()
    checks: tuple[OwnCheck, ...] = ()  # its own content checks, after the canonical ones
    source: Path | None = field(default=None, compare=False)  # where it was read, not what it is


@dataclass(frozen=True)
class BankIssue:
    """One problem found in a bank file."""

    file: Path
    message: str
    question_id: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        who = f" question '{self.question_id}'" if self.question_id else ""
        what = f" field '{self.field}'" if self.field else ""
        return f"{where}:{who}{what}: {self.message}"


@dataclass(frozen=True)
class Bank:
    questions: tuple[Question, ...]
    issues: tuple[BankIssue, ...] = ()
    by_id: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({q.id: q for q in self.questions})

    def get(self, question_id: str) -> Question | None:
        return self.by_id.get(question_id)


def builtin_questions_dir() -> Path:
    """The bank shipped inside the package as mockloop.bank (the repository's questions/
    folder, mapped there by pyproject.toml), so a wheel, pipx and a checkout all find it."""
    return Path(str(importlib.resources.files("mockloop.bank")))


def load_bank(dirs: Sequence[Path]) -> Bank:
    """Load every *.toml file in dirs (in order). Invalid questions are left out and reported
    in Bank.issues; this never raises for bad content."""
    questions: list[Question] = []
    issues: list[BankIssue] = []
    seen: dict[str, Path] = {}
    for directory in dirs:
        if not directory.is_dir():
            issues.append(BankIssue(directory, "question folder not found"))
            continue
        for path in sorted(directory.glob("*.toml")):
            for q in _load_file(path, issues):
                if q.id in seen:
                    issues.append(
                        BankIssue(path, f"duplicate id (also in {seen[q.id]})", q.id, "id")
                    )
                    continue
                seen[q.id] = path
                questions.append(q)
    return Bank(tuple(questions), tuple(issues))


def _load_file(path: Path, issues: list[BankIssue]) -> Iterable[Question]:
    if not path.is_file():  # a FIFO or a device named *.toml would block the read forever
        issues.append(BankIssue(path, "not a regular file"))
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        m = _LINE_RE.search(str(exc))
        issues.append(BankIssue(path, f"TOML syntax error: {exc}", line=int(m[1]) if m else None))
        return []
    except (OSError, UnicodeDecodeError) as exc:
        issues.append(BankIssue(path, f"cannot read: {exc}"))
        return []
    except RecursionError:
        issues.append(BankIssue(path, "nested too deeply to read"))
        return []
    unknown_top = set(data) - {"question"}
    if unknown_top:
        issues.append(BankIssue(path, f"unknown top-level keys {sorted(unknown_top)}"))
    entries = data.get("question", [])
    if not isinstance(entries, list) or not entries:
        issues.append(BankIssue(path, "expected one or more [[question]] tables"))
        return []
    out = []
    for n, entry in enumerate(entries, 1):
        q = _parse_question(path, n, entry, issues)
        if q is not None:
            out.append(q)
    return out


def _parse_question(path: Path, n: int, raw: Any, issues: list[BankIssue]) -> Question | None:
    if not isinstance(raw, dict):
        issues.append(BankIssue(path, f"question #{n} is not a table"))
        return None
    qid = raw.get("id") if isinstance(raw.get("id"), str) else None
    label = qid or f"#{n}"
    before = len(issues)

    def bad(fld: str, msg: str) -> None:
        issues.append(BankIssue(path, msg, label, fld))

    _check_fields(raw, qid, bad)
    prompt, category = raw.get("prompt"), raw.get("category")
    lists = {f: _str_list(raw, f, bad) for f in ("principles", "follow_ups", "tags", "hints")}
    principles = _principles(lists["principles"], category, bad)
    limit = raw.get("time_limit_s", DEFAULT_TIME_LIMIT_S)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_LIMIT_S:
        bad(
            "time_limit_s",
            f"must be a whole number of seconds from 1 to {MAX_LIMIT_S}, not {limit!r}",
        )
    checkpoints = _checkpoints(raw, int(limit) if isinstance(limit, int) else 0, bad)
    checks = _own_checks(raw, bad)
    if len(issues) > before:
        return None
    return Question(
        id=qid or "",
        prompt=" ".join(str(prompt).split()),
        category=str(category),
        principles=tuple(principles),
        time_limit_s=int(limit),
        follow_ups=tuple(lists["follow_ups"]),
        tags=tuple(t.lower() for t in lists["tags"]),
        hints=tuple(lists["hints"]),
        checkpoints=checkpoints,
        checks=checks,
        source=path,
    )


def _check_fields(raw: dict[str, Any], qid: str | None, bad: Any) -> None:
    """Required and known fields, and the id, prompt and category's forms."""
    for fld in _REQUIRED:
        if fld not in raw:
            bad(fld, "missing")
    for fld in sorted(set(raw) - _KNOWN):
        bad(fld, f"unknown field (known: {', '.join(sorted(_KNOWN))})")
    if "id" in raw and (qid is None or not _ID_RE.match(qid)):
        bad("id", "must be a slug of lower-case letters, digits and dashes")
    prompt = raw.get("prompt")
    if "prompt" in raw and (not isinstance(prompt, str) or not prompt.strip()):
        bad("prompt", "must be non-empty text")
    category = raw.get("category")
    if "category" in raw and category not in CATEGORIES:
        bad("category", f"unknown category {category!r} (one of: {', '.join(CATEGORIES)})")


def _principles(names: list[str], category: object, bad: Any) -> list[str]:
    """The leadership principles by their canonical names (a behavioural question needs one)."""
    principles = []
    for name in names:
        canon = canonical_principle(name)
        if canon is None:
            bad("principles", f"unknown leadership principle {name!r}")
        else:
            principles.append(canon)
    if category == "behavioral" and not names:
        bad("principles", "behavioral questions need at least one leadership principle")
    return principles


def _checkpoints(raw: dict[str, Any], limit: int, bad: Any) -> tuple[tuple[str, int], ...]:
    """`checkpoints = { clarify = 60, metrics = 180 }`: name -> seconds into the answer."""
    value = raw.get("checkpoints", {})
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and k.strip() and isinstance(v, int) and not isinstance(v, bool)
        for k, v in value.items()
    ):
        bad("checkpoints", "must be a table of name = seconds, e.g. { clarify = 60 }")
        return ()
    for name, at in value.items():
        if not 0 < at < limit:
            bad("checkpoints", f"{name!r} at {at} s is not inside the {limit} s limit")
    return tuple(sorted(((k.strip(), v) for k, v in value.items()), key=lambda kv: kv[1]))


def _own_checks(raw: dict[str, Any], bad: Any) -> tuple[OwnCheck, ...]:
    """`checks = { latency = { said = ["latency", "load time"], ask = "..." } }`: met when any
    phrase of `said` is said (not negated); `ask` is its follow-up, `label` its name."""
    value = raw.get("checks", {})
    if not isinstance(value, dict):
        bad("checks", 'must be a table, e.g. { latency = { said = ["latency"] } }')
        return ()
    out = []
    for cid, spec in value.items():
        if not _CHECK_ID_RE.match(cid) or cid in (*STORY_CHECKS, *CASE_CHECKS):
            bad("checks", f"{cid!r} must be a new name of lower-case letters, digits and _")
            continue
        said = spec.get("said") if isinstance(spec, dict) else None
        extra = set(spec) - {"said", "ask", "label"} if isinstance(spec, dict) else set()
        texts = [spec.get(k, "") for k in ("ask", "label")] if isinstance(spec, dict) else []
        if (
            not isinstance(said, list)
            or not said
            or not all(isinstance(s, str) and s.strip() for s in said)
            or extra
            or not all(isinstance(s, str) for s in texts)
        ):
            bad("checks", f"{cid!r} needs said = [phrases], and only ask and label besides")
            continue
        label, ask = str(spec.get("label") or cid.replace("_", " ")), str(spec.get("ask", ""))
        out.append(OwnCheck(cid, label, tuple(s.strip() for s in said), ask))
    return tuple(out)


def _str_list(raw: dict[str, Any], fld: str, bad: Any) -> list[str]:
    value = raw.get(fld, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad(fld, "must be a list of non-empty strings")
        return []
    return [v.strip() for v in value]
