"""An event's registrations as CSV, for its organisers: what they need to run it and no more
(names and emails of residents without an account, display names of account holders)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import CITY_ZONE
from app.services.errors import not_found
from app.services.events import access
from app.services.viewer import Viewer
from db.models import Event, Registration, User

HEADER = ["registered", "status", "seats", "name", "email", "attended"]


def _safe(text: str) -> str:
    # a cell a spreadsheet would run as a formula is written as text
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


async def registrations_csv(session: AsyncSession, viewer: Viewer, event_id: int) -> str:
    event = await session.get(Event, event_id)
    if event is None or event.deleted_at is not None:
        raise not_found("event")
    await access.require_organiser(session, viewer, event)
    rows = await session.execute(
        select(Registration, User.display_name)
        .outerjoin(User, User.id == Registration.user_id)
        .where(Registration.event_id == event_id)
        .order_by(Registration.id)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for registration, display_name in rows:
        writer.writerow(
            [
                registration.created_at.astimezone(CITY_ZONE).isoformat(timespec="minutes"),
                registration.status,
                registration.seats,
                _safe(display_name or registration.name or ""),
                # a resident's email; an account's login address is its owner's alone
                _safe(registration.email or ""),
                "" if registration.attended is None else ("ja" if registration.attended else "nej"),
            ]
        )
    return out.getvalue()
