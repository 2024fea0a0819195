"""Café enums."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.services.cafe.summary import AnswerOrder
from app.services.cafe.vocabulary import CafeRole, EventKind, SessionStatus

strawberry.enum(SessionStatus, name="CafeSessionStatus")
CafeSessionStatus: TypeAlias = SessionStatus
strawberry.enum(CafeRole, name="CafeRole", description="The viewer's part in a café session.")
CafeRoleEnum: TypeAlias = CafeRole
strawberry.enum(
    EventKind, name="CafeEventKind", description="What changed; the event's fields follow from it."
)
CafeEventKind: TypeAlias = EventKind
strawberry.enum(AnswerOrder, name="CafeAnswerOrder")
CafeAnswerOrder: TypeAlias = AnswerOrder
