"""The custom ReactPy checkout: a fork wired by Copier's post-copy task, served for real.

The fork is a local git repository built here from the real ReactPy wheel (its
package files, client assets included, plus a hatchling pyproject.toml): tag
`plain` is ReactPy as released, branch `main` adds a marker to the HTML shell
ReactPy's Sanic backend serves. One project is rendered with a real
`copier copy --trust` (the post-copy task checks out `plain`, writes the path
source and runs `uv sync`); the tests then move it to `main`, prove the served
page comes from the fork, feed the checkout bad input, and run the npm build path
on a fork without its client.
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from .helpers import REPO, project_env, render_with_reactpy_fork, run, run_reactpy_checkout, serving
from .reactpy_fork_repo import MARKER

pytestmark = pytest.mark.slow

CHECKOUT_DIR = "../reactpy-fork"


def git(cwd: Path, *args: str) -> str:
    return run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd).stdout


@pytest.fixture(scope="module")
def fork(reactpy_fork: Path) -> Path:
    return reactpy_fork


@pytest.fixture(scope="module")
def project(fork: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rendered with the fork at `plain`, Copier's post-copy task included (checkout, uv sync)."""
    destination = tmp_path_factory.mktemp("fork-render") / "app"
    return render_with_reactpy_fork(destination, fork, "plain", CHECKOUT_DIR)


def set_answers(project: Path, **answers: str) -> None:
    path = project / ".copier-answers.yml"
    text = path.read_text()
    for key, value in answers.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, flags=re.M)
    path.write_text(text)


def state(project: Path) -> tuple[str, str]:
    """What a failed run must leave alone: pyproject.toml and the checkout's HEAD."""
    head = git((project / CHECKOUT_DIR).resolve(), "rev-parse", "HEAD").strip()
    return (project / "pyproject.toml").read_text(), head


def load_rendered_module(project: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "rendered_reactpy_checkout", project / "dev_scripts" / "reactpy_checkout.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_copy_checks_out_the_ref_and_wires_an_editable_path_source(project: Path, fork: Path):
    checkout = (project / CHECKOUT_DIR).resolve()
    assert git(checkout, "rev-parse", "HEAD") == git(fork, "rev-parse", "plain")
    sources = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["uv"]["sources"]
    assert sources["reactpy"] == {"path": "../reactpy-fork", "editable": True}
    python = str(project / ".venv/bin/python")
    located = run([python, "-c", "import reactpy; print(reactpy.__file__)"], project).stdout
    assert Path(located.strip()).resolve() == checkout / "reactpy" / "__init__.py"


def test_a_ref_change_moves_the_checkout_and_the_app_serves_the_forks_code(project: Path, fork):
    with serving(project, "my-app") as url:
        assert MARKER not in httpx.get(f"{url}/").text  # `plain` is ReactPy as released
    set_answers(project, reactpy_ref="main")
    result = run_reactpy_checkout(project)
    assert result.returncode == 0, result.stderr
    checkout = (project / CHECKOUT_DIR).resolve()
    assert git(checkout, "rev-parse", "HEAD") == git(fork, "rev-parse", "main")
    assert not list(checkout.parent.glob(".reactpy-checkout-*")), "staging folder left behind"
    assert not checkout.with_name("reactpy-fork.previous").exists()
    run([sys.executable, "-m", "uv", "sync", "--quiet"], project)
    with serving(project, "my-app") as url:
        assert MARKER in httpx.get(f"{url}/").text


def test_a_second_run_changes_nothing_and_never_calls_npm(project: Path, tmp_path: Path):
    """The fork ships its client: no build. A stand-in npm on PATH records any call."""
    set_answers(project, reactpy_ref="main")
    assert run_reactpy_checkout(project).returncode == 0
    before = state(project)
    calls = tmp_path / "npm-calls"
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "npm").write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexit 1\n')
    (fake_bin / "npm").chmod(0o755)
    result = run_reactpy_checkout(project, path=f"{fake_bin}{os.pathsep}{os.environ['PATH']}")
    assert result.returncode == 0, result.stderr
    assert "already at main" in result.stdout
    assert state(project) == before
    assert not calls.exists(), f"npm ran: {calls.read_text()}"


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"reactpy_source": "/nonexistent/fork", "reactpy_checkout_dir": "../unreachable"},
            "cannot clone",
        ),
        ({"reactpy_ref": "no-such-branch"}, "ref 'no-such-branch' not found"),
        ({"reactpy_source": "NOT_A_FORK"}, "not a ReactPy fork"),
    ],
    ids=["unreachable", "missing-ref", "not-a-fork"],
)
def test_bad_fork_input_is_one_line_and_changes_nothing(
    project: Path, fork: Path, tmp_path: Path, answers: dict[str, str], message: str
):
    if answers.get("reactpy_source") == "NOT_A_FORK":
        other = tmp_path / "not-a-fork"
        other.mkdir()
        (other / "README.md").write_text("just a repository\n")
        git(other, "init", "--quiet", "--initial-branch=main")
        git(other, "add", "-A")
        git(other, "commit", "--quiet", "-m", "x")
        answers = {"reactpy_source": str(other), "reactpy_ref": "main",
                   "reactpy_checkout_dir": "../not-a-fork-checkout"}  # fmt: skip
    set_answers(project, reactpy_source=str(fork), reactpy_ref="main",
                reactpy_checkout_dir=CHECKOUT_DIR)  # fmt: skip
    before = state(project)
    set_answers(project, **answers)
    try:
        result = run_reactpy_checkout(project)
    finally:
        set_answers(project, reactpy_source=str(fork), reactpy_ref="main",
                    reactpy_checkout_dir=CHECKOUT_DIR)  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "nothing was changed" in lines[0], lines
    assert "Traceback" not in result.stdout + result.stderr
    assert state(project) == before
    assert not list((project / CHECKOUT_DIR).resolve().parent.glob(".reactpy-checkout-*"))
    for other_checkout in ("../not-a-fork-checkout", "../unreachable"):
        assert not (project / other_checkout).exists()


def test_the_build_decision_follows_what_the_fork_ships(project: Path, tmp_path: Path):
    """Assets present: no build. Assets missing with JS sources: build there. Neither: refuse.

    The npm build itself is not run here (it needs ReactPy's JS workspace and minutes of
    npm install); the decision that leads to it is.
    """
    module = load_rendered_module(project)
    checkout = (project / CHECKOUT_DIR).resolve()
    assert module.client_build_plan(checkout, checkout) is None
    bare = tmp_path / "fork-without-client"
    shutil.copytree(checkout / "reactpy", bare / "src/py/reactpy/reactpy",
                    ignore=shutil.ignore_patterns("_static"))  # fmt: skip
    (bare / "src/py/reactpy/pyproject.toml").write_text("[project]\nname = 'reactpy'\n")
    python_project = module.find_python_project(bare)
    assert python_project == (bare / "src/py/reactpy").resolve()
    with pytest.raises(module.CheckoutError, match="no built client"):
        module.client_build_plan(bare, python_project)
    (bare / "src/js").mkdir(parents=True)
    (bare / "src/js/package.json").write_text("{}")
    assert module.client_build_plan(bare, python_project) == bare / "src/js"


def test_going_back_to_pypi_removes_the_source_line(project: Path, fork: Path):
    pyproject = project / "pyproject.toml"
    before = pyproject.read_text()
    set_answers(project, reactpy_source="pypi")
    try:
        assert run_reactpy_checkout(project).returncode == 0
        assert "reactpy" not in tomllib.loads(pyproject.read_text()).get("tool", {}).get(
            "uv", {}
        ).get("sources", {})
        assert not re.search(r"^reactpy\s*=", pyproject.read_text(), flags=re.M)
    finally:
        set_answers(project, reactpy_source=str(fork))
        assert run_reactpy_checkout(project).returncode == 0
    assert pyproject.read_text() == before


def test_the_docker_build_finds_the_fork_where_the_lock_expects_it(project: Path, tmp_path: Path):
    """Statically: hadolint, and the image layout (/app plus the named context) satisfies
    `uv export --locked`, what the build runs to list the runtime dependencies."""
    run([str(Path(sys.executable).parent / "hadolint"), "--failure-threshold", "style",
         "Dockerfile"], project)  # fmt: skip
    dockerfile = (project / "Dockerfile").read_text()
    assert f"--build-context reactpy={CHECKOUT_DIR}" in dockerfile
    copied = re.findall(r"^COPY --from=reactpy \. (\S+)$", dockerfile, flags=re.M)
    assert copied == ["/reactpy-fork"]
    assert f"COPY --from=build {copied[0]} {copied[0]}" in dockerfile  # runtime stage too
    lock = tomllib.loads((project / "uv.lock").read_text())
    (reactpy,) = [p for p in lock["package"] if p["name"] == "reactpy"]
    in_image = posixpath.normpath(posixpath.join("/app", reactpy["source"]["editable"]))
    assert in_image == copied[0]
    image = tmp_path / "image"
    (image / "app").mkdir(parents=True)
    (image / "app" / "devtools").mkdir()
    for name in ("pyproject.toml", "uv.lock", "README.md", "devtools/pyproject.toml"):
        shutil.copy(project / name, image / "app" / name)
    shutil.copytree((project / CHECKOUT_DIR).resolve(), image / copied[0].lstrip("/"))
    run([sys.executable, "-m", "uv", "export", "--locked", "--offline", "--no-dev",
         "--no-emit-workspace", "--output-file", "runtime.txt"], image / "app")  # fmt: skip
    runtime = (image / "app" / "runtime.txt").read_text()
    assert f"-e {reactpy['source']['editable']}" in runtime, runtime
    assert "devtools" not in runtime and "locust" not in runtime


def test_a_copy_with_an_unreachable_fork_keeps_a_working_project_on_pypi(tmp_path: Path):
    """The post-copy task goes on without the fork: Copier keeps the project, which runs."""
    destination = tmp_path / "app"
    result = subprocess.run(
        [sys.executable, "-m", "copier", "copy", "--trust", "--defaults", "--vcs-ref", "HEAD",
         "-d", "reactpy_source=/nonexistent/reactpy", str(REPO), str(destination)],
        env=project_env(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "cannot clone /nonexistent/reactpy" in errors[0], errors
    assert "python3 dev_scripts/reactpy_checkout.py" in errors[0]
    pyproject = tomllib.loads((destination / "pyproject.toml").read_text())
    assert "reactpy" not in pyproject["tool"]["uv"].get("sources", {})  # the devtools member stays
    assert not (tmp_path / "reactpy").exists()
    python = str(destination / ".venv/bin/python")
    located = run([python, "-c", "import reactpy; print(reactpy.__file__)"], destination).stdout
    assert "site-packages" in located  # ReactPy from PyPI


def test_the_source_line_keeps_the_users_other_sources(project: Path):
    module = load_rendered_module(project)
    text = '[project]\nname = "x"\n\n[tool.uv.sources]\nmine = { path = "../mine" }\n\n[tool.z]\n'
    wired = module.with_reactpy_source(text, "../reactpy")
    assert tomllib.loads(wired)["tool"]["uv"]["sources"] == {
        "reactpy": {"path": "../reactpy", "editable": True},
        "mine": {"path": "../mine"},
    }
    assert module.with_reactpy_source(wired, "../reactpy") == wired  # idempotent
    assert module.with_reactpy_source(wired, None) == text


BUILD_SCRIPT = """// Stands in for ReactPy's client build: assets into the Python package.
const fs = require("fs");
const out = "../py/reactpy/reactpy/_static";
fs.mkdirSync(out + "/assets", { recursive: true });
fs.copyFileSync("shell/index.html", out + "/index.html");
fs.copyFileSync("shell/client.js", out + "/assets/index.built.js");
"""


def test_a_fork_without_its_client_is_built_with_npm(project: Path, fork: Path, tmp_path: Path):
    """ReactPy 1.x layout (src/py/reactpy, src/js) with the built client git-ignored: the
    script runs the real npm (`npm ci`, `npm run build`) in the staging folder, checks the
    assets appeared, and only then moves the checkout in. The JS project is a small stand-in
    for ReactPy's (no dependencies, so no network): what is tested is the script's npm path."""
    if shutil.which("npm") is None:
        pytest.skip("SKIPPED LOUDLY: npm is not installed, the client build path cannot run")
    repo = tmp_path / "reactpy-1x"
    python_project = repo / "src/py/reactpy"
    shutil.copytree(fork / "reactpy", python_project / "reactpy",
                    ignore=shutil.ignore_patterns("_static"))  # fmt: skip
    shutil.copy(fork / "pyproject.toml", python_project / "pyproject.toml")
    js = repo / "src/js"
    (js / "shell").mkdir(parents=True)
    static = fork / "reactpy" / "_static"
    shutil.copy(static / "index.html", js / "shell/index.html")
    shutil.copy(next(static.glob("assets/*.js")), js / "shell/client.js")
    (js / "build.js").write_text(BUILD_SCRIPT)
    package = '{"name": "client", "version": "1.0.0", "private": true,\n'
    (js / "package.json").write_text(package + ' "scripts": {"build": "node build.js"}}\n')
    (js / "package-lock.json").write_text(
        '{"name": "client", "version": "1.0.0", "lockfileVersion": 3, "requires": true,\n'
        ' "packages": {"": {"name": "client", "version": "1.0.0"}}}\n'
    )
    (repo / ".gitignore").write_text("src/py/reactpy/reactpy/_static/\nnode_modules/\n")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "ReactPy 1.x layout, client not built")
    pyproject_before = (project / "pyproject.toml").read_text()
    set_answers(project, reactpy_source=str(repo), reactpy_checkout_dir="../reactpy-1x-checkout")
    try:
        result = run_reactpy_checkout(project)
        wired = (project / "pyproject.toml").read_text()
    finally:
        set_answers(project, reactpy_source=str(fork), reactpy_checkout_dir=CHECKOUT_DIR)
        (project / "pyproject.toml").write_text(pyproject_before)
    assert result.returncode == 0, result.stderr
    assert "npm ci" in result.stdout and "npm run build" in result.stdout
    built = (project / "../reactpy-1x-checkout/src/py/reactpy/reactpy/_static").resolve()
    assert (built / "index.html").is_file() and (built / "assets/index.built.js").is_file()
    path = tomllib.loads(wired)["tool"]["uv"]["sources"]["reactpy"]["path"]
    assert path == "../reactpy-1x-checkout/src/py/reactpy"
