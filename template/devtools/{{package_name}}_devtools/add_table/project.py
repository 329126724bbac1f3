"""The project add_table writes into: found from this package, not configured."""

import importlib
import importlib.util
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .spec import AddTableError, TableSpec

# This module is <package>_devtools.add_table.project: it writes into <package>.
PACKAGE = __name__.split(".")[0].removesuffix("_devtools")


@dataclass(frozen=True)
class Project:
    root: Path
    package: str

    @classmethod
    def here(cls) -> "Project":
        module = importlib.import_module(PACKAGE)
        assert module.__file__ is not None
        return cls(Path(module.__file__).resolve().parent.parent, PACKAGE)

    @property
    def package_dir(self) -> Path:
        return self.root / self.package

    @cached_property
    def pyproject(self) -> dict[str, object]:
        try:
            return tomllib.loads((self.root / "pyproject.toml").read_text())
        except (OSError, tomllib.TOMLDecodeError):
            return {}

    @cached_property
    def has_pgvector(self) -> bool:
        """pgvector is declared by the project and importable (PostgreSQL with use_pgvector)."""
        project = self.pyproject.get("project")
        dependencies = project.get("dependencies", []) if isinstance(project, dict) else []
        declared = any(re.match(r"pgvector\b", str(dep)) for dep in dependencies)
        return declared and importlib.util.find_spec("pgvector") is not None

    @cached_property
    def command(self) -> str:
        """How the README calls the project's CLI (`uv run my-app`)."""
        project = self.pyproject.get("project")
        scripts = project.get("scripts", {}) if isinstance(project, dict) else {}
        for name, target in (scripts if isinstance(scripts, dict) else {}).items():
            if str(target).startswith(f"{self.package}.cli"):
                return f"uv run {name}"
        return f"uv run python -m {self.package}"

    @cached_property
    def dev_command(self) -> str:
        """How the README calls the developer tools (`uv run my-app-dev`)."""
        project = self.pyproject.get("project")
        name = project.get("name") if isinstance(project, dict) else None
        return f"uv run {name}-dev"

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def check_new(self, spec: TableSpec, paths: list[Path]) -> None:
        """Refuse a table, class or file that already exists."""
        try:
            sql_models = importlib.import_module(f"{self.package}.backend.sql_models")
            shared_models = importlib.import_module(f"{self.package}.shared_models")
        except Exception as exc:
            raise AddTableError(
                f"cannot import the project's models to check the name ({type(exc).__name__}:"
                f" {exc}): fix that first"
            ) from exc
        from sqlmodel import SQLModel

        if spec.name in SQLModel.metadata.tables:
            raise AddTableError(f"table {spec.name!r} already exists")
        for module, suffixes in ((sql_models, [""]), (shared_models, ["Draft", "Patch", "View"])):
            for suffix in suffixes:
                if hasattr(module, spec.class_name + suffix):
                    raise AddTableError(
                        f"{spec.class_name + suffix} already exists in {module.__name__}:"
                        " pick another table name"
                    )
        for path in paths:
            if path.exists():
                raise AddTableError(f"{self.relative(path)} already exists: pick another name")
