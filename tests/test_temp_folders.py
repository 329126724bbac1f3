"""As root, the session's temporary folders stay reachable to another user while other
pytest sessions start (tests/conftest.py's own_basetemp).

pgserver runs PostgreSQL as the user `pgserver` when we are root and opens up the folders
above its data as it starts; a plain pytest session starting resets
<temproot>/pytest-of-root to 0700, which would cut a render's PostgreSQL off.
"""

from __future__ import annotations

import os
import pwd
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

OTHER_USER = "nobody"  # stands in for `pgserver`, which exists only once pgserver made it


def reachable(path: Path) -> bool:
    """`path` can be entered by OTHER_USER (as PostgreSQL must enter its data folder)."""
    done = subprocess.run(["test", "-x", str(path)], user=OTHER_USER, check=False)
    return done.returncode == 0


def open_up(path: Path) -> None:
    """What pgserver does before it starts PostgreSQL: g+rx, o+rx on every folder above."""
    for folder in [path, *path.parents]:
        folder.chmod(
            folder.stat().st_mode | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
        )


def test_another_session_starting_leaves_the_folders_reachable(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("SKIPPED LOUDLY: only as root does PostgreSQL run as another user")
    try:
        pwd.getpwnam(OTHER_USER)
    except KeyError:
        pytest.skip(f"SKIPPED LOUDLY: no user {OTHER_USER!r} here to reach the folders as")
    temproot = Path(os.environ.get("PYTEST_DEBUG_TEMPROOT") or tempfile.gettempdir()).resolve()
    shared_root = temproot / "pytest-of-root"
    data = tmp_path / "postgres"
    data.mkdir()
    open_up(data)
    assert reachable(data)

    other = tmp_path / "other-project"  # outside this repository: none of our conftest
    other.mkdir()
    (other / "test_other.py").write_text("def test_it(tmp_path):\n    assert tmp_path.is_dir()\n")
    started = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(other)],
        cwd=other, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert started.returncode == 0, started.stdout + started.stderr
    assert stat.S_IMODE(shared_root.stat().st_mode) == 0o700  # it reset the shared root

    assert reachable(data), "the reset cut the other user off"
    assert not data.resolve().is_relative_to(shared_root)
