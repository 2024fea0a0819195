"""Calendar and registration mutations."""

from __future__ import annotations

import strawberry

from app.services.events.calendar import (
    cancel_event,
    create_event,
    delete_event,
    postpone_event,
    update_event,
    update_series,
)
from app.services.events.messages import send_message
from app.services.events.registrations import (
    Signup,
    cancel_registration,
    mark_attendance,
    register,
)
from schema.context import Info
from schema.events.inputs import (
    EventCreateInput,
    EventIdInput,
    EventMessageInput,
    EventReasonInput,
    EventRegisterInput,
    EventSeriesUpdateInput,
    EventUpdateInput,
    RegistrationAttendanceInput,
    RegistrationCancelInput,
)
from schema.events.payloads import (
    EventCreatePayload,
    EventDeletePayload,
    EventMessagePayload,
    EventPayload,
    EventSeriesPayload,
    RegistrationPayload,
)
from schema.mutation import mutate, mutation
from schema.relay import decode_id


@strawberry.type
class EventMutations:
    @mutation(
        description="Put an event (or a series) in the calendar, published unless a draft; for "
        "admins of every organising association, or the coordinator (for the city)."
    )
    async def event_create(self, info: Info, input: EventCreateInput) -> EventCreatePayload:
        return EventCreatePayload.of(await mutate(info, create_event, input.new_event()))

    @mutation(description="Edit an event (an occurrence edited here leaves its series' edits).")
    async def event_update(self, info: Info, input: EventUpdateInput) -> EventPayload:
        event_id = decode_id(input.id, "Event")
        fields = input.fields(
            title=input.title, type=input.type, starts_at=input.starts_at, ends_at=input.ends_at
        )
        publish = None if input.draft is None else not input.draft
        return EventPayload.of(await mutate(info, update_event, event_id, fields, publish))

    @mutation(
        description="Edit a series' future occurrences that were not edited by hand; new "
        "times give each its new local start time and length on its own date."
    )
    async def event_series_update(
        self, info: Info, input: EventSeriesUpdateInput
    ) -> EventSeriesPayload:
        series_id = decode_id(input.series_id, "EventSeries", "series_id")
        fields = input.fields(
            title=input.title, type=input.type, starts_at=input.starts_at, ends_at=input.ends_at
        )
        return EventSeriesPayload.of(await mutate(info, update_series, series_id, fields))

    @mutation(description="Cancel an event, with a reason: its registrations are cancelled.")
    async def event_cancel(self, info: Info, input: EventReasonInput) -> EventPayload:
        event_id = decode_id(input.id, "Event")
        return EventPayload.of(await mutate(info, cancel_event, event_id, input.reason))

    @mutation(description="Postpone an event (no new time yet), with a reason.")
    async def event_postpone(self, info: Info, input: EventReasonInput) -> EventPayload:
        event_id = decode_id(input.id, "Event")
        return EventPayload.of(await mutate(info, postpone_event, event_id, input.reason))

    @mutation(description="Delete an event; mirrors see it as a DELETED tombstone.")
    async def event_delete(self, info: Info, input: EventIdInput) -> EventDeletePayload:
        event_id = decode_id(input.id, "Event")
        return EventDeletePayload.of(await mutate(info, delete_event, event_id))

    @mutation(
        description="Register for an event: logged in, as yourself; without an account, with a "
        "name and an email (and get a cancellation code). A full event is a FULL user error; a "
        "full event with a waitlist puts the registration on it, in order."
    )
    async def event_register(self, info: Info, input: EventRegisterInput) -> RegistrationPayload:
        signup = Signup(
            event_id=decode_id(input.event_id, "Event", "event_id"),
            seats=input.seats,
            name=input.name,
            email=input.email,
        )
        return RegistrationPayload.registered(await mutate(info, register, signup))

    @mutation(
        description="Cancel a registration: your own, with its cancellation code, or as an "
        "organiser. A freed seat goes to the waitlist at once."
    )
    async def registration_cancel(
        self, info: Info, input: RegistrationCancelInput
    ) -> RegistrationPayload:
        registration_id = decode_id(input.id, "Registration")
        return RegistrationPayload.of(
            await mutate(info, cancel_registration, registration_id, input.cancellation_code)
        )

    @mutation(description="Mark whether someone came; for the organisers.")
    async def registration_mark_attendance(
        self, info: Info, input: RegistrationAttendanceInput
    ) -> RegistrationPayload:
        registration_id = decode_id(input.id, "Registration")
        return RegistrationPayload.of(
            await mutate(info, mark_attendance, registration_id, input.attended)
        )

    @mutation(description="Message the people registered; for the organisers.")
    async def event_message_send(self, info: Info, input: EventMessageInput) -> EventMessagePayload:
        event_id = decode_id(input.event_id, "Event", "event_id")
        return EventMessagePayload.of(await mutate(info, send_message, event_id, input.text))
