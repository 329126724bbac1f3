"""Logs go to stdout as an event stream: JSON lines, or plain text for a console.

Every line logged while a request is handled carries its id (`request_id`): the
request's telemetry (backend/middleware/telemetry.py) sets `current_request_id`,
and tasks started from the request inherit it.
"""

import logging
import logging.config
import sys
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.json import JsonFormatter

current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record (`default` outside a request;
    None leaves the attribute out, so JSON lines carry no empty field)."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__()
        self.default = default

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get() or self.default
        if request_id is not None:
            record.request_id = request_id
        return True


def log_config(level: str, fmt: str) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the app and Sanic's own loggers."""
    formatter: dict[str, Any]
    if fmt == "json":
        formatter = {
            "()": JsonFormatter,
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        }
    else:
        formatter = {"format": "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s]: %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "filters": {
            "request_id": {"()": RequestIdFilter, "default": None if fmt == "json" else "-"}
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": sys.stdout,
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"level": level, "handlers": ["stdout"]},
        "loggers": {
            **{
                name: {"level": level, "handlers": [], "propagate": True}
                for name in ("sanic.root", "sanic.error", "sanic.access", "sanic.server", "reactpy")
            },
            # pgserver narrates every pg_ctl call at INFO; its warnings still show.
            "pgserver": {"level": "WARNING", "handlers": [], "propagate": True},
            # ReactPy warns "No scope" on every websocket under Sanic's own server
            # (it looks for an ASGI scope we do not use); its errors still show.
            "reactpy.backend.sanic": {"level": "ERROR", "handlers": [], "propagate": True},
        },
    }


def configure_logging(level: str, fmt: str) -> None:
    logging.config.dictConfig(log_config(level, fmt))
