"""Run a coroutine eagerly: in the caller, until it first has to wait.

Sending a WebSocket message almost never waits (the transport takes the bytes at once), so a
task per message, or a writer task woken per message, is pure overhead when one event goes
to a thousand sockets. Python 3.12's eager tasks do this; on 3.11 it is done by hand: step
the coroutine once, and only if it suspends hand the rest of it to a task.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Generator
from typing import Any


class _Rest:
    """The remainder of a coroutine that has already yielded `pending` to its driver."""

    def __init__(self, coroutine: Coroutine[Any, Any, None], pending: Any) -> None:
        self.coroutine = coroutine
        self.pending = pending

    def __await__(self) -> Generator[Any, Any, None]:
        pending = self.pending
        while True:
            try:
                value = yield pending
            except GeneratorExit:  # the task is being closed: close the coroutine with it
                self.coroutine.close()
                raise
            except BaseException as error:  # noqa: BLE001  (passed on into the coroutine)
                try:
                    pending = self.coroutine.throw(error)
                except StopIteration:
                    return
            else:
                try:
                    pending = self.coroutine.send(value)
                except StopIteration:
                    return


async def _finish(rest: _Rest) -> None:
    await rest


def start_eagerly(coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
    """Run `coroutine` now. None if it finished without waiting; otherwise the task that
    finishes it. An exception raised before it first waits propagates to the caller."""
    try:
        pending = coroutine.send(None)
    except StopIteration:
        return None
    return asyncio.ensure_future(_finish(_Rest(coroutine, pending)))
