"""JSON responses, encoded once per response.

A model whose fields are all ints, strings, booleans, datetimes (or None) and which
customises nothing about its JSON is encoded from its `__dict__` by msgspec: the same
bytes as pydantic's `model_dump_json` (tests/unit/test_responses.py compares them), in
about a third of the time (a page of 50 notes: ~20 us against ~70 us). Any other model
(nested models, decimals, aliases, serializers...) is encoded by pydantic.
"""

from datetime import datetime
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin

import msgspec
from pydantic import BaseModel, PlainSerializer, TypeAdapter, WrapSerializer
from sanic.response import HTTPResponse

_PLAIN_TYPES = frozenset({int, str, bool, datetime, NoneType})
_encode = msgspec.json.Encoder().encode  # its datetimes: RFC 3339, UTC as "Z", as pydantic's
_adapters: dict[type[Any], TypeAdapter[list[Any]]] = {}
_plain_models: dict[type[Any], bool] = {}


def model_json(value: BaseModel | list[Any], *, status: int = 200) -> HTTPResponse:
    return HTTPResponse(_json(value), status=status, content_type="application/json")


def _json(value: BaseModel | list[Any]) -> bytes:
    if isinstance(value, BaseModel):
        if _is_plain(type(value)):
            return _encode(value.__dict__)
        return value.model_dump_json().encode()
    if not value:
        return b"[]"
    item_type = type(value[0])
    if _is_plain(item_type) and all(type(item) is item_type for item in value):
        return _encode([item.__dict__ for item in value])
    return _list_adapter(item_type).dump_json(value)


def _list_adapter(item_type: type[Any]) -> TypeAdapter[list[Any]]:
    adapter = _adapters.get(item_type)
    if adapter is None:
        adapter = _adapters[item_type] = TypeAdapter(list[item_type])  # type: ignore[valid-type]
    return adapter


def _is_plain(model: type[Any]) -> bool:
    """Whether `model`'s JSON is its `__dict__` as msgspec encodes it (decided once)."""
    plain = _plain_models.get(model)
    if plain is None:
        plain = _plain_models[model] = issubclass(model, BaseModel) and _has_plain_fields(model)
    return plain


def _has_plain_fields(model: type[BaseModel]) -> bool:
    config = model.model_config
    decorators = model.__pydantic_decorators__
    if (
        config.get("extra") == "allow"  # extras live outside __dict__
        or config.get("alias_generator") is not None
        or decorators.field_serializers
        or decorators.model_serializers
        or model.model_computed_fields
    ):
        return False
    return all(
        field.alias is None
        and field.serialization_alias is None
        and not field.exclude
        and not any(isinstance(m, PlainSerializer | WrapSerializer) for m in field.metadata)
        and _plain_type(field.annotation)
        for field in model.model_fields.values()
    )


def _plain_type(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, UnionType):
        return all(_plain_type(member) for member in get_args(annotation))
    return annotation in _PLAIN_TYPES
