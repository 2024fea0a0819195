"""The action plans' words."""

from __future__ import annotations

from enum import StrEnum


class PlanStatus(StrEnum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    CLOSED = "CLOSED"


class Party(StrEnum):
    CITY = "CITY"
    ASSOCIATIONS = "ASSOCIATIONS"
    JOINT = "JOINT"


class ActivityStatus(StrEnum):
    PLANNED = "PLANNED"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    DROPPED = "DROPPED"


class Side(StrEnum):
    """The two sides of the agreement, in the steering group."""

    CITY = "CITY"
    ASSOCIATIONS = "ASSOCIATIONS"
