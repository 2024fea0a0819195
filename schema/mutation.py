"""Running a mutation: one transaction, payload errors for expected failures, publish on commit.

A mutation resolver names the service to run and its arguments:

    @mutation(description="Start a round.")
    async def cafe_round_start(self, info: Info, input: CafeRoundIdInput) -> CafeRoundPayload:
        outcome = await mutate(info, rounds.start_round, decode_id(input.id, "CafeRound"))
        return CafeRoundPayload.of(outcome)

`mutate` calls `service(db_session, viewer, *args)` in one transaction of the unit of work. A
`DomainError` raised by the service, or while the resolver works out the arguments (a
malformed id), becomes the payload's `errors` (see `PayloadErrors`), never a GraphQL error.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.extensions.field_extension import AsyncExtensionResolver, FieldExtension
from strawberry.types.base import StrawberryList, get_object_definition

from app.services.errors import Conflict, DomainError, ErrorCode, Problem, fail
from app.services.viewer import Viewer, roles_may_have_changed
from db.session import LockTimeout
from schema.context import Info
from schema.errors import UserError, user_errors

T = TypeVar("T")
P = ParamSpec("P")


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
        async with context.shared.writes.transaction() as session:
            value = await work(session)
        roles_changed = roles_may_have_changed(session)
    except Conflict as conflict:
        return Outcome(errors=user_errors(conflict), current=conflict.current)
    except LockTimeout as busy:
        return Outcome(errors=user_errors(fail(ErrorCode.BUSY, busy.message)))
    except DomainError as error:
        return Outcome(errors=user_errors(error))
    # committed and published: what was accepted is stored and announced
    await context.after_write(roles_changed)
    if isinstance(value, Problem):
        return Outcome(errors=[UserError.from_problem(value)])
    return Outcome(value=value)


async def mutate(
    info: Info,
    service: Callable[Concatenate[AsyncSession, Viewer, P], Awaitable[T | Problem]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> Outcome[T]:
    """`service(db_session, viewer, *args, **kwargs)` as one mutation (see `run_mutation`)."""
    viewer = info.context.viewer

    async def work(session: AsyncSession) -> T | Problem:
        return await service(session, viewer, *args, **kwargs)

    return await run_mutation(info, work)


class PayloadErrors(FieldExtension):
    """A `DomainError` raised while a mutation works out its arguments becomes the payload's
    errors, with every other field of the payload null."""

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Info, **kwargs: Any
    ) -> Any:
        try:
            return await next_(source, info, **kwargs)
        except DomainError as error:
            return failed_payload(info, user_errors(error))


def failed_payload(info: Info, errors: list[UserError]) -> object:
    """The mutation's payload type with `errors` and nothing else."""
    payload_type: Any = info._field.type
    fields = get_object_definition(payload_type, strict=True).fields
    # every field null (a list empty) but those with a default (`ok: bool = False`)
    values: dict[str, object] = {
        f.python_name: [] if isinstance(f.type, StrawberryList) else None
        for f in fields
        if f.python_name != "errors" and f.default is dataclasses.MISSING
    }
    return payload_type(**values, errors=errors)


F = TypeVar("F", bound=Callable[..., Any])


def mutation(*, description: str) -> Callable[[F], F]:
    """`strawberry.mutation`, with a `DomainError` in the resolver answered as payload errors."""
    decorator = strawberry.mutation(description=description, extensions=[PayloadErrors()])
    return cast("Callable[[F], F]", decorator)
