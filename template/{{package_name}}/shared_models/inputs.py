"""Input types that keep every value within what the database stores.

Each type's JSON schema says the same as its validator, so a client generated from
the OpenAPI document, and a fuzzer reading it, know the rules the server applies.
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
)

# A column `id` is a 32-bit serial: a larger number names no row.
MAX_ID = 2**31 - 1
# PostgreSQL refuses the NUL character in text, and UTF-8 cannot carry a lone surrogate.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Spaces spelled out, not `\s`: regex engines (Python's, JavaScript's, Rust's) disagree
# on what `\s` covers, and a client's checks must say what ours say.
_SPACES = (
    "\\u0009-\\u000d\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
_SPACE_CHARACTERS = "".join(
    chr(code) for code in range(0x10000) if re.fullmatch(f"[{_SPACES}]", chr(code))
)
# Patterns as JSON Schema reads them; `re.fullmatch` gives Python the same meaning.
_STORABLE_PATTERN = "^[^\\u0000]*$"
_NON_BLANK_PATTERN = f"^[^\\u0000]*[^\\u0000{_SPACES}][^\\u0000]*$"
# No spaces or control characters: an address goes into mail headers.
_EMAIL_PART = f"[^@{_SPACES}\\u0000-\\u001f\\u007f-\\u009f]+"
_EMAIL_PATTERN = f"^{_EMAIL_PART}@{_EMAIL_PART}\\.{_EMAIL_PART}$"


def _storable(value: str) -> str:
    if _UNSTORABLE.search(value):
        raise ValueError("must not contain NUL (\\u0000) or unpaired surrogate characters")
    return value


def _non_blank(value: str) -> str:
    if not re.fullmatch(_NON_BLANK_PATTERN, _storable(value)):
        raise ValueError("must not be blank")
    return value.strip(_SPACE_CHARACTERS)


def _email(value: str) -> str:
    if not re.fullmatch(_EMAIL_PATTERN, _storable(value)):
        raise ValueError("not an email address")
    return value.lower()


# Free text (a note's body): anything but the characters PostgreSQL refuses.
Text = Annotated[
    str, AfterValidator(_storable), Field(json_schema_extra={"pattern": _STORABLE_PATTERN})
]
# A title or a name: Text with something besides spaces, kept without the outer spaces.
Line = Annotated[
    str, AfterValidator(_non_blank), Field(json_schema_extra={"pattern": _NON_BLANK_PATTERN})
]
# An email address, kept in lower case.
Email = Annotated[
    str,
    Field(min_length=3, max_length=254, json_schema_extra={"pattern": _EMAIL_PATTERN}),
    AfterValidator(_email),
]
# The id of a row (path parameters, references).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# --- the types of add-table's fields -------------------------------------------------
# A JSON body is read in pydantic's lax mode, which would also take `true` for a number,
# "12" for an integer or a number for a date: each type below takes, from JSON, only
# what its schema names (a page, validating Python values, may still give text).
# Constraints come before the check: after it, pydantic leaves them out of the schema.


def _from_json(*kinds: type, name: str) -> BeforeValidator:
    def check(value: object, info: ValidationInfo) -> object:
        if info.mode == "json" and (isinstance(value, bool) or not isinstance(value, kinds)):
            raise ValueError(f"must be {name}")
        return value

    return BeforeValidator(check)


_NUMBER = _from_json(int, float, name="a number")
_STRING = _from_json(str, name="a string")

# A 32-bit integer column.
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1), _NUMBER]
# A double precision column (finite: JSON has no infinity).
Float64 = Annotated[float, Field(allow_inf_nan=False), _NUMBER]
# A number of a pgvector vector, stored as a 32-bit float: beyond its range it is refused.
FLOAT32_MAX = 3.4e38
Float32 = Annotated[float, Field(ge=-FLOAT32_MAX, le=FLOAT32_MAX, allow_inf_nan=False), _NUMBER]
Bool = Annotated[bool, Field(strict=True)]
DateOnly = Annotated[date, _STRING]
Uuid = Annotated[UUID, _STRING]


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is a moment before year 1 in UTC
        raise ValueError("is out of range in UTC") from None


# A moment with its zone, kept in UTC (SQLite stores no zone).
UtcDatetime = Annotated[AwareDatetime, _STRING, AfterValidator(_to_utc)]

# NUMERIC(18, 4): 14 digits before the point, 4 after.
_DECIMAL_PATTERN = r"^[+-]?[0-9]{1,14}(\.[0-9]{1,4})?$"
_MAX_WHOLE = 10**14 - 1


def _decimal_text(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("must be a decimal number, not true or false")
    if isinstance(value, float):
        # A JSON number with a fraction is a binary float: 0.1 + 0.2 has 17 decimals.
        if not value.is_integer():
            raise ValueError('send a decimal with a fraction as a string, such as "12.34"')
        return int(value)  # 12.0 is JSON's integer 12
    if isinstance(value, str) and not re.fullmatch(_DECIMAL_PATTERN, value):
        raise ValueError("not a decimal of up to 14 digits before the point and 4 after")
    return value


Decimal18x4 = Annotated[
    Decimal,
    BeforeValidator(_decimal_text),
    Field(max_digits=18, decimal_places=4),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": _DECIMAL_PATTERN},
                {"type": "integer", "minimum": -_MAX_WHOLE, "maximum": _MAX_WHOLE},
            ]
        },
        mode="validation",
    ),
]


def left_out(schema: dict[str, Any]) -> None:
    """`json_schema_extra` of a patch's field that may be left out but not be null: its
    default (None, meaning "left out") is no value a client may send."""
    schema.pop("default", None)


class Page(BaseModel):
    """Which slice of a list: `limit` rows after the first `offset`."""

    model_config = ConfigDict(extra="ignore")

    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=MAX_ID)


class ErrorBody(BaseModel):
    """Every error the API answers: a message fit to show a user."""

    error: str
