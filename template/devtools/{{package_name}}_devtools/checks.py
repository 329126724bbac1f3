"""`check` and `test`: the one way to lint and to test.

The README, CI, the run profiles and pre-commit call these two.

Each tool runs as a child process of this Python, with its output streamed as it comes,
from the project folder. `check` stops at the first tool that fails, with its exit code.
"""

import subprocess
import sys
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import PROJECT_ROOT

checks = typer.Typer()

BIN = Path(sys.executable).parent  # the console scripts of this environment


class Kind(StrEnum):
    unit = "unit"
    integrated = "integrated"
    external = "external"
    load = "load"


# The markers tests/conftest.py gives each folder, and the load tests' own marks.
KIND_MARKERS = {
    Kind.unit: "not integrated and not external",
    Kind.integrated: "integrated",
    Kind.external: "external and not load_test and not load_test_extra",
    Kind.load: "load_test or load_test_extra",
}


def has_import_contracts(pyproject: Path) -> bool:
    """Whether pyproject.toml declares import-linter contracts for `lint-imports` to check."""
    try:
        settings = tomllib.loads(pyproject.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return bool(settings.get("tool", {}).get("importlinter", {}).get("contracts"))


def check_commands() -> dict[str, list[str]]:
    """The tools `check` runs, by name, in order; lint-imports only when contracts exist."""
    commands = {
        "ruff check": [sys.executable, "-m", "ruff", "check", "."],
        "ruff format": [sys.executable, "-m", "ruff", "format", "--check", "."],
        "mypy": [sys.executable, "-m", "mypy", "."],
    }
    if has_import_contracts(PROJECT_ROOT / "pyproject.toml"):
        commands["lint-imports"] = [str(BIN / "lint-imports")]
    return commands


def _run(command: list[str]) -> int:
    shown = " ".join(Path(command[0]).name if i == 0 else part for i, part in enumerate(command))
    typer.secho(f"==> {shown}", bold=True)
    return subprocess.run(command, cwd=PROJECT_ROOT, check=False).returncode  # noqa: S603 (our tools)


@checks.command()
def check() -> None:
    """Lint, format check, type check and import contracts; stops at the first failure."""
    commands = check_commands()
    if "lint-imports" not in commands:
        typer.secho(
            "SKIPPED LOUDLY: no [tool.importlinter] contracts in pyproject.toml, so"
            " lint-imports did not run",
            err=True,
            fg=typer.colors.YELLOW,
            bold=True,
        )
    for name, command in commands.items():
        if code := _run(command):
            typer.secho(f"check failed: {name} exited {code}", err=True, fg=typer.colors.RED)
            raise typer.Exit(code)
    typer.secho("check passed", fg=typer.colors.GREEN)


def pytest_command(kind: Kind | None, pytest_args: list[str]) -> list[str]:
    marker = ["-m", KIND_MARKERS[kind]] if kind else []
    return [sys.executable, "-m", "pytest", *marker, *pytest_args]


@checks.command("test", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def run_tests(
    ctx: typer.Context,
    kind: Annotated[
        Kind | None, typer.Option(help="Only this kind of test (default: every kind).")
    ] = None,
) -> None:
    """Run the tests with pytest; extra arguments go to pytest (e.g. `test --kind unit -x`)."""
    raise typer.Exit(_run(pytest_command(kind, ctx.args)))
