"""Running a compiled read's statement on the database driver itself: the statement is
compiled once per dialect, and each run binds its parameters and reads its rows in the
driver's own calls (asyncpg, aiosqlite), with SQLAlchemy's conversions of the values both
ways. SQLAlchemy's execution around a statement (its async bridge, events, result objects)
costs more than a row of the register takes to read; here it is paid once, when compiling.
Statements with expanding parameters (IN lists) stay with SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection


class DriverStatement:
    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        self.compiled = statement.compile(dialect=dialect)
        self.sql = str(self.compiled)
        self.names: list[str] = list(self.compiled.positiontup or ())
        binds: Mapping[str, Any] = self.compiled._bind_processors
        self.binds: list[Callable[[Any], Any] | None] = [binds.get(n) for n in self.names]
        self.results: list[Callable[[Any], Any] | None] = [
            column.type._cached_result_processor(dialect, None)
            for column in self.compiled._result_columns
        ]
        self.converts = any(process is not None for process in self.results)
        self.asyncpg = dialect.driver == "asyncpg"

    def arguments(self, parameters: Mapping[str, Any]) -> list[Any]:
        values = self.compiled.construct_params(dict(parameters))
        return [
            value if bind is None else bind(value)
            for value, bind in zip((values[n] for n in self.names), self.binds, strict=True)
        ]

    async def rows(
        self, connection: AsyncConnection, parameters: Mapping[str, Any]
    ) -> Sequence[Sequence[Any]]:
        arguments = self.arguments(parameters)
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        if self.asyncpg:
            found: Sequence[Sequence[Any]] = await driver.fetch(self.sql, *arguments)
        else:
            async with driver.execute(self.sql, arguments) as cursor:
                found = await cursor.fetchall()
        if not self.converts:
            return found
        processes = self.results
        return [
            tuple(
                value if process is None else process(value)
                for value, process in zip(row, processes, strict=True)
            )
            for row in found
        ]
