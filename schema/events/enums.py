"""The calendar's vocabularies as GraphQL enums."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.services.events import vocabulary
from app.services.recurrence import Frequency as FrequencyValue

strawberry.enum(vocabulary.EventType, name="EventType")
EventType: TypeAlias = vocabulary.EventType
strawberry.enum(
    vocabulary.EventStatus,
    name="EventStatus",
    description="DELETED only for tombstones, in `modifiedSince`.",
)
EventStatus: TypeAlias = vocabulary.EventStatus
strawberry.enum(vocabulary.RegistrationStatus, name="RegistrationStatus")
RegistrationStatus: TypeAlias = vocabulary.RegistrationStatus
strawberry.enum(vocabulary.EventEventKind, name="EventUpdateKind")
EventUpdateKind: TypeAlias = vocabulary.EventEventKind
strawberry.enum(FrequencyValue, name="RecurrenceFrequency")
Frequency: TypeAlias = FrequencyValue
