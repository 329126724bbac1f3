"""A throwaway git copy of this template with two tagged versions, for `copier update` tests.

`v0.1.0` is the working tree as it is (uncommitted changes included). `v0.2.0`
changes a line users also edit (the README title), a file users leave alone
(errors.py gains a class), and adds a module. Nothing depends on this
repository's own tags.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .helpers import REPO

OLD, NEW = "v0.1.0", "v0.2.0"
PACKAGE_DIR = "template/{{package_name}}"
README = "template/README.md.jinja"
TITLE = "# {{ project_name }}"
NEW_TITLE = "# {{ project_name }}, template version 2"
NEW_ERROR = (
    "\n\nclass TemplateVersionTwoError(AppError):\n"
    '    """Added by template version 2."""\n\n'
    "    status = 409\n"
)
ADDED_MODULE = '"""Added by template version 2."""\n\nTEMPLATE_VERSION = 2\n'


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Template Tests", "-c", "user.email=t@example.com", *args],
        cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"git {' '.join(args)} in {cwd}: {result.stderr}"
    return result.stdout


def build_template_versions(destination: Path) -> Path:
    """Copy the files git would commit here, then commit and tag two versions."""
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, destination / name)
    git(destination, "init", "--quiet", "--initial-branch=main")
    git(destination, "add", "-A")
    git(destination, "commit", "--quiet", "-m", "version 1")
    git(destination, "tag", OLD)

    readme = destination / README
    assert readme.read_text().startswith(TITLE + "\n"), "the README title moved: adjust the test"
    readme.write_text(readme.read_text().replace(TITLE, NEW_TITLE, 1))
    errors = destination / PACKAGE_DIR / "errors.py"
    errors.write_text(errors.read_text() + NEW_ERROR)
    (destination / PACKAGE_DIR / "template_v2.py").write_text(ADDED_MODULE)
    git(destination, "add", "-A")
    git(destination, "commit", "--quiet", "-m", "version 2")
    git(destination, "tag", NEW)
    return destination


USER_MODULE = '''"""A module the user added: it imports the package by name."""

from my_app.errors import NotFoundError


def missing_report(name: str) -> NotFoundError:
    return NotFoundError(f"no report called {name}")
'''
USER_TEST = """from my_app.reports.summary import missing_report


def test_missing_report_is_a_404() -> None:
    assert missing_report("q1").status == 404
"""
USER_IGNORE = "# ours: editor files\n*.swp\n"
USER_TITLE = "# My App, as our team calls it"


def render_user_project(template: Path, destination: Path, *, edit_readme: bool = True) -> Path:
    """Copy from the old tag (tasks skipped), commit, then commit a user's own changes:
    a package of their own with a test, a .gitignore addition and (unless told not to)
    an edit of the README title, the line template version 2 also changes."""
    from copier import run_copy

    run_copy(str(template), destination, defaults=True, unsafe=True, skip_tasks=True,
             vcs_ref=OLD, quiet=True)  # fmt: skip
    git(destination, "init", "--quiet", "--initial-branch=main")
    git(destination, "add", "-A")
    git(destination, "commit", "--quiet", "-m", "rendered")
    reports = destination / "my_app" / "reports"
    reports.mkdir()
    (reports / "__init__.py").write_text("")
    (reports / "summary.py").write_text(USER_MODULE)
    (destination / "tests" / "unit" / "test_reports.py").write_text(USER_TEST)
    if edit_readme:
        readme = destination / "README.md"
        readme.write_text(readme.read_text().replace("# My App\n", USER_TITLE + "\n", 1))
    with (destination / ".gitignore").open("a") as ignore:
        ignore.write(USER_IGNORE)
    git(destination, "add", "-A")
    git(destination, "commit", "--quiet", "-m", "our changes")
    return destination
