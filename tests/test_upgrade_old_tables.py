"""hooks/upgrade_old_tables.py on the files the add-table of template commit 124db6c wrote.

tests/data/add_table_124db6c/ holds those files and, per table, the patch to what today's
add-table writes for the same command. The hook must make exactly that change, leave what
the user changed alone with a line saying so, and do nothing the second time.
tests/test_update_layout.py runs it inside a real `copier update`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import REPO
from .test_hooks import load_hook

upgrade_old_tables = load_hook("upgrade_old_tables")

OLD_FILES = REPO / "tests" / "data" / "add_table_124db6c"
TABLES = ("invoice", "event")
INVOICE_MANAGER = "my_app/backend/managers/invoice.py"
INVOICE_ROUTES = "my_app/backend/routes/invoices.py"
INVOICE_MUNGER = "my_app/backend/mungers/invoice.py"


def old_project(root: Path, *tables: str) -> Path:
    """A project in the layout with actors, holding the old add-table's files of `tables`."""
    project = root / "project"
    (project / "my_app" / "shared_models").mkdir(parents=True)
    (project / "my_app" / "shared_models" / "actor.py").write_text('"""Actors."""\n')
    (project / ".copier-answers.yml").write_text("_commit: v0.2.0\npackage_name: my_app\n")
    for table in tables:
        for source in (OLD_FILES / table).rglob("*.py.txt"):
            target = project / source.relative_to(OLD_FILES / table).with_suffix("")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return project


def snapshot(project: Path) -> dict[str, str]:
    return {
        str(path.relative_to(project)): path.read_text() for path in sorted(project.rglob("*.py"))
    }


def upgrade(project: Path) -> list[str]:
    report: list[str] = upgrade_old_tables.upgrade(project)
    return report


@pytest.mark.parametrize("table", TABLES)
def test_the_old_files_become_what_add_table_writes_today(tmp_path: Path, table: str) -> None:
    expected = old_project(tmp_path / "expected", table)
    subprocess.run(["git", "apply", str(OLD_FILES / f"{table}.patch")], cwd=expected, check=True)
    project = old_project(tmp_path, table)
    report = upgrade(project)
    assert snapshot(project) == snapshot(expected)
    assert report[0].startswith(f"{table}: rewritten")
    assert "still uses backend.ownership" not in "\n".join(report)


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    project = old_project(tmp_path, *TABLES)
    assert len([line for line in upgrade(project) if " rewritten" in line]) == 2
    once = snapshot(project)
    assert upgrade(project) == []
    assert snapshot(project) == once


def test_nothing_is_rewritten_before_the_layout_with_actors(tmp_path: Path) -> None:
    project = old_project(tmp_path, "invoice")
    (project / "my_app" / "shared_models" / "actor.py").unlink()
    before = snapshot(project)
    assert upgrade(project) == []
    assert snapshot(project) == before


def test_a_manager_the_user_changed_is_left_alone_with_its_routes(tmp_path: Path) -> None:
    project = old_project(tmp_path, "invoice")
    manager = project / INVOICE_MANAGER
    manager.write_text(manager.read_text().replace(
        "        self.data_keys = data_keys\n",
        "        self.data_keys = data_keys\n        self.audit = True\n",
    ))  # fmt: skip
    before = snapshot(project)
    report = upgrade(project)
    changed = {path for path, text in snapshot(project).items() if before[path] != text}
    assert INVOICE_MANAGER not in changed and INVOICE_ROUTES not in changed
    assert f"{INVOICE_MANAGER}: changed since add-table wrote it" in report[0]
    still = [line.split(" ", 1)[0] for line in report if "still uses backend.ownership" in line]
    assert still == [INVOICE_ROUTES]  # the manager has its own line above


def test_methods_the_user_added_are_named(tmp_path: Path) -> None:
    project = old_project(tmp_path, "invoice")
    manager = project / INVOICE_MANAGER
    manager.write_text(
        manager.read_text()
        + "\n    async def archive(self, item_id: int) -> None:\n"
        + "        await self.delete(item_id)\n"
    )
    report = upgrade(project)
    assert "self._may_write()" in manager.read_text()
    (named,) = [line for line in report if "your methods" in line]
    assert named.startswith(f"{INVOICE_MANAGER}: your methods archive: one that writes")


def test_every_write_is_refused_to_anonymous_visitors(tmp_path: Path) -> None:
    import ast

    project = old_project(tmp_path, *TABLES)
    upgrade(project)
    for table in TABLES:
        tree = ast.parse((project / f"my_app/backend/managers/{table}.py").read_text())
        (manager,) = [node for node in tree.body if isinstance(node, ast.ClassDef)]
        for method in manager.body:
            if (
                isinstance(method, ast.AsyncFunctionDef)
                and method.name in upgrade_old_tables.WRITING_METHODS
            ):
                first = method.body[1] if method.name == "update" else method.body[0]  # docstring
                assert ast.unparse(first) == "self._may_write()", (table, method.name)


def test_without_routes_the_table_is_the_users_own(tmp_path: Path) -> None:
    project = old_project(tmp_path, "invoice")
    (project / INVOICE_ROUTES).unlink()
    upgrade(project)
    manager = (project / INVOICE_MANAGER).read_text()
    assert "InvoiceRepository(session, actor.owner)" in manager
    assert "SHARED_OWNER" not in manager


def test_a_changed_time_helper_keeps_the_old_time_handling(tmp_path: Path) -> None:
    project = old_project(tmp_path, "invoice")
    munger = project / INVOICE_MUNGER
    munger.write_text(munger.read_text().replace("we store UTC.", "we store UTC (ours)."))
    before = snapshot(project)
    upgrade(project)
    after = snapshot(project)
    kept = [INVOICE_MUNGER, "my_app/backend/sql_models/invoice.py",
            "tests/unit/test_invoice_munger.py"]  # fmt: skip
    assert all(after[path] == before[path] for path in kept)
    assert after[INVOICE_MANAGER] != before[INVOICE_MANAGER]  # the contract changed regardless


def test_a_module_that_does_not_parse_is_named_and_left_alone(tmp_path: Path) -> None:
    project = old_project(tmp_path, "invoice")
    routes = project / INVOICE_ROUTES
    routes.write_text(routes.read_text() + "\ndef broken(:\n")
    before = snapshot(project)
    report = upgrade(project)
    assert snapshot(project) == before
    assert report[0].startswith(f"{INVOICE_MANAGER}: not rewritten")
