"""A local git repository standing in for a ReactPy fork, built from the real ReactPy wheel.

Its package files (client assets included) plus a hatchling pyproject.toml with
the wheel's dependencies and `sanic` extra, so it installs as a path source.
Tag `plain` is ReactPy as released; branch `main` adds MARKER to the HTML shell
ReactPy's Sanic backend serves, a change a served page shows.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from .helpers import run

MARKER = '<meta name="reactpy-fork" content="heavy-stack-test-fork">'


def git(cwd: Path, *args: str) -> str:
    return run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd).stdout


def _fork_pyproject(dist_info: Path, version: str) -> str:
    """A hatchling pyproject.toml with the wheel's dependencies and its `sanic` extra."""
    requires = re.findall(r"^Requires-Dist: (.+)$", (dist_info / "METADATA").read_text(), re.M)
    base = [r for r in requires if "extra ==" not in r]
    sanic = [r.split(";")[0].strip() for r in requires if re.search(r"extra == .sanic.", r)]
    quoted = lambda items: ", ".join(f'"{item}"' for item in items)  # noqa: E731
    return (
        f'[project]\nname = "reactpy"\nversion = "{version}"\nrequires-python = ">=3.9"\n'
        f"dependencies = [{quoted(base)}]\n\n[project.optional-dependencies]\n"
        f"sanic = [{quoted(sanic)}]\n\n"
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
    )


def build_reactpy_fork(workspace: Path) -> Path:
    """A git repository standing in for the ReactPy fork: tag `plain`, branch `main` marked."""
    wheel_files = workspace / "reactpy-wheel"
    wheel_files.mkdir()
    run([sys.executable, "-m", "uv", "pip", "install", "--no-deps", "--target", str(wheel_files),
         "reactpy>=1.1,<2"], wheel_files)  # fmt: skip
    dist_info = next(wheel_files.glob("reactpy-*.dist-info"))
    version = dist_info.name.removeprefix("reactpy-").removesuffix(".dist-info")
    repo = workspace / "forks" / "reactpy"
    shutil.copytree(wheel_files / "reactpy", repo / "reactpy")
    (repo / "pyproject.toml").write_text(_fork_pyproject(dist_info, version))
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "ReactPy as released")
    git(repo, "tag", "plain")
    common = repo / "reactpy" / "backend" / "_common.py"
    source = common.read_text()
    shell = ".format(__head__=vdom_head_elements_to_html(options.head))"
    assert shell in source, "ReactPy's read_client_index_html changed: adjust the marker"
    marked = f"{shell}\n        .replace('<head>', '<head>{MARKER}', 1)"
    common.write_text(source.replace(shell, marked))
    git(repo, "commit", "--quiet", "-am", "fork: mark the served page")
    return repo
