"""Payloads of calendar mutations."""

from __future__ import annotations

import strawberry

from app.services.events.registrations import Registered
from db.models import Event, EventMessage, Registration
from schema.errors import UserError
from schema.events.types import EventMessage as EventMessageType
from schema.events.types import EventNode, RegistrationNode
from schema.mutation import Outcome


@strawberry.type
class EventPayload:
    event: EventNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Event]) -> EventPayload:
        row = outcome.value
        return cls(event=EventNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type
class EventCreatePayload:
    event: EventNode | None = strawberry.field(description="The event, or a series' first.")
    events: list[EventNode] = strawberry.field(description="Every occurrence, for a series.")
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[list[Event]]) -> EventCreatePayload:
        rows = outcome.value or []
        nodes = [EventNode.from_row(r) for r in rows]
        return cls(event=nodes[0] if nodes else None, events=nodes, errors=outcome.errors)


@strawberry.type
class EventSeriesPayload:
    events: list[EventNode] = strawberry.field(description="The occurrences changed.")
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[list[Event]]) -> EventSeriesPayload:
        return cls(
            events=[EventNode.from_row(r) for r in outcome.value or []], errors=outcome.errors
        )


@strawberry.type
class EventDeletePayload:
    deleted_id: strawberry.ID | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[int]) -> EventDeletePayload:
        from strawberry.relay import GlobalID

        value = outcome.value
        deleted = None if value is None else strawberry.ID(str(GlobalID("Event", str(value))))
        return cls(deleted_id=deleted, errors=outcome.errors)


@strawberry.type
class RegistrationPayload:
    registration: RegistrationNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Registration]) -> RegistrationPayload:
        row = outcome.value
        return cls(
            registration=RegistrationNode.from_row(row) if row else None, errors=outcome.errors
        )

    @classmethod
    def registered(cls, outcome: Outcome[Registered]) -> RegistrationPayload:
        done = outcome.value
        if done is None:
            return cls(registration=None, errors=outcome.errors)
        node = RegistrationNode.from_row(done.registration, done.cancellation_code)
        return cls(registration=node, errors=outcome.errors)


@strawberry.type
class EventMessagePayload:
    message: EventMessageType | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[EventMessage]) -> EventMessagePayload:
        row = outcome.value
        message = EventMessageType.from_row(row) if row else None
        return cls(message=message, errors=outcome.errors)
