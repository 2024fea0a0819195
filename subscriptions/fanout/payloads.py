"""Execution results as the JSON text of a graphql-transport-ws `next` payload."""

from __future__ import annotations

from typing import Any

from strawberry.types import ExecutionResult

from app.services.jsontext import json_text
from app.services.live.follower import FELL_BEHIND, AccessLost
from schema.protection import UNEXPECTED_MESSAGE, is_expected


def result_payload(result: ExecutionResult) -> dict[str, Any]:
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = [dict(error.formatted) for error in result.errors]
    return payload


def error_list(result: ExecutionResult) -> list[dict[str, Any]]:
    errors = result.errors or []
    if any(not is_expected(error) for error in errors):
        return [{"message": UNEXPECTED_MESSAGE}]
    return [dict(error.formatted) for error in errors]


def is_failure(result: ExecutionResult) -> bool:
    """Errors and no data: the stream could not go on (not allowed, or fell behind)."""
    return bool(result.errors) and result.data is None


def dumps(payload: dict[str, Any] | list[dict[str, Any]]) -> str:
    return json_text(payload)


def resync_payload(after_seq: int | None, message: str = FELL_BEHIND) -> str:
    extensions = {"code": "RESYNC_REQUIRED", "afterSeq": after_seq}
    return dumps({"data": None, "errors": [{"message": message, "extensions": extensions}]})


def lost_payload(lost: AccessLost) -> str:
    """The subscriber may no longer read what it follows."""
    error = {"message": lost.message, "extensions": lost.extensions}
    return dumps({"data": None, "errors": [error]})
