"""Tools for developers of the project: installed with the dev group, never in production."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The checkout: this package lives in its devtools/ folder (dev tools run from a checkout only)."""
