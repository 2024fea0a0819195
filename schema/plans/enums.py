"""The action plans' vocabularies as GraphQL enums."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.services.plans import vocabulary

strawberry.enum(vocabulary.PlanStatus, name="ActionPlanStatus")
PlanStatus: TypeAlias = vocabulary.PlanStatus
strawberry.enum(vocabulary.Party, name="Party", description="Whose activity it is.")
Party: TypeAlias = vocabulary.Party
strawberry.enum(vocabulary.ActivityStatus, name="ActivityStatus")
ActivityStatus: TypeAlias = vocabulary.ActivityStatus
strawberry.enum(vocabulary.Side, name="Side", description="The city's side or the associations'.")
Side: TypeAlias = vocabulary.Side
