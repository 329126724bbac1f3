#!/usr/bin/env python3
"""Write the template's .vscode/launch.json and tasks.json from the project's profile table.

    uv run dev_scripts/vscode_profiles.py [--check]

The rendered project's `<slug>-dev write-vscode` writes both files from
`devtools/<package>_devtools/profiles.py`; the template ships them already written, as
`.jinja` files whose only template markup is the project's names. This runs
that same generator with placeholder names and puts the markup back, so after
editing the profile table one command brings the shipped files along.
`--check` only reports whether they are current (a template test runs it).
"""

from __future__ import annotations

import argparse
import sys
import types
from pathlib import Path

import jinja2

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "template"
PROFILES = TEMPLATE / "devtools" / "{{package_name}}_devtools" / "profiles.py.jinja"
# Names that cannot occur anywhere else in the output, put back as template markup.
PLACEHOLDERS = {
    "project_name": "@@project_name@@",
    "project_slug": "@@project_slug@@",
    "package_name": "@@package_name@@",
}


def generated_files() -> dict[str, str]:
    """Template path -> text: the generator's output, with the names as template markup."""
    source = jinja2.Environment(keep_trailing_newline=True).from_string(PROFILES.read_text())
    name = f"{PLACEHOLDERS['package_name']}_devtools.profiles"
    module = types.ModuleType(name)
    module.__file__ = str(PROFILES)
    sys.modules[name] = module  # dataclasses look their module up
    try:
        exec(compile(source.render(**PLACEHOLDERS), str(PROFILES), "exec"), module.__dict__)
        files: dict[str, str] = module.vscode_files()
    finally:
        del sys.modules[name]
    result = {}
    for relative, text in files.items():
        for answer, placeholder in PLACEHOLDERS.items():
            text = text.replace(placeholder, "{{ " + answer + " }}")
        result[f"{relative}.jinja"] = text
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale files; exit 1 if any")
    args = parser.parse_args()
    stale = []
    for relative, text in generated_files().items():
        path = TEMPLATE / relative
        if path.exists() and path.read_text() == text:
            continue
        stale.append(relative)
        if not args.check:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text)
    for relative in stale:
        print(f"template/{relative} {'is stale' if args.check else 'written'}")
    if args.check and stale:
        print("run: uv run dev_scripts/vscode_profiles.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
