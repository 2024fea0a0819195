"""Café enums."""

from __future__ import annotations

import strawberry

from app.services.cafe.summary import AnswerOrder
from app.services.cafe.vocabulary import CafeRole, EventKind, SessionStatus

CafeSessionStatus = strawberry.enum(SessionStatus, name="CafeSessionStatus")
CafeRoleEnum = strawberry.enum(
    CafeRole, name="CafeRole", description="The viewer's part in a café session."
)
CafeEventKind = strawberry.enum(
    EventKind, name="CafeEventKind", description="What changed; the event's fields follow from it."
)
CafeAnswerOrder = strawberry.enum(AnswerOrder, name="CafeAnswerOrder")
