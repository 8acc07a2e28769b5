"""`mockloop analyze FILE` and `mockloop transcribe [ID...]`."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session

from mockloop.cli.context import Context
from mockloop.cli.report import report_json, report_text
from mockloop.core.analysis.coach import AnswerKind, advise
from mockloop.core.analysis.content import analyse_content, content_kind
from mockloop.core.bank.questions import DEFAULT_TIME_LIMIT_S
from mockloop.core.errors import MockloopError
from mockloop.core.speech.pipeline import analyse_file
from mockloop.store.attempt import lifecycle, lists
from mockloop.store.tables import NEEDS_TRANSCRIPTION
from mockloop.usecases.transcription import process_attempt


def run_analyze(ctx: Context) -> int:
    args = ctx.args
    limit = args.limit
    question = None
    if args.question:
        question = ctx.bank.get(args.question)
        if question is None:
            raise MockloopError(
                f"No question with id {args.question!r} (see: mockloop questions list)"
            )
        limit = limit or question.time_limit_s
    limit = limit or ctx.settings.time_limit_s or DEFAULT_TIME_LIMIT_S
    kind = args.kind or content_kind(question.category if question else None)
    own = question.checks if question else ()
    path = Path(args.file)
    report = analyse_file(
        path, ctx.transcriber(), time_limit_s=limit, settings=ctx.settings.analysis
    )
    content = analyse_content(report.transcript.words, kind, own)
    advice = advise(  # as the Review judges an answer to this question
        report,
        ctx.settings.targets,
        kind=AnswerKind(kind),
        content=content,
        prompt=question.prompt if question else "",
    )
    if args.json:
        shown = report_json(path, report, content, advice)
        ctx.out.write(json.dumps(shown, ensure_ascii=False) + "\n")
    else:
        ctx.out.write(report_text(report, ctx.settings.analysis, content, advice) + "\n")
    return 0


def run_transcribe(ctx: Context) -> int:
    """Transcribe stored attempts: the ids given, or every one still waiting."""
    engine = ctx.engine
    with Session(engine) as s:
        if ctx.args.ids:
            rows = [lifecycle.get_attempt(s, attempt_id=i) for i in ctx.args.ids]
            missing = [i for i, r in zip(ctx.args.ids, rows, strict=True) if r is None]
            if missing:
                raise MockloopError(f"No attempt with id {missing[0]} (see: mockloop history)")
            ids = [r.id for r in rows if r is not None and r.id is not None]
        else:
            ids = [
                r.id
                for r in lists.list_attempts(s, statuses=NEEDS_TRANSCRIPTION)
                if r.id is not None
            ]
    if not ids:
        ctx.out.write("Nothing waiting for transcription.\n")
        return 0
    transcriber = ctx.transcriber()
    failures = 0
    for attempt_id in ids:
        try:
            record = process_attempt(
                engine, attempt_id, transcriber, settings=ctx.settings.analysis
            )
        except MockloopError as exc:
            ctx.err.write(f"attempt {attempt_id}: {exc}\n")
            failures += 1
            continue
        ctx.out.write(f"\n== attempt {attempt_id}: {record.question_id}\n")
        if record.report is not None:  # just stored: it reads back
            ctx.out.write(report_text(record.report, ctx.settings.analysis) + "\n")
    return 1 if failures else 0
