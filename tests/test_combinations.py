"""tests/combinations.py against copier.yml: CI's subset covers every value; the matrix is right."""

from __future__ import annotations

import itertools

import pytest
import yaml

from .combinations import (
    COMBINATIONS,
    COPIER_YML,
    Option,
    effective_answers,
    full_matrix,
    options,
    pairwise,
)

QUESTIONS = yaml.safe_load(COPIER_YML.read_text())


def test_options_are_the_choice_and_boolean_questions_of_copier_yml() -> None:
    found = {option.name: option.values for option in options()}
    closed = {
        name
        for name, question in QUESTIONS.items()
        if not name.startswith("_")
        and isinstance(question, dict)
        and question.get("when") is not False
        and ("choices" in question or question.get("type") == "bool")
    }
    assert set(found) == closed
    assert found["database"] == ("postgres", "sqlite", "cockroachdb")
    assert found["use_brython"] == (True, False)
    assert "project_name" not in found  # free text keeps its default


@pytest.mark.parametrize("name", list(COMBINATIONS))
def test_ci_rows_answer_only_real_questions_with_legal_values(name: str) -> None:
    answers = COMBINATIONS[name]
    opts = {option.name: option for option in options()}
    effective = effective_answers(answers, opts.values())
    for key, value in answers.items():
        assert key in QUESTIONS and not key.startswith("_"), f"{name}: {key} is not a question"
        if key in opts:
            assert value in opts[key].values, f"{name}: {key}={value!r} is not a choice"
            assert key in effective, f"{name}: {key} is not asked with these answers"


def test_ci_rows_cover_every_value_of_every_option() -> None:
    """Each value of each choice and boolean is rendered and run by some CI row."""
    opts = options()
    rendered = [effective_answers(answers, opts) for answers in COMBINATIONS.values()]
    for option in opts:
        covered = {row[option.name] for row in rendered if option.name in row}
        missing = set(option.values) - covered
        assert not missing, f"no CI row renders {option.name}={sorted(map(str, missing))}"


def test_ci_rows_are_distinct_renders() -> None:
    opts = options()
    rendered = [effective_answers(answers, opts) | answers for answers in COMBINATIONS.values()]
    assert len({repr(sorted(row.items())) for row in rendered}) == len(rendered)


def test_full_matrix_is_every_asked_combination() -> None:
    matrix = full_matrix()
    by_database: dict[object, int] = {}
    for row in matrix.values():
        by_database[row["database"]] = by_database.get(row["database"], 0) + 1
        assert ("use_pgvector" in row) == (row["database"] == "postgres"), row
    versions, brython = len(QUESTIONS["python_version"]["choices"]), 2
    assert by_database == {
        "postgres": versions * 2 * brython,  # pgvector asked
        "sqlite": versions * brython,
        "cockroachdb": versions * brython,
    }
    assert len(set(matrix)) == len(matrix)  # names are unique ids


def test_pairwise_covers_every_pair_that_can_occur_and_nothing_invalid() -> None:
    opts = [
        Option("a", (1, 2, 3), 1),
        Option("b", ("x", "y", "z"), "x"),
        Option("c", (True, False), True, when="{{ a != 3 }}"),
        Option("d", (True, False), False),
    ]
    valid = []
    for values in itertools.product(*(o.values for o in opts)):
        row = effective_answers(dict(zip("abcd", values, strict=True)), opts)
        if row not in valid:
            valid.append(row)
    chosen = pairwise(opts)
    assert all(row in valid for row in chosen)
    wanted = {pair for row in valid for pair in itertools.combinations(sorted(row.items()), 2)}
    got = {pair for row in chosen for pair in itertools.combinations(sorted(row.items()), 2)}
    assert got == wanted
    assert len(chosen) < len(valid)
