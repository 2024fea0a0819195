"""DataLoaders of the agreement."""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from db.models import AgreementMembership, AgreementRequest, Principle
from schema.context import Context
from schema.loading import rows_by, rows_grouped_by


def agreement_periods_by_association_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(
        context, AgreementMembership.association_id, AgreementMembership.joined_at
    )


def principles_by_code(context: Context) -> DataLoader[str, Any]:
    return rows_by(context, Principle.code)


def agreement_requests_by_association_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, AgreementRequest.association_id, AgreementRequest.id)
