"""`uv run dev_scripts/bench` (this folder as a script) or `python -m dev_scripts.bench`."""

import sys
from pathlib import Path

if __package__:
    from .cli import main
else:  # run as a folder: import it as the package `bench`, not as loose modules
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    from bench.cli import main

sys.exit(main())
