"""The option combinations the template is rendered and run with: the one list.

Two sets, both read from here by every test of rendered projects:

- `COMBINATIONS`, the fixed representative subset CI runs: hand-picked rows that
  together cover every value of every choice and boolean in copier.yml (a test
  checks that against copier.yml itself). Add a row when you add an option.
- `full_matrix()`, generated from copier.yml: every choice and boolean question
  that is asked (its `when` evaluated), all values of each, as the full product
  or, when that grows past `MAX_FULL_PRODUCT`, a pairwise covering set. Opt in
  with `pytest --full-matrix`.

Free-text questions (names, emails, sources) are not options here: they keep
their defaults, and the CI rows vary a few of them by hand.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

COPIER_YML = Path(__file__).resolve().parent.parent / "copier.yml"

# The fixed representative subset CI runs (4 rows is the least that covers every value:
# use_pgvector is asked only for postgres, so postgres needs two rows).
COMBINATIONS: dict[str, dict[str, object]] = {
    "defaults": {},
    "postgres-plain": {"use_pgvector": False, "use_brython": False, "python_version": "3.11"},
    "sqlite": {"database": "sqlite", "use_brython": False, "python_version": "3.13"},
    "cockroachdb": {"database": "cockroachdb", "project_name": "Roach Ledger"},
}

# Above this many rows the full product gives way to a pairwise covering set.
MAX_FULL_PRODUCT = 64

Answers = dict[str, object]


@dataclass(frozen=True)
class Option:
    """A question with a closed set of answers: a `choices` list or a boolean."""

    name: str
    values: tuple[object, ...]
    default: object
    when: object = True  # copier.yml's `when`: a bool or a Jinja expression

    def is_asked(self, answers: Mapping[str, object]) -> bool:
        if isinstance(self.when, bool):
            return self.when
        rendered = jinja2.Environment().from_string(str(self.when)).render(answers)
        return rendered.strip().lower() in {"true", "yes", "on", "1"}


def _questions() -> dict[str, Any]:
    return yaml.safe_load(COPIER_YML.read_text())


def options(questions: Mapping[str, Any] | None = None) -> list[Option]:
    """The choice and boolean questions of copier.yml, in the order Copier asks them."""
    found = []
    for name, question in (questions or _questions()).items():
        if name.startswith("_") or not isinstance(question, dict):
            continue
        if question.get("when") is False:  # internal values, never asked
            continue
        if "choices" in question:
            choices = question["choices"]
            values = tuple(choices.values() if isinstance(choices, dict) else choices)
        elif question.get("type") == "bool":
            values = (True, False)
        else:
            continue  # free text
        found.append(Option(name, values, question.get("default"), question.get("when", True)))
    return found


def effective_answers(answers: Mapping[str, object], opts: Iterable[Option]) -> Answers:
    """Each option's value in a render of `answers`: given or default, absent when not asked."""
    resolved: Answers = {}
    for option in opts:  # in order: a `when` may read an earlier answer
        if option.is_asked(resolved):
            resolved[option.name] = answers.get(option.name, option.default)
    return resolved


def _valid_rows(opts: list[Option]) -> list[Answers]:
    """Every distinct effective row of the full product (unasked questions dropped)."""
    rows: list[Answers] = []
    for values in itertools.product(*(o.values for o in opts)):
        row = effective_answers(dict(zip((o.name for o in opts), values, strict=True)), opts)
        if row not in rows:
            rows.append(row)
    return rows


def _pairs(row: Answers) -> set[tuple[tuple[str, object], tuple[str, object]]]:
    return set(itertools.combinations(sorted(row.items(), key=lambda item: item[0]), 2))


def pairwise(opts: list[Option]) -> list[Answers]:
    """A small set of valid rows covering every pair of values that can occur together.

    Greedy: repeatedly take the valid row covering most pairs not yet covered.
    Deterministic, and honours `when` because it only picks from valid rows.
    """
    rows = _valid_rows(opts)
    uncovered = set().union(*(_pairs(row) for row in rows))
    chosen: list[Answers] = []
    while uncovered:
        best = max(rows, key=lambda row: len(_pairs(row) & uncovered))
        chosen.append(best)
        uncovered -= _pairs(best)
    return chosen


def row_name(row: Mapping[str, object]) -> str:
    """A readable id: choice values as they are, booleans as `name` or `no-name`."""
    parts = []
    for name, value in row.items():
        if isinstance(value, bool):
            short = name.removeprefix("use_")
            parts.append(short if value else f"no-{short}")
        else:
            parts.append(str(value))
    return "-".join(parts)


def full_matrix() -> dict[str, Answers]:
    """Every asked combination of every choice and boolean, or a pairwise set if too many."""
    opts = options()
    rows = _valid_rows(opts)
    if len(rows) > MAX_FULL_PRODUCT:
        rows = pairwise(opts)
    return {row_name(row): row for row in rows}


def selected(*, full: bool) -> dict[str, Answers]:
    """The combinations a test session renders: CI's subset, or the full matrix."""
    return full_matrix() if full else dict(COMBINATIONS)
