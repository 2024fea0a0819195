"""Premises and booking mutations."""

from __future__ import annotations

import strawberry

from app.services.premises.bookings import (
    approve_booking,
    cancel_booking,
    create_booking,
    decline_booking,
)
from app.services.premises.premises import create_premises, update_premises
from app.services.premises.series import cancel_series, create_series
from schema.context import Info
from schema.mutation import mutate, mutation
from schema.premises.inputs import (
    BookingApproveInput,
    BookingCreateInput,
    BookingReasonInput,
    BookingSeriesCancelInput,
    BookingSeriesCreateInput,
    PremisesCreateInput,
    PremisesUpdateInput,
)
from schema.premises.payloads import BookingPayload, BookingSeriesPayload, PremisesPayload
from schema.relay import decode_id


@strawberry.type
class PremisesMutations:
    @mutation(
        description="Add premises: an association's (by its admins) or, without "
        "ownerAssociationId, the city's (by the coordinator)."
    )
    async def premises_create(self, info: Info, input: PremisesCreateInput) -> PremisesPayload:
        owner = input.owner_association_id
        owner_id = (
            None if owner is None else decode_id(owner, "Association", "owner_association_id")
        )
        fields = input.fields(name=input.name, address=input.address, capacity=input.capacity)
        return PremisesPayload.of(await mutate(info, create_premises, owner_id, fields))

    @mutation(description="Edit premises; for the owner's managers.")
    async def premises_update(self, info: Info, input: PremisesUpdateInput) -> PremisesPayload:
        premises_id = decode_id(input.id, "Premises")
        fields = input.fields(name=input.name, address=input.address, capacity=input.capacity)
        return PremisesPayload.of(await mutate(info, update_premises, premises_id, fields))


@strawberry.type
class BookingMutations:
    @mutation(
        description="Book premises for an association (by a member) or for the city (by the "
        "coordinator). An overlap with another booking, buffers included, is a CONFLICT."
    )
    async def booking_create(self, info: Info, input: BookingCreateInput) -> BookingPayload:
        return BookingPayload.of(await mutate(info, create_booking, input.request()))

    @mutation(description="Confirm a request; for the owner's managers.")
    async def booking_approve(self, info: Info, input: BookingApproveInput) -> BookingPayload:
        booking_id = decode_id(input.id, "Booking")
        return BookingPayload.of(await mutate(info, approve_booking, booking_id, input.agreed_help))

    @mutation(description="Decline a request, with a reason; for the owner's managers.")
    async def booking_decline(self, info: Info, input: BookingReasonInput) -> BookingPayload:
        booking_id = decode_id(input.id, "Booking")
        return BookingPayload.of(await mutate(info, decline_booking, booking_id, input.reason))

    @mutation(
        description="Withdraw a request or cancel a confirmed booking, with a reason; for the "
        "booker, the booking association's admins and the owner's managers."
    )
    async def booking_cancel(self, info: Info, input: BookingReasonInput) -> BookingPayload:
        booking_id = decode_id(input.id, "Booking")
        return BookingPayload.of(await mutate(info, cancel_booking, booking_id, input.reason))

    @mutation(
        description="Book a weekly series (local times in Europe/Stockholm). ALL_OR_NONE books "
        "every occurrence or none; FREE_ONLY books the free ones; `refused` says which dates "
        "were not booked and why."
    )
    async def booking_series_create(
        self, info: Info, input: BookingSeriesCreateInput
    ) -> BookingSeriesPayload:
        return BookingSeriesPayload.of(await mutate(info, create_series, input.request()))

    @mutation(description="Cancel a series' occurrences from a date on, with a reason.")
    async def booking_series_cancel(
        self, info: Info, input: BookingSeriesCancelInput
    ) -> BookingSeriesPayload:
        series_id = decode_id(input.id, "BookingSeries")
        return BookingSeriesPayload.of(
            await mutate(info, cancel_series, series_id, input.from_date, input.reason)
        )
