"""Work a domain does now and then, in every process, writing through the unit of work (the
café's timekeeper ends rounds whose time is up). The composition root runs each domain's."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from app.services.background import Background
from app.services.unit_of_work import UnitOfWork

logger = logging.getLogger("samverka.jobs")


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: float
    run: Callable[[UnitOfWork], Awaitable[object]]  # safe with several processes at once


class Jobs:
    def __init__(self, writes: UnitOfWork, jobs: Iterable[Job]) -> None:
        self.writes = writes
        self.jobs = list(jobs)
        self._background = Background()

    async def start(self) -> None:
        for job in self.jobs:
            self._background.start(job.name, self._repeat(job))

    async def stop(self) -> None:
        await self._background.stop()

    async def _repeat(self, job: Job) -> None:
        while True:
            await asyncio.sleep(job.every_seconds)
            try:
                await job.run(self.writes)
            except Exception as error:  # noqa: BLE001  (try again on the next tick)
                logger.warning("%s failed (%s)", job.name, type(error).__name__)
