"""Reading input into shared models the same way everywhere (API, pages, CLI).

The first problem pydantic finds becomes one clear message, `field: what is wrong`,
raised as an `InvalidInputError` (422); a body that is not JSON at all, or nests
deeper than MAX_JSON_DEPTH (counted before parsing, so no parser recurses into
it), is a `MalformedRequestError` (400).
"""

import re
from itertools import accumulate
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InvalidInputError, MalformedRequestError

ModelT = TypeVar("ModelT", bound=BaseModel)

MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_BRACKETS = bytes(set(range(256)) - set(_DEPTH_STEP))


def json_depth(raw: bytes) -> int:
    """How deep `raw` nests, counted without parsing it (brackets outside strings)."""
    brackets = _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(accumulate(_DEPTH_STEP[byte] for byte in brackets), default=0)


def first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "body"
    return f"{where}: {error['msg'].removeprefix('Value error, ')}"


def validated(model: type[ModelT], data: object) -> ModelT:
    """`data` (a mapping of fields) as `model`, or an InvalidInputError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from exc


def validated_json(model: type[ModelT], body: bytes | None) -> ModelT:
    """A JSON document as `model`: 400 when it is no JSON or too deep, 422 when it does not fit."""
    raw = body or b""
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise MalformedRequestError(f"the body nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        # Strictly: a body carries the document's JSON types, not what lax mode would
        # coerce ("0" for false, "12" for 12). Pages' form values are read laxly (`validated`).
        return model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] == "json_invalid":  # parsed once: pydantic says when it is no JSON
            reason = error["msg"].removeprefix("Invalid JSON: ")
            raise MalformedRequestError(f"the body is not valid JSON: {reason}") from exc
        raise InvalidInputError(first_error(exc)) from exc
