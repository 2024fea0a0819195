"""How much one café session holds, so that what is worked out over it stays bounded.

A real café has a few tables and rounds; these bounds leave room for a city-wide conference
and keep the session's summary, export and snapshots (which read it whole) small.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.services.errors import ErrorCode, fail

MAX_TABLES = 200
MAX_ROUNDS = 50
MAX_CLUSTERS = 500
MAX_FACILITATORS_PER_TABLE = 10
MAX_NOTES = 5000  # written, deleted or not: what the summary and the export read whole
MAX_ASSOCIATIONS = 1000  # taking part in one session: about every association in the city


async def require_room(
    session: AsyncSession,
    column: InstrumentedAttribute[int],
    owner: ColumnElement[bool],
    limit: int,
    what: str,
) -> None:
    """Refuse one more row when the owner (session or table) already has `limit` of them;
    callers hold the session's lock, so the count cannot change meanwhile."""
    held = await session.scalar(select(func.count(column)).where(owner))
    if (held or 0) >= limit:
        raise fail(ErrorCode.CONFLICT, f"At most {limit} {what}.")
