"""The planning model's constraint families: one builder function and one record each.

A family is declared with :func:`family`, which pairs the builder with its
:class:`~flopgrid.records.Family` record; :data:`FAMILIES` lists them in build order.
Adding a family means writing one function and one record in one of these modules.
"""

from __future__ import annotations

from ...records import Family, markdown_table
from . import (  # noqa: F401  (registers)
    chips,
    compute,
    datacenters,
    energy,
    flexibility,
    policy,
    power,
    storage,
    water,
)
from .base import BuildContext, FamilyBuilder, family, registry

#: every family, in build order
FAMILIES: tuple[FamilyBuilder, ...] = registry()

#: the records by name
RECORDS: dict[str, Family] = {f.record.name: f.record for f in FAMILIES}


def constraint_table() -> str:
    """The README's constraint table, generated from the records."""
    return markdown_table([f.record for f in FAMILIES])


__all__ = ["FAMILIES", "RECORDS", "BuildContext", "FamilyBuilder", "constraint_table", "family"]
