"""Generated code through the project's own ruff: `ruff check --fix`, then `ruff format`.

The templates leave import order and line wrapping to ruff, with the settings in the
project's pyproject.toml (found from each file's path), so the written files pass the
project's checks as code written by hand does. Findings ruff cannot fix are a bug in a
template: they stop add-table before anything is written.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

from .project import Project
from .spec import AddTableError


def _ruff(project: Project, path: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter running ruff)
        [sys.executable, "-m", "ruff", *args, "--quiet", "--stdin-filename", str(path), "-"],
        input=text,
        capture_output=True,
        text=True,
        cwd=project.root,
        check=False,
    )


def tidy(project: Project, path: Path, text: str) -> str:
    """`text`, the future content of `path`, fixed and formatted by ruff."""
    if importlib.util.find_spec("ruff") is None:
        raise AddTableError("ruff is not installed: it is a dev dependency, run `uv sync`")
    where = project.relative(path)
    fixed = _ruff(project, path, text, "check", "--fix", "--exit-zero")
    if fixed.returncode != 0:
        raise AddTableError(f"ruff check --fix failed on {where}: {fixed.stderr.strip()}")
    formatted = _ruff(project, path, fixed.stdout, "format")
    if formatted.returncode != 0:
        raise AddTableError(f"ruff format failed on {where}: {formatted.stderr.strip()}")
    left = _ruff(project, path, formatted.stdout, "check", "--output-format", "concise")
    if left.returncode != 0:
        raise AddTableError(
            f"generated {where} has findings ruff cannot fix: {left.stdout.strip()}"
        )
    return formatted.stdout


def tidy_all(project: Project, files: dict[Path, str]) -> dict[Path, str]:
    return {path: tidy(project, path, text) for path, text in files.items()}
