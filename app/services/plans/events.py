"""The conference live: follow-ups recorded, signings confirmed and election results, in
order, per conference (`agreement.conference`), so that a room and a streaming page can
follow. Everything on it is public."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.live import log
from app.services.live.feeds import Feed, LoggedEvent, Payload


class ConferenceEventKind(StrEnum):
    FOLLOW_UP_RECORDED = "FOLLOW_UP_RECORDED"
    SIGNING_CONFIRMED = "SIGNING_CONFIRMED"
    ELECTION_COUNTED = "ELECTION_COUNTED"


class ConferenceChanged(Payload):
    activity_id: int | None = None
    progress: int | None = None
    status: str | None = None
    association_id: int | None = None
    election_id: int | None = None


CONFERENCE: Feed[ConferenceEventKind] = Feed(
    name="agreement.conference",
    kinds={kind: ConferenceChanged for kind in ConferenceEventKind},
)


async def record(
    session: AsyncSession, conference_id: int, kind: ConferenceEventKind, change: ConferenceChanged
) -> LoggedEvent:
    return await log.record(session, CONFERENCE, conference_id, kind, change)
