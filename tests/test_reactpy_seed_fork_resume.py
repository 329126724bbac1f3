"""The seed's ReactPy fork at `connection-resume` (PR 1204): the tests of seed_fork.py."""

import pytest

from .seed_fork import *  # noqa: F403 (its tests and fixtures, collected here for this ref)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ref() -> str:
    return "connection-resume"
