"""The six principles of the agreement; codes are used by every domain."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Principle


class PrincipleCode(StrEnum):
    AUTONOMY = "AUTONOMY"
    DIALOGUE = "DIALOGUE"
    QUALITY = "QUALITY"
    LONG_TERM = "LONG_TERM"
    OPENNESS = "OPENNESS"
    DIVERSITY = "DIVERSITY"


async def all_principles(session: AsyncSession) -> list[Principle]:
    return list((await session.scalars(select(Principle).order_by(Principle.position))).all())
