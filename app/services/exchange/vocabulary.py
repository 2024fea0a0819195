"""The exchange's words."""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    OFFER = "OFFER"
    REQUEST = "REQUEST"

    @property
    def opposite(self) -> Direction:
        return Direction.REQUEST if self is Direction.OFFER else Direction.OFFER


class ListingKind(StrEnum):
    SKILL = "SKILL"
    SERVICE = "SERVICE"
    EQUIPMENT = "EQUIPMENT"
    MENTORSHIP = "MENTORSHIP"
    VOLUNTEERING = "VOLUNTEERING"


class ListingStatus(StrEnum):
    OPEN = "OPEN"
    PAUSED = "PAUSED"
    CLOSED = "CLOSED"


class ExchangeStatus(StrEnum):
    PROPOSED = "PROPOSED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class LoanStatus(StrEnum):
    WAITLISTED = "WAITLISTED"  # the units are out: first come, first served when they return
    RESERVED = "RESERVED"
    HANDED_OUT = "HANDED_OUT"
    RETURNED = "RETURNED"
    CANCELLED = "CANCELLED"


# the states that hold units of the listing's stock
HOLDS_UNITS = (LoanStatus.RESERVED, LoanStatus.HANDED_OUT)


class SignupStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"


class ConversationEventKind(StrEnum):
    MESSAGE_SENT = "MESSAGE_SENT"
    CONTACT_SHARED = "CONTACT_SHARED"
    MESSAGE_REPORTED = "MESSAGE_REPORTED"


class InboxEventKind(StrEnum):
    MESSAGE_RECEIVED = "MESSAGE_RECEIVED"
    EXCHANGE_CHANGED = "EXCHANGE_CHANGED"
    LOAN_CHANGED = "LOAN_CHANGED"
    LOAN_OVERDUE = "LOAN_OVERDUE"
    SIGNUP_CHANGED = "SIGNUP_CHANGED"
