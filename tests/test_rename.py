"""Renaming a rendered project: `dev_scripts/rename_project.py`, and `copier update --data`.

One user project (rendered from v0.1.0 of a throwaway template copy, with the
user's own package `my_app/reports/` and its test) is cloned for each way of
renaming. The script's result must pass the project's checks and take a later
`copier update` cleanly; `copier update --vcs-ref=v0.1.0 --data ...` must end in
exactly the same files; bad input changes nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from copier import run_update

from . import template_versions as tv
from .helpers import project_env, run, uv_run

pytestmark = pytest.mark.slow

NEW = {"project_name": "Shop Floor", "project_slug": "shop-floor", "package_name": "shop_floor"}
OLD_NAMES = re.compile(r"(?<![\w-])(my_app|my-app)(?![\w-])|my_app_devtools|my-app-dev|My App")


@pytest.fixture(scope="module")
def user_project(template_versions: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("rename-base") / "app"
    project = tv.render_user_project(template_versions, destination, edit_readme=False)
    run([sys.executable, "-m", "uv", "lock", "--quiet"], project)  # a real project has one
    tv.git(project, "add", "uv.lock")
    tv.git(project, "commit", "--quiet", "-m", "lock")
    return project


def clone(project: Path, destination: Path) -> Path:
    shutil.copytree(project, destination, symlinks=True, ignore=shutil.ignore_patterns(".venv"))
    return destination


def rename_script(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "dev_scripts/rename_project.py", *args],
        cwd=project, env=project_env(), capture_output=True, text=True,
    )  # fmt: skip


def files(project: Path) -> dict[str, bytes]:
    return {
        path: (project / path).read_bytes()
        for path in tv.git(
            project, "ls-files", "--cached", "--others", "--exclude-standard"
        ).splitlines()
        if (project / path).is_file()
    }


@pytest.fixture(scope="module")
def renamed(user_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = clone(user_project, tmp_path_factory.mktemp("renamed") / "app")
    result = rename_script(project, "--name", "Shop Floor")  # slug and package derived
    assert result.returncode == 0, result.stderr
    return project


def test_dry_run_lists_the_changes_and_makes_none(user_project: Path, tmp_path: Path):
    project = clone(user_project, tmp_path / "app")
    before = files(project)
    result = rename_script(project, "--name", "Shop Floor", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "would move my_app/ -> shop_floor/" in result.stdout
    assert "would move devtools/my_app_devtools/ -> devtools/shop_floor_devtools/" in result.stdout
    assert "would rewrite pyproject.toml" in result.stdout
    assert "would rewrite my_app/reports/summary.py" in result.stdout  # the user's module
    assert files(project) == before
    assert tv.git(project, "status", "--porcelain") == ""


def test_a_bare_run_asks_for_each_name_with_derived_defaults(user_project: Path, tmp_path):
    project = clone(user_project, tmp_path / "app")
    result = subprocess.run(
        [sys.executable, "dev_scripts/rename_project.py", "--dry-run"],
        cwd=project, env=project_env(), capture_output=True, text=True, input="Shop Floor\n\n\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Slug (distribution and command) [shop-floor]" in result.stdout
    assert "Python package [shop_floor]" in result.stdout
    assert "would move my_app/ -> shop_floor/" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "Shop Floor"], "uncommitted changes"),
        (["--name", "Shop", "--package", "class"], "package 'class' is not valid"),
        (["--name", "Shop", "--slug", "Shop_Floor"], "slug 'Shop_Floor' is not valid"),
    ],
    ids=["dirty-tree", "keyword-package", "bad-slug"],
)
def test_bad_input_is_one_line_and_changes_nothing(
    user_project: Path, tmp_path: Path, args: list[str], message: str
):
    project = clone(user_project, tmp_path / "app")
    if message == "uncommitted changes":
        (project / "my_app" / "reports" / "draft.py").write_text("DRAFT = True\n")
    before = files(project)
    result = rename_script(project, *args)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "nothing was changed" in lines[0], lines
    assert files(project) == before


def test_the_rename_reaches_every_file_and_the_users_module(renamed: Path):
    assert not (renamed / "my_app").exists()
    assert not (renamed / "devtools/my_app_devtools").exists()
    summary = (renamed / "shop_floor/reports/summary.py").read_text()
    assert "from shop_floor.errors import NotFoundError" in summary
    assert "from shop_floor.reports.summary" in (renamed / "tests/unit/test_reports.py").read_text()
    leftovers = {
        path: OLD_NAMES.findall(text.decode(errors="ignore"))
        for path, text in files(renamed).items()
        if OLD_NAMES.search(text.decode(errors="ignore"))
    }
    assert leftovers == {}
    answers = (renamed / ".copier-answers.yml").read_text()
    for key, value in NEW.items():
        assert re.search(rf"^{key}: '?{value}'?$", answers, flags=re.M), (key, answers)
    for path in ("pyproject.toml", "Dockerfile", ".devcontainer/devcontainer.json",
                 ".vscode/launch.json", "shop_floor/migrations/env.py", "README.md",
                 "devtools/pyproject.toml", "devtools/shop_floor_devtools/cli.py"):  # fmt: skip
        assert re.search("shop[-_ ]floor", (renamed / path).read_text(), flags=re.I), path


def test_the_renamed_project_passes_its_checks_and_tests(renamed: Path):
    run([sys.executable, "-m", "uv", "sync", "--locked", "--quiet"], renamed)  # lock renamed
    uv_run(renamed, "ruff", "check", ".")
    uv_run(renamed, "ruff", "format", "--check", ".")
    uv_run(renamed, "mypy", ".")
    assert "shop-floor" in uv_run(renamed, "shop-floor", "--help").stdout
    assert "add-table" in uv_run(renamed, "shop-floor-dev", "--help").stdout
    # external/ (servers per test, minutes) is covered for the template by
    # test_rendered_projects.py; a rename changes names, which unit and integrated reach.
    uv_run(renamed, "pytest", "-q", "-p", "no:cacheprovider", "tests/unit", "tests/integrated")


def test_a_later_copier_update_applies_cleanly(renamed: Path, tmp_path: Path):
    project = clone(renamed, tmp_path / "app")
    tv.git(project, "add", "-A")
    tv.git(project, "commit", "--quiet", "-m", "rename")
    run_update(project, defaults=True, overwrite=True, unsafe=True, skip_tasks=True,
               vcs_ref=tv.NEW, conflict="inline", quiet=True)  # fmt: skip
    assert "class TemplateVersionTwoError" in (project / "shop_floor/errors.py").read_text()
    assert (project / "shop_floor/template_v2.py").read_text() == tv.ADDED_MODULE
    assert not (project / "my_app").exists()
    changed = tv.git(project, "status", "--porcelain").splitlines()
    assert not [line for line in changed if line[:2] in {"UU", "AA", "DU", "UD"}], changed
    assert not any("<<<<<<< " in text.decode(errors="ignore") for text in files(project).values())
    assert not list(project.rglob("*.rej"))


def test_copier_update_with_new_names_ends_where_the_script_does(
    user_project: Path, renamed: Path, tmp_path: Path
):
    project = clone(user_project, tmp_path / "app")
    run_update(project, data=NEW, defaults=True, overwrite=True, unsafe=True, skip_tasks=True,
               vcs_ref=tv.OLD, quiet=True)  # fmt: skip
    assert files(project) == files(renamed)


def test_a_rename_in_a_version_update_is_refused_and_changes_nothing(
    user_project: Path, tmp_path: Path
):
    project = clone(user_project, tmp_path / "app")
    before = files(project)
    with pytest.raises(Exception, match=r"post_update\.py"):
        run_update(project, data=NEW, defaults=True, overwrite=True, unsafe=True,
                   skip_tasks=True, vcs_ref=tv.NEW, quiet=True)  # fmt: skip
    assert files(project) == before
    assert tv.git(project, "status", "--porcelain") == ""
