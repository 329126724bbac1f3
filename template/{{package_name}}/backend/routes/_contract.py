"""What each JSON route promises: declared once beside the handler, read by `openapi.py`.

`@operation(...)` records the summary, the body and query models, the success answer
and the errors the route itself can give; the errors every route of its kind can
give (bad JSON, sign in first, missing CSRF token, database unavailable) are added
from the route's shape, so the document lists every status the API answers. It
also refuses a path id the column cannot hold (404) before the handler runs.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from pydantic import BaseModel
from sanic import Request
from sanic.response import HTTPResponse

from ._inputs import row_id

Handler = TypeVar("Handler", bound=Callable[..., Awaitable[HTTPResponse]])
CONTRACT_ATTRIBUTE = "__api_operation__"


@dataclass(frozen=True)
class Operation:
    summary: str
    status: int  # of a success
    returns: Any  # a model, list[model], or None for no body
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    errors: frozenset[int]
    signed_in: bool  # the route itself needs a user (reads; writes always do unless public)
    description: str | None
    read_only: bool  # a POST that changes nothing (a query too long for a URL), open to all


def operation(
    summary: str,
    *,
    status: int = 200,
    returns: Any = None,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    errors: tuple[int, ...] = (),
    signed_in: bool = False,
    description: str | None = None,
    read_only: bool = False,
) -> Callable[[Handler], Handler]:
    """Declare a JSON route's contract (see the module docstring)."""
    contract = Operation(
        summary, status, returns, body, query, frozenset(errors), signed_in, description, read_only
    )

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def checked(request: Request, **path: Any) -> HTTPResponse:
            for name, value in path.items():
                if isinstance(value, int):
                    row_id(value, name.removesuffix("_id"))
            return await handler(request, **path)

        setattr(checked, CONTRACT_ATTRIBUTE, contract)
        return checked  # type: ignore[return-value]

    return decorate


def contract_of(handler: object) -> Operation | None:
    found = getattr(handler, CONTRACT_ATTRIBUTE, None)
    return found if isinstance(found, Operation) else None
