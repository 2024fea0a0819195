"""Counting the SQL statements a piece of work sends (and not what background tasks send)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from schema.compiled.driver import DriverStatement


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

    # compiled reads run kept statements on the driver itself, past SQLAlchemy's events
    driver_rows = DriverStatement.rows

    async def counted(
        self: DriverStatement, connection: AsyncConnection, parameters: Mapping[str, Any]
    ) -> Sequence[Sequence[Any]]:
        if _current.get() is log:
            log.statements.append(self.sql)
        return await driver_rows(self, connection, parameters)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    DriverStatement.rows = counted  # type: ignore[method-assign]
    token = _current.set(log)
    try:
        yield log
    finally:
        _current.reset(token)
        DriverStatement.rows = driver_rows  # type: ignore[method-assign]
        event.remove(engine.sync_engine, "before_cursor_execute", record)
