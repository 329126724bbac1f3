"""Copier task after `copier copy`: make the rendered project ready to run.

    python hooks/post_copy.py

Runs in the new project's folder: `git init`, then the project's own
`dev_scripts/bootstrap.py setup`, the same script the devcontainer runs after it
is created: `uv sync`, `init-env` (a `.env` with a fresh master key) and
`pave-db-if-empty`. Each step is idempotent and is also listed in the project's
README, so `copier copy --skip-tasks` followed by those steps ends the same.
Then, when git knows who you are, the first commit (`copier update` needs a clean,
committed tree); otherwise one line says how to make it.

A project rendered from a relative template path (`copier copy . ../my-app`)
records that path, which means nothing from inside the project: `copier update`
would fail. When the path leads to this template from the folder Copier was
started in, the answers file gets the absolute path instead, and a line says so.
A failing step prints one line saying what to run by hand and exits non-zero,
except the ReactPy fork step: the project is then set up on ReactPy from PyPI and
kept (Copier deletes a new project whose task fails).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ANSWERS_FILE = ".copier-answers.yml"
FIRST_COMMIT_MESSAGE = "Rendered from the Heavy Stack template"


class SetupError(Exception):
    """A step failed; the message says what to do next."""


# The project's bootstrap exits 3 when only the ReactPy fork step failed: the project is set
# up on ReactPy from PyPI and bootstrap said how to retry. Keep the project (Copier deletes a
# new project whose task fails).
FORK_NOT_WIRED = 3


def run(
    step: str,
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    hint: str,
    tolerated: tuple[int, ...] = (),
) -> int:
    print(f"[heavy-stack] {step}", flush=True)
    result = subprocess.run(command, env=env, check=False)
    if result.returncode != 0 and result.returncode not in tolerated:
        raise SetupError(f"{step} failed (exit {result.returncode}); fix the cause, then: {hint}")
    return result.returncode


def init_git(project: Path) -> None:
    if (project / ".git").exists():
        return
    run("git init", ["git", "init", "--quiet", "--initial-branch=main"], hint="git init")


def bootstrap(project: Path) -> int:
    """The project's bootstrap, run by the Python running Copier (uv never downloads one)."""
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    script = project / "dev_scripts" / "bootstrap.py"
    return run(
        "bootstrap (dev_scripts/bootstrap.py setup)",
        [sys.executable, str(script), "setup"],
        env=env,
        hint="python3 dev_scripts/bootstrap.py setup",
        tolerated=(FORK_NOT_WIRED,),
    )


def _is_remote(source: str) -> bool:
    return "://" in source or source.startswith(("gh:", "gl:", "git@"))


def fix_relative_source(project: Path, started_in: Path | None) -> None:
    """Write an absolute `_src_path` when Copier recorded a relative one."""
    answers = project / ANSWERS_FILE
    text = answers.read_text()
    match = re.search(r"^_src_path: ?(.*)$", text, flags=re.MULTILINE)
    source = match.group(1).strip().strip("'\"") if match else ""
    if not source or _is_remote(source) or Path(source).expanduser().is_absolute():
        return
    template = (started_in / source).resolve() if started_in else None
    if template is None or not (template / "copier.yml").is_file():
        say(
            f"warning: {ANSWERS_FILE} records the template as {source!r}, a relative path "
            "`copier update` cannot use: set _src_path to its absolute path or git URL"
        )
        return
    assert match is not None
    text = text[: match.start(1)] + str(template) + text[match.end(1) :]
    answers.write_text(text)
    say(f"{ANSWERS_FILE}: _src_path {source!r} recorded as {template} (for `copier update`)")


def git_identity_known(project: Path) -> bool:
    """Whether git has a configured name and email (git would otherwise guess or refuse)."""
    if os.environ.get("GIT_AUTHOR_NAME") and os.environ.get("GIT_AUTHOR_EMAIL"):
        return True
    return all(
        subprocess.run(
            ["git", "config", key], cwd=project, capture_output=True, check=False
        ).returncode
        == 0
        for key in ("user.name", "user.email")
    )


def first_commit(project: Path) -> None:
    """Commit everything rendered, when git knows who you are and nothing is committed yet."""
    has_commit = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "HEAD"], cwd=project, capture_output=True
    )
    if has_commit.returncode == 0:
        return
    if not git_identity_known(project):
        say(
            "not committed (git has no user.name/user.email); `copier update` needs a commit: "
            'git config --global user.name "Your Name" && git config --global user.email '
            f'you@example.org && git add -A && git commit -m "{FIRST_COMMIT_MESSAGE}"'
        )
        return
    run("git add -A", ["git", "add", "-A"], hint="git add -A")
    run(
        "git commit (the first commit)",
        ["git", "commit", "--quiet", "-m", FIRST_COMMIT_MESSAGE],
        hint=f'git commit -m "{FIRST_COMMIT_MESSAGE}"',
    )


def say(message: str) -> None:
    print(f"[heavy-stack] {message}", flush=True)


def _started_in() -> Path | None:
    """The folder Copier was started in: the shell's PWD (tasks run inside the project)."""
    pwd = os.environ.get("PWD")
    return Path(pwd) if pwd and Path(pwd).is_dir() else None


def _project_script(project: Path) -> str:
    for line in (project / "pyproject.toml").read_text().splitlines():
        if line.startswith("name = "):
            return line.split("=", 1)[1].strip().strip('"')
    raise SetupError("pyproject.toml has no project name")


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    project = Path.cwd()
    try:
        fix_relative_source(project, _started_in())
        init_git(project)
        status = bootstrap(project)
        first_commit(project)
    except SetupError as exc:
        print(f"[heavy-stack] error: {exc}", file=sys.stderr)
        return 1
    ready = f"ready: run `uv run {_project_script(project)} serve`"
    if status == FORK_NOT_WIRED:
        ready += " (on ReactPy from PyPI: the fork is not wired, see above)"
    print(f"[heavy-stack] {ready}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
