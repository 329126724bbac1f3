#!/usr/bin/env python3
"""Benchmark the data layer of a rendered project: add_table, and repository throughput.

    uv run dev_scripts/bench_data.py [--rows 2000] [--vcs-ref HEAD] [--keep]

It prints figures; it is not a test. On a render with the default answers
(tasks skipped, then `uv sync` and `init-env`), it measures:
1. `add-table` wall time for a three-field table with a sensitive field,
   migration included (its default: autogenerate, apply to a throwaway
   database, `alembic check`), and with `--no-migration`.
2. The example table's repository on a throwaway embedded PostgreSQL: rows per
   second for N inserts in one transaction (`NoteRepository.add`, one INSERT each,
   then one commit) and for N primary-key reads (`NoteRepository.get` plus the
   munger), without and with the encrypted `secret` field, and the ratio
   encrypted / plain. Each figure is the best of three runs (least disturbed by
   other jobs on a shared machine).
Everything runs inside a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Runs in the rendered project's venv; prints one JSON line of rows/s figures.
REPOSITORY_PROBE = """
import asyncio, json, random, sys, tempfile, time
from pathlib import Path
from {pkg}.backend.managers.keyring import KeyRing
from {pkg}.backend.mungers.note import NoteMunger
from {pkg}.backend.repositories.data_key import DataKeyRepository
from {pkg}.backend.repositories.note import NoteRepository
from {pkg}.db.engine import create_engine, session_factory
from {pkg}.db.location import database_url
from {pkg}.db.schema import pave
from {pkg}.security import MasterKey, generate_key_text
from {pkg}.settings import Settings

ROWS = int(sys.argv[1])
SECRET = "a secret of about thirty-two ch."

async def one_round(sessions, keyring, owner, secret):
    async with sessions() as session:
        key = await keyring.data_key(owner, DataKeyRepository(session))
        await session.commit()
    async with sessions() as session:
        repository = NoteRepository(session, owner)
        started = time.perf_counter()
        ids = []
        for i in range(ROWS):
            row = repository.new(title=f"note {{i}}", body="a short body")
            if secret:
                row.set_secret(secret, key)
            ids.append((await repository.add(row)).id)
        await session.commit()
        inserts = ROWS / (time.perf_counter() - started)
    random.shuffle(ids)
    munger = NoteMunger()
    async with sessions() as session:
        repository = NoteRepository(session, owner)
        started = time.perf_counter()
        for note_id in ids:
            row = await repository.get(note_id)
            view = munger.to_view(row, key if secret else None)
            assert view.secret == secret
        reads = ROWS / (time.perf_counter() - started)
    return inserts, reads

async def main(url):
    engine = create_engine(url)
    await pave(engine)
    sessions = session_factory(engine)
    keyring = KeyRing(MasterKey.from_text(generate_key_text()))
    best = {{}}
    for attempt in range(3):
        for label, secret in (("plain", None), ("encrypted", SECRET)):
            inserts, reads = await one_round(sessions, keyring, f"{{label}}-{{attempt}}", secret)
            old = best.get(label, (0.0, 0.0))
            best[label] = (max(old[0], inserts), max(old[1], reads))
    await engine.dispose()
    print(json.dumps(best))

settings = Settings(database_url=None, data_dir=Path(tempfile.mkdtemp(dir=sys.argv[2])))
with database_url(settings) as url:
    asyncio.run(main(url))
"""


def say(message: str) -> None:
    print(f"[bench_data] {message}", file=sys.stderr, flush=True)


def run(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"bench_data: {' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000, help="rows per insert/read run")
    parser.add_argument("--vcs-ref", default="HEAD", help="template revision to render")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.rows < 10:
        parser.error("--rows must be at least 10")

    work = Path(tempfile.mkdtemp(prefix="bench-data-"))
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "DATABASE_URL"}}
    env |= {"UV_PYTHON_DOWNLOADS": "never", "TMPDIR": str(work)}
    project = work / "app"
    uv = [sys.executable, "-m", "uv"]
    try:
        say("rendering and syncing a default project")
        run([sys.executable, "-m", "copier", "copy", "--trust", "--defaults", "--skip-tasks",
             "--vcs-ref", args.vcs_ref, str(REPO), str(project)], work, env)  # fmt: skip
        run([*uv, "sync", "--python", sys.executable], project, env)
        slug = "my-app"
        cli = str(project / ".venv" / "bin" / slug)
        dev_cli = str(project / ".venv" / "bin" / f"{slug}-dev")  # add-table is a dev tool
        run([cli, "init-env"], project, env)
        run(["git", "init", "-q"], project, env)

        say("add-table, with migration and without")
        fields = [
            "--field",
            "label:str",
            "--field",
            "amount:decimal",
            "--field",
            "memo:text:sensitive",
        ]
        with_migration = run([dev_cli, "add-table", "--name", "bench_item", *fields], project, env)
        without = run(
            [dev_cli, "add-table", "--name", "bench_other", *fields, "--no-migration"], project, env
        )

        say(f"repository throughput, {args.rows} rows, best of 3")
        probe = REPOSITORY_PROBE.format(pkg="my_app")
        python = str(project / ".venv" / "bin" / "python")
        result = subprocess.run([python, "-c", probe, str(args.rows), str(work)], cwd=project,
                                env=env, capture_output=True, text=True, check=False)  # fmt: skip
        if result.returncode != 0:
            raise SystemExit(f"bench_data: repository probe failed:\n{result.stderr}")
        best = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    plain_insert, plain_read = best["plain"]
    enc_insert, enc_read = best["encrypted"]
    python = sys.version.split()[0]
    print(f"\nHeavy Stack data bench: {args.rows} rows, {os.cpu_count()} CPUs, Python {python}\n")
    print(f"{'add-table (3 fields, migration checked)':45} {with_migration:8.2f} s")
    print(f"{'add-table (3 fields, --no-migration)':45} {without:8.2f} s\n")
    print(f"{'repository':28} {'plain rows/s':>14} {'encrypted rows/s':>18} {'ratio':>7}")
    for label, plain, encrypted in (
        ("insert (one transaction)", plain_insert, enc_insert),
        ("primary-key read + munger", plain_read, enc_read),
    ):
        print(f"{label:28} {plain:14.0f} {encrypted:18.0f} {encrypted / plain:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
