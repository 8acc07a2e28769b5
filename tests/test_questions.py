from collections import Counter
from pathlib import Path

import pytest

from mockloop.cli import main
from mockloop.core.bank.questions import (
    CATEGORIES,
    LEADERSHIP_PRINCIPLES,
    builtin_questions_dir,
    load_bank,
)

GOOD = """
[[question]]
id = "{id}"
category = "behavioral"
principles = ["Dive Deep"]
prompt = "Tell me about a time."
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_builtin_bank_is_valid_and_complete():
    bank = load_bank([builtin_questions_dir()])
    assert bank.issues == ()
    assert len(bank.questions) >= 90
    per_category = Counter(q.category for q in bank.questions)
    assert per_category["product"] >= 10
    assert per_category["experiment"] >= 10
    assert per_category["metrics"] >= 6
    assert per_category["technical"] >= 6
    assert per_category["intro"] >= 2
    behavioral = Counter(
        p for q in bank.questions if q.category == "behavioral" for p in q.principles
    )
    assert len(LEADERSHIP_PRINCIPLES) == 16
    for principle in LEADERSHIP_PRINCIPLES:
        assert behavioral[principle] >= 3, principle
    assert all(q.time_limit_s > 0 and q.prompt for q in bank.questions)


def test_valid_file_loads_with_defaults(tmp_path):
    write(tmp_path, "a.toml", GOOD.format(id="my-q"))
    bank = load_bank([tmp_path])
    assert bank.issues == ()
    q = bank.get("my-q")
    assert q is not None and q.time_limit_s == 120 and q.principles == ("Dive Deep",)


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ('id = "x"\ncategory = "behavioral"\nprinciples = ["Dive Deep"]', "prompt", "missing"),
        (
            GOOD.split("[[question]]")[1].replace('"{id}"', '"x"') + 'colour = "red"',
            "colour",
            "unknown field",
        ),
        ('id = "x"\ncategory = "sales"\nprompt = "p"', "category", "unknown category"),
        (
            'id = "x"\ncategory = "behavioral"\nprinciples = ["Be Nice"]\nprompt = "p"',
            "principles",
            "unknown leadership principle",
        ),
        ('id = "x"\ncategory = "behavioral"\nprompt = "p"', "principles", "at least one"),
        ('id = "x"\ncategory = "product"\nprompt = "   "', "prompt", "non-empty"),
        (
            'id = "x"\ncategory = "product"\nprompt = "p"\ntime_limit_s = 0',
            "time_limit_s",
            "from 1 to 3600",
        ),
        (
            'id = "x"\ncategory = "product"\nprompt = "p"\ntime_limit_s = -5',
            "time_limit_s",
            "from 1 to 3600",
        ),
        (
            'id = "x"\ncategory = "product"\nprompt = "p"\ntime_limit_s = 100000000000000',
            "time_limit_s",
            "from 1 to 3600",
        ),
        ('id = "Bad Id"\ncategory = "product"\nprompt = "p"', "id", "slug"),
        ('id = "x"\ncategory = "product"\nprompt = "p"\ntags = "one"', "tags", "list"),
    ],
)
def test_each_field_error_names_file_question_and_field(tmp_path, body, field, fragment):
    path = write(tmp_path, "bad.toml", "[[question]]\n" + body + "\n")
    bank = load_bank([tmp_path])
    assert bank.questions == ()
    issue = next(i for i in bank.issues if i.field == field)
    assert fragment in issue.message
    text = str(issue)
    assert str(path) in text and f"field '{field}'" in text and "question '" in text


def test_toml_syntax_error_reports_line(tmp_path):
    write(tmp_path, "broken.toml", '[[question]]\nid = "x"\nprompt = "unterminated\n')
    (issue,) = load_bank([tmp_path]).issues
    assert issue.line == 3 and "TOML syntax error" in issue.message
    assert str(issue).startswith(f"{tmp_path / 'broken.toml'}:3:")


def test_duplicate_ids_across_files_are_an_error(tmp_path):
    write(tmp_path / "a", "one.toml", GOOD.format(id="same"))
    write(tmp_path / "b", "two.toml", GOOD.format(id="same"))
    bank = load_bank([tmp_path / "a", tmp_path / "b"])
    assert [q.id for q in bank.questions] == ["same"]
    (issue,) = bank.issues
    assert issue.field == "id" and "duplicate" in issue.message and "one.toml" in issue.message


def test_missing_folder_and_non_table_entries_are_reported(tmp_path):
    write(tmp_path, "odd.toml", "question = [1, 2]\n")
    bank = load_bank([tmp_path, tmp_path / "nope"])
    messages = " | ".join(str(i) for i in bank.issues)
    assert "not a table" in messages and "question folder not found" in messages


def test_questions_check_exit_codes(tmp_path, capsys, data_env):
    write(tmp_path / "ok", "a.toml", GOOD.format(id="fine"))
    assert main(["questions", "check", str(tmp_path / "ok")]) == 0
    write(tmp_path / "bad", "b.toml", '[[question]]\nid = "x"\n')
    assert main(["questions", "check", str(tmp_path / "bad")]) == 1
    out = capsys.readouterr().out
    assert "field 'prompt': missing" in out and "1 valid questions" in out


def test_user_bank_merges_by_option_env_and_config(tmp_path, capsys, data_env, monkeypatch):
    write(tmp_path / "opt", "o.toml", GOOD.format(id="from-option"))
    write(tmp_path / "env", "e.toml", GOOD.format(id="from-env"))
    write(tmp_path / "cfg", "c.toml", GOOD.format(id="from-config"))
    Path(data_env["MOCKLOOP_CONFIG"]).write_text(f'[questions]\ndirs = ["{tmp_path / "cfg"}"]\n')
    monkeypatch.setenv("MOCKLOOP_QUESTIONS", str(tmp_path / "env"))
    assert (
        main(
            ["--questions", str(tmp_path / "opt"), "questions", "list", "--principle", "dive deep"]
        )
        == 0
    )
    out = capsys.readouterr().out
    for qid in ("from-option", "from-env", "from-config", "dd-root-cause-metric-drop"):
        assert qid in out


def test_categories_are_the_documented_six():
    assert CATEGORIES == ("behavioral", "product", "experiment", "metrics", "technical", "intro")
