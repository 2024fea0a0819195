"""The exchange's background work: reminders to the borrowers of overdue equipment."""

from __future__ import annotations

from app.services.exchange.loans import remind_overdue
from app.services.jobs import Job
from app.services.unit_of_work import UnitOfWork

REMIND_EVERY_SECONDS = 24 * 3600.0


def exchange_jobs() -> list[Job]:
    async def remind(writes: UnitOfWork) -> None:
        async with writes.transaction() as session:
            await remind_overdue(session)

    return [Job("exchange.remind_overdue", REMIND_EVERY_SECONDS, remind)]
