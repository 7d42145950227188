"""python -m communique."""

from .cli import main

main()
