"""The seed's ReactPy fork at `main` (1.0.2 plus its changes): the tests of seed_fork.py."""

import pytest

from .seed_fork import *  # noqa: F403 (its tests and fixtures, collected here for this ref)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ref() -> str:
    return "main"
