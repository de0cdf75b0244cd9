"""The family registry and the context builders receive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import linopy
import xarray as xr

from ...modelling import Linear, add_limit
from ...records import Family
from ..inputs import PlanInputs
from ..quantities import Quantities
from ..variables import Vars


@dataclass
class BuildContext:
    """What a family builder reads: the model, inputs, variables and quantities."""

    m: linopy.Model
    inp: PlanInputs
    var: Vars
    q: Quantities
    elastic: bool
    _exprs: dict = field(default_factory=dict)

    def expr(
        self, quantity: Linear, dims: tuple[str, ...] | None = None
    ) -> linopy.LinearExpression:
        """A quantity's linopy expression on ``dims``, built once per model."""
        key = (quantity.name, quantity.dims if dims is None else tuple(dims))
        if key not in self._exprs:
            self._exprs[key] = quantity.expression(self.var, dims)
        return self._exprs[key]

    def add(
        self,
        record: Family,
        lhs: linopy.LinearExpression,
        sign: str,
        rhs,
        mask: xr.DataArray | None = None,
    ) -> linopy.Constraint | None:
        """Add the rows of ``record``'s family; elastic (penalised slack) when the build is
        and the family is a limit or balance (definitions and demand never are)."""
        elastic = self.elastic and record.kind in ("limit", "balance")
        return add_limit(self.m, lhs, sign, rhs, record.name, elastic=elastic, mask=mask)


Builder = Callable[[BuildContext, Family], None]


@dataclass(frozen=True)
class FamilyBuilder:
    record: Family
    build: Builder

    def __call__(self, ctx: BuildContext) -> None:
        self.build(ctx, self.record)


_REGISTRY: list[FamilyBuilder] = []

#: build order of the family modules (within a module: the order of declaration)
MODULE_ORDER = (
    "compute",
    "chips",
    "datacenters",
    "energy",
    "storage",
    "flexibility",
    "power",
    "water",
    "policy",
)


def family(record: Family) -> Callable[[Builder], Builder]:
    """Register ``builder`` as the family ``record`` describes."""

    def register(builder: Builder) -> Builder:
        if any(f.record.name == record.name for f in _REGISTRY):
            raise ValueError(f"constraint family {record.name!r} is declared twice")
        _REGISTRY.append(FamilyBuilder(record, builder))
        return builder

    return register


def registry() -> tuple[FamilyBuilder, ...]:
    """Every declared family, modules in :data:`MODULE_ORDER`."""

    def rank(f: FamilyBuilder) -> int:
        module = f.build.__module__.rsplit(".", 1)[-1]
        return MODULE_ORDER.index(module) if module in MODULE_ORDER else len(MODULE_ORDER)

    return tuple(sorted(_REGISTRY, key=rank))
