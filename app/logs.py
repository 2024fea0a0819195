"""Logging for the served app: our loggers at INFO, uvicorn's own access log off (it logs
query strings, which can carry personal data; ours does not)."""

from __future__ import annotations

import logging.config

# Loggers that write statement parameters (personal data) at DEBUG; held at WARNING.
QUIET_LOGGERS = ("aiosqlite", "asyncpg", "redis", "websockets")


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
            "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
            "root": {"handlers": ["stderr"], "level": "WARNING"},
            "loggers": {
                "samverka": {"level": level},
                "uvicorn": {"level": "INFO"},
                "uvicorn.access": {"level": "WARNING"},
                "alembic": {"level": "INFO"},
                **{name: {"level": "WARNING"} for name in QUIET_LOGGERS},
            },
        }
    )
