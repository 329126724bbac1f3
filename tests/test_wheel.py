"""The wheel runs: built from a render, installed with runtime dependencies only into a fresh
environment outside the project, it migrates and serves from an empty folder.

One combination (the defaults, Brython included) is enough: the wheel's contents do not
depend on the database answer, and the render is the one test_rendered_projects.py makes.
`uv` installs from its cache (the render's `uv sync` filled it) where it can.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from .helpers import REPO, run, serving_from

pytestmark = pytest.mark.slow

RUNTIME_COMMANDS = {
    "serve", "migrate", "pave-db", "make-migration", "init-env", "generate-master-key",
    "rotate-master-key", "create-admin", "worker", "jobs",
}  # fmt: skip
DEV_ONLY = {"my-app-devtools", "ruff", "mypy", "locust", "jurigged", "pytest", "deptry"}


def uv(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "uv", *args], cwd)


def run_in(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (
        f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done


@pytest.fixture(scope="module")
def installed(rendered_projects: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory):
    """(the wheel, a fresh venv holding it and the locked runtime dependencies, an env)."""
    project = rendered_projects("defaults")
    outside = tmp_path_factory.mktemp("wheel")
    uv("build", "--wheel", "--out-dir", str(outside / "dist"), cwd=project)
    (wheel,) = (outside / "dist").glob("my_app-*.whl")
    requirements = outside / "runtime.txt"
    uv("export", "--locked", "--no-dev", "--no-emit-workspace", "--output-file",
       str(requirements), cwd=project)  # fmt: skip
    venv = outside / "venv"
    python = (project / ".venv" / "bin" / "python").resolve()
    uv("venv", "--quiet", "--python", str(python), str(venv), cwd=outside)
    uv("pip", "install", "--quiet", "--python", str(venv), "--requirements",
       str(requirements), cwd=outside)  # fmt: skip
    uv("pip", "install", "--quiet", "--no-deps", "--python", str(venv), str(wheel),
       cwd=outside)  # fmt: skip
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "DATABASE_URL", "PYTHONPATH", "DATA_DIR"}
    }
    env |= {"LOG_FORMAT": "console", "COLUMNS": "200", "TERM": "dumb"}
    key = run_in([str(venv / "bin" / "my-app"), "generate-master-key"], outside, env).stdout.strip()
    return wheel, venv, env | {"MASTER_KEY": key}


def test_the_wheel_holds_the_app_and_no_developer_tools(installed) -> None:
    wheel, _, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = [
        "cli.py", "migrations/env.py", "migrations/script.py.mako",
        "migrations/versions/0001_initial.py", "static/app.css",
        "brython/browser_functions.py", "brython/bridge_runner.py",
    ]  # fmt: skip
    for name in needed:
        assert f"my_app/{name}" in names, f"the wheel lacks my_app/{name}"
    assert not [name for name in names if "devtools" in name or name.startswith("tests/")]
    print(f"wheel: {wheel.name}, {wheel.stat().st_size / 1024:.0f} KiB")


def test_the_environment_has_runtime_dependencies_only(installed) -> None:
    _, venv, _ = installed
    listed = run([sys.executable, "-m", "uv", "pip", "list", "--python", str(venv)], venv).stdout
    names = {line.split()[0].lower() for line in listed.splitlines()[2:] if line.strip()}
    assert "my-app" in names
    assert not names & DEV_ONLY, names & DEV_ONLY
    probe = subprocess.run([str(venv / "bin" / "python"), "-c", "import my_app_devtools"],
                           capture_output=True, text=True)  # fmt: skip
    assert "No module named 'my_app_devtools'" in probe.stderr


def test_the_cli_lists_exactly_the_runtime_commands(installed, tmp_path: Path) -> None:
    _, venv, env = installed
    shown = run_in([str(venv / "bin" / "my-app"), "--help"], tmp_path, env).stdout
    commands = shown.split("Commands", 1)[1]
    listed = set(re.findall(r"^\W+([a-z][a-z-]+)\s{2,}", commands, flags=re.MULTILINE))
    assert listed == RUNTIME_COMMANDS, shown


def test_an_empty_folder_migrates_and_serves_then_sigterm_stops_everything(
    installed, tmp_path: Path
) -> None:
    _, venv, env = installed
    my_app = venv / "bin" / "my-app"
    folder = tmp_path / "empty"
    folder.mkdir()
    migrated = run_in([str(my_app), "migrate"], folder, env)  # DATA_DIR defaults to ./var
    assert "Running upgrade" in migrated.stdout + migrated.stderr
    assert (folder / "var" / "postgres" / "PG_VERSION").is_file()
    css = (REPO / "template" / "{{package_name}}" / "static" / "app.css").read_text()
    with serving_from(my_app, folder, env) as url:
        for path in ("/healthz", "/readyz", "/"):
            response = httpx.get(url + path, timeout=30)
            assert response.status_code == 200, (path, response.text)
        stylesheet = httpx.get(f"{url}/static/app.css")
        assert stylesheet.status_code == 200
        assert stylesheet.headers["content-type"].startswith("text/css")
        assert stylesheet.text == css
        runner = httpx.get(f"{url}/static/brython_app/bridge_runner.py")
        assert runner.status_code == 200
        assert "def run_pending" in runner.text
        assert httpx.get(f"{url}/static/brython/brython.js").status_code == 200
    # serving_from asserted the exit code; the embedded PostgreSQL went with the server.
    assert not (folder / "var" / "postgres" / "postmaster.pid").exists(), "PostgreSQL left running"
    pids = subprocess.run(["pgrep", "-f", str(folder)], capture_output=True, text=True).stdout
    assert pids.split() == [], f"processes left running in {folder}: {pids}"
