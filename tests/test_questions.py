"""copier.yml: derived defaults, validators, what is recorded, and what is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .helpers import REPO

QUESTIONS = yaml.safe_load((REPO / "copier.yml").read_text())


def render_skipping_tasks(tmp_path: Path, *data: str) -> subprocess.CompletedProcess[str]:
    """`copier copy` as a user types it, tasks skipped: the answers are what is tested."""
    args = [arg for pair in data for arg in ("-d", pair)]
    return subprocess.run(
        [sys.executable, "-m", "copier", "copy", "--trust", "--defaults", "--skip-tasks",
         "--vcs-ref", "HEAD", *args, str(REPO), str(tmp_path / "project")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("project_name=   ", "project_name must not be empty"),
        ('project_name=Say "hi"', "may not contain quotes, backslashes"),
        ("project_name=back\\slash", "may not contain quotes, backslashes"),
        ("project_slug=My App", "project_slug 'My App' is not a valid slug"),
        ("project_slug=my--app", "is not a valid slug"),
        ("project_slug=1app", "is not a valid slug"),
        ("package_name=my-app", "package_name 'my-app' is not a valid package name"),
        ("package_name=9lives", "is not a valid package name"),
        ("package_name=class", "package_name 'class' is a Python keyword or shadows"),
        ("package_name=json", "package_name 'json' is a Python keyword or shadows"),
        ("package_name=sanic", "shadows a standard-library or dependency module"),
        ("package_name=tests", "shadows a standard-library or dependency module"),
        ("author_name= ", "author_name must not be empty"),
        ("author_email=not-an-email", "author_email 'not-an-email' is not a valid email address"),
        ("author_email=a@b", "is not a valid email address"),
        ("python_version=3.9", "python_version"),
        ("database=mysql", "database"),
        ("reactpy_source=my fork", "reactpy_source 'my fork' is not allowed: use pypi, a git URL"),
        ("reactpy_source=ftp://example.com/r.git", "or a local path starting with /"),
    ],
)
def test_bad_answer_is_refused_and_nothing_is_written(
    tmp_path: Path, answer: str, message: str
) -> None:
    result = render_skipping_tasks(tmp_path, answer)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert message in last_line, result.stderr[-2000:]
    assert not (tmp_path / "project").exists(), "a refused answer must leave no directory"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("reactpy_ref=../main", "reactpy_ref '../main' is not a git ref: use a branch, tag"),
        ("reactpy_ref=-x", "is not a git ref"),
        ("reactpy_checkout_dir=/abs/reactpy", "use a relative folder outside the project"),
        ("reactpy_checkout_dir=vendor/reactpy", "starting with ../ (e.g. ../reactpy)"),
        ("reactpy_checkout_dir=../a/../../b", "is not allowed"),
    ],
)
def test_bad_fork_answer_is_refused_and_nothing_is_written(
    tmp_path: Path, answer: str, message: str
) -> None:
    """Asked only for a fork: given with a (valid) fork source."""
    fork = "reactpy_source=https://example.com/reactpy.git"
    result = render_skipping_tasks(tmp_path, fork, answer)
    assert result.returncode != 0
    assert message in result.stderr.strip().splitlines()[-1], result.stderr[-2000:]
    assert not (tmp_path / "project").exists()


def test_validator_messages_say_what_is_allowed(tmp_path: Path) -> None:
    result = render_skipping_tasks(tmp_path, "package_name=Bad-Name")
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ValueError: Validation error for question 'package_name':")
    assert "use lowercase letters, digits and underscores" in last_line


def test_slug_and_package_derive_from_the_name(tmp_path: Path) -> None:
    result = render_skipping_tasks(tmp_path, "project_name=  Invoice Hub 2!", "database=sqlite")
    assert result.returncode == 0, result.stderr
    project = tmp_path / "project"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["project_slug"] == "invoice-hub-2"
    assert answers["package_name"] == "invoice_hub_2"
    assert (project / "invoice_hub_2" / "cli.py").is_file()
    pyproject = (project / "pyproject.toml").read_text()
    assert 'invoice-hub-2 = "invoice_hub_2.__main__:main"' in pyproject


def test_answers_are_recorded_for_copier_update(tmp_path: Path) -> None:
    result = render_skipping_tasks(tmp_path, "database=sqlite", "use_brython=false")
    assert result.returncode == 0, result.stderr
    answers = yaml.safe_load((tmp_path / "project" / ".copier-answers.yml").read_text())
    assert answers["_src_path"]
    assert answers["_commit"]
    assert answers["database"] == "sqlite"
    assert answers["use_brython"] is False
    # Asked only for postgres, so not recorded for sqlite; internal values never are.
    assert "use_pgvector" not in answers
    assert "reserved_module_names" not in answers


def test_every_question_has_help_and_default() -> None:
    for name, question in QUESTIONS.items():
        if name.startswith("_") or question.get("when") is False:
            continue
        assert question.get("help"), f"{name} has no help"
        assert "default" in question, f"{name} has no default"


def test_copier_defaults_are_not_lost_by_exclude() -> None:
    """Setting _exclude replaces Copier's defaults; they must be listed again."""
    excluded = set(QUESTIONS["_exclude"])
    assert {"copier.yml", "copier.yaml", "~*", "*.py[co]", "__pycache__", ".git"} <= excluded
