"""`python -m chronology`: the same as the `chronology` command."""

from .cli import run

run()
