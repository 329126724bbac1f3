"""Write every new file and registry edit together, or none of them.

Each file is first written beside its target under a temporary name; only when
all are staged are they moved into place (`os.replace`, atomic per file). If a
move fails, or a later step such as the migration does, `rollback` removes the
new files and restores the edited ones.
"""

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; nothing was left behind."""


@dataclass(frozen=True)
class Change:
    path: Path
    text: str
    old: str | None = None  # the text an edited file had; None for a new file


@dataclass
class Transaction:
    changes: list[Change]
    root: Path
    done: list[Change] = field(default_factory=list)
    made_dirs: list[Path] = field(default_factory=list)

    def apply(self) -> None:
        staged: list[tuple[Change, Path]] = []
        try:
            for change in self.changes:
                self._check_unchanged(change)
                self._make_parent(change.path.parent)
                temporary = change.path.with_name(f".{change.path.name}.add_table-{os.getpid()}")
                staged.append((change, temporary))
                temporary.write_text(change.text)
                if change.old is not None:
                    shutil.copymode(change.path, temporary)
            for change, temporary in staged:
                os.replace(temporary, change.path)
                self.done.append(change)
        except BaseException as exc:
            for _change, temporary in staged:
                temporary.unlink(missing_ok=True)
            self.rollback()
            if isinstance(exc, OSError):
                raise WriteError(
                    f"cannot write {self._name(exc.filename)}: {exc.strerror}"
                ) from exc
            raise

    def rollback(self) -> None:
        """Undo what `apply` did: new files removed, edited files given their old text."""
        for change in reversed(self.done):
            if change.old is None:
                change.path.unlink(missing_ok=True)
            else:
                change.path.write_text(change.old)
        self.done.clear()
        for folder in reversed(self.made_dirs):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        self.made_dirs.clear()

    def _check_unchanged(self, change: Change) -> None:
        if change.old is None and change.path.exists():
            raise WriteError(f"{self._name(change.path)} appeared while add_table ran")
        if change.old is not None and change.path.read_text() != change.old:
            raise WriteError(f"{self._name(change.path)} changed while add_table ran")

    def _make_parent(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()
            self.made_dirs.append(path)

    def _name(self, path: object) -> str:
        try:
            return Path(str(path)).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
