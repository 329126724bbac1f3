"""The post-copy task's first commit and `_src_path` repair, on small git folders.

tests/test_quick_start.py runs the whole task as a user would; these pin down the
branches a machine's set-up decides: git with and without an identity, a relative
template path that does and does not lead to the template.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .helpers import REPO


def load_hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


post_copy = load_hook("post_copy")


@pytest.fixture
def rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A freshly rendered folder after `git init`, the task's working directory."""
    project = tmp_path / "my-app"
    project.mkdir()
    (project / "README.md").write_text("# My App\n")
    (project / ".copier-answers.yml").write_text("_commit: v0.1.0\n_src_path: .\nproject_name: x\n")
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main"], cwd=project, check=True)
    monkeypatch.chdir(project)
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return project


def git_log(project: Path) -> list[str]:
    done = subprocess.run(
        ["git", "log", "--format=%an <%ae> %s"], cwd=project, capture_output=True, text=True
    )
    return done.stdout.splitlines()


def test_first_commit_when_git_knows_the_user(
    rendered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Ada\n\temail = ada@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    post_copy.first_commit(rendered)
    assert git_log(rendered) == [f"Ada <ada@example.org> {post_copy.FIRST_COMMIT_MESSAGE}"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=rendered, capture_output=True)
    assert status.stdout == b""
    post_copy.first_commit(rendered)  # idempotent: a project with a commit keeps its history
    assert len(git_log(rendered)) == 1


def test_no_identity_no_commit_and_one_line_saying_how(
    rendered: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    post_copy.first_commit(rendered)
    assert git_log(rendered) == []
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert "git config --global user.name" in lines[0] and "git commit" in lines[0]


def test_a_relative_source_becomes_the_template_s_absolute_path(rendered: Path) -> None:
    post_copy.fix_relative_source(rendered, started_in=REPO)
    answers = (rendered / ".copier-answers.yml").read_text()
    assert f"\n_src_path: {REPO}\n" in answers
    assert answers.startswith("_commit: v0.1.0\n") and answers.endswith("project_name: x\n")


def test_a_relative_source_that_leads_nowhere_is_kept_with_a_warning(
    rendered: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (rendered / ".copier-answers.yml").read_text()
    post_copy.fix_relative_source(rendered, started_in=tmp_path / "elsewhere")
    assert (rendered / ".copier-answers.yml").read_text() == before
    assert "cannot use: set _src_path" in capsys.readouterr().out


@pytest.mark.parametrize(
    "source", ["/srv/heavy-stack", "https://example.org/heavy-stack.git", "gh:o/r"]
)
def test_an_absolute_or_remote_source_is_left_alone(rendered: Path, source: str) -> None:
    answers = rendered / ".copier-answers.yml"
    answers.write_text(f"_src_path: {source}\n")
    post_copy.fix_relative_source(rendered, started_in=REPO)
    assert answers.read_text() == f"_src_path: {source}\n"
