"""`UserError`: expected failures returned in mutation payloads, never raised."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.services.errors import DomainError, ErrorCode, Problem

strawberry.enum(ErrorCode, name="UserErrorCode")
UserErrorCode: TypeAlias = ErrorCode


def _camel(path: str) -> str:
    def segment(part: str) -> str:
        head, *rest = part.split("_")
        return head + "".join(word.capitalize() for word in rest)

    return ".".join(segment(part) for part in path.split("."))


@strawberry.type
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault, as a dotted path (contactPerson.email)."
    )
    message: str
    code: UserErrorCode

    @classmethod
    def from_problem(cls, problem: Problem) -> UserError:
        return cls(
            field=_camel(problem.field) if problem.field else None,
            message=problem.message,
            code=problem.code,
        )


def user_errors(error: DomainError) -> list[UserError]:
    return [UserError.from_problem(problem) for problem in error.problems]
