"""Running a mutation: one transaction, payload errors for expected failures, publish on commit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.errors import Conflict, DomainError, ErrorCode, Problem, fail
from app.services.outbox import take_outbox
from app.services.viewer import roles_may_have_changed
from db.session import LockTimeout
from schema.context import Context
from schema.errors import UserError, user_errors

T = TypeVar("T")
Info = strawberry.Info[Context, None]


@dataclass
class Outcome(Generic[T]):
    value: T | None = None
    errors: list[UserError] = field(default_factory=list)
    # on a conflict: the object as it is now, for the client to merge with
    current: object | None = None


async def run_mutation(
    info: Info, work: Callable[[AsyncSession], Awaitable[T | Problem]]
) -> Outcome[T]:
    """Run `work` in a transaction; a `DomainError` rolls it back and becomes payload errors.

    A `Problem` that `work` returns instead of raising is a refusal whose traces must stay
    (a failed attempt counted for a rate limit): the transaction commits, and the problem
    becomes the payload's errors all the same.
    """
    context = info.context
    try:
        async with context.runtime.db.write() as session:
            value = await work(session)
            messages = take_outbox(session)
        roles_changed = roles_may_have_changed(session)
    except Conflict as conflict:
        return Outcome(errors=user_errors(conflict), current=conflict.current)
    except LockTimeout as busy:
        return Outcome(errors=user_errors(fail(ErrorCode.BUSY, busy.message)))
    except DomainError as error:
        return Outcome(errors=user_errors(error))
    # committed: what was accepted is stored, so publishing can no longer lose it
    await context.runtime.hub.publish_many(messages)
    await context.after_write(roles_changed)
    if isinstance(value, Problem):
        return Outcome(errors=[UserError.from_problem(value)])
    return Outcome(value=value)
