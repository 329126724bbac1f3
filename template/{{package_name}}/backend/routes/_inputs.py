"""Reading a request's input the same way in every route module.

A body that is not JSON is one clear 400; JSON that does not fit the model (a wrong
type, a missing or unknown field) one clear 422 (`shared_models.validation`).
"""

from typing import TypeVar

from pydantic import BaseModel
from sanic import Request

from ...errors import InvalidInputError
from ...shared_models.validation import validated_json

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
    return validated_json(model, request.body)
