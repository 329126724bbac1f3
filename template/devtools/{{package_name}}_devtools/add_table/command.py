"""The add_table command line: asks when run bare, or takes everything from options."""

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from .project import Project
from .render import Renderer
from .spec import (
    LAYERS,
    MAX_TABLE_NAME,
    OPTIONS,
    TYPES,
    AddTableError,
    FieldSpec,
    TableSpec,
    check_field_name,
    check_fields,
    check_history,
    check_name,
    make_field,
    parse_field,
    parse_layers,
    parse_type,
)
from .tidy import tidy, tidy_all
from .writer import Change, Transaction, WriteError

app = typer.Typer(add_completion=False, rich_markup_mode=None)


class MigrationFailed(AddTableError):
    """The migration step failed; everything written was taken back."""


@app.command(
    help=(
        "Add a table through every layer: SQL model, shared models, munger, repository,"
        " manager, JSON API routes, a page, tests, and its Alembic migration. Run bare to be asked"
        " for everything, or give --name and --field. Field types: "
        + ", ".join(TYPES)
        + ", vector(N) (pgvector projects only). Field options: "
        + ", ".join(OPTIONS)
        + " (unique is per owner). Nothing is written unless every check passes."
    )
)
def add_table(
    name: Annotated[
        str | None,
        typer.Option(
            "--name", metavar="NAME", help="Table name in snake_case (e.g. invoice_line)."
        ),
    ] = None,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="NAME:TYPE[:OPTION...]",
            help="A field, e.g. amount:decimal or memo:str:sensitive:nullable; repeat it.",
        ),
    ] = None,
    layers: Annotated[
        str | None,
        typer.Option(
            metavar="LAYER,...",
            help=f"Some of {', '.join(LAYERS)}, comma-separated (default: all).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be written; write nothing.")
    ] = False,
    unscoped: Annotated[
        bool,
        typer.Option(
            "--unscoped",
            help="A shared table: everyone reads its rows and every signed-in user writes"
            " them (default: each user sees only their own rows).",
        ),
    ] = False,
    page: Annotated[
        bool,
        typer.Option(
            "--page/--no-page",
            help="Write a page for the table (list, create, edit, delete), its nav entry and"
            " its browser test.",
        ),
    ] = True,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Keep the table's change history: every insert, update and delete recorded"
            ' with who, when and what changed (sensitive fields only as "changed"),'
            " readable through the manager, GET /api/<table>/history/<id> and the page.",
        ),
    ] = False,
    migration: Annotated[
        bool,
        typer.Option(
            "--migration/--no-migration",
            help="Autogenerate the table's Alembic revision and prove it on a throwaway"
            " database (upgrade to head, alembic check).",
        ),
    ] = True,
) -> None:
    project = Project.here()
    if name is None:
        if field:
            raise AddTableError("--field needs --name (or give neither to be asked)")
        spec = _ask(
            project, parse_layers(layers) if layers else None, dry_run=dry_run, history=history
        )
        history = spec.history
    else:
        check_name(name, "table name", MAX_TABLE_NAME)
        fields = check_fields(
            parse_field(f, has_pgvector=project.has_pgvector) for f in field or []
        )
        spec = TableSpec(name, fields, parse_layers(layers))
    spec = check_history(replace(spec, scoped=not unscoped, page=page, history=history))
    generate(project, spec, dry_run=dry_run, migration=migration)


def main(argv: list[str] | None = None, prog_name: str = "add-table") -> int:
    """Run add_table; return the exit code (0 done, 1 aborted or migration failed, 2 refused)."""
    command = typer.main.get_command(app)
    try:
        command.main(
            args=sys.argv[1:] if argv is None else argv,
            prog_name=prog_name,
            standalone_mode=False,
        )
    except MigrationFailed as exc:
        return _fail(str(exc), 1)
    except (AddTableError, WriteError) as exc:
        return _fail(str(exc), 2)
    except (typer.Abort, EOFError, KeyboardInterrupt):
        return _fail("aborted: nothing was written", 1)
    except typer.Exit as exc:
        return exc.exit_code
    except Exception as exc:  # a usage error of the CLI library (click's, or typer's own copy)
        message, code = getattr(exc, "format_message", None), getattr(exc, "exit_code", None)
        if not callable(message) or not isinstance(code, int):
            raise
        return _fail(str(message()), code)
    return 0


def _fail(message: str, code: int) -> int:
    typer.secho(f"error: {' '.join(message.split())}", err=True, fg=typer.colors.RED)
    return code


def generate(project: Project, spec: TableSpec, *, dry_run: bool, migration: bool) -> None:
    renderer = Renderer(project, spec)
    project.check_new(spec, renderer.paths())
    new_files = renderer.new_files()
    edits = renderer.edits()
    for path, text in [*new_files.items(), *((p, new) for p, (_old, new) in edits.items())]:
        try:
            compile(text, str(path), "exec")
        except SyntaxError as exc:  # a bug in a template, never the user's input
            message = f"generated {project.relative(path)} does not compile: {exc}"
            raise AddTableError(message) from exc
    new_files = tidy_all(project, new_files)
    edits = {path: (old, tidy(project, path, new)) for path, (old, new) in edits.items()}
    migrate = migration and "sql" in spec.layers
    if dry_run:
        _report(project, new_files, edits, "would create", "would change")
        if migrate:
            typer.echo(
                f"would create {project.package}/migrations/versions/"
                f"<new revision>_add_{spec.name}_table.py"
                " (autogenerated, then proved on a throwaway database)"
            )
        typer.echo("nothing was written (--dry-run)")
        return
    transaction = Transaction(
        [Change(path, text) for path, text in new_files.items()]
        + [Change(path, new, old) for path, (old, new) in edits.items()],
        project.root,
    )
    transaction.apply()
    revision = None
    if migrate:
        typer.echo(f"autogenerating and checking the migration for {spec.name}...")
        try:
            revision = _make_migration(project, spec)
        except BaseException:
            transaction.rollback()
            raise
    _report(project, new_files, edits, "created", "changed")
    if revision is not None:
        typer.echo(
            f"created {project.relative(revision)} (a fresh database upgraded to head;"
            " alembic check found no drift)"
        )
    _next_steps(project, spec, migrated=revision is not None)


def _report(
    project: Project,
    new_files: dict[Path, str],
    edits: dict[Path, tuple[str, str]],
    create: str,
    change: str,
) -> None:
    for path in new_files:
        typer.echo(f"{create} {project.relative(path)}")
    for path in edits:
        typer.echo(f"{change} {project.relative(path)}")


def _next_steps(project: Project, spec: TableSpec, *, migrated: bool) -> None:
    command = project.command
    if "sql" in spec.layers and not migrated:
        typer.echo(
            f'next: {command} make-migration -m "add {spec.name} table" (until then the'
            " migration test reports the missing table)"
        )
    if "sql" in spec.layers:
        typer.echo(f"next: {command} migrate (or pave-db for a local database you can drop)")
    if "routes" in spec.layers:
        typer.echo(f"the API is at /api/{spec.url}; run the tests with: {project.dev_command} test")


def _make_migration(project: Project, spec: TableSpec) -> Path:
    """Run the migration module in a fresh interpreter, which imports the new model."""
    result = subprocess.run(  # noqa: S603 (our own interpreter running our module)
        [
            sys.executable,
            "-m",
            f"{project.package}_devtools.add_table.migration",
            spec.name,
            f"add {spec.name} table",
        ],
        capture_output=True,
        text=True,
        cwd=project.root,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        errors = result.stderr.strip().splitlines() or [f"exit code {result.returncode}"]
        raise MigrationFailed(
            f"the migration for {spec.name} failed, so nothing was written: {errors[-1]}"
        )
    return Path(lines[-1])


def _ask(
    project: Project, layers: frozenset[str] | None, *, dry_run: bool, history: bool
) -> TableSpec:
    """Ask for the table name, its fields one by one, the layers and (with a manager) the
    change history; re-ask on a mistake."""
    typer.echo(
        "A new table: answer each question (Ctrl-C stops; nothing is written before the end)."
    )
    while True:
        try:
            name = typer.prompt("Table name (e.g. invoice_line)").strip()
            check_name(name, "table name", MAX_TABLE_NAME)
            every_layer = TableSpec(name, (), frozenset(LAYERS))
            project.check_new(every_layer, Renderer(project, every_layer).paths())
            break
        except AddTableError as exc:
            _warn(exc)
    fields: list[FieldSpec] = []
    while True:
        field_name = typer.prompt("Field name (empty when done)", default="", show_default=False)
        field_name = field_name.strip()
        if not field_name:
            if fields:
                break
            _warn(AddTableError("a table needs at least one field"))
            continue
        try:
            check_field_name(field_name)
            check_fields([*fields, FieldSpec(field_name, "str")])
        except AddTableError as exc:
            _warn(exc)
            continue
        fields.append(_ask_field(project, field_name, fields))
    while layers is None:
        try:
            layers = parse_layers(typer.prompt(f"Layers ({','.join(LAYERS)})", default="all"))
        except AddTableError as exc:
            _warn(exc)
    if not history and "manager" in layers:  # the manager records it (check_history)
        history = typer.confirm("Keep its change history (who changed what, and when)?")
    spec = TableSpec(name, tuple(fields), layers, history=history)
    summary = ", ".join(f"{f.name}:{':'.join([f.label, *f.options])}" for f in spec.fields)
    chosen = ",".join(layer for layer in LAYERS if layer in layers)
    typer.echo(f"{name}: {summary}; layers: {chosen}; history: {'yes' if history else 'no'}")
    if not dry_run:
        typer.confirm("Write it?", default=True, abort=True)
    return spec


def _ask_field(project: Project, name: str, earlier: list[FieldSpec]) -> FieldSpec:
    types = ", ".join([*TYPES, "vector(N)"] if project.has_pgvector else TYPES)
    while True:
        type_text = typer.prompt(f"  {name}: type ({types})", default="str").strip()
        try:
            type_, _size = parse_type(type_text, name, has_pgvector=project.has_pgvector)
            break
        except AddTableError as exc:
            _warn(exc)
    while True:
        options = []
        if type_ in ("str", "text") and typer.confirm(f"  {name}: sensitive (stored encrypted)?"):
            options.append("sensitive")
        if type_ != "json" and typer.confirm(f"  {name}: nullable?"):
            options.append("nullable")
        if "sensitive" not in options and type_ not in ("json", "vector"):
            if type_ != "bool" and typer.confirm(f"  {name}: unique (per owner)?"):
                options.append("unique")
            if typer.confirm(f"  {name}: indexed?"):
                options.append("index")
        try:
            spec = make_field(name, type_text, options, has_pgvector=project.has_pgvector)
            check_fields([*earlier, spec])
            return spec
        except AddTableError as exc:
            _warn(exc)


def _warn(exc: Exception) -> None:
    typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
