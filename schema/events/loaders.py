"""DataLoaders of the calendar, one per relation and direction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from db.models import (
    Association,
    Event,
    EventMessage,
    EventOrganiser,
    EventTranslation,
    Registration,
)
from schema.context import Context
from schema.loading import children, rows_by, rows_grouped_by


def events_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Event.id)


def registrations_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Registration.id)


def organisers_by_event_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, EventOrganiser.event_id, EventOrganiser.association_id)


def translations_by_event_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, EventTranslation.event_id, EventTranslation.language)


def messages_by_event_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, EventMessage.event_id, EventMessage.id)


def viewer_registrations(context: Context) -> DataLoader[int, Any]:
    """The viewer's registration to each event: the live one, else the latest cancelled."""
    user_id = context.viewer.user_id

    async def load(keys: Sequence[int]) -> list[Any]:
        if user_id is None:
            return [None] * len(keys)
        async with context.db.read() as session:
            rows = (
                await session.scalars(
                    select(Registration)
                    .where(Registration.event_id.in_(keys), Registration.user_id == user_id)
                    .order_by(Registration.id)
                )
            ).all()
        found: dict[int, Any] = {}
        for row in rows:
            current = found.get(row.event_id)
            if current is None or current.status == "CANCELLED":
                found[row.event_id] = row
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


# an event's registrations in the order they came (the waitlist's order)
event_registrations = children(Registration.event_id, (Registration.id,))


# an event's organisers, as a list (a handful at most: MAX_ORGANISERS), in the order of their ids
event_organisers = children(
    EventOrganiser.event_id,
    (Association.id,),
    model=Association,
    through=(EventOrganiser, EventOrganiser.association_id == Association.id),
    default_size=None,
)
