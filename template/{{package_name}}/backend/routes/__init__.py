"""Sanic blueprints: the probes, the JSON API and its OpenAPI document."""

from sanic import Blueprint

# add_table adds each new blueprint's import below and lists it in the group (one per line).
from .admin import admin
from .auth import auth
from .auth_forms import auth_forms
from .fallback import api_not_found
from .health import health
from .notes import notes
from .openapi import docs

api = Blueprint.group(
    admin,
    auth,
    notes,
    url_prefix="/api",
)

__all__ = ["api", "api_not_found", "auth_forms", "docs", "health"]
