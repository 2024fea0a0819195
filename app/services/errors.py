"""Expected failures, as data: a service raises `DomainError`, the API returns its problems."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    CONFLICT = "CONFLICT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    RATE_LIMITED = "RATE_LIMITED"
    BUSY = "BUSY"
    FULL = "FULL"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request; `field` names the input field (snake_case path)."""

    code: ErrorCode
    message: str
    field: str | None = None


class DomainError(Exception):
    """Raised by services for expected failures; the transaction is rolled back."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__(", ".join(p.code for p in problems))
        self.problems = problems


def fail(code: ErrorCode, message: str, field: str | None = None) -> DomainError:
    return DomainError(Problem(code, message, field))


def not_found(what: str, field: str | None = "id") -> DomainError:
    return fail(ErrorCode.NOT_FOUND, f"No {what} with that id.", field)


def forbidden(message: str = "You are not allowed to do that.") -> DomainError:
    return fail(ErrorCode.FORBIDDEN, message)


def unauthenticated() -> DomainError:
    return fail(ErrorCode.UNAUTHENTICATED, "Log in first.")


class Problems:
    """Collects validation problems, so a caller hears about every bad field at once."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        self._items.append(Problem(code, message, field))

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise DomainError(*self._items)


class PublicError(Exception):
    """A query-level failure whose message is safe to show (bad cursor, page too large…).

    Unlike `DomainError` it surfaces as a GraphQL error, not a payload error, and is never masked.
    """

    def __init__(self, message: str, code: str = "BAD_USER_INPUT") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extensions = {"code": code}


class Conflict(DomainError):
    """A write based on a stale read; carries the current state, so the client can merge."""

    def __init__(self, current: object, message: str, field: str | None = None) -> None:
        super().__init__(Problem(ErrorCode.CONFLICT, message, field))
        self.current = current
