"""``python -m flopgrid.plan.families``: print the README's constraint table."""

from . import constraint_table

print(constraint_table())
