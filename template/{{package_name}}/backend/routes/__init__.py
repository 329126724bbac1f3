"""Sanic blueprints: the probes and the JSON API."""

from sanic import Blueprint

from .health import health
from .notes import notes

api = Blueprint.group(notes, url_prefix="/api")

__all__ = ["api", "health"]
