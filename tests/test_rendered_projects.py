"""Render every combination with a real `copier copy` (tasks included), then run the result.

The post-copy task must leave a project that is ready: git initialised,
dependencies installed, the local database paved. Each project then passes
its own checks and serves its pages and API.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml

from .combinations import COMBINATIONS
from .helpers import assert_no_template_markup, serving, uv_run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=list(COMBINATIONS), ids=list(COMBINATIONS))
def project(request: pytest.FixtureRequest, session_copie) -> Path:
    result = session_copie.copy(extra_answers=COMBINATIONS[request.param])
    assert result.exit_code == 0, result.exception
    assert result.project_dir is not None
    return result.project_dir


def _answers(project: Path) -> dict[str, object]:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def test_post_copy_task_made_the_project_ready(project: Path) -> None:
    assert (project / ".git").is_dir(), "git init"
    assert (project / ".venv" / "bin" / "python").exists(), "uv sync"
    assert (project / "uv.lock").is_file(), "uv sync writes the lock file"
    if _answers(project)["database"] == "sqlite":
        assert (project / "var" / "app.db").is_file(), "pave-db"
    else:
        assert (project / "var" / "postgres" / "PG_VERSION").is_file(), "pave-db"
        assert not (project / "var" / "postgres" / "postmaster.pid").exists(), (
            "pave-db left its embedded PostgreSQL running"
        )


def test_no_template_markup_left(project: Path) -> None:
    assert_no_template_markup(project)


@pytest.mark.parametrize(
    "check",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy", "."],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_static_checks_pass(project: Path, check: list[str]) -> None:
    uv_run(project, *check)


def test_own_test_suite_passes(project: Path) -> None:
    result = uv_run(project, "pytest", "-q", "-p", "no:cacheprovider")
    assert " passed" in result.stdout and " failed" not in result.stdout


def test_serves_pages_probes_and_api(project: Path) -> None:
    script = str(_answers(project)["project_slug"])
    with serving(project, script) as url:
        page = httpx.get(f"{url}/")
        assert page.status_code == 200
        assert "/_reactpy/assets/" in page.text
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
        assert httpx.get(f"{url}/readyz").json() == {"status": "ready"}

        anonymous = httpx.post(f"{url}/api/notes", json={"title": "nobody's"})
        assert anonymous.status_code == 401, anonymous.text
        with httpx.Client(base_url=url) as user:
            account = {"email": "template-test@example.org", "password": "a long password"}
            signed_up = user.post("/api/auth/signup", json=account)
            assert signed_up.status_code == 201, signed_up.text
            user.headers["X-CSRF-Token"] = signed_up.json()["csrf_token"]
            created = user.post("/api/notes", json={"title": "written by the template test"})
            assert created.status_code == 201, created.text
            note = created.json()
            assert user.get(f"/api/notes/{note['id']}").json() == note
            assert note in user.get("/api/notes", params={"limit": 500}).json()
        assert note not in httpx.get(f"{url}/api/notes", params={"limit": 500}).json()
    if _answers(project)["database"] != "sqlite":
        assert not (project / "var" / "postgres" / "postmaster.pid").exists(), (
            "serve left its embedded PostgreSQL running after SIGTERM"
        )
