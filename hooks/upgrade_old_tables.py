"""Copier migration: rewrite the tables the old add-table wrote (template commit 124db6c and
before) to the contracts of the layered layout.

    python hooks/upgrade_old_tables.py

The layers change gave every manager the acting user (`shared_models.actor.Actor`), made
authorization the managers' job (the middleware no longer refuses anonymous writes) and
removed `backend/ownership.py`. A table the old add-table wrote builds its manager from an
owner string (`Manager.for_owner(session, owner_of(request), keyring)`): after the update
it no longer imports. A shim keeping `owner_of` would make it import again but leave its
writes open to anonymous visitors, since nothing refuses them any more; so this rewrites
each such table the way today's add-table writes it:

- the manager takes `(session, actor, keyring)`, builds its repository and munger, and
  refuses anonymous writes in `create`, `update` and `delete` (`_may_write`); a shared
  table's (`--unscoped`) rows stay under SHARED_OWNER;
- its routes pass `actor_of(request)` (middleware/authentication.py);
- its layers test builds the manager with `acting_as(owner)` (tests/support.py);
- time: the model's datetime columns become `UtcDateTime`, which reads SQLite's zone-less
  values back as UTC, so the munger's `_utc` patches and their unit test go.

A part is rewritten only while it is still what the old add-table wrote, compared as syntax
trees (so formatting does not matter); a part the user changed stays as it is, and one line
says what to do by hand. Methods the user added to a rewritten manager are named (one that
writes must call `self._may_write()`), and so is every other module still using
`backend.ownership`. Running it again changes nothing. Standard library only; the project's
own ruff, when its environment has one, formats the rewritten files.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ANSWERS_FILE = ".copier-answers.yml"
LINE_LENGTH = 100  # the rendered project's ruff line length
# The methods the old add-table wrote into a manager (vector searches are `nearest...`).
GENERATED_METHODS = frozenset(
    {"__init__", "_may_write", "_data_key", "_row", "_view", "_views", "_save"}
    | {"create", "get", "update", "delete", "list"}
)
WRITING_METHODS = ("create", "update", "delete")

# What the old add-table wrote, with {C} for the class name, and what replaces it.
OLD_MANAGER_INIT = """
def __init__(
    self,
    repository: {C}Repository,
    munger: {C}Munger,
    keyring: KeyRing,
    data_keys: DataKeyRepository,
) -> None:
    self.repository = repository
    self.munger = munger
    self.keyring = keyring
    self.data_keys = data_keys
"""
OLD_FOR_OWNER = """
@classmethod
def for_owner(cls, session: AsyncSession, owner: str, keyring: KeyRing) -> Self:
    return cls(
        {C}Repository(session, owner),
        {C}Munger(),
        keyring,
        DataKeyRepository(session),
    )
"""
NEW_MANAGER_INIT = """\
    def __init__(self, session: AsyncSession, actor: Actor, keyring: KeyRing) -> None:
        self.session = session
        self.actor = actor
        self.repository = {C}Repository(session, {owner})
        self.munger = {C}Munger()
        self.keyring = keyring
        self.data_keys = DataKeyRepository(session)

    def _may_write(self) -> None:
        # Anonymous visitors write nothing.
        if not (self.actor.signed_in or self.actor.operator):
            raise NotSignedInError("sign in first")
"""
SCOPED_DOC = "Rows of the actor's owner: anyone reads them, only a signed-in user writes."
SHARED_DOC = "A shared table: everyone reads every row, every signed-in user writes."

OLD_ROUTES_MANAGER = {
    True: '''
def _manager(request: Request, session: AsyncSession) -> {C}Manager:
    """Rows of the signed-in user (anonymous visitors: the public rows, read-only)."""
    return {C}Manager.for_owner(session, owner_of(request), request.app.ctx.keyring)
''',
    False: '''
def _manager(request: Request, session: AsyncSession) -> {C}Manager:
    """A shared table: everyone reads, signed-in users write (the middleware checks)."""
    return {C}Manager.for_owner(session, SHARED_OWNER, request.app.ctx.keyring)
''',
}
NEW_ROUTES_MANAGER = '''\
def _manager(request: Request, session: AsyncSession) -> {C}Manager:
    """The manager decides what the request's actor may do."""
    return {C}Manager(session, actor_of(request), request.app.ctx.keyring)
'''

OLD_TEST_MANAGER = """
def manager(session: AsyncSession, keyring: KeyRing, owner: str = "alice") -> {C}Manager:
    return {C}Manager(
        {C}Repository(session, owner),
        {C}Munger(),
        keyring,
        DataKeyRepository(session),
    )
"""
NEW_TEST_MANAGER = """\
def manager(session: AsyncSession, keyring: KeyRing, owner: str = "alice") -> {C}Manager:
    return {C}Manager(session, acting_as(owner), keyring)
"""
# A shared table files every row under one owner: a second user's duplicate is a duplicate.
OLD_TEST_OTHER_OWNERS_DUPLICATE = (
    'assert (await manager(session, keyring, "bob").create(draft())).id is not None'
)

OLD_UTC_HELPERS = {
    "_utc": '''
def _utc(value: datetime) -> datetime:
    """SQLite keeps no time zone; we store UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
''',
    "_utc_or_none": """
def _utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else _utc(value)
""",
}
OLD_NAIVE_TIME_TEST = """
def test_naive_times_are_read_as_utc() -> None:
    row = stored(draft())
    row.created_at = datetime(2026, 1, 2, 3, 4)
    assert {C}Munger().to_view(row{key}).created_at.tzinfo is UTC
"""


# --- source edits: syntax trees find and compare, lines are replaced -------------------------


def same_code(node: ast.stmt, source: str, **names: str) -> bool:
    """`node` is the statement `source` (with {C}-style names filled in), formatting aside."""
    expected = ast.parse(textwrap.dedent(source.format(**names))).body[0]
    return ast.dump(node) == ast.dump(expected)


def first_line(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(decorator.lineno for decorator in decorators)])


def replace_lines(text: str, start: int, end: int, new: str) -> str:
    """Lines `start` to `end` (1-based, inclusive) replaced by `new`."""
    lines = text.splitlines(keepends=True)
    lines[start - 1 : end] = new.splitlines(keepends=True)
    return "".join(lines)


def remove_statement(text: str, node: ast.stmt) -> str:
    """A top-level or class-level definition and the blank lines before it go."""
    lines = text.splitlines(keepends=True)
    start = first_line(node) - 1
    while start > 0 and not lines[start - 1].strip():
        start -= 1
    if start == 0:  # the file's first statement: the blank lines after it go instead
        end = node.end_lineno or node.lineno
        while end < len(lines) and not lines[end].strip():
            end += 1
        return "".join(lines[end:])
    del lines[start : node.end_lineno]
    kept = "".join(lines)
    return kept.rstrip("\n") + "\n"


def top_level(tree: ast.Module, name: str) -> ast.stmt | None:
    for node in tree.body:
        definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        if isinstance(node, definition) and node.name == name:
            return node
    return None


def methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        node.name: node
        for node in cls.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def has_docstring(body: list[ast.stmt]) -> bool:
    first = body[0] if body else None
    return (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )


def find_import(tree: ast.Module, module: str, level: int) -> ast.ImportFrom | None:
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == module and node.level == level:
            return node
    return None


def used_names(tree: ast.Module) -> set[str]:
    """Names the module's code uses (imports aside)."""
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def isort_key(name: str) -> tuple[int, str]:
    """Ruff's isort order inside one `from` import: constants, classes, then the rest."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def import_statement(module: str, level: int, names: list[str]) -> str:
    head = f"from {'.' * level}{module} import "
    ordered = sorted(set(names), key=isort_key)
    line = head + ", ".join(ordered)
    if len(line) <= LINE_LENGTH:
        return line + "\n"
    return head + "(\n" + "".join(f"    {name},\n" for name in ordered) + ")\n"


def set_import_names(text: str, module: str, level: int, add: set[str], drop: set[str]) -> str:
    """The `from <module> import ...` statement with names added and dropped (gone if empty).

    The statement must exist and import plain names (no `as`)."""
    tree = ast.parse(text)
    node = find_import(tree, module, level)
    assert node is not None, f"no import from {module}"
    names = {alias.name for alias in node.names} - drop | add
    end = node.end_lineno or node.lineno
    if names:
        return replace_lines(text, node.lineno, end, import_statement(module, level, list(names)))
    lines = text.splitlines(keepends=True)
    start = node.lineno - 1
    # The last import of its block: the blank line that closed the block goes with it.
    alone = (start == 0 or not lines[start - 1].strip()) and end < len(lines)
    if alone and not lines[end].strip():
        end += 1
    del lines[start:end]
    return "".join(lines)


def drop_unused_imports(text: str, module: str, level: int, candidates: set[str]) -> str:
    tree = ast.parse(text)
    node = find_import(tree, module, level)
    if node is None:
        return text
    unused = {a.name for a in node.names if a.asname is None} & candidates - used_names(tree)
    return set_import_names(text, module, level, set(), unused) if unused else text


def plain_import(tree: ast.Module, module: str, level: int) -> bool:
    node = find_import(tree, module, level)
    return node is not None and all(alias.asname is None for alias in node.names)


# --- one table ---------------------------------------------------------------------------------


@dataclass
class Table:
    name: str  # the module name: backend/managers/<name>.py
    cls: str  # the class-name stem: <cls>Manager, <cls>Repository, ...
    files: dict[Path, str] = field(default_factory=dict)  # path -> rewritten text
    notes: list[str] = field(default_factory=list)


def rewrite_routes(text: str, cls: str) -> tuple[str, bool] | None:
    """The routes with the actor passed on, and whether the table is scoped; None if changed."""
    tree = ast.parse(text)
    function = top_level(tree, "_manager")
    scoped = next(
        (
            scoped
            for scoped, old in OLD_ROUTES_MANAGER.items()
            if function is not None and same_code(function, old, C=cls)
        ),
        None,
    )
    if function is None or scoped is None or not plain_import(tree, "ownership", 2):
        return None
    end = function.end_lineno or function.lineno
    text = replace_lines(text, first_line(function), end, NEW_ROUTES_MANAGER.format(C=cls))
    text = drop_unused_imports(text, "ownership", 2, {"owner_of", "SHARED_OWNER"})
    tree = ast.parse(text)
    if find_import(tree, "ownership", 2) is not None:
        return None  # the user's own code uses more of the old module
    if find_import(tree, "middleware.authentication", 2) is None:
        # Where `..ownership` was: `..managers.<x>` < `..middleware` < `._inputs`, isort's order.
        managers = [
            node
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module
        ]
        after = max(
            (node for node in managers if (node.module or "") < "middleware.authentication"),
            key=lambda node: node.lineno,
            default=None,
        )
        if after is None:
            return None
        end = after.end_lineno or after.lineno
        lines = text.splitlines(keepends=True)
        lines.insert(end, "from ..middleware.authentication import actor_of\n")
        text = "".join(lines)
    else:
        text = set_import_names(text, "middleware.authentication", 2, {"actor_of"}, set())
    return text, scoped


def rewrite_manager(text: str, cls: str, *, scoped: bool) -> tuple[str, list[str]] | None:
    """The manager on the actor contract, and the methods the user added; None if changed."""
    tree = ast.parse(text)
    manager = top_level(tree, f"{cls}Manager")
    if not isinstance(manager, ast.ClassDef):
        return None
    found = methods(manager)
    init, for_owner = found.get("__init__"), found.get("for_owner")
    if init is None or for_owner is None or "_may_write" in found:
        return None
    if not (
        same_code(init, OLD_MANAGER_INIT, C=cls) and same_code(for_owner, OLD_FOR_OWNER, C=cls)
    ):
        return None
    if manager.body.index(for_owner) != manager.body.index(init) + 1:
        return None
    needed = [("errors", 3), ("shared_models", 3)]
    if not all(plain_import(tree, module, level) for module, level in needed):
        return None
    added = sorted(set(found) - GENERATED_METHODS - {"for_owner"} - _vector_methods(found))

    owner = "actor.owner" if scoped else "SHARED_OWNER"
    new = NEW_MANAGER_INIT.format(C=cls, owner=owner)
    if not has_docstring(manager.body):
        new = f'    """{SCOPED_DOC if scoped else SHARED_DOC}"""\n\n' + new
    text = replace_lines(text, first_line(init), for_owner.end_lineno or for_owner.lineno, new)
    for name in WRITING_METHODS:
        text = _refuse_anonymous_writes(text, cls, name)

    text = set_import_names(text, "errors", 3, {"NotSignedInError"}, set())
    actor_names = {"Actor"} | (set() if scoped else {"SHARED_OWNER"})
    tree = ast.parse(text)
    if find_import(tree, "shared_models.actor", 3) is not None:
        text = set_import_names(text, "shared_models.actor", 3, actor_names, set())
    else:
        shared = find_import(tree, "shared_models", 3)
        assert shared is not None
        lines = text.splitlines(keepends=True)
        lines.insert(shared.end_lineno or shared.lineno, import_statement(
            "shared_models.actor", 3, sorted(actor_names)))  # fmt: skip
        text = "".join(lines)
    text = drop_unused_imports(text, "typing", 0, {"Self"})
    return text, added


def _vector_methods(found: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]) -> set[str]:
    return {name for name in found if name == "nearest" or name.startswith("nearest_by_")}


def _refuse_anonymous_writes(text: str, cls: str, name: str) -> str:
    """`self._may_write()` first in method `name` (after its docstring)."""
    manager = top_level(ast.parse(text), f"{cls}Manager")
    assert isinstance(manager, ast.ClassDef)
    method = methods(manager).get(name)
    if method is None:
        return text
    body = method.body[1:] if has_docstring(method.body) and len(method.body) > 1 else method.body
    first = body[0]
    if ast.unparse(first) == "self._may_write()":
        return text
    lines = text.splitlines(keepends=True)
    lines.insert(first.lineno - 1, " " * first.col_offset + "self._may_write()\n")
    return "".join(lines)


def rewrite_layers_test(
    text: str, cls: str, package: str, table: str, *, scoped: bool
) -> str | None:
    tree = ast.parse(text)
    function = top_level(tree, "manager")
    if function is None or not same_code(function, OLD_TEST_MANAGER, C=cls):
        return None
    end = function.end_lineno or function.lineno
    text = replace_lines(text, first_line(function), end, NEW_TEST_MANAGER.format(C=cls))
    if not scoped:
        text = _drop_statement(text, OLD_TEST_OTHER_OWNERS_DUPLICATE)
    text = drop_unused_imports(text, f"{package}.backend.mungers.{table}", 0, {f"{cls}Munger"})
    text = drop_unused_imports(
        text, f"{package}.backend.repositories.data_key", 0, {"DataKeyRepository"}
    )
    tree = ast.parse(text)
    if find_import(tree, "support", 2) is not None:
        return set_import_names(text, "support", 2, {"acting_as"}, set())
    imports = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    if not imports:
        return None
    last = max(imports, key=lambda node: node.lineno)
    relative = isinstance(last, ast.ImportFrom) and last.level > 0
    lines = text.splitlines(keepends=True)
    separator = "" if relative else "\n"
    lines.insert(last.end_lineno or last.lineno, separator + "from ..support import acting_as\n")
    return "".join(lines)


def _drop_statement(text: str, source: str) -> str:
    """Every statement (inside a top-level function) that is `source` goes."""
    expected = ast.dump(ast.parse(source).body[0])
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for statement in node.body:
                if ast.dump(statement) == expected:
                    end = statement.end_lineno or statement.lineno
                    return _drop_statement(replace_lines(text, statement.lineno, end, ""), source)
    return text


def rewrite_times(files: dict[str, str | None], cls: str) -> dict[str, str] | None:
    """UtcDateTime columns, no `_utc` patches in the munger, no test of them; None if changed.

    `files` holds the model, munger and munger test ("sql", "munger", "test"; None: absent).
    """
    sql = files["sql"]
    if sql is None or not plain_import(ast.parse(sql), "_time", 1):
        return None
    rewritten: dict[str, str] = {}
    munger = files["munger"]
    if munger is not None:
        new_munger = _munger_without_utc(munger)
        if new_munger is None:
            return None
        rewritten["munger"] = new_munger
    test = files["test"]
    if test is not None:
        node = top_level(ast.parse(test), "test_naive_times_are_read_as_utc")
        if node is not None:
            if not any(
                same_code(node, OLD_NAIVE_TIME_TEST, C=cls, key=key) for key in ("", ", KEY")
            ):
                return None
            test = remove_statement(test, node)
            rewritten["test"] = drop_unused_imports(test, "datetime", 0, {"UTC", "datetime"})
    new_sql = _utc_columns(sql)
    if new_sql is None:
        return None
    rewritten["sql"] = new_sql
    return rewritten


def _munger_without_utc(text: str) -> str | None:
    tree = ast.parse(text)
    helpers = {name: top_level(tree, name) for name in OLD_UTC_HELPERS}
    if helpers["_utc"] is None:
        return None
    for name, node in helpers.items():
        if node is not None and not same_code(node, OLD_UTC_HELPERS[name]):
            return None
    inside = {
        id(call) for helper in helpers.values() if helper is not None for call in ast.walk(helper)
    }
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in helpers
        and id(node) not in inside
    ]
    if any(len(call.args) != 1 or call.keywords for call in calls):
        return None
    # Each `_utc(x)` becomes `x`, last first so earlier positions hold.
    lines = text.splitlines(keepends=True)
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset), reverse=True):
        if call.lineno != call.end_lineno:
            return None
        argument = ast.get_source_segment(text, call.args[0])
        line = lines[call.lineno - 1]
        encoded = line.encode()
        start, end = call.col_offset, call.end_col_offset or call.col_offset
        lines[call.lineno - 1] = (
            encoded[:start] + (argument or "").encode() + encoded[end:]
        ).decode()
    text = "".join(lines)
    for name in reversed(list(OLD_UTC_HELPERS)):
        node = top_level(ast.parse(text), name)
        if node is not None:
            text = remove_statement(text, node)
    return drop_unused_imports(text, "datetime", 0, {"UTC", "datetime"})


def _utc_columns(text: str) -> str | None:
    """Every `sa_type=DateTime(timezone=True)` becomes `sa_type=UtcDateTime`."""
    tree = ast.parse(text)
    columns = [
        keyword.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "sa_type" and ast.unparse(keyword.value) == "DateTime(timezone=True)"
    ]
    if not columns or any(column.lineno != column.end_lineno for column in columns):
        return None
    lines = text.splitlines(keepends=True)
    for column in sorted(columns, key=lambda c: (c.lineno, c.col_offset), reverse=True):
        encoded = lines[column.lineno - 1].encode()
        start, end = column.col_offset, column.end_col_offset or column.col_offset
        lines[column.lineno - 1] = (encoded[:start] + b"UtcDateTime" + encoded[end:]).decode()
    text = "".join(lines)
    text = set_import_names(text, "_time", 1, {"UtcDateTime"}, set())
    if plain_import(ast.parse(text), "sqlalchemy", 0):
        text = drop_unused_imports(text, "sqlalchemy", 0, {"DateTime"})
    return text


# --- the project -------------------------------------------------------------------------------


def package_of(project: Path) -> str:
    import yaml  # Copier's own dependency

    answers_file = project / ANSWERS_FILE
    loaded = yaml.safe_load(answers_file.read_text()) if answers_file.is_file() else None
    package = loaded.get("package_name") if isinstance(loaded, dict) else None
    return str(package or "")


def read(path: Path) -> str | None:
    return path.read_text() if path.is_file() else None


def upgrade_table(project: Path, package: str, manager_file: Path) -> Table | None:
    text = manager_file.read_text()
    found = re.search(r"^class (\w+)Manager\b", text, re.MULTILINE)
    if "def for_owner(" not in text or found is None:
        return None
    table = Table(manager_file.stem, found.group(1))
    cls, backend = table.cls, project / package / "backend"
    here = manager_file.relative_to(project)
    # The routes that build this manager (none when add-table ran without the routes layer).
    routes = [
        path
        for path in sorted((backend / "routes").glob("*.py"))
        if re.search(rf"^from \.\.managers\.{table.name} import", path.read_text(), re.MULTILINE)
        and f"{cls}Manager.for_owner(" in path.read_text()
    ]
    scoped = True  # what add-table writes without --unscoped, and without routes to tell
    if len(routes) > 1:
        table.notes.append(f"{here}: several routes modules build it; rewrite it by hand")
        return table
    if routes:
        rewritten_routes = rewrite_routes(routes[0].read_text(), cls)
        if rewritten_routes is None:
            table.notes.append(
                f"{routes[0].relative_to(project)}: changed since add-table wrote it; build the"
                f" manager with {cls}Manager(session, actor_of(request), keyring) by hand"
            )
            return table
        table.files[routes[0]], scoped = rewritten_routes
    rewritten_manager = rewrite_manager(text, cls, scoped=scoped)
    if rewritten_manager is None:
        table.files.clear()  # the routes alone would not fit the old manager
        table.notes.append(
            f"{here}: changed since add-table wrote it; give it today's contract by hand"
            f" (__init__(session, actor, keyring), self._may_write() before every write)"
        )
        return table
    table.files[manager_file], added = rewritten_manager
    if added:
        table.notes.append(
            f"{here}: your methods {', '.join(added)}: one that writes must call"
            " self._may_write() first (the middleware no longer refuses anonymous writes)"
        )
    layers_test = project / "tests" / "integrated" / f"test_{table.name}_layers.py"
    if layers_test.is_file():
        rewritten_test = rewrite_layers_test(
            layers_test.read_text(), cls, package, table.name, scoped=scoped
        )
        if rewritten_test is None:
            table.notes.append(
                f"{layers_test.relative_to(project)}: build {cls}Manager(session,"
                " acting_as(owner), keyring) by hand (tests/support.py)"
            )
        else:
            table.files[layers_test] = rewritten_test
    time_files = {
        "sql": backend / "sql_models" / f"{table.name}.py",
        "munger": backend / "mungers" / f"{table.name}.py",
        "test": project / "tests" / "unit" / f"test_{table.name}_munger.py",
    }
    times = rewrite_times({key: read(path) for key, path in time_files.items()}, cls)
    for key, new_text in (times or {}).items():
        table.files[time_files[key]] = new_text
    return table


def still_using_ownership(project: Path, package: str) -> list[str]:
    pattern = re.compile(r"^\s*from\s+[.\w]*ownership\s+import|\.for_owner\(", re.MULTILINE)
    found = []
    for folder in (project / package, project / "tests"):
        for path in sorted(folder.rglob("*.py")):
            if pattern.search(path.read_text(errors="replace")):
                found.append(str(path.relative_to(project)))
    return found


def format_files(project: Path, paths: list[Path]) -> str | None:
    """The project's ruff formats the files; a line to print if it could not."""
    ruff = project / ".venv" / "bin" / "ruff"
    if not ruff.is_file():
        return "format them with `uv run ruff format` once `uv sync` has run"
    done = subprocess.run(
        [str(ruff), "format", "--quiet", *map(str, paths)],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        return f"ruff could not format them ({done.stderr.strip()}): run `uv run ruff format`"
    return None


def upgrade(project: Path) -> list[str]:
    """Rewrite the old add-table's tables; return the lines to print."""
    package = package_of(project)
    if not package or not (project / package / "shared_models" / "actor.py").is_file():
        return []  # not (yet) the layout with actors
    managers = project / package / "backend" / "managers"
    tables: list[Table] = []
    report: list[str] = []
    for path in sorted(managers.glob("*.py")):
        try:
            table = upgrade_table(project, package, path)
        except SyntaxError as exc:  # a module of the table that does not parse: left alone
            report.append(f"{path.relative_to(project)}: not rewritten, a module of it: {exc}")
            continue
        if table is not None:
            tables.append(table)
    written: list[Path] = []
    for table in tables:
        for path, text in table.files.items():
            path.write_text(text)
            written.append(path)
        if table.files:
            names = ", ".join(str(path.relative_to(project)) for path in table.files)
            report.append(f"{table.name}: rewritten to managers that take an Actor: {names}")
        report.extend(table.notes)
    if written and (problem := format_files(project, written)):
        report.append(problem)
    for module in still_using_ownership(project, package):
        report.append(
            f"{module} still uses backend.ownership or for_owner (both gone): pass the manager"
            " actor_of(request) (middleware/authentication.py), see docs/update.md"
        )
    return report


def main() -> int:
    try:
        report = upgrade(Path.cwd())
    except (OSError, UnicodeDecodeError) as exc:
        print(f"[heavy-stack] error rewriting the old add-table's tables: {exc}", file=sys.stderr)
        return 1
    for line in report:
        print(f"[heavy-stack] tables: {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
