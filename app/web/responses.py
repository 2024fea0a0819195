"""GraphQL responses over HTTP: bodies, media types and status codes per the spec."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError
from starlette.responses import Response
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from app.services.jsontext import json_bytes
from app.web.negotiation import GRAPHQL_RESPONSE_JSON
from schema.protection import is_expected


def json_response(
    body: Mapping[str, Any], status: int, media_type: str, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        json_bytes(body),
        status_code=status,
        media_type=f"{media_type}; charset=utf-8",
        headers=dict(headers or {}),
    )


def error_response(
    status: int, message: str, media_type: str, headers: Mapping[str, str] | None = None
) -> Response:
    return json_response({"errors": [{"message": message}]}, status, media_type, headers)


def request_error_response(errors: list[dict[str, Any]], media_type: str) -> Response:
    """A GraphQL request error (nothing was executed): 400 for graphql-response+json, else 200."""
    status = 400 if media_type == GRAPHQL_RESPONSE_JSON else 200
    return json_response({"errors": errors}, status, media_type)


def internal_error_response(media_type: str) -> Response:
    return error_response(500, "Internal server error.", media_type)


def _is_request_error(result: ExecutionResult) -> bool:
    """Parse, validation and variable errors: no data, and no error points into the result."""
    if result.data is not None or not result.errors:
        return False
    return isinstance(result, PreExecutionError) or all(e.path is None for e in result.errors)


def _unexpected(errors: list[GraphQLError]) -> bool:
    return any(not is_expected(error) for error in errors)


def result_response(result: ExecutionResult, media_type: str) -> Response:
    if _is_request_error(result):
        assert result.errors is not None
        if _unexpected(result.errors):  # failed outside any resolver; the message is not safe
            return internal_error_response(media_type)
        return request_error_response([dict(e.formatted) for e in result.errors], media_type)
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [dict(error.formatted) for error in result.errors]
    if result.extensions:
        body["extensions"] = result.extensions
    return json_response(body, 200, media_type)
