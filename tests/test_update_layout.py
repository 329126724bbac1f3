"""`copier update` from the layout of template commit 124db6c (alembic/, static/, brython/
at the project's root; developer tools inside the package) to this working tree's.

The template's real history is cloned into a throwaway repository, 124db6c tagged
v0.1.0 and this working tree committed on top as v0.2.0. A project rendered from
v0.1.0 gets two tables from its add-table (one shared, `--unscoped`; their migrations
under alembic/versions/), a hand-written migration there, edits of moved files
(static/app.css, alembic/env.py) and of a page, all committed; then `copier update`.
The new layout must be there, the user's files moved and intact, their edits merged
into the moved files (the stylesheet, rewritten whole since, as a named inline
conflict), no other conflict marker, the tables rewritten to managers
that take an Actor (hooks/upgrade_old_tables.py), and the project's `check`, unit
tests and the tables' layer tests must pass.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from . import template_versions as tv
from .helpers import REPO, run, uv_run

pytestmark = pytest.mark.slow

OLD_LAYOUT_COMMIT = "124db6c"
USER_MIGRATION = "alembic/versions/20260105_a1b2c3d4e5f6_index_note_titles.py"
USER_MIGRATION_TEXT = '''"""index note titles

Revision ID: a1b2c3d4e5f6
Revises: 0002
"""

from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_note_title_user", "note", ["title"])


def downgrade() -> None:
    raise NotImplementedError("forward only")
'''
USER_CSS = "\n/* ours: a brand colour */\n.brand {\n  color: #0a7;\n}\n"
USER_ENV_LINE = "# ours: the migrations see every model registered in sql_models\n"
ENV_ANCHOR = "def do_run_migrations(connection: Connection) -> None:\n"
USER_PAGE_TEXT = "Our own words about this app."


def build_layout_versions(destination: Path) -> Path:
    """The real history up to 124db6c as v0.1.0, this working tree on top as v0.2.0."""
    tv.git(REPO, "cat-file", "-e", f"{OLD_LAYOUT_COMMIT}^{{commit}}")
    run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(destination)], REPO)
    tv.git(destination, "checkout", "--quiet", "-b", "layout-test", OLD_LAYOUT_COMMIT)
    tv.git(destination, "tag", tv.OLD)
    tv.git(destination, "rm", "-r", "--quiet", ".")
    listed = tv.git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, destination / name)
    tv.git(destination, "add", "-A")
    tv.git(destination, "commit", "--quiet", "-m", "the working tree")
    tv.git(destination, "tag", tv.NEW)
    return destination


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory):
    from copier import run_copy

    template = build_layout_versions(tmp_path_factory.mktemp("layout-template") / "template")
    project = tmp_path_factory.mktemp("layout-update") / "app"
    run_copy(str(template), project, defaults=True, unsafe=True, skip_tasks=True,
             vcs_ref=tv.OLD, quiet=True)  # fmt: skip
    assert (project / "alembic" / "env.py").is_file(), "v0.1.0 is the old layout"
    tv.git(project, "init", "--quiet", "--initial-branch=main")
    tv.git(project, "add", "-A")
    tv.git(project, "commit", "--quiet", "-m", "rendered")

    run([sys.executable, "-m", "uv", "sync", "--quiet"], project)
    add_table = [str(project / ".venv" / "bin" / "my-app"), "add-table"]
    run([*add_table, "--name", "invoice", "--field", "amount:decimal",
         "--field", "memo:str:sensitive"], project)  # fmt: skip
    run([*add_table, "--name", "event", "--field", "title:str:unique", "--field",
         "starts_at:datetime", "--unscoped"], project)  # fmt: skip
    (project / USER_MIGRATION).write_text(USER_MIGRATION_TEXT)
    css = project / "static" / "app.css"
    css.write_text(css.read_text() + USER_CSS)
    env = project / "alembic" / "env.py"
    assert ENV_ANCHOR in env.read_text(), "the env.py anchor moved: adjust the test"
    env.write_text(env.read_text().replace(ENV_ANCHOR, USER_ENV_LINE + ENV_ANCHOR, 1))
    about = project / "my_app" / "frontend" / "pages" / "about.py"
    about.write_text(about.read_text().rstrip("\n") + f'\n\n\nOUR_WORDS = "{USER_PAGE_TEXT}"\n')
    tv.git(project, "add", "-A")
    tv.git(project, "commit", "--quiet", "-m", "our changes")

    update = subprocess.run(
        [str(Path(sys.executable).parent / "copier"), "update", "--trust", "--defaults",
         "--skip-tasks", "--conflict", "inline", "--vcs-ref", tv.NEW],
        cwd=project, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert update.returncode == 0, update.stdout + update.stderr
    return project, update.stdout + update.stderr


def test_the_project_has_the_new_layout(updated) -> None:
    project, _ = updated
    for present in ["my_app/migrations/env.py", "my_app/migrations/script.py.mako",
                    "my_app/migrations/versions/0002_accounts.py", "my_app/static/app.css",
                    "my_app/brython/browser_functions.py", "devtools/pyproject.toml",
                    "devtools/my_app_devtools/cli.py"]:  # fmt: skip
        assert (project / present).is_file(), present
    for gone in ["alembic", "static", "brython", "my_app/devtools", "alembic.ini",
                 "dev_scripts/add_table.py"]:  # fmt: skip
        assert not (project / gone).exists(), f"{gone} is left over"


def test_the_users_migrations_moved_intact(updated) -> None:
    project, output = updated
    moved = project / USER_MIGRATION.replace("alembic/", "my_app/migrations/", 1)
    assert moved.read_text() == USER_MIGRATION_TEXT
    assert f"layout: moved {USER_MIGRATION} -> {moved.relative_to(project)}" in output
    (generated,) = (project / "my_app" / "migrations" / "versions").glob("*_add_invoice_table.py")
    committed = tv.git(project, "show", f"HEAD:alembic/versions/{generated.name}")
    assert generated.read_text() == committed
    assert (project / "my_app" / "backend" / "sql_models" / "invoice.py").is_file()
    assert "Invoice" in (project / "my_app" / "backend" / "sql_models" / "__init__.py").read_text()


def test_edits_of_moved_files_are_merged_into_their_new_home(updated) -> None:
    project, output = updated
    env = (project / "my_app" / "migrations" / "env.py").read_text()
    assert USER_ENV_LINE + ENV_ANCHOR in env
    assert "URL from the CLI (db/migrations.py)" in env  # the template's own change arrived
    assert "your edits of alembic/env.py -> my_app/migrations/env.py: merged" in output


def test_an_edit_of_a_moved_file_the_template_rewrote_is_a_named_inline_conflict(updated) -> None:
    """v0.2.0 rewrote the stylesheet whole (the design system): the user's appended rule
    meets the template's new end, so both sides are kept between Copier's markers."""
    project, output = updated
    css = (project / "my_app" / "static" / "app.css").read_text()
    new_css = (REPO / "template" / "{{package_name}}" / "static" / "app.css").read_text()
    ours, _, theirs = css.partition("\n=======\n")
    assert ours.startswith("<<<<<<< before updating\n")
    assert USER_CSS.strip() in ours
    assert theirs.endswith(">>>>>>> after updating\n")
    assert new_css.splitlines()[-1] in theirs  # the template's new stylesheet is there
    assert (
        "your edits of static/app.css -> my_app/static/app.css: conflicts inline, resolve them"
        in output
    )
    # The closing list of conflicts (hooks/post_update.py) names it too.
    (closing,) = [line for line in output.splitlines() if "the update left conflicts" in line]
    assert "my_app/static/app.css" in closing


def test_edits_of_files_that_stay_are_kept_and_no_other_conflict_is_left(updated) -> None:
    project, _ = updated
    about = (project / "my_app/frontend/pages/about.py").read_text()
    assert about.endswith(f'\n\n\nOUR_WORDS = "{USER_PAGE_TEXT}"\n')  # our lines, at the end
    status = tv.git(project, "status", "--porcelain")
    assert not [line for line in status.splitlines() if line[:2] in {"UU", "AA", "DU", "UD"}]
    marked = [
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if ".git" not in path.parts
        and path.is_file()
        and "<<<<<<< " in path.read_text(errors="ignore")
    ]
    assert marked == ["my_app/static/app.css"]  # the one above
    assert not list(project.rglob("*.rej"))


def test_the_old_add_tables_tables_are_rewritten_to_managers_taking_an_actor(updated) -> None:
    project, output = updated
    for table in ("invoice", "event"):
        assert f"[heavy-stack] tables: {table}: rewritten" in output
    assert "still uses backend.ownership" not in output
    routes = (project / "my_app" / "backend" / "routes" / "invoices.py").read_text()
    assert "InvoiceManager(session, actor_of(request), request.app.ctx.keyring)" in routes
    shared = (project / "my_app" / "backend" / "managers" / "event.py").read_text()
    assert "EventRepository(session, SHARED_OWNER)" in shared  # --unscoped stays shared


def test_the_updated_project_passes_its_check_and_its_tables_tests(updated) -> None:
    project, _ = updated
    run([sys.executable, "-m", "uv", "sync", "--quiet"], project)  # the lock follows the update
    assert "check passed" in uv_run(project, "my-app-dev", "check").stdout
    tests = uv_run(project, "my-app-dev", "test", "--kind", "unit", "-q", "-p", "no:cacheprovider")
    assert (project / "tests" / "unit" / "test_invoice_models.py").is_file()
    assert " passed" in tests.stdout
    layers = [f"tests/integrated/test_{table}_layers.py" for table in ("invoice", "event")]
    integrated = uv_run(project, "pytest", "-q", "-p", "no:cacheprovider", *layers)
    assert " passed" in integrated.stdout and " failed" not in integrated.stdout
