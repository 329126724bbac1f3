"""What to generate: a table name, its fields and its layers, checked before anything is written.

Every mistake is an `AddTableError` whose message is one line saying what is
wrong and what is allowed.
"""

import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

LAYERS = ("sql", "shared", "munger", "repository", "manager", "routes", "tests")
# A layer imports the ones it needs, so a subset must include them.
NEEDS: dict[str, tuple[str, ...]] = {
    "munger": ("sql", "shared"),
    "repository": ("sql",),
    "manager": ("repository", "munger"),
    "routes": ("manager",),
}
TYPES = ("str", "text", "int", "float", "bool", "decimal", "date", "datetime", "uuid", "json")
OPTIONS = ("sensitive", "nullable", "unique", "index")
RESERVED_COLUMNS = ("id", "owner", "created_at")
MAX_TABLE_NAME = 28  # keeps index names (ix_<table>_<field>) within PostgreSQL's 63 characters
MAX_FIELD_NAME = 30
MAX_VECTOR_SIZE = 16_000  # pgvector's limit for a stored vector

_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_VECTOR = re.compile(r"vector\((.*)\)")

# Reserved in PostgreSQL (and most of them in the SQL standard and SQLite), plus
# statement words that make a table or column awkward to use in hand-written SQL.
SQL_RESERVED = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization binary both case cast
    check collate collation column concurrently constraint create cross current_catalog
    current_date current_role current_schema current_time current_timestamp current_user
    default deferrable desc distinct do else end except false fetch for foreign freeze from
    full grant group having ilike in initially inner intersect into is isnull join lateral
    leading left like limit localtime localtimestamp natural not notnull null offset on only
    or order outer overlaps placing primary references returning right select session_user
    similar some symmetric system_user table tablesample then to trailing true union unique
    user using variadic verbose when where window with
    add alter begin between by commit database delete drop exists index insert key rollback
    schema set transaction trigger update values view
    """.split()  # noqa: SIM905 (a word list reads best as text)
)

# Names the generated modules use in class bodies and signatures: a field with one
# of these names would shadow it.
SHADOWING = frozenset(
    {"bool", "cls", "date", "datetime", "dict", "float", "int", "list", "self", "str"}
    | {"utc_now", "field_validator", "classmethod", "vector"}
)


class AddTableError(Exception):
    """A one-line message saying what is wrong and what is allowed; nothing was written."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str  # one of TYPES, or "vector"
    size: int | None = None  # vector dimensions
    sensitive: bool = False
    nullable: bool = False
    unique: bool = False
    index: bool = False

    @property
    def label(self) -> str:
        return f"vector({self.size})" if self.type == "vector" else self.type

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(option for option in OPTIONS if getattr(self, option))


@dataclass(frozen=True)
class TableSpec:
    name: str
    fields: tuple[FieldSpec, ...]
    layers: frozenset[str]
    scoped: bool = True
    """Rows belong to the signed-in user (False: one shared owner, `--unscoped`)."""
    page: bool = True
    """Write a page for the table, its nav entry and its browser test (`--no-page`: not)."""
    history: bool = False
    """Record every insert, update and delete of a row (`--history`): who, when, what."""

    @property
    def has_page(self) -> bool:
        """A page needs the shared models and the manager it shows."""
        return self.page and {"shared", "manager"} <= self.layers

    @property
    def class_name(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("_"))

    @property
    def human(self) -> str:
        """`invoice line`: how messages and docstrings name one row."""
        return self.name.replace("_", " ")

    @property
    def plural(self) -> str:
        """`invoice_lines`: the route module and blueprint."""
        return plural(self.name)

    @property
    def url(self) -> str:
        """`invoice-lines`: under /api."""
        return self.plural.replace("_", "-")


def check_history(spec: TableSpec) -> TableSpec:
    """`--history` is recorded by the manager and read through it."""
    if spec.history and "manager" not in spec.layers:
        raise AddTableError(
            "--history needs the manager layer (the manager records each write): add"
            " manager to --layers (or leave --layers out for all)"
        )
    return spec


def plural(name: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", name):
        return name + "es"
    if re.search(r"[^aeiou]y$", name):
        return name[:-1] + "ies"
    return name + "s"


def check_name(name: str, what: str, max_length: int) -> str:
    """A lowercase snake_case identifier that is neither a Python keyword nor an SQL word."""
    if not _NAME.fullmatch(name):
        raise AddTableError(
            f"{what} {name!r} is not valid: use lowercase letters, digits and single"
            " underscores, starting with a letter (e.g. invoice_line)"
        )
    if len(name) > max_length:
        raise AddTableError(f"{what} {name!r} is too long: at most {max_length} characters")
    if keyword.iskeyword(name):
        raise AddTableError(f"{what} {name!r} is a Python keyword: pick another name")
    if name in SQL_RESERVED:
        raise AddTableError(
            f"{what} {name!r} is an SQL reserved word: pick another name (e.g. {name}_entry)"
        )
    return name


@cache
def _model_attributes() -> frozenset[str]:
    """Attributes of pydantic's and SQLModel's models: a field must not shadow them."""
    from pydantic import BaseModel
    from sqlmodel import SQLModel

    return frozenset(dir(BaseModel)) | frozenset(dir(SQLModel))


def check_field_name(name: str) -> str:
    check_name(name, "field name", MAX_FIELD_NAME)
    if name in RESERVED_COLUMNS:
        raise AddTableError(
            f"field name {name!r} is reserved: every table has {', '.join(RESERVED_COLUMNS)}"
        )
    if name.startswith("model_") or name in _model_attributes():
        raise AddTableError(
            f"field name {name!r} would shadow an attribute of pydantic's and SQLModel's"
            " models: pick another name"
        )
    if name in SHADOWING:
        raise AddTableError(
            f"field name {name!r} would shadow a name the generated code uses:"
            f" pick another (e.g. {name}_value)"
        )
    return name


def parse_type(text: str, field_name: str, *, has_pgvector: bool) -> tuple[str, int | None]:
    text = text.strip().lower()
    if text in TYPES:
        return text, None
    match = _VECTOR.fullmatch(text.replace(" ", ""))
    if match is None:
        raise AddTableError(
            f"field {field_name!r}: unknown type {text!r}: use one of {', '.join(TYPES)}, vector(N)"
        )
    if not has_pgvector:
        raise AddTableError(
            f"field {field_name!r}: vector fields need pgvector, which this project does not"
            " use (PostgreSQL projects rendered with use_pgvector have it)"
        )
    size = match.group(1)
    if not size.isdigit() or not 1 <= int(size) <= MAX_VECTOR_SIZE:
        raise AddTableError(
            f"field {field_name!r}: vector size {size!r} is not valid: use a whole number"
            f" from 1 to {MAX_VECTOR_SIZE} (e.g. vector(384))"
        )
    return "vector", int(size)


def make_field(
    name: str, type_text: str, options: Iterable[str], *, has_pgvector: bool
) -> FieldSpec:
    check_field_name(name)
    type_, size = parse_type(type_text, name, has_pgvector=has_pgvector)
    chosen: set[str] = set()
    for option in (option.strip().lower() for option in options):
        if option not in OPTIONS:
            raise AddTableError(
                f"field {name!r}: unknown option {option!r}: use {', '.join(OPTIONS)}"
            )
        if option in chosen:
            raise AddTableError(f"field {name!r}: option {option!r} is given twice")
        chosen.add(option)
    spec = FieldSpec(name, type_, size, **{option: True for option in chosen})
    _check_options(spec)
    return spec


def _check_options(spec: FieldSpec) -> None:
    where = f"field {spec.name!r}"
    if spec.sensitive and spec.type not in ("str", "text"):
        raise AddTableError(
            f"{where}: only str and text fields can be sensitive (they are stored encrypted)"
        )
    if spec.sensitive and (spec.unique or spec.index):
        raise AddTableError(
            f"{where}: a sensitive field is stored encrypted, so it cannot be unique or indexed"
        )
    if spec.type in ("json", "vector") and (spec.unique or spec.index):
        hint = (
            " (add an HNSW index in a migration for fast search)" if spec.type == "vector" else ""
        )
        raise AddTableError(f"{where}: {spec.type} fields cannot be unique or indexed{hint}")
    if spec.type == "json" and spec.nullable:
        raise AddTableError(f"{where}: a json field already holds null: drop nullable")
    if spec.type == "bool" and spec.unique:
        raise AddTableError(f"{where}: a unique bool allows only two rows per owner: drop unique")


def parse_field(text: str, *, has_pgvector: bool) -> FieldSpec:
    """`NAME:TYPE[:OPTION...]`, e.g. `memo:str:sensitive` or `embedding:vector(384)`."""
    parts = text.split(":")
    if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
        raise AddTableError(
            f"field {text!r} is not NAME:TYPE[:OPTION...] (e.g. amount:decimal or"
            " memo:str:sensitive)"
        )
    return make_field(parts[0].strip(), parts[1], parts[2:], has_pgvector=has_pgvector)


def parse_layers(text: str | None) -> frozenset[str]:
    if text is None or text.strip().lower() == "all":
        return frozenset(LAYERS)
    layers = [layer.strip().lower() for layer in text.split(",") if layer.strip()]
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown or not layers:
        raise AddTableError(
            f"unknown layer {(unknown or [text])[0]!r}: use a comma-separated subset of"
            f" {','.join(LAYERS)} (or all)"
        )
    chosen = frozenset(layers)
    for layer in LAYERS:
        missing = [need for need in NEEDS.get(layer, ()) if need not in chosen]
        if layer in chosen and missing:
            raise AddTableError(
                f"layer {layer!r} needs {' and '.join(map(repr, missing))}: add them to"
                " --layers (or leave --layers out for all)"
            )
    if chosen == {"tests"}:
        raise AddTableError("layer 'tests' tests other layers: add at least one of them")
    return chosen


# The methods the model gets per sensitive field (set_memo, get_memo, decrypt_memo).
VERBS = ("set", "get", "decrypt")


def check_fields(fields: Iterable[FieldSpec]) -> tuple[FieldSpec, ...]:
    fields = tuple(fields)
    if not fields:
        raise AddTableError("a table needs at least one field: give --field NAME:TYPE[:OPTION...]")
    seen: dict[str, str] = {}  # attribute name -> the field that makes it
    for spec in fields:
        if spec.name in {f.name for f in fields[: fields.index(spec)]}:
            raise AddTableError(f"field {spec.name!r} is given twice")
        made = [spec.name]
        if spec.sensitive:
            made = [f"{spec.name}_encrypted", *(f"{verb}_{spec.name}" for verb in VERBS)]
        for attribute in made:
            if attribute in seen or attribute == "has_encrypted_values":
                other = seen.get(attribute, "a sensitive field")
                raise AddTableError(
                    f"field {spec.name!r} clashes with {other!r}: both make {attribute!r}"
                )
            seen[attribute] = spec.name
    return fields
