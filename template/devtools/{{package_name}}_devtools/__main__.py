"""`python -m <package>_devtools`: what the debugger's run profiles start."""

from .cli import main

main()
