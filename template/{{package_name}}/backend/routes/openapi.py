"""The OpenAPI 3.1 document of the JSON API, built from the routes' contracts.

Only routes declared with `@operation` (see `_contract.py`) are in it: the pages,
ReactPy's routes and static files are not the API. Schemas are pydantic's own
(JSON Schema 2020-12, which OpenAPI 3.1 uses as is); every error is `ErrorBody`.
"""

import re
from http import HTTPStatus
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from sanic import Blueprint, Request, Sanic
from sanic.response import HTTPResponse, html, json

from ...shared_models.inputs import MAX_ID, ErrorBody
from ..middleware.authentication import (
    CSRF_HEADER,
    PUBLIC_WRITES,
    SESSION_COOKIE,
    UNSAFE_METHODS,
)
from ._contract import Operation, contract_of
from .api_docs import api_docs_page

docs = Blueprint("docs", url_prefix="/docs")

SECURITY_SCHEMES = {
    "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE},
    "csrf": {
        "type": "apiKey",
        "in": "header",
        "name": CSRF_HEADER,
        "description": "The csrf_token of the log-in answer (also in the csrf_token cookie).",
    },
}
_PATH_PARAMETER = re.compile(r"<([^:>]+)(?::([^>]+))?>")


def _error_statuses(path: str, method: str, contract: Operation) -> set[int]:
    """The statuses a route gives besides success: its own, and those of its shape."""
    statuses = {400, 503, *contract.errors}
    if contract.body is not None:
        statuses |= {413, 415, 422}
    if contract.query is not None:
        statuses.add(422)
    if _PATH_PARAMETER.search(path):
        statuses.add(404)
    if method in UNSAFE_METHODS:
        statuses.add(415)
        if contract.read_only:
            statuses.add(403)  # signed in without the CSRF token
        elif path not in PUBLIC_WRITES:
            statuses |= {401, 403}
    if contract.signed_in:
        statuses.add(401)
    return statuses


def _security(path: str, method: str, contract: Operation) -> list[dict[str, list[str]]]:
    if method in UNSAFE_METHODS:
        if path in PUBLIC_WRITES:
            return []
        signed_in: dict[str, list[str]] = {"session": [], "csrf": []}
        return [{}, signed_in] if contract.read_only else [signed_in]
    return [{"session": []}] if contract.signed_in else [{}, {"session": []}]


class _Schemas:
    """Every model the document names, as components, in the mode it is used in."""

    def __init__(self, uses: list[tuple[type[BaseModel], JsonSchemaMode]]) -> None:
        self.refs, top = models_json_schema(uses, ref_template="#/components/schemas/{model}")
        self.components: dict[str, Any] = top.get("$defs", {})

    def ref(self, model: type[BaseModel], mode: JsonSchemaMode) -> dict[str, Any]:
        return dict(self.refs[(model, mode)])


def _returned_model(returns: Any) -> type[BaseModel] | None:
    if get_origin(returns) is list:
        (returns,) = get_args(returns)
    return returns if isinstance(returns, type) and issubclass(returns, BaseModel) else None


def _json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation(
    path: str, method: str, name: str, tag: str, contract: Operation, schemas: _Schemas
) -> dict[str, Any]:
    document: dict[str, Any] = {"operationId": name, "summary": contract.summary, "tags": [tag]}
    if contract.description:
        document["description"] = contract.description
    parameters = [
        {
            "name": match[1],
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}
            if match[2] == "int"
            else {"type": "string"},
        }
        for match in _PATH_PARAMETER.finditer(path)
    ]
    if contract.query is not None:
        query = contract.query.model_json_schema()
        parameters += [
            {
                "name": field,
                "in": "query",
                "required": field in query.get("required", ()),
                "schema": schema,
            }
            for field, schema in query["properties"].items()
        ]
    if parameters:
        document["parameters"] = parameters
    if contract.body is not None:
        document["requestBody"] = {
            "required": True,
            "content": _json_content(schemas.ref(contract.body, "validation")),
        }
    success: dict[str, Any] = {"description": HTTPStatus(contract.status).phrase}
    if (model := _returned_model(contract.returns)) is not None:
        schema = schemas.ref(model, "serialization")
        if get_origin(contract.returns) is list:
            schema = {"type": "array", "items": schema}
        success["content"] = _json_content(schema)
    responses = {str(contract.status): success}
    error = schemas.ref(ErrorBody, "serialization")
    for status in sorted(_error_statuses(path, method, contract)):
        responses[str(status)] = {
            "description": HTTPStatus(status).phrase,
            "content": _json_content(error),
        }
    if "429" in responses:
        responses["429"]["headers"] = {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
        }
    document["responses"] = responses
    document["security"] = _security(path, method, contract)
    return document


def build_document(app: Sanic[Any, Any], *, title: str, description: str) -> dict[str, Any]:
    """The document for every `@operation` route of `app` (call once routes are final)."""
    found: list[tuple[str, str, str, str, Operation]] = []
    for route in app.router.routes:
        contract = contract_of(route.handler)
        if contract is None:
            continue
        path = "/" + route.path
        tag = route.name.split(".")[1] if "." in route.name else "api"
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            found.append((path, method, route.handler.__name__, tag, contract))
    uses: list[tuple[type[BaseModel], JsonSchemaMode]] = [(ErrorBody, "serialization")]
    for *_, contract in found:
        if contract.body is not None:
            uses.append((contract.body, "validation"))
        if (model := _returned_model(contract.returns)) is not None:
            uses.append((model, "serialization"))
    schemas = _Schemas(list(dict.fromkeys(uses)))
    paths: dict[str, dict[str, Any]] = {}
    names: set[str] = set()
    for path, method, name, tag, contract in sorted(found, key=lambda item: item[:2]):
        if name in names:
            raise RuntimeError(f"two API routes are named {name}: operation ids must be unique")
        names.add(name)
        openapi_path = _PATH_PARAMETER.sub(r"{\1}", path)
        paths.setdefault(openapi_path, {})[method.lower()] = _operation(
            path, method, name, tag, contract, schemas
        )
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1.0.0", "description": description},
        "paths": paths,
        "components": {"schemas": schemas.components, "securitySchemes": SECURITY_SCHEMES},
    }


def document_of(app: Sanic[Any, Any]) -> dict[str, Any]:
    """The app's document, built on first use (every route is added by then)."""
    document: dict[str, Any] | None = getattr(app.ctx, "openapi_document", None)
    if document is None:
        document = app.ctx.openapi_document = build_document(
            app, title=app.config.API_TITLE, description=app.config.API_DESCRIPTION
        )
    return document


@docs.get("/openapi.json")
async def openapi_document(request: Request) -> HTTPResponse:
    return json(document_of(request.app))


@docs.get("")
async def docs_index(request: Request) -> HTTPResponse:
    """Swagger UI over the document (see `api_docs.py`); clients read /docs/openapi.json."""
    return html(api_docs_page(request.app.config.API_TITLE))
