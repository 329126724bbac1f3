"""`/docs`: Swagger UI for the OpenAPI document, served from this app under its own CSP.

sanic-ext's own docs pages load their script from a CDN (and Redoc's, fonts from another
site), which the app's content security policy blocks: the page stayed blank. So the page
is our `api_docs.html`, handed to sanic-ext in its Redoc slot (the one slot that fetches
nothing from elsewhere), and Swagger UI's files come from the PyPI package
`swagger-ui-bundle-v2`: the wheel is self-contained. The start-up code is a static file
(`static/api-docs.js`), since the policy allows no inline script.
"""

from pathlib import Path
from typing import Any

from sanic import Sanic
from swagger_ui_bundle import swagger_ui_path

ASSETS_URL = "/docs/assets"
PAGE = Path(__file__).with_name("api_docs.html")

CONFIG = {
    "OAS_UI_DEFAULT": "redoc",
    "OAS_UI_REDOC": True,
    "OAS_PATH_TO_REDOC_HTML": str(PAGE),
    "OAS_UI_SWAGGER": False,  # its OAuth2 page is fetched from a CDN on every request
}
"""sanic-ext settings: give them to the app before `Extend`."""


def mount_api_docs(app: Sanic[Any, Any]) -> None:
    """Swagger UI's files, from the installed package."""
    app.static(ASSETS_URL, str(swagger_ui_path), name="api_docs_assets")
