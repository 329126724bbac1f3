"""Sanic blueprints: the probes and the JSON API."""

from sanic import Blueprint

# add_table adds each new blueprint's import below and lists it in the group (one per line).
from .admin import admin
from .auth import auth
from .auth_forms import auth_forms
from .health import health
from .notes import notes

api = Blueprint.group(
    admin,
    auth,
    notes,
    url_prefix="/api",
)

__all__ = ["api", "auth_forms", "health"]
