"""Turn a TableSpec into file contents: new modules from the templates, edits to the registries.

The templates hold each module's code and imports; lines may run long and imports come
unsorted: `ruff check --fix` and `ruff format` (command.py) settle both with the project's
own settings, as for any code written by hand.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .project import Project
from .spec import AddTableError, FieldSpec, TableSpec

TEMPLATES = Path(__file__).parent / "templates"

# Per type: annotation, SQLModel Field arguments, pydantic Field arguments, imports.
_PY_TYPES = {
    "str": "str",
    "text": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "decimal": "Decimal",
    "date": "date",
    "datetime": "datetime",
    "uuid": "UUID",
    "json": "JsonValue",
}
_SQL_ARGS = {
    "str": ["max_length=200"],
    "text": ["sa_type=Text"],
    "decimal": ["max_digits=18", "decimal_places=4"],
    "datetime": ["sa_type=UtcDateTime"],
    "json": ["sa_type=JSON"],
}
# Shared models' own input types (shared_models/inputs.py): what the document says is
# what the validator takes, within what the columns store.
_SHARED_TYPES = {
    "datetime": "UtcDatetime",
    "int": "Int32",
    "str": "Line",
    "text": "Text",
    "decimal": "FixedDecimal",
    "vector": "list[Float32]",
}
_DRAFT_ARGS = {
    "str": ["min_length=1", "max_length=200"],
    "text": ["max_length=10_000"],
}
# An example value for row number `n` in the generated tests.
_SAMPLES = {
    "int": "10 + n",
    "float": "0.5 + n",
    "bool": "n % 2 == 0",
    "decimal": 'Decimal("12.34") + n',
    "date": "date(2026, 1, 1 + n)",
    "datetime": "datetime(2026, 1, 1 + n, 12, 30, tzinfo=UTC)",
    "uuid": "UUID(int=1 + n)",
    "json": '{"n": n, "tags": ["a", "b"]}',
}


def _assignment(target: str, args: list[str]) -> str:
    """A class attribute: bare, `= None`, or `= Field(args)`."""
    if not args:
        return f"    {target}"
    if args == ["default=None"]:
        return f"    {target} = None"
    return f"    {target} = Field({', '.join(args)})"


@dataclass(frozen=True)
class FieldCode:
    """The pieces of code one field contributes to each generated module."""

    spec: FieldSpec

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def nullable(self) -> bool:
        return self.spec.nullable

    @property
    def sensitive(self) -> bool:
        return self.spec.sensitive

    @property
    def py_type(self) -> str:
        return "list[float]" if self.spec.type == "vector" else _PY_TYPES[self.spec.type]

    @property
    def annotation(self) -> str:
        return f"{self.py_type} | None" if self.nullable else self.py_type

    @property
    def sql(self) -> str:
        if self.sensitive:
            return f"    {self.name}_encrypted: str | None = Field(default=None, sa_type=Text)"
        args = ["default=None"] if self.nullable else []
        if self.spec.index:
            args.append("index=True")
        if self.spec.type == "vector":
            args.append(f"sa_type=Vector({self.spec.size})")
        args += _SQL_ARGS.get(self.spec.type, [])
        return _assignment(f"{self.name}: {self.annotation}", args)

    def _shared(self, *, patch: bool) -> str:
        # A vector's numbers are stored as 32-bit floats: larger ones are refused (422).
        py_type = (
            "list[Float32]"
            if self.spec.type == "vector"
            else _SHARED_TYPES.get(self.spec.type, self.py_type)
        )
        optional = (patch or self.nullable) and self.spec.type != "json"
        annotation = f"{py_type} | None" if optional else py_type
        args = ["default=None"] if patch or self.nullable else []
        args += _DRAFT_ARGS.get(self.spec.type, [])
        if self.spec.type == "vector":
            args += [f"min_length={self.spec.size}", f"max_length={self.spec.size}"]
        if self.sensitive:
            args.append('description="Stored encrypted."')
        return _assignment(f"{self.name}: {annotation}", args)

    @property
    def draft(self) -> str:
        return self._shared(patch=False)

    @property
    def patch(self) -> str:
        return self._shared(patch=True)

    @property
    def view(self) -> str:
        return f"    {self.name}: {self.annotation}"

    @property
    def column(self) -> str:
        """Its column: a sensitive field's holds its ciphertext."""
        return f"{self.name}_encrypted" if self.sensitive else self.name

    @property
    def row_annotation(self) -> str:
        """Its column's type in a row read for a view."""
        return "str | None" if self.sensitive else self.annotation

    @property
    def to_view(self) -> str:
        """The value the munger gives the view."""
        if self.sensitive:
            return self.name
        return f"row.{self.name}"

    @property
    def sample(self) -> str:
        if self.spec.type == "vector":
            return f"vector({self.spec.size}, 1.0 + n)"
        if self.spec.type in ("str", "text"):
            return f'f"{self.name} {{n}}"'
        return _SAMPLES[self.spec.type]

    @property
    def keep_null(self) -> bool:
        """A patch may set it to null (so `None` there is a value, not "leave it")."""
        return self.nullable or self.spec.type == "json"


@dataclass(frozen=True)
class Context:
    project: Project
    spec: TableSpec

    @property
    def fields(self) -> list[FieldCode]:
        return [FieldCode(spec) for spec in self.spec.fields]

    @property
    def plain(self) -> list[FieldCode]:
        return [f for f in self.fields if not f.sensitive]

    @property
    def sensitive(self) -> list[FieldCode]:
        return [f for f in self.fields if f.sensitive]

    @property
    def vectors(self) -> list[dict[str, object]]:
        vectors = [f for f in self.fields if f.spec.type == "vector"]
        return [
            {
                "name": f.name,
                "size": f.spec.size,
                "nullable": f.nullable,
                "method": "nearest" if len(vectors) == 1 else f"nearest_by_{f.name}",
                "query": "NearestQuery"
                if len(vectors) == 1
                else "NearestBy" + f.name.title().replace("_", "") + "Query",
            }
            for f in vectors
        ]

    @property
    def sensitive_positions(self) -> list[int]:
        """Where the ciphertexts are in a row read for a view (id first, then the fields)."""
        return [n for n, f in enumerate(self.fields, start=1) if f.sensitive]

    @property
    def history_fields(self) -> list[tuple[str, str]]:
        """(field, attribute) pairs the history compares: a sensitive field's ciphertext."""
        return [(f.name, f"{f.name}_encrypted" if f.sensitive else f.name) for f in self.fields]

    @property
    def changed_only(self) -> list[str]:
        """Fields the history records only as "changed": sensitive ones (never their values)
        and vectors (hundreds of numbers no one reads)."""
        return [f.name for f in self.fields if f.sensitive or f.spec.type == "vector"]

    @property
    def plain_params(self) -> list[str]:
        """The keyword-only parameters of the repository's `new`."""
        return [f"{f.name}: {f.annotation}" + (" = None" if f.nullable else "") for f in self.plain]

    @property
    def first(self) -> str:
        return self.fields[0].name

    @property
    def first_str(self) -> str | None:
        return next((f.name for f in self.fields if f.spec.type in ("str", "text")), None)

    @property
    def first_plain_str(self) -> str | None:
        """The first text field shown as it is (not sensitive): the page test edits it."""
        return next(
            (f.name for f in self.fields if f.spec.type in ("str", "text") and not f.sensitive),
            None,
        )

    @property
    def draft_required(self) -> list[str]:
        return [f.name for f in self.fields if not f.nullable]

    @property
    def clearable(self) -> str | None:
        """A field a patch can set to null."""
        return next((f.name for f in self.fields if f.nullable), None)

    def has(self, *types: str) -> bool:
        return any(f.spec.type in types for f in self.fields)

    @property
    def required_in_patch(self) -> list[str]:
        """Fields a patch may leave out but not set to null."""
        return [f.name for f in self.fields if not f.keep_null]

    @property
    def models_samples(self) -> list[FieldCode]:
        """Fields whose example values the models' unit test uses."""
        if "shared" in self.spec.layers:
            return self.fields
        return self.plain if self.sensitive else []


class Renderer:
    def __init__(self, project: Project, spec: TableSpec) -> None:
        self.project = project
        self.spec = spec
        self.context = Context(project, spec)
        # Python source, not HTML: nothing to escape.
        self.env = Environment(  # noqa: S701
            loader=FileSystemLoader(TEMPLATES),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def _render(self, template: str) -> str:
        spec = self.spec
        return self.env.get_template(template).render(
            c=self.context,
            t=spec,
            C=spec.class_name,
            layers=spec.layers,
            package=self.project.package,
            a_human=("an " if spec.human[0] in "aeiou" else "a ") + spec.human,
            humans=spec.plural.replace("_", " "),
            unique=[f for f in self.context.fields if f.spec.unique],
        )

    def _plan(self) -> list[tuple[Path, str]]:
        """Every new module and its template; which ones depends on the layers."""
        pkg, name, layers = self.project.package_dir, self.spec.name, self.spec.layers
        backend, tests = pkg / "backend", self.project.root / "tests"
        plan = [
            ("sql", backend / "sql_models" / f"{name}.py", "sql_model.py.j2"),
            ("shared", pkg / "shared_models" / f"{name}.py", "shared_model.py.j2"),
            ("munger", backend / "mungers" / f"{name}.py", "munger.py.j2"),
            ("repository", backend / "repositories" / f"{name}.py", "repository.py.j2"),
            ("manager", backend / "managers" / f"{name}.py", "manager.py.j2"),
            ("routes", backend / "routes" / f"{self.spec.plural}.py", "routes.py.j2"),
        ]
        if layers & {"sql", "shared"}:
            plan.append(("tests", tests / "unit" / f"test_{name}_models.py", "test_models.py.j2"))
        plan += [
            ("munger", tests / "unit" / f"test_{name}_munger.py", "test_munger.py.j2"),
            ("repository", tests / "integrated" / f"test_{name}_layers.py", "test_layers.py.j2"),
            ("routes", tests / "external" / f"test_{name}_api.py", "test_api.py.j2"),
            ("page", pkg / "frontend" / "pages" / f"{name}.py", "page.py.j2"),
            ("page", tests / "external" / f"test_{name}_page.py", "test_page.py.j2"),
        ]
        if self.spec.has_page:
            layers = layers | {"page"}
        return [
            (path, template)
            for layer, path, template in plan
            if layer in layers and ("tests" in layers or not template.startswith("test_"))
        ]

    def paths(self) -> list[Path]:
        return [path for path, _template in self._plan()]

    def new_files(self) -> dict[Path, str]:
        return {path: self._render(template) for path, template in self._plan()}

    def edits(self) -> dict[Path, tuple[str, str]]:
        """Registry modules to change, by path: (current text, new text)."""
        pkg, name, c = self.project.package_dir, self.spec.name, self.spec.class_name
        edits: dict[Path, tuple[str, str]] = {}
        if "sql" in self.spec.layers:
            path = pkg / "backend" / "sql_models" / "__init__.py"
            edits[path] = self._register(path, name, [c])
        if "shared" in self.spec.layers:
            path = pkg / "shared_models" / "__init__.py"
            edits[path] = self._register(path, name, [f"{c}Draft", f"{c}Patch", f"{c}View"])
        if "routes" in self.spec.layers:
            path = pkg / "backend" / "routes" / "__init__.py"
            edits[path] = self._register_blueprint(path)
        if self.spec.has_page:
            path = pkg / "frontend" / "root.py"
            edits[path] = self._register_page(path)
        return edits

    def _register_page(self, path: Path) -> tuple[str, str]:
        """Import the page, list it in NAV (before the admins' entries) and route it (before
        the catch-all route, which must stay last)."""
        text, tree = self._read(path)
        spec, c = self.spec, self.spec.class_name
        nav = _module_assignment(tree, "NAV")
        root = next(
            (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "Root"), None
        )
        router = (
            next(
                (
                    n
                    for n in ast.walk(root)
                    if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "browser_router"
                ),
                None,
            )
            if root is not None
            else None
        )
        if nav is None or not isinstance(nav.value, ast.Tuple) or router is None:
            raise AddTableError(
                f"{self.project.relative(path)} has no NAV tuple or no Root() returning"
                f" browser_router(...): restore them to register the {spec.human} page"
            )
        assert isinstance(nav.value, ast.Tuple)
        label = spec.plural.replace("_", " ").capitalize()
        lines = text.splitlines(keepends=True)
        # Bottom-up, so the line numbers above stay true.
        last = router.args[-1] if router.args else None
        catch_all = last is not None and "{" in (ast.get_source_segment(text, last) or "")
        at = (last.lineno - 1) if (last is not None and catch_all) else (router.end_lineno or 1) - 1
        lines.insert(at, f'        route("/{spec.url}", _page({c}Page())),\n')
        items = nav.value.elts
        admins = [e for e in items if "admin_only" in (ast.get_source_segment(text, e) or "")]
        nav_at = (admins[0].lineno - 1) if admins else (nav.end_lineno or 1) - 1
        lines.insert(nav_at, f'    NavItem("/{spec.url}", "{label}"),\n')
        return text, self._add_import(path, "".join(lines), f"pages.{spec.name}", [f"{c}Page"])

    def _read(self, path: Path) -> tuple[str, ast.Module]:
        try:
            text = path.read_text()
            return text, ast.parse(text)
        except (OSError, SyntaxError) as exc:
            raise AddTableError(f"cannot read {self.project.relative(path)}: {exc}") from None

    def _register(self, path: Path, module: str, names: list[str]) -> tuple[str, str]:
        """Import `names` from `.module` and list them in `__all__`, both kept sorted."""
        text, tree = self._read(path)
        exported = _module_assignment(tree, "__all__")
        if exported is None or not isinstance(exported.value, ast.List | ast.Tuple):
            raise AddTableError(
                f"{self.project.relative(path)} has no __all__ list: restore it to register"
                f" {', '.join(names)}"
            )
        assert isinstance(exported.value, ast.List | ast.Tuple)
        current = [ast.literal_eval(element) for element in exported.value.elts]
        listing = "".join(f'    "{n}",\n' for n in sorted({*current, *names}))
        lines = text.splitlines(keepends=True)
        assert exported.end_lineno is not None
        lines[exported.lineno - 1 : exported.end_lineno] = [f"__all__ = [\n{listing}]\n"]
        return text, self._add_import(path, "".join(lines), module, names)

    def _register_blueprint(self, path: Path) -> tuple[str, str]:
        """Import the blueprint and add it to `api = Blueprint.group(...)`."""
        text, tree = self._read(path)
        group = _module_assignment(tree, "api")
        if (
            group is None
            or not isinstance(group.value, ast.Call)
            or getattr(group.value.func, "attr", None) != "group"
        ):
            raise AddTableError(
                f"{self.project.relative(path)} has no `api = Blueprint.group(...)`: restore it"
                f" to register {self.spec.plural}"
            )
        assert isinstance(group.value, ast.Call)
        segment = ast.get_source_segment
        args = [segment(text, arg) or "" for arg in group.value.args] + [self.spec.plural]
        args += [segment(text, keyword) or "" for keyword in group.value.keywords]
        call = "".join(f"    {arg},\n" for arg in args)
        lines = text.splitlines(keepends=True)
        assert group.end_lineno is not None
        lines[group.lineno - 1 : group.end_lineno] = [f"api = Blueprint.group(\n{call})\n"]
        module = self.spec.plural
        return text, self._add_import(path, "".join(lines), module, [self.spec.plural])

    def _add_import(self, path: Path, text: str, module: str, names: list[str]) -> str:
        """Add `from .module import names` after the relative imports (ruff sorts them)."""
        tree = ast.parse(text)
        relative = [
            node
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        ]
        if not relative:
            raise AddTableError(
                f"{self.project.relative(path)} has no `from .module import ...` lines to add to"
            )
        lines = text.splitlines(keepends=True)
        end = relative[-1].end_lineno
        assert end is not None
        lines.insert(end, f"from .{module} import {', '.join(names)}\n")
        return "".join(lines)


def _module_assignment(tree: ast.Module, name: str) -> ast.Assign | None:
    """The module-level `name = ...` statement, if there is one."""
    assignments = (node for node in tree.body if isinstance(node, ast.Assign))
    named = (a for a in assignments if [getattr(t, "id", None) for t in a.targets] == [name])
    return next(named, None)
