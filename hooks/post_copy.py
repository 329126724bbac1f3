"""Copier task after `copier copy`: make the rendered project ready to run.

    python hooks/post_copy.py

Runs in the new project's folder: `git init`, then the project's own
`dev_scripts/bootstrap.py setup`, the same script the devcontainer runs after it
is created: `uv sync`, `init-env` (a `.env` with a fresh master key) and
`pave-db-if-empty`. Each step is idempotent and is also listed in the project's
README, so `copier copy --skip-tasks` followed by those steps ends the same.
A failing step prints one line saying what to run by hand and exits non-zero,
except the ReactPy fork step: the project is then set up on ReactPy from PyPI and
kept (Copier deletes a new project whose task fails).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path


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


def _project_script(project: Path) -> str:
    for line in (project / "pyproject.toml").read_text().splitlines():
        if line.startswith("name = "):
            return line.split("=", 1)[1].strip().strip('"')
    raise SetupError("pyproject.toml has no project name")


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    project = Path.cwd()
    try:
        init_git(project)
        status = bootstrap(project)
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
