"""Any other path under /api/ is a JSON 404, not the single-page app's HTML."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from ...errors import NotFoundError

api_not_found = Blueprint("api_not_found", url_prefix="/api")


async def unknown_api_path(request: Request, rest: str) -> HTTPResponse:
    raise NotFoundError(f"no API route at {request.path}")


api_not_found.add_route(
    unknown_api_path, "/<rest:path>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"]
)
