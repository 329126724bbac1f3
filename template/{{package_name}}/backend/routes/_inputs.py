"""Reading a request's input the same way in every route module.

A body that is not JSON is one clear 400; JSON that does not fit the model (a wrong
type, a missing or unknown field) one clear 422.
"""

import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sanic import Request

from ...errors import InvalidInputError, MalformedRequestError

ModelT = TypeVar("ModelT", bound=BaseModel)


def page(request: Request) -> tuple[int, int]:
    """`limit` and `offset` from the query string."""
    try:
        limit = int(request.args.get("limit", 50))
        offset = int(request.args.get("offset", 0))
    except ValueError as exc:
        raise InvalidInputError("limit and offset must be whole numbers") from exc
    if not 1 <= limit <= 500 or offset < 0:
        raise InvalidInputError("limit must be 1..500 and offset 0 or more")
    return limit, offset


def parse(model: type[ModelT], request: Request) -> ModelT:
    """The JSON body as `model`; the first problem becomes the 400's or 422's message."""
    try:
        json.loads(request.body or b"")
    except ValueError as exc:
        raise MalformedRequestError(f"the body is not valid JSON: {exc}") from exc
    try:
        return model.model_validate_json(request.body)
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from exc


def first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "body"
    return f"{where}: {error['msg']}"
