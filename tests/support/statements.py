"""Counting the SQL statements a piece of work sends (and not what background tasks send)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass
class StatementLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


# set only in the measured work's context; tasks started earlier (the timekeeper) lack it
_current: ContextVar[StatementLog | None] = ContextVar("statement_log", default=None)


@contextmanager
def count_statements(engine: AsyncEngine) -> Iterator[StatementLog]:
    log = StatementLog()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _current.get() is not log:
            return
        if not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA", "COMMIT", "ROLLBACK")):
            log.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    token = _current.set(log)
    try:
        yield log
    finally:
        _current.reset(token)
        event.remove(engine.sync_engine, "before_cursor_execute", record)
