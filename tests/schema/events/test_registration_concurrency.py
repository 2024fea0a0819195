"""Capacity under concurrency, on the configured database: 300 registrations for 50 seats and
a waitlist of 50, with 100 cancellations mixed in, never seat more than 50, keep the
waitlist's order, and promote each registration once."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import select

from app.services.errors import DomainError
from app.services.events.events import EVENT_UPDATES
from app.services.events.registrations import cancel_registration
from app.services.live import log
from db.models import Event, Registration
from tests.support.events import Calendar


async def test_300_registrations_and_100_cancellations_at_once(cal: Calendar) -> None:
    event = await cal.event(capacity=50, waitlist=50)
    # 100 registered first, then cancelled during the rush
    early = [
        await cal.register(None, event.id, name=f"Tidig {n}", email=f"tidig{n}@example.org")
        for n in range(100)
    ]
    rng = random.Random(300)

    async def signup(n: int) -> str:
        try:
            await cal.register(None, event.id, name=f"Person {n}", email=f"p{n}@example.org")
        except DomainError as error:
            return "signup:" + str(error.problems[0].code)
        return "signup:ok"

    async def cancel(n: int) -> str:
        registered = early[n]
        try:
            async with cal.runtime.writes.transaction() as session:
                await cancel_registration(
                    session,
                    cal.viewer(None),
                    registered.registration.id,
                    registered.cancellation_code,
                )
        except DomainError as error:
            return "cancel:" + str(error.problems[0].code)
        return "cancel:ok"

    jobs = [signup(n) for n in range(300)] + [cancel(n) for n in range(100)]
    rng.shuffle(jobs)
    answers = await asyncio.gather(*jobs)
    assert set(answers) <= {"signup:ok", "signup:FULL", "cancel:ok"}, set(answers)
    assert answers.count("cancel:ok") == 100
    async with cal.runtime.db.read() as session:
        stored = await session.get(Event, event.id)
        rows = list(
            (
                await session.scalars(
                    select(Registration)
                    .where(Registration.event_id == event.id)
                    .order_by(Registration.id)
                )
            ).all()
        )
        events = await log.events_after(session, EVENT_UPDATES, event.id, 0, limit=5000)
    assert stored is not None
    attending = [r for r in rows if r.status == "ATTENDING"]
    waiting = [r for r in rows if r.status == "WAITLISTED"]
    assert sum(r.seats for r in attending) == stored.attending_seats <= 50
    assert sum(r.seats for r in waiting) == stored.waitlisted_seats <= 50
    # full while anyone waits (a waitlisted one-seat registration always fits a free seat)
    if waiting:
        assert stored.attending_seats == 50
    # the waitlist's order: everyone attending came before everyone still waiting, among those
    # who ever waited, promotion went first come, first served
    promoted_ids = [e.payload.registration_id for e in events if e.kind == "REGISTRATION_PROMOTED"]  # type: ignore[attr-defined]
    assert len(promoted_ids) == len(set(promoted_ids))  # each promoted once
    assert promoted_ids == sorted(promoted_ids)
    if waiting:
        assert max(promoted_ids, default=0) < min(r.id for r in waiting)
    # the log tells the same story as the rows: seats never above capacity at any point
    assert all(e.payload.attending_seats <= 50 for e in events)  # type: ignore[attr-defined]
    assert all(e.payload.waitlisted_seats <= 50 for e in events)  # type: ignore[attr-defined]
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
