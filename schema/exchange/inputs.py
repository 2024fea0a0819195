"""Inputs of exchange queries and mutations."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types.unset import UnsetType

from app.services.exchange import fields as service
from app.services.exchange.search import ListingFilter as Criteria
from app.services.exchange.vocabulary import ListingStatus as Status
from app.services.keep import KEEP
from app.services.translations import Translation
from schema.associations.enums import District
from schema.associations.inputs import given, given_list, required_text
from schema.exchange.enums import Direction, ListingKind, ListingStatus
from schema.premises.inputs import TermsInput
from schema.relay import id_or_no_row


@strawberry.input(description="Narrows the listings; every given criterion must hold.")
class ListingFilter:
    search: str | None = None
    direction: Direction | None = None
    kinds: list[ListingKind] | None = None
    district: District | None = None
    topics: list[str] | None = strawberry.field(default=None, description="Every one of these.")
    association_id: strawberry.ID | None = None
    available_from: date | None = None
    available_until: date | None = None
    status: ListingStatus | None = strawberry.field(
        default=None, description="Open ones unless told (any status: set `anyStatus`)."
    )
    any_status: bool = False
    newest_first: bool = strawberry.field(default=False, description="Not Swedish order.")

    def criteria(self) -> Criteria:
        status = None if self.any_status else (self.status or Status.OPEN)
        return Criteria(
            search=self.search,
            direction=self.direction,
            kinds=list(self.kinds or []),
            district=self.district,
            topics=list(self.topics or []),
            association_id=None
            if self.association_id is None
            else id_or_no_row(self.association_id, "Association"),
            available_from=self.available_from,
            available_until=self.available_until,
            status=status,
            newest_first=self.newest_first,
        )


@strawberry.input
class ListingTranslationInput:
    language: str
    title: str | None = None
    description: str | None = None


@strawberry.input(description="Fields of a listing; on update, leave out what stays.")
class ListingFieldsInput:
    description: str | None = strawberry.UNSET
    translations: list[ListingTranslationInput] | None = strawberry.UNSET
    topics: list[str] | None = strawberry.UNSET
    district: District | None = strawberry.UNSET
    available_from: date | None = strawberry.UNSET
    available_until: date | None = strawberry.UNSET
    terms: TermsInput | None = strawberry.UNSET
    quantity: int | None = strawberry.field(default=strawberry.UNSET, description="Equipment.")
    condition: str | None = strawberry.UNSET
    lending_days: int | None = strawberry.UNSET
    volunteers_needed: int | None = strawberry.field(
        default=strawberry.UNSET, description="Volunteering: how many people."
    )
    task_when: str | None = strawberry.UNSET
    asks: str | None = strawberry.field(
        default=strawberry.UNSET, description="Volunteering: what it asks of people."
    )

    def fields(self, *, title: str | UnsetType | None) -> service.ListingFields:
        terms = self.terms
        has_terms = not isinstance(terms, UnsetType) and terms is not None
        return service.ListingFields(
            title=required_text(title),
            description=given(self.description),
            translations=given_list(
                self.translations,
                lambda t: Translation(t.language, t.title, t.description),
            ),
            topics=given_list(self.topics, lambda t: t),
            district=given(self.district),
            available_from=given(self.available_from),
            available_until=given(self.available_until),
            terms_kind=terms.kind if has_terms else KEEP,  # type: ignore[union-attr]
            terms_text=terms.text if has_terms else KEEP,  # type: ignore[union-attr]
            quantity=given(self.quantity),
            condition=given(self.condition),
            lending_days=given(self.lending_days),
            volunteers_needed=given(self.volunteers_needed),
            task_when=given(self.task_when),
            asks=given(self.asks),
        )


@strawberry.input
class ListingCreateInput(ListingFieldsInput):
    association_id: strawberry.ID
    direction: Direction
    kind: ListingKind
    title: str


@strawberry.input
class ListingUpdateInput(ListingFieldsInput):
    id: strawberry.ID
    title: str | None = strawberry.UNSET
    status: ListingStatus | None = strawberry.field(
        default=None, description="OPEN, PAUSED or CLOSED."
    )


@strawberry.input
class IdInput:
    id: strawberry.ID


@strawberry.input
class ConversationStartInput:
    listing_id: strawberry.ID
    message: str
    association_id: strawberry.ID | None = strawberry.field(
        default=None, description="Answer for this association; left out, as a person."
    )


@strawberry.input
class MessageSendInput:
    conversation_id: strawberry.ID
    text: str


@strawberry.input
class ContactShareInput:
    conversation_id: strawberry.ID
    contact: str | None = strawberry.field(
        description="What you show the other side (an email, a phone number); null takes it back."
    )


@strawberry.input
class MessageReportInput:
    id: strawberry.ID
    reason: str


@strawberry.input
class ExchangeProposeInput:
    listing_id: strawberry.ID
    association_id: strawberry.ID = strawberry.field(description="Your side's association.")
    counterpart_id: strawberry.ID = strawberry.field(description="The other side's association.")
    what: str
    booking_id: strawberry.ID | None = strawberry.field(
        default=None, description="A premises booking lent in return for this help."
    )


@strawberry.input
class ThanksInput:
    id: strawberry.ID
    text: str


@strawberry.input
class LoanReserveInput:
    listing_id: strawberry.ID
    association_id: strawberry.ID
    quantity: int = 1
    wait: bool = strawberry.field(
        default=False, description="If too few are left, wait in line instead of FULL."
    )


@strawberry.input
class VolunteerSignUpInput:
    listing_id: strawberry.ID
    message: str | None = None


@strawberry.input
class SignupDecideInput:
    id: strawberry.ID
