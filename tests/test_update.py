"""`copier update` for real: from v0.1.0 of a throwaway template copy to v0.2.0.

The user's project has their own package and test, a .gitignore addition and an
edit of the README title, the one line v0.2.0 also changes. After the update:
untouched files take the new version, the added template module arrives, the
user's edits and module survive, the title is an inline conflict holding both
sides, and the project's checks (ruff, mypy) and unit tests pass (the conflict is in
the README only).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from copier import run_copy, run_update

from . import template_versions as tv
from .helpers import run, uv_run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def updated(template_versions: Path, tmp_path_factory: pytest.TempPathFactory):
    project = tv.render_user_project(template_versions, tmp_path_factory.mktemp("update") / "app")
    user_module = (project / "my_app/reports/summary.py").read_bytes()
    run_update(project, defaults=True, overwrite=True, unsafe=True, skip_tasks=True,
               vcs_ref=tv.NEW, conflict="inline", quiet=True)  # fmt: skip
    return project, user_module


def test_untouched_files_take_the_new_version_and_new_files_arrive(updated):
    project, _ = updated
    assert "class TemplateVersionTwoError(AppError):" in (project / "my_app/errors.py").read_text()
    assert (project / "my_app/template_v2.py").read_text() == tv.ADDED_MODULE
    assert f"_commit: {tv.NEW}" in (project / ".copier-answers.yml").read_text()


def test_user_edits_and_modules_survive(updated):
    project, user_module = updated
    assert (project / "my_app/reports/summary.py").read_bytes() == user_module
    assert (project / "tests/unit/test_reports.py").read_text() == tv.USER_TEST
    assert (project / ".gitignore").read_text().endswith(tv.USER_IGNORE)


def test_the_overlapping_edit_is_an_inline_conflict_with_both_sides(updated):
    project, _ = updated
    readme = (project / "README.md").read_text()
    ours, theirs = readme.split("=======\n", 1)
    assert ours.startswith("<<<<<<< before updating\n" + tv.USER_TITLE + "\n")
    assert theirs.startswith("# My App, template version 2\n>>>>>>> after updating\n")
    assert not list(project.rglob("*.rej"))
    status = tv.git(project, "status", "--porcelain")
    assert "UU README.md" in status  # recorded as unmerged: a commit would be refused
    tracked = set(tv.git(project, "ls-files").splitlines())  # an unmerged file is listed 3 times
    conflicted = [
        path
        for path in sorted(tracked)
        if (project / path).is_file() and "<<<<<<< " in (project / path).read_text(errors="ignore")
    ]
    assert conflicted == ["README.md"]


def test_the_updated_project_passes_its_checks_and_tests(updated):
    project, _ = updated
    run([sys.executable, "-m", "uv", "sync", "--quiet"], project)
    uv_run(project, "ruff", "check", ".")
    uv_run(project, "ruff", "format", "--check", ".")
    uv_run(project, "mypy", ".")
    assert "1 passed" in uv_run(project, "pytest", "-q", "tests/unit/test_reports.py").stdout
    # The unit suite only (CI time): this update changed errors.py, added a module and the
    # README; test_rename.py runs integrated/ on a renamed project, and
    # test_rendered_projects.py everything on fresh renders.
    uv_run(project, "pytest", "-q", "-p", "no:cacheprovider", "tests/unit")


def test_an_update_re_wires_the_reactpy_fork(
    template_versions: Path, reactpy_fork: Path, tmp_path: Path
):
    """The after-update migration runs the project's checkout: a new ref moves it."""
    project = tmp_path / "app"
    fork_answers = {"reactpy_source": str(reactpy_fork), "reactpy_ref": "plain",
                    "reactpy_checkout_dir": "../reactpy"}  # fmt: skip
    run_copy(str(template_versions), project, data=fork_answers, defaults=True, unsafe=True,
             skip_tasks=True, vcs_ref=tv.OLD, quiet=True)  # fmt: skip
    run([sys.executable, "dev_scripts/reactpy_checkout.py"], project)  # what setup would do
    tv.git(project, "init", "--quiet", "--initial-branch=main")
    tv.git(project, "add", "-A")
    tv.git(project, "commit", "--quiet", "-m", "rendered, fork at plain")
    run_update(project, data={"reactpy_ref": "main"}, defaults=True, overwrite=True,
               unsafe=True, vcs_ref=tv.OLD, quiet=True)  # fmt: skip
    checkout = tmp_path / "reactpy"
    assert tv.git(checkout, "rev-parse", "HEAD") == tv.git(reactpy_fork, "rev-parse", "main")
    pyproject = (project / "pyproject.toml").read_text()
    assert pyproject.count('reactpy = { path = "../reactpy", editable = true }') == 1
    assert "reactpy_ref: main" in (project / ".copier-answers.yml").read_text()
    assert "<<<<<<< " not in pyproject


def test_an_update_with_conflicts_names_the_files(template_versions: Path, tmp_path: Path):
    """Copier exits 0 and says nothing about conflicts: the migration hook lists them."""
    project = tv.render_user_project(template_versions, tmp_path / "app")
    update = run(
        [sys.executable, "-m", "copier", "update", "--trust", "--defaults", "--skip-tasks",
         "--conflict", "inline", "--vcs-ref", tv.NEW],
        project,
    )  # fmt: skip
    lines = [line for line in update.stderr.splitlines() if "left conflicts" in line]
    assert len(lines) == 1, update.stdout + update.stderr
    assert "conflicts in 1 file(s): README.md;" in lines[0]
