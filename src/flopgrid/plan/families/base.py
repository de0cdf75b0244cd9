"""The family registry and the context builders receive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import linopy
import xarray as xr

from ...modelling import Linear, add_limit
from ...modelling.expr import Expr
from ...records import Family
from ..inputs import PlanInputs
from ..quantities import Quantities
from ..variables import Vars


class VarExpr(Expr):
    """A model variable as a sparse expression (masked slots contribute 0); anything else
    (``labels``, ``solution``, linopy's own operations) is the linopy variable's."""

    __slots__ = ("variable",)

    def __init__(self, variable: linopy.Variable) -> None:
        e = Expr.of(variable)
        super().__init__(e.indexes, e.csr, e.const, e.model)
        self.variable = variable

    def __getattr__(self, attr: str):
        return getattr(self.variable, attr)


class SparseVars(dict):
    """The model's variables by name as :class:`VarExpr` (built once each)."""

    def __init__(self, var: Vars) -> None:
        super().__init__()
        self.linopy = var

    def __missing__(self, name: str) -> VarExpr:
        self[name] = VarExpr(self.linopy[name])
        return self[name]

    def __contains__(self, name: object) -> bool:
        return name in self.linopy

    def filled(self, name: str) -> VarExpr:
        """The variable with masked slots as 0 (what every :class:`VarExpr` is)."""
        return self[name]


@dataclass
class BuildContext:
    """What a family builder reads: the model, inputs, variables and quantities.

    ``var[name]`` and ``expr(quantity)`` are sparse expressions
    (:class:`~flopgrid.modelling.expr.Expr`): ``+``, ``-``, ``*`` by a number or labelled
    array and ``sum`` are sparse algebra, and the rows go to linopy frozen. linopy
    variables and expressions mix in (converted), so a family may also use linopy's
    operations, at linopy's speed.
    """

    m: linopy.Model
    inp: PlanInputs
    var: SparseVars
    q: Quantities
    elastic: bool
    _exprs: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.var, SparseVars):
            self.var = SparseVars(self.var)

    def expr(self, quantity: Linear, dims: tuple[str, ...] | None = None) -> Expr:
        """A quantity's sparse expression on ``dims``, built once per model."""
        key = (quantity.name, quantity.dims if dims is None else tuple(dims))
        if key not in self._exprs:
            self._exprs[key] = quantity.sparse(self.var.linopy, dims)
        return self._exprs[key]

    def add(
        self,
        record: Family,
        lhs: Expr | linopy.LinearExpression | linopy.Variable,
        sign: str,
        rhs,
        mask: xr.DataArray | None = None,
    ) -> linopy.constraints.CSRConstraint | None:
        """Add the rows of ``record``'s family; elastic (penalised slack) when the build is
        and the family is a limit or balance (definitions and demand never are)."""
        elastic = self.elastic and record.kind in ("limit", "balance")
        if not isinstance(lhs, Expr):
            lhs = Expr.of(lhs)
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
