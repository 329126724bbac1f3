"""What a person reads when input is refused: sentences, not field names.

`password: String should have at least 8 characters` reads "Password must be at least 8
characters." The API keeps its terse `field: problem` details for programs; pages (and the
log-in and sign-up form posts, which answer pages) show these.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

LABELS = {
    "email": "Email",
    "password": "Password",
    "current_password": "Current password",
    "new_password": "New password",
    "token": "This link",
    "body": "Body",
    "title": "Title",
    "secret": "Secret",
    "search": "Search",
}

_TOO_SHORT = re.compile(r"String should have at least (\d+) characters?")
_TOO_LONG = re.compile(r"String should have at most (\d+) characters?")
_PREFIX = re.compile(r"^([a-z_][a-z0-9_.]*): (.+)$", re.DOTALL)


def label(field: str) -> str:
    return LABELS.get(field) or field.replace("_", " ").capitalize()


def as_sentence(text: str) -> str:
    """A capital first letter and a full stop."""
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _field_of(error: Mapping[str, Any]) -> str:  # pydantic's ErrorDetails
    names = [str(part) for part in error["loc"] if isinstance(part, str)]
    return names[-1] if names else ""


def _about(field: str, kind: str, message: str, ctx: dict[str, object]) -> str:
    name = label(field) if field else "This value"
    if kind == "string_too_short" or (kind == "too_short" and "min_length" in ctx):
        least = ctx.get("min_length", 1)
        if least == 1:
            return f"{name} is required."
        return f"{name} must be at least {least} characters."
    if kind in ("string_too_long", "too_long"):
        return f"{name} must be at most {ctx.get('max_length')} characters."
    if kind == "missing":
        return f"{name} is required."
    if kind == "int_parsing" or kind == "int_from_float":
        return f"{name} must be a whole number."
    if kind in ("float_parsing", "decimal_parsing", "finite_number"):
        return f"{name} must be a number."
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name} must be at least {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"{name} must be at most {ctx.get('le', ctx.get('lt'))}."
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return f"{name} must be a date."
    if kind in ("datetime_parsing", "datetime_from_date_parsing", "datetime_type"):
        return f"{name} must be a date and time."
    if kind in ("uuid_parsing", "uuid_type"):
        return f"{name} must be a UUID such as 123e4567-e89b-12d3-a456-426614174000."
    if kind in ("json_invalid", "json_type"):
        return f"{name} must be valid JSON."
    if kind in ("bool_parsing", "bool_type"):
        return f"{name} must be yes or no."
    if kind == "decimal_max_places":
        return f"{name} has too many decimal places."
    if kind == "value_error":
        problem = str(ctx.get("error", message))
        if problem == "not an email address":
            return "Enter a valid email address."
        if problem.startswith("must "):  # shared_models.inputs' own checks
            return as_sentence(f"{name} {problem}")
        return as_sentence(f"{name}: {problem}")
    return as_sentence(f"{name}: {message[0].lower() + message[1:] if message else kind}")


def field_problems(exc: ValidationError) -> dict[str, str]:
    """The first problem of each field, as a sentence, keyed by field name."""
    problems: dict[str, str] = {}
    for error in exc.errors():
        field = _field_of(error)
        ctx = dict(error.get("ctx") or {})
        problems.setdefault(field, _about(field, error["type"], error["msg"], ctx))
    return problems


def first_problem(exc: ValidationError) -> tuple[str, str]:
    """The field and the sentence of the first problem."""
    return next(iter(field_problems(exc).items()))


def from_detail(detail: str) -> tuple[str, str]:
    """An error's `field: problem` detail as (field, sentence); field "" when none is named."""
    match = _PREFIX.match(detail.strip())
    if not match:
        return "", as_sentence(detail)
    field, problem = match.group(1).rsplit(".", 1)[-1], match.group(2)
    for pattern, kind in ((_TOO_SHORT, "string_too_short"), (_TOO_LONG, "string_too_long")):
        if found := pattern.fullmatch(problem):
            bound = int(found.group(1))
            key = "min_length" if kind == "string_too_short" else "max_length"
            return field, _about(field, kind, problem, {key: bound})
    if problem == "not an email address":
        return field, "Enter a valid email address."
    if problem.startswith("must "):
        return field, as_sentence(f"{label(field)} {problem}")
    if field == "token":
        return field, as_sentence(problem.replace("this link", "This link", 1))
    return field, as_sentence(problem)


def sentence(detail: str) -> str:
    """An error's detail as one sentence (the field it names dropped)."""
    return from_detail(detail)[1]


def join(sentences: Iterable[str]) -> str:
    return " ".join(s for s in sentences if s)
