"""The development environment a project gets: devcontainer, Docker, run profiles, bootstrap.

No Docker engine runs where the template is tested, so the container files are
checked statically, for every combination (the same renders as
test_rendered_projects.py, made once per session): devcontainer.json against the
official schema, both Dockerfiles with hadolint, and the compose file parsed and
cross-checked against what the app reads. The bootstrap runs for real, twice, on
a fresh render, and the second run must change nothing. (The run profiles
themselves are exercised by each rendered project's own tests/external/.)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import yaml
from copier import run_copy

from .helpers import REPO, project_env, run, serving

SCHEMA = REPO.parent / "shared" / "schemas" / "devContainer.base.schema.json"
BIN = Path(sys.executable).parent
DATABASE_PORTS = {"postgres": 5432, "cockroachdb": 26257}
SERVE_PORT = 8000  # `serve`'s default and the profiles' port


def render(destination: Path, answers: dict[str, object]) -> Path:
    """Render the working tree with tasks skipped: the files are what is checked."""
    run_copy(
        str(REPO), destination, data=answers, defaults=True, unsafe=True, skip_tasks=True,
        vcs_ref="HEAD", quiet=True,
    )  # fmt: skip
    return destination


def _answers(project: Path) -> dict[str, object]:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def _devcontainer(project: Path) -> dict[str, Any]:
    return json.loads((project / ".devcontainer" / "devcontainer.json").read_text())


def _compose(project: Path) -> dict[str, Any]:
    return yaml.safe_load((project / ".devcontainer" / "compose.yaml").read_text())


def _settings_the_app_reads(project: Path) -> set[str]:
    """Environment variable names of the project's Settings fields (pydantic-settings)."""
    source = (project / str(_answers(project)["package_name"]) / "settings.py").read_text()
    body = source.split("class Settings(BaseSettings):", 1)[1].split("\n\n\n", 1)[0]
    return {name.upper() for name in re.findall(r"^    (\w+):", body, flags=re.MULTILINE)}


def test_devcontainer_json_is_valid_against_the_official_schema(project: Path) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"SKIPPED LOUDLY: {SCHEMA} is missing (it comes with ../shared)")
    run([str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA),
         ".devcontainer/devcontainer.json"], project)  # fmt: skip


@pytest.mark.parametrize("dockerfile", ["Dockerfile", ".devcontainer/Dockerfile"])
def test_dockerfiles_are_hadolint_clean(project: Path, dockerfile: str) -> None:
    run([str(BIN / "hadolint"), "--failure-threshold", "style", dockerfile], project)


def test_devcontainer_runs_the_bootstrap_and_forwards_the_app(project: Path) -> None:
    devcontainer = _devcontainer(project)
    assert devcontainer["postCreateCommand"] == "python3 dev_scripts/bootstrap.py setup"
    assert devcontainer["postStartCommand"] == "python3 dev_scripts/bootstrap.py start"
    assert (project / "dev_scripts" / "bootstrap.py").is_file()
    assert SERVE_PORT in devcontainer["forwardPorts"]
    launch = json.loads((project / ".vscode" / "launch.json").read_text())
    for config in launch["configurations"]:
        if "--port" in config["args"]:
            port = int(config["args"][config["args"].index("--port") + 1])
            assert port in devcontainer["forwardPorts"], config["name"]
    extensions = devcontainer["customizations"]["vscode"]["extensions"]
    assert {"ms-python.python", "ms-python.debugpy", "charliermarsh.ruff"} <= set(extensions)


def test_devcontainer_image_has_chromium_for_the_browser_tests(project: Path) -> None:
    dev = (project / ".devcontainer" / "Dockerfile").read_text()
    assert re.search(r"apt-get install .*\bchromium\b", dev), "browser tests would skip"
    conftest = (project / "tests" / "external" / "conftest.py").read_text()
    assert '"/usr/bin/chromium"' in conftest  # where Debian's package puts it


def test_compose_services_ports_and_environment_match_the_app(project: Path) -> None:
    answers = _answers(project)
    database = str(answers["database"])
    devcontainer, compose = _devcontainer(project), _compose(project)
    services = compose["services"]
    assert devcontainer["dockerComposeFile"] == "compose.yaml"
    assert devcontainer["service"] in services
    assert set(devcontainer["runServices"]) == set(services)

    app = services["app"]
    build = app["build"]
    assert isinstance(build, dict)
    assert (project / ".devcontainer" / build["context"] / build["dockerfile"]).is_file()
    environment = app.get("environment", {})
    assert isinstance(environment, dict)
    settings = _settings_the_app_reads(project)
    assert set(environment) <= settings, f"the app reads none of {set(environment) - settings}"
    example = (project / ".env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z_]+)=", example, flags=re.MULTILINE))
    # SANIC_* lines are Sanic's own settings: Sanic reads them from the environment itself.
    assert {name for name in named if not name.startswith("SANIC_")} <= settings

    if database == "sqlite":
        assert set(services) == {"app"}
        assert "DATABASE_URL" not in environment  # a SQLite file under DATA_DIR
        return
    db = services["db"]
    assert app["network_mode"] == "service:db"  # the database is on localhost, as on a laptop
    assert app["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "healthcheck" in db
    url = urlsplit(str(environment["DATABASE_URL"]))
    assert url.hostname == "localhost"
    assert url.port == DATABASE_PORTS[database]
    assert url.port in devcontainer["forwardPorts"]
    if database == "postgres":
        assert url.scheme == "postgresql+asyncpg"
        db_env = db["environment"]
        assert isinstance(db_env, dict)
        assert url.username == db_env["POSTGRES_USER"]
        assert url.password == db_env["POSTGRES_PASSWORD"]
        assert url.path == f"/{db_env['POSTGRES_DB']}"
        image = str(db["image"])
        assert image.startswith("pgvector/pgvector:" if answers["use_pgvector"] else "postgres:")
    else:
        assert url.scheme == "cockroachdb+asyncpg"
        assert str(db["image"]).startswith("cockroachdb/cockroach:")
        assert "start-single-node" in str(db["command"])


def test_production_image_is_multi_stage_lean_and_unprivileged(project: Path) -> None:
    answers = _answers(project)
    dockerfile = (project / "Dockerfile").read_text()
    bases = re.findall(r"^FROM (\S+)", dockerfile, flags=re.MULTILINE)
    assert bases == [f"python:{answers['python_version']}-slim-bookworm"] * 2, bases
    # The wheel, with the locked runtime dependencies only (tests/test_wheel.py runs the same).
    assert "uv export --locked --no-dev --no-emit-workspace" in dockerfile
    assert "uv build --wheel" in dockerfile
    assert "--no-deps /tmp/dist/*.whl" in dockerfile
    assert "devtools/pyproject.toml" in dockerfile and "COPY . ." not in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", dockerfile, flags=re.MULTILINE)
    assert f'CMD ["{answers["project_slug"]}", "serve", "--host", "0.0.0.0"' in dockerfile
    dev = (project / ".devcontainer" / "Dockerfile").read_text()
    assert f"python:1-{answers['python_version']}-" in dev


def test_dockerignore_keeps_tests_and_local_data_out(project: Path) -> None:
    patterns = [
        line.strip().rstrip("/")
        for line in (project / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def ignored(path: str) -> bool:
        verdict = False  # Docker's rule: the last matching pattern decides; `!` re-includes
        for pattern in patterns:
            if fnmatch(path, pattern.removeprefix("!")):
                verdict = not pattern.startswith("!")
        return verdict

    package = str(_answers(project)["package_name"])
    for local in ["tests", "var", ".env", ".venv", ".git", ".ptyme.secret", ".ptyme_track",
                  f"devtools/{package}_devtools"]:  # fmt: skip
        assert ignored(local), f"{local} would be sent to the Docker build"
    for needed in ["pyproject.toml", "uv.lock", "README.md", package, "devtools/pyproject.toml"]:
        assert not ignored(needed), f"the image needs {needed}"


def test_shipped_vscode_files_are_the_profile_generators_output() -> None:
    """The template's .vscode/*.json.jinja come from the project's profile table (one source)."""
    result = subprocess.run(
        [sys.executable, str(REPO / "dev_scripts" / "vscode_profiles.py"), "--check"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


# --- the bootstrap, for real ------------------------------------------------------------

IGNORED_IN_SNAPSHOT = (
    "var/*",  # the database's own files change whenever it starts
    ".ptyme_track/.cur_times",  # the running tracker writes here
    ".ptyme_track/.tracker.log",
    "*/__pycache__/*",  # bytecode caches
    ".git/*",
)


def _snapshot(project: Path) -> dict[str, tuple[int, int]]:
    """Every file (size, modification time), less what running things write by themselves."""
    files = {}
    for path in project.rglob("*"):
        relative = path.relative_to(project).as_posix()
        if path.is_file() and not any(fnmatch(relative, p) for p in IGNORED_IN_SNAPSHOT):
            stat = path.stat()
            files[relative] = (stat.st_size, stat.st_mtime_ns)
    return files


def _bootstrap(project: Path, phase: str) -> str:
    return run([sys.executable, "dev_scripts/bootstrap.py", phase], project).stdout


@pytest.fixture(scope="module")
def fresh_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project project as a new clone has it: committed, nothing installed or created."""
    project = render(tmp_path_factory.mktemp("bootstrap") / "project", {})
    git = ["git", "-c", "user.name=Heavy Stack Test", "-c", "user.email=test@heavy-stack.invalid"]
    run([*git, "init", "--quiet", "--initial-branch=main"], project)
    run([*git, "add", "--all"], project)
    run([*git, "commit", "--quiet", "--message", "rendered"], project)
    try:
        yield project
    finally:
        subprocess.run(
            [str(project / ".venv" / "bin" / "my-app"), "track-time", "--stop"],
            cwd=project, env=project_env(), capture_output=True, timeout=60,
        )  # fmt: skip


@pytest.mark.slow
def test_bootstrap_twice_the_second_run_changes_nothing(fresh_checkout: Path) -> None:
    project = fresh_checkout
    first = _bootstrap(project, "setup") + _bootstrap(project, "start")
    assert "ReactPy comes from PyPI: no custom checkout" in first
    assert "wrote .env with a new MASTER_KEY" in first
    assert "paved " in first
    assert "time tracking started" in first
    assert (project / ".venv" / "bin" / "my-app").exists()
    assert re.search(r"^MASTER_KEY=\S{43}$", (project / ".env").read_text(), flags=re.MULTILINE)

    # git sees the new lock file, and nothing local (.env, var/, the tracker's files).
    status = run(["git", "status", "--porcelain", "--untracked-files=all"], project).stdout
    assert status.splitlines() == ["?? uv.lock"], status

    account = {"email": "bootstrap@example.org", "password": "correct horse battery"}
    with serving(project, "my-app") as url, httpx.Client(base_url=url) as client:
        signed_up = client.post("/api/auth/signup", json=account)  # data the second run keeps
        assert signed_up.status_code == 201, signed_up.text
        client.headers["X-CSRF-Token"] = signed_up.json()["csrf_token"]
        note = client.post("/api/notes", json={"title": "before the second run"}).json()
    files = _snapshot(project)

    second = _bootstrap(project, "setup") + _bootstrap(project, "start")
    assert ".env exists; left as it is" in second
    assert "tables: left as it is" in second
    assert "time tracking already running" in second
    assert _snapshot(project) == files, "the second bootstrap changed files"
    assert run(["git", "status", "--porcelain", "--untracked-files=all"], project).stdout == status
    with serving(project, "my-app") as url, httpx.Client(base_url=url) as client:
        client.post("/api/auth/login", json=account).raise_for_status()
        assert client.get(f"/api/notes/{note['id']}").json() == note

    stopped = run([str(project / ".venv" / "bin" / "my-app"), "track-time", "--stop"], project)
    assert "time tracking stopped" in stopped.stdout
