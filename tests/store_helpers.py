"""An in-memory database shared across threads, set up exactly like a file one (tests only)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

from mockloop.store import db


def memory_engine() -> Engine:
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    event.listen(engine, "connect", db._on_connect)
    db._prepare(engine, Path(":memory:"))
    return engine
