"""Rename the project: its name, its command (slug) and its Python package, everywhere.

    python3 dev_scripts/rename_project.py                      # asks for the new names
    python3 dev_scripts/rename_project.py --name "Shop Floor"  # slug and package derived
    python3 dev_scripts/rename_project.py --name "Shop Floor" --slug shop --package shop_core
    python3 dev_scripts/rename_project.py ... --dry-run        # list what would change

Moves the package folder and the developer tools' package (`devtools/<package>_devtools`)
and rewrites every whole-word use of the old package name, slug and project name
(and of `<slug>-dev`, `<slug>-devtools`, `<package>_devtools`) in the files git knows
about (yours included: imports, pyproject.toml, uv.lock, .devcontainer, .vscode,
Dockerfile, README, migrations, brython, tests), then the three answers in
`.copier-answers.yml`, so a later `copier update` renders the new names. Refuses a
dirty git tree unless `--force` (the rename is then one reviewable change).
Afterwards run `uv sync`.
Standard library only. `copier update --data project_name=...` runs the same
code (hooks/post_update.py in the template).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ANSWERS_FILE = ".copier-answers.yml"
NAME_KEYS = ("project_name", "project_slug", "package_name")
PACKAGE_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
SLUG_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# Folders never rewritten even outside git: environments, caches, local state.
SKIPPED_DIRS = {".git", ".venv", "var", "node_modules", "__pycache__", ".mypy_cache",
                ".ruff_cache", ".pytest_cache", "dist", "build"}  # fmt: skip


class RenameError(Exception):
    """A user-fixable problem; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class Names:
    project_name: str
    project_slug: str
    package_name: str

    @classmethod
    def derived(cls, name: str, slug: str | None = None, package: str | None = None) -> Names:
        """Missing names derived as Copier derives them: slug from name, package from slug."""
        slug = slug or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        return cls(name, slug, package or slug.replace("-", "_"))

    def check(self) -> None:
        if not self.project_name.strip() or len(self.project_name) > 80:
            raise RenameError("the project name must be 1 to 80 characters")
        if re.search(r"[\"\\<>`{}]", self.project_name):
            raise RenameError(
                "the project name may not contain quotes, backslashes, brackets or backticks"
            )
        if not SLUG_RE.match(self.project_slug):
            raise RenameError(
                f"slug {self.project_slug!r} is not valid: lowercase letters, digits and "
                "single hyphens, starting with a letter (e.g. shop-floor)"
            )
        if not PACKAGE_RE.match(self.package_name) or self.package_name in reserved_names():
            raise RenameError(
                f"package {self.package_name!r} is not valid: a lowercase identifier that "
                "shadows no standard-library module (e.g. shop_floor)"
            )


# The modules of the project's dependencies, as copier.yml's reserved_module_names lists them.
DEPENDENCY_MODULES = frozenset(
    {
        "aiosqlite", "alembic", "anyio", "asyncpg", "brython", "click", "cryptography", "dotenv",
        "httpx", "jinja2", "mypy", "pgserver", "pgvector", "psutil", "pydantic",
        "pydantic_settings", "pytest", "pythonjsonlogger", "reactpy", "reactpy_router", "ruff",
        "sanic", "sanic_ext", "sanic_routing", "sqlalchemy", "sqlalchemy_cockroachdb", "sqlmodel",
        "typer", "uvloop", "websockets", "tests", "dev_scripts", "static",
    }
)  # fmt: skip


def reserved_names() -> set[str]:
    import keyword

    return (
        set(keyword.kwlist)
        | set(keyword.softkwlist)
        | set(sys.stdlib_module_names)
        | DEPENDENCY_MODULES
    )


# --- the answers file (plain `key: value` lines, as Copier writes them) --------------


def read_answers(project: Path) -> dict[str, str]:
    answers: dict[str, str] = {}
    path = project / ANSWERS_FILE
    if path.exists():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition(":")
            if sep and not line.startswith((" ", "#")):
                value = value.strip()
                if value[:1] == "'" and value[-1:] == "'":
                    value = value[1:-1].replace("''", "'")
                answers[key.strip()] = value.strip('"')
    return answers


def current_names(project: Path) -> Names:
    answers = read_answers(project)
    missing = [key for key in NAME_KEYS if not answers.get(key)]
    if missing:
        raise RenameError(
            f"{ANSWERS_FILE} lacks {', '.join(missing)}: run this in a Heavy Stack project"
        )
    return Names(answers["project_name"], answers["project_slug"], answers["package_name"])


def yaml_scalar(value: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9 _-]*[A-Za-z0-9_]", value):
        return value
    return "'" + value.replace("'", "''") + "'"


def with_answers(text: str, names: Names) -> str:
    for key in NAME_KEYS:
        line = f"{key}: {yaml_scalar(getattr(names, key))}"
        text = re.sub(rf"^{key}:.*$", line.replace("\\", "\\\\"), text, flags=re.MULTILINE)
    return text


# --- rewriting ------------------------------------------------------------------------


def replacer(old: Names, new: Names) -> Callable[[str], str]:
    """One pass over the text: whole-word uses of each old name, longest first, so
    `app` inside `app_x` stays and a new name is never rewritten again."""
    pairs = [
        (old.project_name, new.project_name, r"\w"),
        (old.project_slug, new.project_slug, r"[\w-]"),
        (old.package_name, new.package_name, r"\w"),
        # the developer tools: their distribution, command and package
        (f"{old.project_slug}-devtools", f"{new.project_slug}-devtools", r"[\w-]"),
        (f"{old.project_slug}-dev", f"{new.project_slug}-dev", r"[\w-]"),
        (f"{old.package_name}_devtools", f"{new.package_name}_devtools", r"\w"),
    ]
    pairs = sorted((p for p in pairs if p[0] != p[1]), key=lambda p: -len(p[0]))
    if not pairs:
        return lambda text: text
    mapping = {before: after for before, after, _ in pairs}
    pattern = re.compile(
        "|".join(rf"(?<!{word}){re.escape(before)}(?!{word})" for before, _, word in pairs)
    )
    return lambda text: pattern.sub(lambda match: mapping[match.group(0)], text)


def project_files(project: Path) -> list[Path]:
    """Files git tracks or would track (user files included); every file when not in git."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    if listing.returncode == 0:
        names = sorted({name for name in listing.stdout.split("\0") if name})
        paths = [project / name for name in names]
        return [path for path in paths if path.is_file() and not path.is_symlink()]
    return sorted(
        path
        for path in project.rglob("*")
        if path.is_file()
        and not path.is_symlink()
        and not SKIPPED_DIRS.intersection(path.relative_to(project).parts)
    )


def git_is_dirty(project: Path) -> bool:
    status = subprocess.run(
        ["git", "status", "--porcelain"],  # noqa: S607
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    if status.returncode != 0:
        raise RenameError("not a git repository: run git init and commit first, or pass --force")
    return bool(status.stdout.strip())


@dataclass
class Plan:
    """Every change the rename makes, computed before anything is written."""

    contents: dict[Path, str]
    moves: list[tuple[Path, Path]]

    def describe(self, project: Path) -> list[str]:
        lines = [f"rewrite {path.relative_to(project)}" for path in sorted(self.contents)]
        lines += [
            f"move {source.relative_to(project)}/ -> {target.relative_to(project)}/"
            for source, target in self.moves
        ]
        return lines


def plan_rename(project: Path, old: Names, new: Names) -> Plan:
    rewrite = replacer(old, new)
    contents: dict[Path, str] = {}
    answers_path = project / ANSWERS_FILE
    this_script = project / "dev_scripts" / "rename_project.py"  # its examples are not names
    for path in project_files(project):
        if path in (answers_path, this_script):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files carry no names
        changed = rewrite(text)
        if changed != text:
            contents[path] = changed
    answers = answers_path.read_text()
    if with_answers(answers, new) != answers:
        contents[answers_path] = with_answers(answers, new)
    moves = []
    if old.package_name != new.package_name:
        source, target = project / old.package_name, project / new.package_name
        if not source.is_dir():
            raise RenameError(f"the package folder {old.package_name}/ is missing")
        if target.exists():
            raise RenameError(f"{new.package_name}/ already exists: pick another package name")
        moves.append((source, target))
        devtools = project / "devtools"
        source = devtools / f"{old.package_name}_devtools"
        target = devtools / f"{new.package_name}_devtools"
        if source.is_dir():  # projects from before the developer tools moved have none
            if target.exists():
                raise RenameError(f"devtools/{target.name}/ already exists: pick another name")
            moves.append((source, target))
    return Plan(contents, moves)


def apply_plan(plan: Plan) -> None:
    """Write every file, then move the package; undo everything if a step fails."""
    originals: dict[Path, str] = {}
    moved: list[tuple[Path, Path]] = []
    try:
        for path, text in plan.contents.items():
            originals[path] = path.read_text(encoding="utf-8")
            path.write_text(text, encoding="utf-8")
        for source, target in plan.moves:
            source.rename(target)
            moved.append((source, target))
    except BaseException:
        for source, target in reversed(moved):
            target.rename(source)
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        raise


def rename(project: Path, new: Names, *, force: bool = False, dry_run: bool = False) -> Plan:
    new.check()
    old = current_names(project)
    same_word = old.project_slug == old.package_name
    if same_word and new.project_slug != new.package_name:
        raise RenameError(
            f"the slug and the package are the same word ({old.package_name!r}), so their uses "
            "cannot be told apart: give --slug and --package the same new word"
        )
    if not force and not dry_run and git_is_dirty(project):
        raise RenameError(
            "the git tree has uncommitted changes: commit them first, or pass --force"
        )
    plan = plan_rename(project, old, new)
    if not dry_run:
        apply_plan(plan)
    return plan


def ask(prompt: str, default: str) -> str:
    answer = input(f"{prompt} [{default}]: ").strip()
    return answer or default


def names_from_arguments(args: argparse.Namespace, project: Path) -> Names:
    if args.name or args.slug or args.package:
        old = current_names(project)
        return Names.derived(args.name or old.project_name, args.slug, args.package)
    old = current_names(project)
    name = ask("Project name", old.project_name)
    derived = Names.derived(name)
    slug = ask("Slug (distribution and command)", derived.project_slug)
    package = ask("Python package", Names.derived(name, slug).package_name)
    return Names(name, slug, package)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", help="new project name (asked when no name flag is given)")
    parser.add_argument("--slug", help="new slug (default: from the name)")
    parser.add_argument("--package", help="new Python package (default: from the slug)")
    parser.add_argument("--dry-run", action="store_true", help="list the changes, make none")
    parser.add_argument("--force", action="store_true", help="rename even with uncommitted changes")
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    try:
        new = names_from_arguments(args, project)
        plan = rename(project, new, force=args.force, dry_run=args.dry_run)
    except RenameError as exc:
        print(f"[rename] error: {exc} (nothing was changed)", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\n[rename] cancelled (nothing was changed)", file=sys.stderr)
        return 1
    for line in plan.describe(project):
        print(f"[rename] {'would ' if args.dry_run else ''}{line}")
    if args.dry_run:
        print("[rename] dry run: nothing was changed")
    elif plan.contents or plan.moves:
        print(f"[rename] done: run `uv sync`, then `uv run {new.project_slug} --help`")
    else:
        print("[rename] nothing to change")
    return 0


if __name__ == "__main__":
    sys.exit(main())
