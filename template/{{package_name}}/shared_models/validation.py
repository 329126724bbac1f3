"""Reading input into shared models the same way everywhere (API, pages, CLI).

The first problem pydantic finds becomes one clear message, `field: what is wrong`,
raised as an `InvalidInputError` (422); a body that is not JSON at all is a
`MalformedRequestError` (400).
"""

import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InvalidInputError, MalformedRequestError

ModelT = TypeVar("ModelT", bound=BaseModel)


def first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "body"
    return f"{where}: {error['msg']}"


def validated(model: type[ModelT], data: object) -> ModelT:
    """`data` (a mapping of fields) as `model`, or an InvalidInputError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from exc


def validated_json(model: type[ModelT], body: bytes | None) -> ModelT:
    """A JSON document as `model`: 400 when it is no JSON, 422 when it does not fit."""
    try:
        json.loads(body or b"")
    except ValueError as exc:
        raise MalformedRequestError(f"the body is not valid JSON: {exc}") from exc
    try:
        return model.model_validate_json(body or b"")
    except ValidationError as exc:
        raise InvalidInputError(first_error(exc)) from exc
