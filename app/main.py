"""`create_app(settings)`: the Starlette application."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route, WebSocketRoute

from app.lifespan import lifespan
from app.runtime import Runtime
from app.services.accounts.passwords import Passwords
from app.services.settings import Settings
from app.web.access_log import AccessLog
from app.web.export import export_cafe_session
from app.web.graphql_http import graphql_http
from app.web.health import healthz, readyz
from db.session import Database
from schema import build_schema
from subscriptions.broadcast import Hub
from subscriptions.cafe.realtime import Realtime
from subscriptions.fanout.registry import FanOut
from subscriptions.protocol import graphql_ws
from subscriptions.tokens import TokenWatch


def build_runtime(settings: Settings) -> Runtime:
    db = Database(settings.database_url, lock_timeout=settings.database_lock_timeout_seconds)
    hub = Hub(settings.broadcast_url)
    runtime = Runtime(
        settings=settings,
        db=db,
        passwords=Passwords(
            settings.accounts.password_time_cost, settings.accounts.password_memory_kib
        ),
        hub=hub,
        realtime=Realtime(hub, db, settings),
        tokens=TokenWatch(hub, db, settings.ws_token_check_seconds),
        schema=build_schema(settings),
    )
    runtime.fanout = FanOut(runtime)
    return runtime


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    runtime = build_runtime(settings)
    app = Starlette(
        routes=[
            Route("/graphql", graphql_http, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql_ws),
            Route("/export/cafe-sessions/{id}.{format}", export_cafe_session),
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
