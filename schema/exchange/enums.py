"""The exchange's vocabularies as GraphQL enums."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.services.exchange import vocabulary

strawberry.enum(vocabulary.Direction, name="ListingDirection")
Direction: TypeAlias = vocabulary.Direction
strawberry.enum(vocabulary.ListingKind, name="ListingKind")
ListingKind: TypeAlias = vocabulary.ListingKind
strawberry.enum(vocabulary.ListingStatus, name="ListingStatus")
ListingStatus: TypeAlias = vocabulary.ListingStatus
strawberry.enum(vocabulary.ExchangeStatus, name="ExchangeStatus")
ExchangeStatus: TypeAlias = vocabulary.ExchangeStatus
strawberry.enum(vocabulary.LoanStatus, name="LoanStatus")
LoanStatus: TypeAlias = vocabulary.LoanStatus
strawberry.enum(vocabulary.SignupStatus, name="VolunteerSignupStatus")
SignupStatus: TypeAlias = vocabulary.SignupStatus
strawberry.enum(vocabulary.ConversationEventKind, name="ConversationEventKind")
ConversationEventKind: TypeAlias = vocabulary.ConversationEventKind
strawberry.enum(vocabulary.InboxEventKind, name="InboxEventKind")
InboxEventKind: TypeAlias = vocabulary.InboxEventKind
