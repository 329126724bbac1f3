"""Copier migration after every `copier update`: a rename, then the ReactPy fork.

    python hooks/post_update.py --skip-tasks=no

Runs in the updated project once Copier has merged the new template version.

1. A rename (`copier update --data project_name=...`, or `project_slug`,
   `package_name`): Copier's merge cannot move the package folder with the
   user's own modules in it, so this undoes Copier's partial rename (the project
   was a clean git tree before the update, so `git reset --hard` plus `git clean`
   of files Copier added restores it exactly) and runs the project's own
   `dev_scripts/rename_project.py` instead, which ends in the same state as
   running that script by hand. A rename in the same run as a template version
   change or another answer change is refused (project restored): do them one
   after the other.
2. The ReactPy fork: `dev_scripts/reactpy_checkout.py` (idempotent; skipped with
   `--skip-tasks`, like the post-copy task).
3. Conflicts: Copier exits 0 and says nothing when its merge left conflicts, so
   this lists the files that hold them (unmerged in git's index, or a `.rej`
   file beside them) and how to finish.

A failure prints one line saying what to do next and exits non-zero.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ANSWERS_FILE = ".copier-answers.yml"
NAME_KEYS = ("project_name", "project_slug", "package_name")


class UpdateHookError(Exception):
    """A step failed; the message says what to do next."""


def git(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True)


def parse_answers(text: str) -> dict[str, str]:
    """Copier's answers file: plain `key: value` lines."""
    answers: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith((" ", "#")):
            value = value.strip()
            if value[:1] == "'" and value[-1:] == "'":
                value = value[1:-1].replace("''", "'")
            answers[key.strip()] = value.strip('"')
    return answers


def restore_pre_update_state(project: Path) -> None:
    """The project as it was committed before `copier update` (Copier requires a clean tree)."""
    for args in (("reset", "--quiet", "--hard", "HEAD"), ("clean", "--quiet", "-fd")):
        result = git(project, *args)
        if result.returncode != 0:
            raise UpdateHookError(f"git {args[0]} failed: {result.stderr.strip()}")


def apply_rename(project: Path) -> None:
    committed = git(project, "show", f"HEAD:{ANSWERS_FILE}")
    if committed.returncode != 0:
        return  # nothing committed to compare with: no rename to detect
    before = parse_answers(committed.stdout)
    after = parse_answers((project / ANSWERS_FILE).read_text())
    renamed = [key for key in NAME_KEYS if before.get(key) != after.get(key)]
    if not renamed:
        return
    others = sorted(
        key
        for key in set(before) | set(after)
        if key not in NAME_KEYS and key != "_src_path" and before.get(key) != after.get(key)
    )
    restore_pre_update_state(project)
    if others:
        raise UpdateHookError(
            f"a rename ({', '.join(renamed)}) cannot be combined with other changes "
            f"({', '.join(others)}) in one update; the project is restored: run "
            "`copier update --vcs-ref=:current: --data ...` for the rename alone, commit, "
            "then update"
        )
    script = project / "dev_scripts" / "rename_project.py"
    if not script.is_file():
        raise UpdateHookError(
            "this project has no dev_scripts/rename_project.py; the project is restored: "
            "update without the rename first, commit, then rename"
        )
    print(f"[heavy-stack] renaming the project ({', '.join(renamed)})", flush=True)
    command = [sys.executable, str(script), "--name", after["project_name"],
               "--slug", after["project_slug"], "--package", after["package_name"]]  # fmt: skip
    result = subprocess.run(command, cwd=project, check=False)
    if result.returncode != 0:
        raise UpdateHookError("the rename failed (see above); the project is as before the update")


def wire_reactpy(project: Path) -> None:
    script = project / "dev_scripts" / "reactpy_checkout.py"
    if not script.is_file():
        return
    result = subprocess.run([sys.executable, str(script)], cwd=project, check=False)
    if result.returncode != 0:
        raise UpdateHookError(
            "the ReactPy fork step failed (see above); the update itself is done: fix the "
            "cause, then run python3 dev_scripts/reactpy_checkout.py && uv sync"
        )


def conflicting_files(project: Path) -> list[str]:
    """Files the merge left in conflict: unmerged in git's index, with a `.rej` beside, or
    changed and holding conflict markers (the layout migration's inline merges)."""
    unmerged = git(project, "diff", "--name-only", "--diff-filter=U").stdout.split("\n")
    rejected = git(project, "ls-files", "--others", "--exclude-standard", "*.rej").stdout
    return sorted(
        {*filter(None, unmerged), *filter(None, rejected.split("\n")), *marked_files(project)}
    )


def marked_files(project: Path) -> list[str]:
    """Changed or new files with a line opening a conflict (`<<<<<<< `) and one closing it."""
    changed = git(project, "diff", "--name-only", "HEAD").stdout.split("\n")
    new = git(project, "ls-files", "--others", "--exclude-standard").stdout.split("\n")
    marked = []
    for name in filter(None, {*changed, *new}):
        path = project / name
        if not path.is_file():
            continue
        lines = path.read_text(errors="ignore").splitlines()
        opened = any(line.startswith("<<<<<<< ") for line in lines)
        if opened and any(line.startswith(">>>>>>> ") for line in lines):
            marked.append(name)
    return marked


def report_conflicts(project: Path) -> None:
    conflicts = conflicting_files(project)
    if conflicts:
        print(
            f"[heavy-stack] the update left conflicts in {len(conflicts)} file(s): "
            f"{', '.join(conflicts)}; keep what you want between the <<<<<<< and >>>>>>> "
            "markers (or apply the .rej file), then git add them and commit",
            file=sys.stderr,
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tasks", choices=("yes", "no"), default="no")
    args = parser.parse_args(argv)
    project = Path.cwd()
    try:
        apply_rename(project)
        if args.skip_tasks == "yes":
            print("[heavy-stack] tasks skipped: run python3 dev_scripts/reactpy_checkout.py")
        else:
            wire_reactpy(project)
    except UpdateHookError as exc:
        report_conflicts(project)
        print(f"[heavy-stack] error: {exc}", file=sys.stderr)
        return 1
    report_conflicts(project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
