"""`/export/cafe-sessions/{id}.md` and `.csv`: a café to read or to open in a spreadsheet,
with the same authorization as the GraphQL API (a bearer token in `Authorization`)."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.runtime import Runtime
from app.services.cafe.access import access_to
from app.services.cafe.export import as_csv
from app.services.cafe.markdown import as_markdown
from app.services.errors import DomainError
from app.services.plans.export import as_csv as plan_csv
from app.services.plans.export import as_markdown as plan_markdown
from app.services.swedish import slugify
from app.services.viewer import InvalidToken, authenticate
from schema.relay import decode_id, id_or_none

logger = logging.getLogger("samverka.export")

FORMATS = {"md": "text/markdown; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message}]}, status_code=status, headers=headers)


async def export_cafe_session(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    fmt = request.path_params["format"]
    if fmt not in FORMATS:
        return _error(404, "Export as .md or .csv.")
    try:
        viewer = await authenticate(runtime.db, request.headers.get("authorization"))
    except InvalidToken as invalid:
        return _error(401, invalid.message, {"WWW-Authenticate": "Bearer"})
    try:
        session_id = decode_id(request.path_params["id"], "CafeSession")
        async with runtime.db.read() as session:
            access = await access_to(session, viewer, session_id)
            if not access.can_read:
                return _error(404, "No café session with that id.")
            body = await (as_markdown if fmt == "md" else as_csv)(session, access)
    except DomainError:
        return _error(404, "No café session with that id.")
    except Exception as error:  # noqa: BLE001
        logger.error("unexpected %s exporting a café session", type(error).__name__)
        return _error(500, "Internal server error.")
    filename = f"{slugify(access.cafe.title)}.{fmt}"
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def export_plan(request: Request) -> Response:
    """`/export/plans/{id}.md` and `.csv`: a plan to read or print; public, as plans are."""
    runtime: Runtime = request.app.state.runtime
    fmt = request.path_params["format"]
    if fmt not in FORMATS:
        return _error(404, "Export as .md or .csv.")
    plan_id = id_or_none(request.path_params["id"], "ActionPlan")
    if plan_id is None:
        return _error(404, "No action plan with that id.")
    try:
        async with runtime.db.read() as session:
            body = await (plan_markdown if fmt == "md" else plan_csv)(session, plan_id)
    except DomainError:
        return _error(404, "No action plan with that id.")
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="handlingsplan-{plan_id}.{fmt}"'},
    )
