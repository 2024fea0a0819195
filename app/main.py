"""`create_app(settings)`: the Starlette application."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route, WebSocketRoute

from app.lifespan import lifespan
from app.runtime import build_runtime
from app.services.settings import Settings
from app.web.access_log import AccessLog
from app.web.calendar import (
    booking_feed,
    event_feed,
    event_registrations,
    events_feed,
    premises_feed,
)
from app.web.export import export_cafe_session, export_plan
from app.web.graphql_http import graphql_http
from app.web.health import healthz, readyz
from schema import DOMAINS, SchemaParts


def create_app(settings: Settings | None = None, parts: SchemaParts = DOMAINS) -> Starlette:
    settings = settings or Settings()
    runtime = build_runtime(settings, parts)
    app = Starlette(
        routes=[
            Route("/graphql", graphql_http, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", runtime.live.endpoint),
            Route("/export/cafe-sessions/{id}.{format}", export_cafe_session),
            Route("/export/plans/{id}.{format}", export_plan),
            Route("/calendar/premises/{id}.ics", premises_feed),
            Route("/calendar/bookings/{id}.ics", booking_feed),
            Route("/calendar/events.ics", events_feed),
            Route("/calendar/events/{id}.ics", event_feed),
            Route("/export/events/{id}/registrations.csv", event_registrations),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        middleware=[
            Middleware(AccessLog),
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_allow_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type", "Accept"],
                max_age=3600,
            ),
        ],
        lifespan=lifespan(runtime),
    )
    app.state.runtime = runtime
    return app
