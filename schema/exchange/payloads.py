"""Payloads of exchange mutations."""

from __future__ import annotations

from typing import Any

import strawberry

from db.models import Conversation, Exchange, Listing, Loan, Message, VolunteerSignup
from schema.errors import UserError
from schema.exchange.types import (
    ConversationNode,
    ExchangeNode,
    ListingNode,
    LoanNode,
    MessageNode,
    VolunteerSignupNode,
)
from schema.mutation import Outcome


def _node(outcome: Outcome[Any], to_node: Any) -> Any:
    return to_node(outcome.value) if outcome.value is not None else None


@strawberry.type
class ListingPayload:
    listing: ListingNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Listing]) -> ListingPayload:
        return cls(listing=_node(outcome, ListingNode.from_row), errors=outcome.errors)


@strawberry.type
class ConversationPayload:
    conversation: ConversationNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Conversation]) -> ConversationPayload:
        return cls(conversation=_node(outcome, ConversationNode.from_row), errors=outcome.errors)


@strawberry.type
class MessagePayload:
    message: MessageNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Message]) -> MessagePayload:
        return cls(message=_node(outcome, MessageNode.from_row), errors=outcome.errors)


@strawberry.type
class ExchangePayload:
    exchange: ExchangeNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Exchange]) -> ExchangePayload:
        return cls(exchange=_node(outcome, ExchangeNode.from_row), errors=outcome.errors)


@strawberry.type
class ThanksPayload:
    ok: bool = False
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Any]) -> ThanksPayload:
        return cls(ok=outcome.value is not None, errors=outcome.errors)


@strawberry.type
class LoanPayload:
    loan: LoanNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Loan]) -> LoanPayload:
        return cls(loan=_node(outcome, LoanNode.from_row), errors=outcome.errors)


@strawberry.type
class VolunteerSignupPayload:
    signup: VolunteerSignupNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[VolunteerSignup]) -> VolunteerSignupPayload:
        return cls(signup=_node(outcome, VolunteerSignupNode.from_row), errors=outcome.errors)
