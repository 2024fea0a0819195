"""Reading a GraphQL-over-HTTP request's parameters, with the spec's status codes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class GraphQLParams:
    query: str
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None


def _json_param(raw: str | None, name: str) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # nested deeper than the parser recurses
        raise BadRequest(400, f"`{name}` is not valid JSON.") from None


def _params(values: dict[str, Any]) -> GraphQLParams:
    query = values.get("query")
    if query is None or query == "":
        raise BadRequest(400, "The request has no `query`.")
    if not isinstance(query, str):
        raise BadRequest(400, "`query` must be a string.")
    operation_name = values.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise BadRequest(400, "`operationName` must be a string or null.")
    for name in ("variables", "extensions"):
        if values.get(name) is not None and not isinstance(values[name], dict):
            raise BadRequest(400, f"`{name}` must be an object or null.")
    return GraphQLParams(
        query=query,
        operation_name=operation_name or None,
        variables=values.get("variables"),
        extensions=values.get("extensions"),
    )


def params_from_query_string(request: Request) -> GraphQLParams:
    args = request.query_params
    return _params(
        {
            "query": args.get("query"),
            "operationName": args.get("operationName"),
            "variables": _json_param(args.get("variables"), "variables"),
            "extensions": _json_param(args.get("extensions"), "extensions"),
        }
    )


def _check_content_type(value: str | None) -> None:
    media, _, parameters = (value or "").partition(";")
    if media.strip().lower() != "application/json":
        raise BadRequest(415, "Send the request body as application/json.")
    for parameter in parameters.split(";"):
        name, _, charset = parameter.strip().partition("=")
        if name.strip().lower() == "charset" and charset.strip().strip('"').lower() != "utf-8":
            raise BadRequest(415, "Send the request body in UTF-8.")


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BadRequest(413, f"The request body is larger than {limit} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BadRequest(413, f"The request body is larger than {limit} bytes.")
    return bytes(body)


async def params_from_body(request: Request, limit: int) -> GraphQLParams:
    _check_content_type(request.headers.get("content-type"))
    body = await _read_body(request, limit)
    try:
        values = orjson.loads(body)
    except orjson.JSONDecodeError:
        # orjson refuses what the standard library reads (a lone surrogate's escape), and
        # says no to what is not JSON at all: the standard library decides
        try:
            values = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise BadRequest(400, "The request body is not valid JSON.") from None
    if not isinstance(values, dict):
        raise BadRequest(400, "The request body must be one JSON object (batching is off).")
    return _params(values)
