"""The conference live: follow-ups, signings and election results as they are recorded."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Self

import strawberry
from strawberry import relay

from app.services.live.feeds import LoggedEvent
from app.services.live.follower import AccessLost, SteadyFollower
from app.services.plans.events import CONFERENCE, ConferenceChanged, ConferenceEventKind
from db.models import Conference
from schema.associations.loaders import associations_by_id
from schema.associations.types import AssociationNode
from schema.context import Info
from schema.live import follow, live_subscription
from schema.loading import loader
from schema.plans.loaders import activities_by_id
from schema.plans.types import ActivityNode
from schema.relay import id_or_none
from schema.sharing import scope_field

strawberry.enum(ConferenceEventKind, name="ConferenceEventKind")
NO_SUCH_CONFERENCE = "No conference with that id."


@strawberry.type(description="Something recorded at a conference; `seq` without gaps.")
class ConferenceUpdate:
    seq: int
    kind: ConferenceEventKind
    at: datetime
    progress: int | None = strawberry.field(description="On FOLLOW_UP_RECORDED.")
    status: str | None
    election_id: strawberry.ID | None = strawberry.field(description="On ELECTION_COUNTED.")
    activity_id: strawberry.Private[int | None]
    association_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, event: LoggedEvent) -> Self:
        change = event.payload
        assert isinstance(change, ConferenceChanged)
        return cls(
            seq=event.seq,
            kind=ConferenceEventKind(event.kind),
            at=event.at,
            progress=change.progress,
            status=change.status,
            election_id=None
            if change.election_id is None
            else strawberry.ID(relay.to_base64("Election", change.election_id)),
            activity_id=change.activity_id,
            association_id=change.association_id,
        )

    @scope_field(description="On FOLLOW_UP_RECORDED: the activity followed up.")
    async def activity(self, info: Info) -> ActivityNode | None:
        if self.activity_id is None:
            return None
        row = await loader(info, activities_by_id).load(self.activity_id)
        return ActivityNode.from_row(row) if row is not None else None

    @scope_field(description="On SIGNING_CONFIRMED: the association that signed.")
    async def association(self, info: Info) -> AssociationNode | None:
        if self.association_id is None:
            return None
        row = await loader(info, associations_by_id).load(self.association_id)
        return AssociationNode.from_row(row) if row is not None else None


@strawberry.type
class ConferenceSubscriptions:
    @live_subscription(
        cursor="afterSeq",
        description="A conference live: follow-ups, signings and election results, in order, "
        "with replay after afterSeq; for anyone.",
    )
    async def conference_updates(
        self, info: Info, conference_id: strawberry.ID, after_seq: int | None = None
    ) -> AsyncGenerator[ConferenceUpdate, None]:
        key = id_or_none(conference_id, "Conference")
        if key is None:
            raise AccessLost(NO_SUCH_CONFERENCE)
        async with info.context.db.read() as session:
            if await session.get(Conference, key) is None:
                raise AccessLost(NO_SUCH_CONFERENCE)
        viewer = info.context.viewer

        async def follower() -> SteadyFollower:
            return SteadyFollower(viewer, (viewer.user_id,), NO_SUCH_CONFERENCE)

        async for event in follow(info, CONFERENCE, key, after_seq, follower):
            yield ConferenceUpdate.of(event)
