"""`/docs`: Swagger UI showing `/docs/openapi.json`, served from this app under its own CSP.

Swagger UI's files come from the PyPI package `swagger-ui-bundle-v2` (a self-contained
wheel), never from a CDN, which the app's content security policy would block. The
start-up code is a static file (`static/api-docs.js`): the policy allows no inline script.
"""

from html import escape
from pathlib import Path
from typing import Any

from sanic import Sanic
from swagger_ui_bundle import swagger_ui_path

ASSETS_URL = "/docs/assets"
DOCUMENT_URL = "/docs/openapi.json"
PAGE = Path(__file__).with_name("api_docs.html").read_text()


def api_docs_page(title: str) -> str:
    """The viewer's HTML, titled, pointed at the app's OpenAPI document."""
    return (
        PAGE.replace("__TITLE__", escape(title))
        .replace("__ASSETS__", ASSETS_URL)
        .replace("__DOCUMENT__", DOCUMENT_URL)
    )


def mount_api_docs(app: Sanic[Any, Any]) -> None:
    """Swagger UI's files, from the installed package."""
    app.static(ASSETS_URL, str(swagger_ui_path), name="api_docs_assets")
