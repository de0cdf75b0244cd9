"""`python -m flopgrid.cli`."""

from . import main

main()
