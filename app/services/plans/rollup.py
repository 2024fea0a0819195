"""Progress rolled up from activities: per plan, per principle and per party, the mean of the
activities' progress weighted by their weights (1 where none is set), computed by the
database from the activities as they are, so a deletion counts at once, on both databases
alike (integer sums, one rounding rule: half up)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Activity


def weighted_mean(pairs: Sequence[tuple[int, int | None]]) -> int | None:
    """Progress and weight pairs as the database computes them (for tests and exports)."""
    total = sum(w or 1 for _, w in pairs)
    if not total:
        return None
    weighted = sum(p * (w or 1) for p, w in pairs)
    return (2 * weighted + total) // (2 * total)


async def rolled_up(
    session: AsyncSession, plan_ids: Sequence[int], by: Any | None = None
) -> dict[tuple[int, str | None], int | None]:
    """(plan, group) → progress; the group is None without `by` (a column of Activity)."""
    weight = func.coalesce(Activity.weight, 1)
    columns = [Activity.plan_id, by] if by is not None else [Activity.plan_id]
    rows = await session.execute(
        select(*columns, func.sum(Activity.progress * weight), func.sum(weight))
        .where(Activity.plan_id.in_(list(plan_ids)))
        .group_by(*columns)
    )
    found: dict[tuple[int, str | None], int | None] = {}
    for row in rows:
        plan_id, group = (row[0], row[1]) if by is not None else (row[0], None)
        weighted, total = int(row[-2]), int(row[-1])
        found[(plan_id, group)] = (2 * weighted + total) // (2 * total) if total else None
    return found
