"""Logs go to stdout as an event stream: JSON lines, or plain text for a console."""

import logging
import logging.config
import sys
from typing import Any

from pythonjsonlogger.json import JsonFormatter


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
        formatter = {"format": "%(asctime)s %(levelname)-7s %(name)s: %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": sys.stdout,
                "formatter": "default",
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
