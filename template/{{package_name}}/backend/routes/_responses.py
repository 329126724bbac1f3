"""JSON responses serialised by pydantic (faster than dumping dicts)."""

from typing import Any

from pydantic import BaseModel, TypeAdapter
from sanic.response import HTTPResponse

_adapters: dict[Any, TypeAdapter[Any]] = {}


def model_json(value: BaseModel | list[Any], *, status: int = 200) -> HTTPResponse:
    if isinstance(value, BaseModel):
        body = value.model_dump_json().encode()
    else:
        item_type = type(value[0]) if value else BaseModel
        adapter = _adapters.get(item_type)
        if adapter is None:
            adapter = _adapters[item_type] = TypeAdapter(list[item_type])  # type: ignore[valid-type]
        body = adapter.dump_json(value)
    return HTTPResponse(body, status=status, content_type="application/json")
