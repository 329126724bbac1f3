"""Copier task after `copier copy`: make the rendered project ready to run.

    python hooks/post_copy.py

Runs in the new project's folder: `git init`, `uv sync`, `init-env` (a `.env`
with a fresh master key), then paves the local database. Each step is idempotent and is also listed in the project's
README, so `copier copy --skip-tasks` followed by those steps ends the same.
A failing step prints one line saying what to run by hand and exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path


class SetupError(Exception):
    """A step failed; the message says what to do next."""


def find_uv() -> list[str]:
    """The uv command: on PATH, or as a module of the Python running Copier."""
    if uv := shutil.which("uv"):
        return [uv]
    probe = subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True, check=False)
    if probe.returncode == 0:
        return [sys.executable, "-m", "uv"]
    raise SetupError("uv not found: install it (python3 -m pip install uv), then run `uv sync` in the project")


def run(step: str, command: list[str], *, env: dict[str, str] | None = None, hint: str) -> None:
    print(f"[heavy-stack] {step}", flush=True)
    result = subprocess.run(command, env=env, check=False)
    if result.returncode != 0:
        raise SetupError(f"{step} failed (exit {result.returncode}); fix the cause above, then run: {hint}")


def init_git(project: Path) -> None:
    if (project / ".git").exists():
        return
    run("git init", ["git", "init", "--quiet", "--initial-branch=main"], hint="git init")


def sync_dependencies(uv: list[str]) -> dict[str, str]:
    # Never let uv download an interpreter: use the one running Copier (3.11+).
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    run("uv sync", [*uv, "sync", "--python", sys.executable], env=env, hint="uv sync")
    return env


def write_env_file(uv: list[str], env: dict[str, str], project: Path) -> None:
    script = _project_script(project)
    run("create .env with a new master key", [*uv, "run", "--no-sync", script, "init-env"],
        env=env, hint=f"uv run {script} init-env")


def pave_database(uv: list[str], env: dict[str, str], project: Path) -> None:
    script = _project_script(project)
    run("pave the local database", [*uv, "run", "--no-sync", script, "pave-db", "--yes"], env=env,
        hint=f"uv run {script} pave-db --yes")


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
        uv = find_uv()
        env = sync_dependencies(uv)
        write_env_file(uv, env, project)
        pave_database(uv, env, project)
    except SetupError as exc:
        print(f"[heavy-stack] error: {exc}", file=sys.stderr)
        return 1
    print("[heavy-stack] ready: run `uv run %s serve`" % _project_script(project), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
