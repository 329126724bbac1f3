#!/usr/bin/env python3
"""Render a sample project from this working tree, for a maintainer to look at or run.

    uv run dev_scripts/render_sample.py DEST [-d key=value ...] [--setup]

Uses the working tree as it is (uncommitted changes included) with the default
answers plus any `-d` given. `--setup` also runs the post-copy task (git init,
uv sync, pave the database); without it, tasks are skipped.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("-d", "--data", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--setup", action="store_true", help="run the post-copy task too")
    parser.add_argument("--replace", action="store_true", help="delete DEST first")
    args = parser.parse_args()

    if args.dest.exists():
        if not args.replace:
            parser.error(f"{args.dest} exists (use --replace to delete it first)")
        shutil.rmtree(args.dest)
    command = [sys.executable, "-m", "copier", "copy", "--trust", "--defaults", "--vcs-ref", "HEAD"]
    command += [] if args.setup else ["--skip-tasks"]
    for pair in args.data:
        command += ["-d", pair]
    return subprocess.call([*command, str(REPO), str(args.dest)])


if __name__ == "__main__":
    sys.exit(main())
