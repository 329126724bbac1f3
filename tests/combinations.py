"""The option combinations the template is rendered and run with: the one list.

Every value of every choice in copier.yml appears at least once (a test checks
that against copier.yml itself). Add a row when you add an option.
"""

COMBINATIONS: dict[str, dict[str, object]] = {
    "defaults": {},
    "postgres-plain": {"use_pgvector": False, "use_brython": False, "python_version": "3.11"},
    "sqlite": {"database": "sqlite", "use_brython": False, "python_version": "3.13"},
    "cockroachdb": {"database": "cockroachdb", "project_name": "Roach Ledger"},
}
