"""add_table: write a new table through every layer, from the SQL model to the API and tests.

Run it as `<project command> add-table` or `uv run python dev_scripts/add_table.py`.
"""

import sys


def main(argv: list[str] | None = None, prog_name: str = "add-table") -> int:
    """Run add_table with `argv` (default: the command line); return the exit code."""
    try:
        from .command import main as run
    except ModuleNotFoundError as exc:  # a production install without the dev group
        if exc.name != "jinja2":
            raise
        print(
            "error: add-table is a development tool and needs jinja2: install the dev"
            " dependencies (uv sync)",
            file=sys.stderr,
        )
        return 2
    return run(argv, prog_name)


__all__ = ["main"]
