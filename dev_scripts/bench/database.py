"""SQL on the running server's embedded PostgreSQL, and the password hash's cost."""

from __future__ import annotations

import subprocess

from .common import BenchError
from .project import Project

SQL_CODE = """
import asyncio, sys
import asyncpg

async def main(host, port, sql):
    conn = await asyncpg.connect(host=host, port=int(port), user="postgres", database="postgres")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()

asyncio.run(main(*sys.argv[1:]))
"""
PUBLIC_NOTES_SQL = """
INSERT INTO note (owner, title, body, created_at)
SELECT 'public', 'Note ' || n, 'Body of note number ' || n, now()
FROM generate_series(1, {rows}) AS n
"""


def run_sql(project: Project, sql: str, what: str) -> bool:
    """Run `sql` on the embedded PostgreSQL of the running server; False when there is none.

    The socket directory and port are in postmaster.pid (lines 5 and 4).
    """
    try:
        lines = (project.pgdata / "postmaster.pid").read_text().splitlines()
        port, socket_dir = lines[3], lines[4]
    except (OSError, IndexError):
        return False
    python = project.root / ".venv" / "bin" / "python"
    cmd = [str(python), "-c", SQL_CODE, socket_dir, port, sql]
    done = subprocess.run(cmd, env=project.env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"{what} failed: {done.stderr.strip().splitlines()[-1:]}")
    return True


def analyze(project: Project) -> bool:
    """ANALYZE, as the peers' seeding does: without statistics the planner sorts every row
    of the table for each page."""
    return run_sql(project, "ANALYZE", "ANALYZE")


HASH_CODE = """
import statistics, sys, time
from argon2 import PasswordHasher
from {package}.settings import Settings

s = Settings()
hasher = PasswordHasher(
    time_cost=s.password_hash_time_cost,
    memory_cost=s.password_hash_memory_kib,
    parallelism=s.password_hash_parallelism,
)
times = []
for _ in range(7):
    t0 = time.perf_counter()
    hasher.hash("bench-password-1")
    times.append(time.perf_counter() - t0)
print(f"argon2id t={{hasher.time_cost}} m={{hasher.memory_cost}}KiB p={{hasher.parallelism}}")
print(statistics.median(times))
"""


def password_hash_cost(project: Project) -> tuple[str, float]:
    """(parameters, seconds of one hash, median of 7) with the project's default settings."""
    package = project.slug.replace("-", "_")
    python = project.root / ".venv" / "bin" / "python"
    cmd = [str(python), "-c", HASH_CODE.format(package=package)]
    done = subprocess.run(
        cmd, cwd=project.root, env=project.env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"timing one password hash failed: {done.stderr.strip()[-300:]}")
    parameters, seconds = done.stdout.split("\n")[:2]
    return parameters, float(seconds)
