"""Copier migration: carry a project from the layout with alembic/, static/ and brython/ at
its root (template commit 124db6c and before) into the one where the package holds them.

    python hooks/move_into_package.py

Runs in the project after Copier's update, and only when the committed project has the
old layout and the update rendered the new one (otherwise it does nothing). Copier has
then written the new files and deleted the old template files, edited or not; a merge
cannot move a file, so this does, for each file git had under an old folder
(`alembic/` -> `<package>/migrations/`, `static/` -> `<package>/static/`, `brython/` ->
`<package>/brython/`, `<package>/devtools/` -> `devtools/<package>_devtools/`):

- a file the user added (a migration of theirs) moves to the new folder, unchanged;
- a template file the user edited is merged into its new home: a three-way merge of
  the user's committed file, the old template's file (rendered again from the answers
  file's `_src_path` and `_commit`) and the new one, as Copier merges; a conflict is
  left inline, between Copier's own markers;
- if the old template cannot be rendered again, the user's edited file stays at its
  old path, to reconcile by hand.

Every file that needs a look gets one line. Standard library and Copier only.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ANSWERS_FILE = ".copier-answers.yml"
LABELS = ("before updating", "last update", "after updating")  # Copier's conflict labels
# Gone with no new home: Alembic is configured from Python; add-table is `<slug>-dev add-table`.
DROPPED = ("alembic.ini", "dev_scripts/add_table.py")


def git(project: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, check=False)


def moves(package: str) -> dict[str, str]:
    return {
        "alembic": f"{package}/migrations",
        "static": f"{package}/static",
        "brython": f"{package}/brython",
        f"{package}/devtools": f"devtools/{package}_devtools",
    }


def committed_answers(project: Path) -> dict[str, object]:
    import yaml  # Copier's own dependency

    shown = git(project, "show", f"HEAD:{ANSWERS_FILE}")
    loaded = yaml.safe_load(shown.stdout) if shown.returncode == 0 else None
    return loaded if isinstance(loaded, dict) else {}


def render_old_template(answers: dict[str, object], destination: Path) -> bool:
    """The old template version rendered again with the old answers (tasks skipped)."""
    from copier import run_copy

    source, commit = answers.get("_src_path"), answers.get("_commit")
    if not source or not commit:
        return False
    data = {key: value for key, value in answers.items() if not key.startswith("_")}
    try:
        run_copy(str(source), destination, data=data, vcs_ref=str(commit), defaults=True,
                 unsafe=True, skip_tasks=True, quiet=True)  # fmt: skip
    except Exception as exc:  # a template source that is gone or unreachable
        print(f"[heavy-stack] cannot render the old template again ({exc})", file=sys.stderr)
        return False
    return True


def merge(user: bytes, base: bytes, new: bytes) -> tuple[bytes, bool]:
    """Git's three-way merge: the user's change from BASE carried onto NEW; conflicted?"""
    with tempfile.TemporaryDirectory() as scratch:
        paths = [Path(scratch, name) for name in ("user", "base", "new")]
        for path, content in zip(paths, (user, base, new), strict=True):
            path.write_bytes(content)
        labels = [arg for label in LABELS for arg in ("-L", label)]
        done = subprocess.run(
            ["git", "merge-file", "-p", *labels, *map(str, paths)], capture_output=True, check=False
        )
    if done.returncode < 0:
        raise RuntimeError(done.stderr.decode(errors="replace"))
    return done.stdout, done.returncode > 0


def carry_over(project: Path) -> list[str]:
    """Move and merge what Copier could not; return the lines to print."""
    answers = committed_answers(project)
    package = str(answers.get("package_name") or "")
    listing = git(project, "ls-tree", "-r", "--name-only", "HEAD").stdout.decode().splitlines()
    old_layout = "alembic/env.py" in listing and f"{package}/migrations/env.py" not in listing
    if not package or not old_layout:
        return []  # committed in the new layout already: nothing to carry
    if not (project / package / "migrations" / "env.py").is_file():
        return []  # updated to a version still in the old layout
    mapping = moves(package)
    old_files = [
        (path, old, new)
        for path in listing
        for old, new in mapping.items()
        if path.startswith(f"{old}/")
    ]
    if not old_files:
        return []
    report: list[str] = []
    with tempfile.TemporaryDirectory(prefix="heavy-stack-old-") as scratch:
        old_render = Path(scratch) / "project"
        rendered = render_old_template(answers, old_render)
        for path, old, new in old_files:
            target = project / new / path.removeprefix(f"{old}/")
            user = git(project, "show", f"HEAD:{path}").stdout
            base_file = old_render / path
            base = base_file.read_bytes() if rendered and base_file.is_file() else None
            current = project / path
            if rendered and base is None:  # the user's own file: it moves
                if target.exists() and target.read_bytes() != user:
                    report.append(f"{path}: yours, kept there; the template now has {target}")
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(user)
                current.unlink(missing_ok=True)
                report.append(f"moved {path} -> {target.relative_to(project)}")
            elif base == user:
                current.unlink(missing_ok=True)  # untouched: the new template's file stands
            elif base is None:  # edited, and no old render to merge with
                current.parent.mkdir(parents=True, exist_ok=True)
                current.write_bytes(user)
                report.append(f"reconcile by hand: your {path} with {target.relative_to(project)}")
            elif not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(user)
                current.unlink(missing_ok=True)
                report.append(f"moved {path} -> {target.relative_to(project)} (edited by you)")
            else:
                merged, conflicted = merge(user, base, target.read_bytes())
                target.write_bytes(merged)
                current.unlink(missing_ok=True)
                what = "conflicts inline, resolve them" if conflicted else "merged"
                report.append(f"your edits of {path} -> {target.relative_to(project)}: {what}")
        for path in DROPPED:
            base_file = old_render / path
            edited = (
                path in listing
                and rendered
                and base_file.is_file()
                and (git(project, "show", f"HEAD:{path}").stdout != base_file.read_bytes())
            )
            if edited:
                report.append(f"{path} is gone from the template; yours: git show HEAD:{path}")
    for old in mapping:
        folders = sorted((p for p in (project / old).rglob("*") if p.is_dir()), reverse=True)
        for folder in [*folders, project / old]:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return report


def main() -> int:
    try:
        report = carry_over(Path.cwd())
    except (OSError, RuntimeError) as exc:
        print(f"[heavy-stack] error moving files into the package: {exc}", file=sys.stderr)
        return 1
    for line in report:
        print(f"[heavy-stack] layout: {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
