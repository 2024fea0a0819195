"""The agreement's periods: the local agreement is revised every four years, and each period
holds its two-year action plans. The coordinator records a period; periods never overlap
(one writer of them at a time, so the check holds for what is written)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.errors import ErrorCode, Problems, fail, not_found
from app.services.plans import access
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import AgreementPeriod

PERIODS_LOCK = 7_300_513  # the agreement periods' advisory lock key (PostgreSQL)


async def create_agreement_period(
    session: AsyncSession, viewer: Viewer, title: str, starts_on: date, ends_on: date
) -> AgreementPeriod:
    access.require_coordinator(viewer, "records the agreement's periods")
    problems = Problems()
    name = clean_text(problems, "title", title, max_length=200, required=True)
    if ends_on <= starts_on:
        problems.add(ErrorCode.INVALID, "The period must end after it starts.", "ends_on")
    problems.raise_if_any()
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PERIODS_LOCK})
    overlapping = await session.scalar(
        select(AgreementPeriod)
        .where(AgreementPeriod.starts_on <= ends_on, AgreementPeriod.ends_on >= starts_on)
        .limit(1)
    )
    if overlapping is not None:
        raise fail(
            ErrorCode.CONFLICT,
            f"It overlaps {overlapping.title} ({overlapping.starts_on}–{overlapping.ends_on}).",
            "starts_on",
        )
    period = AgreementPeriod(title=name or "", starts_on=starts_on, ends_on=ends_on)
    session.add(period)
    await session.flush()
    return period


async def require_within(
    session: AsyncSession, period_id: int, starts_on: date, ends_on: date
) -> AgreementPeriod:
    """The period a plan of those dates belongs to; it must lie within it."""
    period = await session.get(AgreementPeriod, period_id)
    if period is None:
        raise not_found("agreement period", "agreement_id")
    if starts_on < period.starts_on or ends_on > period.ends_on:
        raise fail(
            ErrorCode.INVALID,
            f"The plan must lie within {period.title} ({period.starts_on}–{period.ends_on}).",
            "agreement_id",
        )
    return period
