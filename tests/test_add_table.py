"""add_table in a rendered project, as a developer runs it.

Three tables through every layer (every field type; sensitive and vector fields;
a two-word name; two keeping their change history) leave the project passing ruff,
ruff format, mypy and its own test suite. Every refused input is one line on stderr,
exit code 2, and not one file changed; a failure half-way (a write, the migration)
takes everything back.
"""

from __future__ import annotations

import hashlib
import subprocess
import time
from pathlib import Path

import pytest

from .helpers import (
    NO_BROWSER,
    assert_no_template_markup,
    passed_modules,
    project_env,
    rendered_pytest,
    run,
    uv_run,
)

pytestmark = pytest.mark.slow

# The three tables of the issue, written with the dev CLI (the second as the debugger runs it).
TABLES = {
    "catalog_item": [
        "s:str:unique:index",
        "t:text:nullable",
        "i:int:index",
        "f:float:nullable",
        "b:bool:index",
        "d:decimal:nullable",
        "day:date",
        "at:datetime:nullable",
        "u:uuid:unique",
        "j:json",
        "v:vector(3):nullable",
    ],
    "document": [
        "title:str",
        "body:text:sensitive",
        "secret_note:str:sensitive:nullable",
        "embedding:vector(8)",
        "summary_vec:vector(2):nullable",
    ],
    "invoice_line": ["amount:decimal", "memo:str:sensitive"],
}
UNSCOPED = {"invoice_line"}  # a shared table: rows not scoped to their writer
HISTORY = {"document", "invoice_line"}  # `--history`: sensitive fields, scoped and shared

NOT_STATE = {".venv", ".git", "var", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project that add_table could touch (caches and state left out)."""
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and not NOT_STATE & set(path.relative_to(project).parts)
    }


def digest(files: dict[str, bytes]) -> str:
    sha = hashlib.sha256()
    for name, content in files.items():
        sha.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return sha.hexdigest()


def restore(project: Path, files: dict[str, bytes]) -> None:
    """Put the project back as `files` had it (new files removed)."""
    for name in set(snapshot(project)) - set(files):
        (project / name).unlink()
    for name, content in files.items():
        path = project / name
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)


def add_table(
    project: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(project / ".venv" / "bin" / "my-app-dev"), "add-table", *args],
        cwd=project, env=project_env(), input=stdin, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def project(session_copie) -> Path:
    result = session_copie.copy(extra_answers={})
    assert result.exit_code == 0, result.exception
    assert result.project_dir is not None
    return result.project_dir


@pytest.fixture(scope="module")
def with_tables(project: Path) -> Path:
    """The project after add_table wrote the three tables (the second as `python -m`)."""
    for name, fields in TABLES.items():
        args = ["--name", name, *(arg for field in fields for arg in ("--field", field))]
        args += ["--unscoped"] if name in UNSCOPED else []
        args += ["--history"] if name in HISTORY else []
        started = time.monotonic()
        if name == "document":
            python = str(project / ".venv" / "bin" / "python")
            command = [python, "-m", "my_app_devtools", "add-table", *args]
            result = run(command, project)
        else:
            result = add_table(project, *args)
            assert result.returncode == 0, result.stdout + result.stderr
        print(f"add_table {name}: {time.monotonic() - started:.1f} s")
        assert f"created {'my_app/backend/sql_models/' + name}.py" in result.stdout
        assert "alembic check found no drift" in result.stdout
    return project


@pytest.mark.parametrize(
    "check",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy", "."]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_static_checks_pass_after_three_tables(with_tables: Path, check: list[str]) -> None:
    uv_run(with_tables, *check)


def test_generated_files_hold_no_template_markup(with_tables: Path) -> None:
    assert_no_template_markup(with_tables)


def test_own_test_suite_passes_with_the_new_tests(
    with_tables: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The project's suite (its load tests aside, which no table touches) with the tests
    add-table wrote: each table's models, layers, routes and page, the page driven in a
    browser; every page, the generated ones included, through test_every_page and axe-core;
    Schemathesis over the new routes. In CI the browser flows of the template's own pages,
    which no table changes, are left to --full-matrix (CI's time)."""
    report = tmp_path / "report.xml"
    started = time.monotonic()
    selection = [] if request.config.getoption("full_matrix") else [
        "tests/unit", "tests/integrated", "tests/external/test_api_contract.py",
        "tests/external/test_every_page.py",
        *(f"tests/external/test_{name}_{kind}.py" for name in TABLES for kind in ("api", "page")),
    ]  # fmt: skip
    result = rendered_pytest(
        with_tables, report, "-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'pytest'}",
        "-m", "not load_test and not load_test_extra", *selection,
        # Schemathesis over 35 operations and three pages in a browser: 13.4 min measured
        # on two busy cores.
        timeout=1800,
    )  # fmt: skip
    print(f"project test suite with three new tables: {time.monotonic() - started:.1f} s")
    assert " passed" in result.stdout and " failed" not in result.stdout
    if NO_BROWSER in result.stdout:  # .ci/run's BROWSER_REQUIRED=1 makes this a failure
        pytest.skip("SKIPPED LOUDLY: the suite passed without its browser tests (no Chromium)")
    written = [
        f"{folder}/test_{name}_{kind}"
        for name in TABLES
        for folder, kind in (
            ("unit", "models"), ("unit", "munger"), ("integrated", "layers"),
            ("external", "api"), ("external", "page"),  # the page, driven in a browser
        )
    ]  # fmt: skip
    for test in written:
        assert (with_tables / "tests" / f"{test}.py").is_file(), test
    expected = {test.split("/")[1] for test in written} | {"test_every_page"}
    missing = expected - passed_modules(report)
    assert not missing, f"tests that did not pass: {sorted(missing)}"


def test_registries_list_the_new_tables(with_tables: Path) -> None:
    package = with_tables / "my_app"
    tables = (package / "backend" / "sql_models" / "__init__.py").read_text()
    assert "from .invoice_line import InvoiceLine\n" in tables
    assert '    "InvoiceLinePatch",\n' in (package / "shared_models" / "__init__.py").read_text()
    routes = (package / "backend" / "routes" / "__init__.py").read_text()
    assert "from .invoice_lines import invoice_lines\n" in routes
    assert "    invoice_lines,\n" in routes
    blueprint = (package / "backend" / "routes" / "invoice_lines.py").read_text()
    assert 'url_prefix="/invoice-lines"' in blueprint
    assert "actor_of(request)" in blueprint  # the manager decides what the actor may do
    managers = package / "backend" / "managers"
    assert "SHARED_OWNER" in (managers / "invoice_line.py").read_text()  # --unscoped
    assert "actor.owner" in (managers / "document.py").read_text()
    documents = (package / "backend" / "routes" / "documents.py").read_text()
    assert '@documents.post("/nearest-by-embedding")' in documents  # one route per vector
    catalog = (package / "backend" / "routes" / "catalog_items.py").read_text()
    assert '@catalog_items.post("/nearest")' in catalog
    for name, plural in (("document", "documents"), ("invoice_line", "invoice_lines")):
        manager = (managers / f"{name}.py").read_text()
        assert "await self._record(" in manager  # --history: each write records its entry
        assert (
            "/history/<item_id:int>"
            in (package / "backend" / "routes" / f"{plural}.py").read_text()
        )
        assert "history=True" in (package / "frontend" / "pages" / f"{name}.py").read_text()
    assert "CHANGED_ONLY" not in (managers / "catalog_item.py").read_text()  # no --history
    # Sensitive fields and vectors are recorded only as "changed".
    assert (
        'CHANGED_ONLY: tuple[str, ...] = ("body", "secret_note", "embedding", "summary_vec")'
        in (managers / "document.py").read_text()
    )
    root = (package / "frontend" / "root.py").read_text()
    assert "from .pages.invoice_line import InvoiceLinePage\n" in root
    assert '    NavItem("/invoice-lines", "Invoice lines"),\n' in root
    assert '        route("/invoice-lines", _page(InvoiceLinePage())),\n' in root
    assert root.rstrip().splitlines()[-2].strip().startswith('route("/{path:any}"')  # still last


BAD_INPUT = [
    (["--name", "InvoiceLine", "--field", "a:str"], "table name 'InvoiceLine' is not valid"),
    (["--name", "2fast", "--field", "a:str"], "is not valid"),
    (["--name", "class", "--field", "a:str"], "'class' is a Python keyword"),
    (["--name", "user", "--field", "a:str"], "'user' is an SQL reserved word"),
    (["--name", "order", "--field", "a:str"], "'order' is an SQL reserved word"),
    (["--name", "group", "--field", "a:str"], "SQL reserved word"),
    (["--name", "note", "--field", "a:str"], "table 'note' already exists"),
    (["--name", "invoice_line", "--field", "a:str"], "table 'invoice_line' already exists"),
    (["--name", "x", "--field", "select:str"], "field name 'select' is an SQL reserved word"),
    (["--name", "x", "--field", "table:int"], "SQL reserved word"),
    (["--name", "x", "--field", "class:int"], "Python keyword"),
    (["--name", "x", "--field", "a:string"], "field 'a': unknown type 'string'"),
    (["--name", "x", "--field", "a:str", "--field", "a:int"], "field 'a' is given twice"),
    (["--name", "x", "--field", "id:int"], "field name 'id' is reserved"),
    (["--name", "x", "--field", "owner:str"], "field name 'owner' is reserved"),
    (["--name", "x", "--field", "created_at:date"], "field name 'created_at' is reserved"),
    (["--name", "x", "--field", "a:str:sensitive:unique"], "cannot be unique or indexed"),
    (["--name", "x", "--field", "a:str:sensitive:index"], "cannot be unique or indexed"),
    (["--name", "x", "--field", "a:int:sensitive"], "only str and text fields can be sensitive"),
    (["--name", "x", "--field", "a:str:loud"], "unknown option 'loud'"),
    (["--name", "x", "--field", "v:vector(0)"], "vector size '0' is not valid"),
    (["--name", "x", "--field", "v:vector(many)"], "vector size 'many' is not valid"),
    (["--name", "x", "--field", "v:vector(16001)"], "from 1 to 16000"),
    (["--name", "x", "--field", "a"], "is not NAME:TYPE[:OPTION...]"),
    (["--name", "x"], "a table needs at least one field"),
    (["--field", "a:str"], "--field needs --name"),
    (["--name", "x", "--field", "a:str", "--layers", "manager"], "layer 'manager' needs"),
    (["--name", "x", "--field", "a:str", "--layers", "sql,db"], "unknown layer 'db'"),
    (["--name", "x", "--field", "a:str", "--layers", "sql", "--history"], "--history needs"),
    (["--name", "x", "--field", "a:str", "--colour"], "No such option: --colour"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_is_one_line_and_changes_nothing(
    with_tables: Path, args: list[str], message: str
) -> None:
    before = digest(snapshot(with_tables))
    result = add_table(with_tables, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert digest(snapshot(with_tables)) == before


def test_dry_run_lists_the_files_and_writes_nothing(with_tables: Path) -> None:
    before = digest(snapshot(with_tables))
    result = add_table(with_tables, "--name", "dry_probe", "--field", "a:str", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "would create my_app/backend/routes/dry_probes.py" in result.stdout
    assert "would change my_app/backend/sql_models/__init__.py" in result.stdout
    assert "would create my_app/frontend/pages/dry_probe.py" in result.stdout
    assert "would create tests/external/test_dry_probe_page.py" in result.stdout
    assert "would change my_app/frontend/root.py" in result.stdout
    assert "nothing was written" in result.stdout
    no_page = add_table(
        with_tables, "--name", "dry_probe", "--field", "a:str", "--dry-run", "--no-page"
    )
    assert no_page.returncode == 0, no_page.stderr
    assert "would create my_app/backend/routes/dry_probes.py" in no_page.stdout
    assert "pages/dry_probe.py" not in no_page.stdout
    assert "frontend/root.py" not in no_page.stdout
    assert digest(snapshot(with_tables)) == before


def test_interactive_run_asks_again_after_a_mistake(with_tables: Path) -> None:
    # name (a mistake first), one field (a mistake first), all layers, history
    answers = "order\nask_probe\nqty\nfloaty\nint\nn\nn\nn\n\n\ny\n"
    before = digest(snapshot(with_tables))
    result = add_table(with_tables, "--dry-run", stdin=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "'order' is an SQL reserved word" in result.stderr
    assert "unknown type 'floaty'" in result.stderr
    assert "ask_probe: qty:int; layers: sql,shared,munger,repository" in result.stdout
    assert "Keep its change history" in result.stdout
    assert "; history: yes" in result.stdout
    assert "would create tests/external/test_ask_probe_api.py" in result.stdout
    assert digest(snapshot(with_tables)) == before


FLAKY_WRITE = """
import os, sys
from my_app_devtools.add_table import main, writer

real_replace, moved = os.replace, []

def replace(source, target):
    moved.append(target)
    if len(moved) == 4:
        raise OSError(28, "No space left on device", str(target))
    real_replace(source, target)

writer.os.replace = replace
sys.exit(main(["--name", "flaky_probe", "--field", "a:str", "--no-migration"]))
"""


def test_a_write_failing_half_way_takes_everything_back(with_tables: Path) -> None:
    before = digest(snapshot(with_tables))
    result = subprocess.run(
        [str(with_tables / ".venv" / "bin" / "python"), "-c", FLAKY_WRITE],
        cwd=with_tables, env=project_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip().startswith("error: cannot write ")
    assert "No space left on device" in result.stderr
    assert digest(snapshot(with_tables)) == before


def test_a_failed_migration_takes_everything_back(with_tables: Path) -> None:
    original = snapshot(with_tables)
    try:
        # A table added without its migration: the next migration would carry it too.
        drift = add_table(
            with_tables, "--name", "drift_probe", "--field", "a:str", "--no-migration"
        )
        assert drift.returncode == 0, drift.stderr
        assert 'make-migration -m "add drift_probe table"' in drift.stdout
        before = digest(snapshot(with_tables))
        result = add_table(with_tables, "--name", "second_probe", "--field", "a:str")
        assert result.returncode == 1, result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "the migration for second_probe failed, so nothing was written" in result.stderr
        assert "beyond second_probe" in result.stderr
        assert digest(snapshot(with_tables)) == before
    finally:
        restore(with_tables, original)


@pytest.fixture(scope="module")
def sqlite_project(session_copie) -> Path:
    result = session_copie.copy(extra_answers={"database": "sqlite", "use_brython": False})
    assert result.exit_code == 0, result.exception
    assert result.project_dir is not None
    return result.project_dir


def test_sqlite_refuses_vectors_and_takes_every_other_type(sqlite_project: Path) -> None:
    before = digest(snapshot(sqlite_project))
    refused = add_table(sqlite_project, "--name", "chunk", "--field", "v:vector(3)")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "error: field 'v': vector fields need pgvector, which this project does not use"
        " (PostgreSQL projects rendered with use_pgvector have it)"
    )
    assert digest(snapshot(sqlite_project)) == before

    fields = [f for f in TABLES["catalog_item"] if "vector" not in f] + ["memo:str:sensitive"]
    written = add_table(sqlite_project, "--name", "catalog_item", *(
        arg for field in fields for arg in ("--field", field)
    ))  # fmt: skip
    assert written.returncode == 0, written.stdout + written.stderr
    for check in (["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy", "."]):
        uv_run(sqlite_project, *check)
    # The table's own tests and its routes under Schemathesis; the rest is --full-matrix's.
    result = uv_run(
        sqlite_project, "pytest", "-q", "-p", "no:cacheprovider", "-m", "not load_test",
        "tests/unit", "tests/integrated", "tests/external/test_api_contract.py",
        "tests/external/test_catalog_item_api.py", "tests/external/test_catalog_item_page.py",
    )  # fmt: skip
    assert " passed" in result.stdout and " failed" not in result.stdout
