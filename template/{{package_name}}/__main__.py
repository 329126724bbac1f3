"""The project CLI, as `python -m` and as the project's command run it."""

import sys


def main() -> None:
    try:
        from .cli import main as run_cli  # seconds on a busy machine: Ctrl-C may land here
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    run_cli()


if __name__ == "__main__":
    main()
