"""Reading a request's input the same way in every route module.

A body that is not JSON, or nests deeper than MAX_JSON_DEPTH, is one clear 400;
JSON that does not fit the model (a wrong type, a missing or unknown field, text
the database cannot store) one clear 422 naming the field. Ids and paging stay
within what the columns hold (see `shared_models.inputs`).
"""

import re
from itertools import accumulate
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import from_json
from sanic import Request

from ...errors import InvalidInputError, MalformedRequestError, NotFoundError
from ...shared_models import MAX_ID, Page

ModelT = TypeVar("ModelT", bound=BaseModel)

MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_BRACKETS = bytes(set(range(256)) - set(_DEPTH_STEP))


def json_depth(raw: bytes) -> int:
    """How deep `raw` nests, counted without parsing it (brackets outside strings)."""
    brackets = _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(accumulate(_DEPTH_STEP[byte] for byte in brackets), default=0)


def check_json(raw: bytes) -> None:
    """Raise a 400 for a body that is not JSON or nests too deep to parse safely."""
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise MalformedRequestError(f"the body nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        from_json(raw)
    except ValueError as exc:
        raise MalformedRequestError(f"the body is not valid JSON: {exc}") from exc


def page(request: Request) -> tuple[int, int]:
    """`limit` and `offset` from the query string (`?offset=` is no number: 422)."""
    given = request.get_args(keep_blank_values=True)
    try:
        chosen = Page.model_validate({name: given.get(name) for name in given})
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from exc
    return chosen.limit, chosen.offset


def row_id(value: int, what: str) -> int:
    """A path id: one outside the column's range names no row (404)."""
    if not 1 <= value <= MAX_ID:
        raise NotFoundError(f"{what} {value} does not exist")
    return value


def parse(model: type[ModelT], request: Request) -> ModelT:
    """The JSON body as `model`; the first problem becomes the 400's or 422's message."""
    body = request.body or b""
    check_json(body)
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from exc


def first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "body"
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}"
