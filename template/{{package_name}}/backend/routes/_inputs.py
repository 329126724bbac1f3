"""Reading a request's input the same way in every route module.

The body goes through `shared_models.validation` (too deep or no JSON: 400; not
fitting the model: 422 naming the field). Ids and paging stay within what the
columns hold (`shared_models.inputs`): a path id beyond them names no row (404),
a page beyond them is a 422.
"""

from typing import TypeVar

from pydantic import BaseModel
from sanic import Request

from ...errors import NotFoundError
from ...shared_models.inputs import MAX_ID, Page
from ...shared_models.validation import validated, validated_json

ModelT = TypeVar("ModelT", bound=BaseModel)


def query(model: type[ModelT], request: Request) -> ModelT:
    """The query string as `model` (`?offset=` is no number: 422)."""
    given = request.get_args(keep_blank_values=True)
    return validated(model, {name: given.get(name) for name in given})


def page(request: Request) -> tuple[int, int]:
    """`limit` and `offset` from the query string."""
    chosen = query(Page, request)
    return chosen.limit, chosen.offset


def row_id(value: int, what: str) -> int:
    """A path id: one outside the column's range names no row (404)."""
    if not 1 <= value <= MAX_ID:
        raise NotFoundError(f"{what} {value} does not exist")
    return value


def parse(model: type[ModelT], request: Request) -> ModelT:
    """The JSON body as `model`; the first problem becomes the 400's or 422's message."""
    return validated_json(model, request.body)
