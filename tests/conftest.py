"""Fixtures for rendering the template with real Copier runs (pytest-copie's `copie`)."""

from __future__ import annotations

import os

import pytest

# Rendered projects share one uv cache (uv's default, or UV_CACHE_DIR if set), so
# every render after the first installs from it. No test may download a Python.
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


@pytest.fixture(scope="session")
def session_copie(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A `copie` whose renders live for the whole session (pytest-copie's is per test)."""
    from pytest_copie.plugin import Copie

    template_dir = request.config.rootpath
    config_file = tmp_path_factory.mktemp("copier-user") / "config"
    config_file.write_text("")
    return Copie(template_dir, tmp_path_factory.mktemp("renders"), config_file)


@pytest.fixture(scope="session")
def template_versions(tmp_path_factory: pytest.TempPathFactory):
    """A throwaway git copy of the template, tagged v0.1.0 and v0.2.0 (template_versions.py)."""
    from .template_versions import build_template_versions

    return build_template_versions(tmp_path_factory.mktemp("template-versions"))


@pytest.fixture(scope="session")
def reactpy_fork(tmp_path_factory: pytest.TempPathFactory):
    """A local git repository standing in for a ReactPy fork (reactpy_fork_repo.py)."""
    from .reactpy_fork_repo import build_reactpy_fork

    return build_reactpy_fork(tmp_path_factory.mktemp("reactpy-fork"))
