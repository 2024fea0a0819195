"""Exchange mutations."""

from __future__ import annotations

import strawberry

from app.services.exchange import conversations, exchanges, listings, loans, volunteers
from app.services.exchange.conversations import Opening
from app.services.exchange.exchanges import Proposal
from app.services.exchange.loans import LoanRequest
from schema.context import Info
from schema.exchange.inputs import (
    ContactShareInput,
    ConversationStartInput,
    ExchangeProposeInput,
    IdInput,
    ListingCreateInput,
    ListingUpdateInput,
    LoanReserveInput,
    MessageReportInput,
    MessageSendInput,
    SignupDecideInput,
    ThanksInput,
    VolunteerSignUpInput,
)
from schema.exchange.payloads import (
    ConversationPayload,
    ExchangePayload,
    ListingPayload,
    LoanPayload,
    MessagePayload,
    ThanksPayload,
    VolunteerSignupPayload,
)
from schema.mutation import mutate, mutation
from schema.relay import decode_id


def _id(raw: strawberry.ID, type_name: str, field: str = "id") -> int:
    return decode_id(raw, type_name, field)


@strawberry.type
class ListingMutations:
    @mutation(description="Post an offer or a request for your association.")
    async def listing_create(self, info: Info, input: ListingCreateInput) -> ListingPayload:
        association = _id(input.association_id, "Association", "association_id")
        fields = input.fields(title=input.title)
        return ListingPayload.of(
            await mutate(
                info, listings.create_listing, association, input.direction, input.kind, fields
            )
        )

    @mutation(description="Edit a listing (or pause, reopen or close it); for its association.")
    async def listing_update(self, info: Info, input: ListingUpdateInput) -> ListingPayload:
        fields = input.fields(title=input.title)
        return ListingPayload.of(
            await mutate(
                info, listings.update_listing, _id(input.id, "Listing"), fields, input.status
            )
        )

    @mutation(description="Close a listing; for its association.")
    async def listing_close(self, info: Info, input: IdInput) -> ListingPayload:
        return ListingPayload.of(
            await mutate(info, listings.close_listing, _id(input.id, "Listing"))
        )


@strawberry.type
class ConversationMutations:
    @mutation(
        description="Answer a listing: a conversation with the posting association's members, "
        "without either side's email or phone shown."
    )
    async def conversation_start(
        self, info: Info, input: ConversationStartInput
    ) -> ConversationPayload:
        opening = Opening(
            listing_id=_id(input.listing_id, "Listing", "listing_id"),
            message=input.message,
            association_id=None
            if input.association_id is None
            else _id(input.association_id, "Association", "association_id"),
        )
        return ConversationPayload.of(await mutate(info, conversations.start_conversation, opening))

    @mutation(description="Write in a conversation; for its two sides.")
    async def message_send(self, info: Info, input: MessageSendInput) -> MessagePayload:
        conversation = _id(input.conversation_id, "Conversation", "conversation_id")
        return MessagePayload.of(
            await mutate(info, conversations.send_message, conversation, input.text)
        )

    @mutation(description="Show the other side a way to reach you (or take it back).")
    async def conversation_share_contact(
        self, info: Info, input: ContactShareInput
    ) -> ConversationPayload:
        conversation = _id(input.conversation_id, "Conversation", "conversation_id")
        return ConversationPayload.of(
            await mutate(info, conversations.share_contact, conversation, input.contact)
        )

    @mutation(description="Report a message: the coordinator may then read the conversation.")
    async def message_report(self, info: Info, input: MessageReportInput) -> MessagePayload:
        return MessagePayload.of(
            await mutate(info, conversations.report_message, _id(input.id, "Message"), input.reason)
        )


@strawberry.type
class ExchangeMutations:
    @mutation(description="Propose an exchange: who gives what to whom.")
    async def exchange_propose(self, info: Info, input: ExchangeProposeInput) -> ExchangePayload:
        proposal = Proposal(
            listing_id=_id(input.listing_id, "Listing", "listing_id"),
            association_id=_id(input.association_id, "Association", "association_id"),
            counterpart_id=_id(input.counterpart_id, "Association", "counterpart_id"),
            what=input.what,
            booking_id=None
            if input.booking_id is None
            else _id(input.booking_id, "Booking", "booking_id"),
        )
        return ExchangePayload.of(await mutate(info, exchanges.propose_exchange, proposal))

    @mutation(description="Accept a proposed exchange; for the side that did not propose.")
    async def exchange_accept(self, info: Info, input: IdInput) -> ExchangePayload:
        return ExchangePayload.of(
            await mutate(info, exchanges.answer_exchange, _id(input.id, "Exchange"), True)
        )

    @mutation(description="Decline a proposed exchange; for the side that did not propose.")
    async def exchange_decline(self, info: Info, input: IdInput) -> ExchangePayload:
        return ExchangePayload.of(
            await mutate(info, exchanges.answer_exchange, _id(input.id, "Exchange"), False)
        )

    @mutation(description="Confirm your side's part is done; COMPLETED once both confirm.")
    async def exchange_complete(self, info: Info, input: IdInput) -> ExchangePayload:
        return ExchangePayload.of(
            await mutate(info, exchanges.complete_exchange, _id(input.id, "Exchange"))
        )

    @mutation(description="Cancel a proposed or accepted exchange; for either side.")
    async def exchange_cancel(self, info: Info, input: IdInput) -> ExchangePayload:
        return ExchangePayload.of(
            await mutate(info, exchanges.cancel_exchange, _id(input.id, "Exchange"))
        )

    @mutation(description="Thank the other side for a completed exchange (once per side).")
    async def exchange_thank(self, info: Info, input: ThanksInput) -> ThanksPayload:
        return ThanksPayload.of(
            await mutate(info, exchanges.thank, _id(input.id, "Exchange"), input.text)
        )


@strawberry.type
class LoanMutations:
    @mutation(
        description="Reserve units of lent equipment for your association; FULL if too few "
        "are left, unless `wait` puts the loan in line."
    )
    async def loan_reserve(self, info: Info, input: LoanReserveInput) -> LoanPayload:
        request = LoanRequest(
            listing_id=_id(input.listing_id, "Listing", "listing_id"),
            association_id=_id(input.association_id, "Association", "association_id"),
            quantity=input.quantity,
            wait=input.wait,
        )
        return LoanPayload.of(await mutate(info, loans.reserve_loan, request))

    @mutation(description="Hand reserved equipment over; for the lender.")
    async def loan_hand_out(self, info: Info, input: IdInput) -> LoanPayload:
        return LoanPayload.of(await mutate(info, loans.hand_out, _id(input.id, "Loan")))

    @mutation(description="Take equipment back; for the lender. The next in line gets it.")
    async def loan_return(self, info: Info, input: IdInput) -> LoanPayload:
        return LoanPayload.of(await mutate(info, loans.return_loan, _id(input.id, "Loan")))

    @mutation(description="Cancel a reservation or a place in line; for either side.")
    async def loan_cancel(self, info: Info, input: IdInput) -> LoanPayload:
        return LoanPayload.of(await mutate(info, loans.cancel_loan, _id(input.id, "Loan")))

    @mutation(description="Sign up as a volunteer for a volunteering request.")
    async def volunteer_sign_up(
        self, info: Info, input: VolunteerSignUpInput
    ) -> VolunteerSignupPayload:
        listing = _id(input.listing_id, "Listing", "listing_id")
        return VolunteerSignupPayload.of(
            await mutate(info, volunteers.sign_up, listing, input.message)
        )

    @mutation(description="Take a volunteer on; for the association. Their contact is shared.")
    async def volunteer_accept(
        self, info: Info, input: SignupDecideInput
    ) -> VolunteerSignupPayload:
        return VolunteerSignupPayload.of(
            await mutate(info, volunteers.decide_signup, _id(input.id, "VolunteerSignup"), True)
        )

    @mutation(description="Decline a volunteer; for the association.")
    async def volunteer_decline(
        self, info: Info, input: SignupDecideInput
    ) -> VolunteerSignupPayload:
        return VolunteerSignupPayload.of(
            await mutate(info, volunteers.decide_signup, _id(input.id, "VolunteerSignup"), False)
        )

    @mutation(description="Withdraw your sign-up.")
    async def volunteer_withdraw(
        self, info: Info, input: SignupDecideInput
    ) -> VolunteerSignupPayload:
        return VolunteerSignupPayload.of(
            await mutate(info, volunteers.withdraw_signup, _id(input.id, "VolunteerSignup"))
        )
