"""Logs go to stdout as an event stream: JSON lines, or plain text for a console.

No record carries what a failing statement held. SQLAlchemy leaves the parameters
out of its errors (`hide_parameters`, db/engine.py), but the driver's own error,
chained below it, quotes the row in PostgreSQL's DETAIL ("Failing row contains
(..., someone@example.org, ...)", "Key (email)=(...) already exists"): tracebacks
are written without the exceptions below a statement's error, and without DETAIL.

Every line logged while a request is handled carries its id (`request_id`): the
request is Sanic's current one (`Request.get_current()`), whose `id` the telemetry
makes (backend/middleware/telemetry.py); tasks started from the request inherit it.
"""

import logging
import logging.config
import re
import sys
import traceback
from typing import Any

from pythonjsonlogger.json import JsonFormatter
from sanic import Request
from sanic.exceptions import ServerError
from sqlalchemy.exc import StatementError

CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"
DETAIL = re.compile(r"\nDETAIL:.*?(?=\n\[SQL: |\Z)", re.DOTALL)


def traceback_without_rows(error: BaseException) -> str:
    """The traceback Python would print, cut below a statement's error, DETAIL left out."""
    blocks: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        block = "".join(traceback.format_exception(current, chain=False))
        if isinstance(current, StatementError):  # what it wraps is the driver's, DETAIL and all
            blocks.append(DETAIL.sub("", block))
            break
        blocks.append(block)
        if current.__cause__ is not None:
            blocks.append(CAUSE)
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            blocks.append(CONTEXT)
            current = current.__context__
        else:
            current = None
    return "".join(reversed(blocks)).rstrip("\n")


class HideStatementValues(logging.Filter):
    """Writes a record's traceback with `traceback_without_rows` (every logger, ours or not)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = traceback_without_rows(record.exc_info[1])
            record.exc_info = None  # formatters then write exc_text as it is
        return True


def _current_request_id() -> str | None:
    """The id of the request being handled: Sanic keeps the current request (HTTP/1 and
    ASGI alike), and its `id` is the telemetry's (backend/middleware/telemetry.py)."""
    try:
        return str(Request.get_current().id)
    except ServerError:  # outside a request: the CLI, a job, startup
        return None


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record (`default` outside a request;
    None leaves the attribute out, so JSON lines carry no empty field)."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__()
        self.default = default

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = _current_request_id() or self.default
        if request_id is not None:
            record.request_id = request_id
        return True


def log_config(level: str, fmt: str) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the app and Sanic's own loggers."""
    formatter: dict[str, Any]
    if fmt == "json":
        formatter = {
            "()": JsonFormatter,
            "fmt": "%(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger", "process": "pid"},
            "timestamp": "time",  # ISO 8601, UTC
        }
    else:
        formatter = {"format": "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s]: %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "filters": {
            "hide_statement_values": {"()": HideStatementValues},
            "request_id": {"()": RequestIdFilter, "default": None if fmt == "json" else "-"},
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": sys.stdout,
                "formatter": "default",
                "filters": ["hide_statement_values", "request_id"],
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
