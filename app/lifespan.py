"""Start-up and shut-down of what a process shares (Starlette 1.x has only `lifespan`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from starlette.applications import Starlette

from app.gc_tuning import tune_for_serving
from app.runtime import Runtime


def lifespan(runtime: Runtime) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def run(app: Starlette) -> AsyncIterator[None]:
        app.state.runtime = runtime
        await runtime.start()
        if runtime.settings.gc_tuning:
            tune_for_serving()
        try:
            yield
        finally:
            await runtime.stop()

    return run
