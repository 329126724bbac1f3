"""Input types that keep every value within what the database stores.

Each type's JSON schema says the same as its validator, so a client generated from
the OpenAPI document, and a fuzzer reading it, know the rules the server applies.
"""

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
)
from pydantic.json_schema import WithJsonSchema

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


def never_null(schema: dict[str, Any]) -> None:
    """`json_schema_extra` of an optional field that is left out, never sent as null
    (a patch's field whose column holds no null): its schema without the null branch."""
    branches = [branch for branch in schema.pop("anyOf", []) if branch.get("type") != "null"]
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = branches
    schema.pop("default", None)  # not null either: left out, the value is kept


def _whole(value: object) -> object:
    # JSON Schema counts 3.0 as an integer; bodies are read strictly (no "3", no true).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# What a 32-bit integer column holds (the bounds first: so the schema states them).
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1), BeforeValidator(_whole)]

# What a 32-bit float column holds (a pgvector item): a number, not a boolean, finite,
# and small enough not to overflow (PostgreSQL refuses 1e39 there).
FLOAT32_LIMIT = 3.4e38
Float32 = Annotated[
    float, Strict(), Field(ge=-FLOAT32_LIMIT, le=FLOAT32_LIMIT, allow_inf_nan=False)
]

# A decimal column of add-table's (18 digits, 4 after the point), written as a string in
# JSON: a JSON number may pass through a binary float on the way, and its schema could
# not say "at most 4 decimal places" in a way every client and fuzzer reads alike.
_DECIMAL_PATTERN = "^-?[0-9]{1,14}([.][0-9]{1,4})?$"


def _decimal(value: object) -> Decimal:
    # A Decimal comes from Python code (tests, managers); JSON brings only strings.
    text = format(value, "f") if isinstance(value, Decimal) else value
    if not isinstance(text, str) or not re.fullmatch(_DECIMAL_PATTERN, text):
        raise ValueError(
            "must be a decimal number written as a string, up to 14 digits before the point"
            ' and 4 after it, e.g. "12.50"'
        )
    return Decimal(text)


DecimalString = Annotated[
    Decimal,
    BeforeValidator(_decimal),
    WithJsonSchema({"type": "string", "pattern": _DECIMAL_PATTERN}, mode="validation"),
]


class Page(BaseModel):
    """Which slice of a list: `limit` rows after the first `offset`."""

    model_config = ConfigDict(extra="ignore")

    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=MAX_ID)


class ErrorBody(BaseModel):
    """Every error the API answers: a message fit to show a user."""

    error: str
