"""Input types that keep every value within what the database stores.

Each type's JSON schema says the same as its validator, so a client generated from
the OpenAPI document, and a fuzzer reading it, know the rules the server applies.
"""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from email.headerregistry import Address
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
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
# An address goes into a mail header, so it is what Python's email package writes:
# the local part is an RFC 5322 dot-atom in ASCII (no "?", so no "=?" encoded word);
# the domain's labels may be any letters, but no spaces, controls or header specials.
_LOCAL_ATOM = "[A-Za-z0-9!#$%&'*+/=^_`{|}~-]+"
_DOMAIN_LABEL = f'[^@.{_SPACES}\\u0000-\\u001f\\u007f-\\u009f()<>\\[\\]:;\\\\,"?]+'
_EMAIL_PATTERN = f"^{_LOCAL_ATOM}(\\.{_LOCAL_ATOM})*@{_DOMAIN_LABEL}(\\.{_DOMAIN_LABEL})+$"
# NUMERIC(18, 4): up to 14 digits before the point and 4 after.
_DECIMAL_PATTERN = "^-?[0-9]{1,14}(\\.[0-9]{1,4})?$"
_DECIMAL_WHOLE_MAX = 10**14 - 1
# A moment must stay within years 1 to 9999 once in UTC: on the first day no offset east
# of UTC, on the last none west (the value's date is what its text says, before its zone).
_FIRST_DAY, _LAST_DAY = date(1, 1, 1), date(9999, 12, 31)
_IN_UTC_RANGE_PATTERN = "^(?!0001-01-01.*\\+(?!00(:?00)?$)|9999-12-31.*-(?!00(:?00)?$))"


def _storable(value: str) -> str:
    if _UNSTORABLE.search(value):
        raise ValueError("must not contain NUL (\\u0000) or unpaired surrogate characters")
    return value


def _non_blank(value: str) -> str:
    if not re.fullmatch(_NON_BLANK_PATTERN, _storable(value)):
        raise ValueError("must not be blank")
    return value.strip(_SPACE_CHARACTERS)


def _fixed_decimal(value: object) -> object:
    # A JSON fraction is a float, already rounded in binary: decimals travel as strings.
    # A whole float (`12.0`) is an integer to JSON Schema, so it is one here too.
    if isinstance(value, float) and value.is_integer() and abs(value) <= _DECIMAL_WHOLE_MAX:
        return Decimal(int(value))
    if isinstance(value, bool | float) or (
        isinstance(value, str) and not re.fullmatch(_DECIMAL_PATTERN, value)
    ):
        raise ValueError(
            "must be a decimal string with up to 14 digits before the point and 4 after"
        )
    # Made here, so that strict JSON reading (which takes only Decimal) accepts it.
    return Decimal(value) if isinstance(value, str | int) else value


def _whole_number(value: object) -> object:
    # JSON Schema counts `12.0` as an integer; JSON bodies are read strictly, so say so here.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _to_utc(value: datetime) -> datetime:
    offset = value.utcoffset() or timedelta()
    day = value.date()
    if (day == _FIRST_DAY and offset > timedelta()) or (day == _LAST_DAY and offset < timedelta()):
        raise ValueError(
            "must be within years 1 to 9999 in UTC: no offset east of UTC on 0001-01-01,"
            " none west of it on 9999-12-31"
        )
    return value.astimezone(UTC)


def _email(value: str) -> str:
    if not re.fullmatch(_EMAIL_PATTERN, _storable(value)):
        raise ValueError("not an email address")
    try:  # the pattern should make this a formality; a mail header is where it must hold
        Address(addr_spec=value)
    except (ValueError, IndexError, AttributeError) as exc:
        raise ValueError("not an email address") from exc
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
# A fixed-point number (add-table's `decimal`): a string such as "12.3400", or a whole
# number. Written back as a string, so nothing is lost to a float on either side.
FixedDecimal = Annotated[
    Decimal,
    BeforeValidator(_fixed_decimal),
    Field(max_digits=18, decimal_places=4),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": _DECIMAL_PATTERN},
                {"type": "integer", "minimum": -_DECIMAL_WHOLE_MAX, "maximum": _DECIMAL_WHOLE_MAX},
            ]
        }
    ),
]
# A moment, with its zone (SQLite stores none), kept in UTC.
UtcDatetime = Annotated[
    AwareDatetime,
    AfterValidator(_to_utc),
    Field(json_schema_extra={"pattern": _IN_UTC_RANGE_PATTERN}),
]
# A vector's number: pgvector stores finite 32-bit floats, and a larger one is an error
# there (a 500), so it is refused here.
FLOAT32_MAX = 3.4028234663852886e38
Float32 = Annotated[float, Field(ge=-FLOAT32_MAX, le=FLOAT32_MAX, allow_inf_nan=False)]
# What a 32-bit integer column holds.
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1), BeforeValidator(_whole_number)]
# The id of a row (path parameters, references).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# How many rows a query asks for (add-table's nearest routes). Its bounds sit before the
# whole-number check: after it, pydantic leaves them out of the schema.
RowCount = Annotated[int, Field(ge=1, le=100), BeforeValidator(_whole_number)]


def never_null(*fields: str) -> Callable[[dict[str, Any]], None]:
    """A patch model's `json_schema_extra`: `fields` may be left out, never sent as null.

    The fields are typed `X | None` so that leaving them out is possible; their
    validator refuses null, and so must the document.
    """

    def without_null(schema: dict[str, Any]) -> None:
        for name in fields:
            field = schema["properties"][name]
            field.pop("default", None)
            options = [option for option in field.pop("anyOf", []) if option != {"type": "null"}]
            if len(options) == 1:
                field.update(options[0])
            elif options:
                field["anyOf"] = options

    return without_null


class Page(BaseModel):
    """Which slice of a list: `limit` rows after the first `offset`."""

    model_config = ConfigDict(extra="ignore")

    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=MAX_ID)


class ErrorBody(BaseModel):
    """Every error the API answers: a message fit to show a user."""

    error: str
