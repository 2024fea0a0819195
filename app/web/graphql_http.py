"""`/graphql` over HTTP, compliant with the GraphQL-over-HTTP specification.

GET runs queries only (a mutation gets 405), POST takes application/json (anything else 415),
and `application/graphql-response+json` gets 4xx for request errors. A document with several
operations needs an `operationName` that names one of them. HEAD is answered as GET, without
the body. Browsers asking for HTML get GraphiQL, except in production.
"""

from __future__ import annotations

import logging

from graphql import OperationType as CoreOperationType
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from app.runtime import Runtime
from app.services.viewer import InvalidToken, authenticate
from app.web.graphiql import graphiql_html
from app.web.negotiation import JSON, accepts_html, negotiate
from app.web.requests import BadRequest, GraphQLParams, params_from_body, params_from_query_string
from app.web.responses import (
    error_response,
    internal_error_response,
    json_response,
    request_error_response,
    result_response,
)
from schema.context import Context
from schema.operations import choose_operation

logger = logging.getLogger("samverka.http")

QUERIES = frozenset({OperationType.QUERY})
QUERIES_AND_MUTATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def is_get(request: Request) -> bool:
    # RFC 9110 9.1/9.3.2: HEAD is GET without the content (Starlette routes it here with GET);
    # a query is safe, so HEAD runs like GET and gets the same status and headers, not 405.
    return request.method in ("GET", "HEAD")


async def graphql_http(request: Request) -> Response:
    response = await _respond(request)
    if request.method == "HEAD":
        response.body = b""  # the headers, Content-Length too, stay those GET would get
    return response


async def _respond(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    accept = request.headers.get("accept")
    if (
        is_get(request)
        and "query" not in request.query_params
        and accepts_html(accept)
        and not runtime.settings.is_production
    ):
        return HTMLResponse(graphiql_html())
    media_type = negotiate(accept)
    if media_type is None:
        return error_response(
            406, "Accept application/graphql-response+json or application/json.", JSON
        )
    try:
        return await _execute(request, runtime, media_type)
    except Exception as error:  # noqa: BLE001  (never a stack trace to the client)
        logger.error("unexpected %s serving /graphql", type(error).__name__)
        return internal_error_response(media_type)


async def _execute(request: Request, runtime: Runtime, media_type: str) -> Response:
    get = is_get(request)
    try:
        params: GraphQLParams = (
            params_from_query_string(request)
            if get
            else await params_from_body(request, runtime.settings.max_body_bytes)
        )
    except BadRequest as error:
        return error_response(error.status, error.message, media_type)
    try:
        viewer = await authenticate(runtime.db, request.headers.get("authorization"))
    except InvalidToken as invalid:
        return error_response(
            401,
            invalid.message,
            media_type,
            {"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    chosen = choose_operation(params.query, params.operation_name, runtime.settings.max_tokens)
    if chosen.error is not None:  # nothing runs, not even on GET: a request error like syntax
        return request_error_response([{"message": chosen.error}], media_type)
    if runtime.reads is not None and chosen.kind is CoreOperationType.QUERY:
        answer = await runtime.reads.answer(
            params.query, params.operation_name, params.variables, viewer
        )
        if answer is not None:
            return json_response(answer, 200, media_type)
    context = Context(shared=runtime.shared, viewer=viewer, client_address=client_address(request))
    try:
        result = await runtime.schema.execute(
            params.query,
            variable_values=params.variables,
            context_value=context,
            operation_name=params.operation_name,
            allowed_operation_types=QUERIES if get else QUERIES_AND_MUTATIONS,
        )
    except InvalidOperationTypeError as error:
        if error.operation_type is OperationType.MUTATION:
            return error_response(
                405, "Mutations must be sent with POST.", media_type, {"Allow": "POST"}
            )
        return request_error_response(
            [{"message": "Subscriptions are served over WebSocket (graphql-transport-ws)."}],
            media_type,
        )
    except MissingQueryError:
        return error_response(400, "The request has no `query`.", media_type)
    except CannotGetOperationTypeError as error:
        return request_error_response([{"message": error.as_http_error_reason()}], media_type)
    finally:
        context.close()
    return result_response(result, media_type)
