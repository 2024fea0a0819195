"""An operation cancelled while its fields are starting (a subscriber leaves mid-render) stops
quietly: no resolver runs on, and the suite's warnings-as-errors stay clean (pyproject.toml says
which warning graphql-core gives here and why it is harmless)."""

from __future__ import annotations

import asyncio
import contextlib
import gc

import strawberry


async def test_cancelling_an_operation_between_its_fields_starting_stops_every_field() -> None:
    finished: list[str] = []

    @strawberry.type
    class Query:
        @strawberry.field
        async def first(self) -> int:
            await asyncio.sleep(0.05)
            finished.append("first")
            return 1

        @strawberry.field
        async def second(self) -> int:
            await asyncio.sleep(0.05)
            finished.append("second")
            return 2

    schema = strawberry.Schema(Query)
    # cancel after 0, 1, 2 … loop ticks: one of them falls between graphql-core creating the
    # fields' tasks and their first step, where the resolvers' coroutines never start
    for ticks in range(4):
        task = asyncio.create_task(schema.execute("{ first second }"))
        for _ in range(ticks):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert task.cancelled()
        gc.collect()
    await asyncio.sleep(0.1)
    assert finished == []
