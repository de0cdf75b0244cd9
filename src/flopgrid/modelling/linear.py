"""Linear quantities of a model, defined once and read three ways.

A :class:`Linear` is a sum of variables times coefficient arrays plus a constant: a cost
term, emissions, land, the fleet in service. The same definition gives

- the expression a constraint or the objective uses (:meth:`Linear.sparse`, fast; or
  :meth:`Linear.expression` as a linopy expression),
- its value at a solution, for results (:meth:`Linear.value`),
- scaled variants (discounted, priced) without writing the formula again
  (:meth:`Linear.scaled`).

So "emissions" is written in one place, and the carbon price, the emission report and a
carbon cap all read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import linopy
import numpy as np
import xarray as xr

from .expr import Expr
from .sparse import weighted_expr, weighted_sum


@dataclass(frozen=True)
class Part:
    """``variable x coeff``: the coefficient's dims are some of the variable's plus new
    output dims (``year`` against a ``vintage`` variable, say); the variable's other dims
    are summed."""

    var: str
    coeff: xr.DataArray


@dataclass(frozen=True)
class Linear:
    """``sum(parts) + const`` over ``dims`` (the quantity's natural dims), in ``unit``."""

    name: str
    unit: str
    dims: tuple[str, ...]
    parts: tuple[Part, ...] = ()
    const: xr.DataArray | None = field(default=None)

    def expression(
        self,
        variables: Mapping[str, linopy.Variable],
        dims: Sequence[str] | None = None,
        with_const: bool = True,
    ) -> linopy.LinearExpression:
        """The quantity as a linopy expression summed onto ``dims`` (default its own);
        ``with_const=False`` leaves the constant out (an objective takes none)."""
        dims = list(self.dims if dims is None else dims)
        exprs = []
        for p in self.parts:
            var = variables[p.var]
            # dims of the coefficient that are neither the variable's nor the result's are
            # summed first, so each variable carries one term per result row (not one per
            # year of a discounted sum, say)
            keep = {str(d) for d in var.dims} | set(dims)
            extra = [d for d in p.coeff.dims if d not in keep]
            exprs.append(weighted_sum(var, p.coeff.sum(extra) if extra else p.coeff, dims))
        if not exprs:
            raise ValueError(f"{self.name}: a quantity without variables is no expression")
        total = exprs[0] if len(exprs) == 1 else linopy.merge(exprs, cls=linopy.LinearExpression)
        if with_const and self.const is not None:
            const = _sum_to(self.const, dims)
            if bool((const != 0).any()):
                total = total + const
        return total

    def sparse(
        self,
        variables: Mapping[str, linopy.Variable],
        dims: Sequence[str] | None = None,
        with_const: bool = True,
    ) -> Expr:
        """:meth:`expression` as a sparse :class:`~flopgrid.modelling.expr.Expr` (fast)."""
        dims = list(self.dims if dims is None else dims)
        total = None
        for p in self.parts:
            var = variables[p.var]
            keep = {str(d) for d in var.dims} | set(dims)
            extra = [d for d in p.coeff.dims if d not in keep]
            term = weighted_expr(var, p.coeff.sum(extra) if extra else p.coeff, dims)
            total = term if total is None else total + term
        if total is None:
            raise ValueError(f"{self.name}: a quantity without variables is no expression")
        if with_const and self.const is not None:
            const = _sum_to(self.const, dims)
            if bool((const != 0).any()):
                total = total + const
        return total

    def value(
        self, solution: Mapping[str, xr.DataArray], dims: Sequence[str] | None = None
    ) -> xr.DataArray:
        """The quantity at a solution (``{variable: values}``, masked slots 0) on ``dims``."""
        dims = list(self.dims if dims is None else dims)
        out = None
        for p in self.parts:
            sol = solution[p.var]
            summed = [d for d in set(sol.dims) | set(p.coeff.dims) if d not in dims]
            term = xr.dot(sol, p.coeff, dim=summed) if summed else sol * p.coeff
            out = term if out is None else out + term
        if self.const is not None:
            const = _sum_to(self.const, dims)
            out = const if out is None else out + const
        if out is None:
            raise ValueError(f"{self.name}: empty quantity")
        return out.transpose(*[d for d in dims if d in out.dims])

    def scaled(
        self, factor: xr.DataArray | float, name: str | None = None, unit: str = ""
    ) -> Linear:
        """Every coefficient and the constant times ``factor`` (a price, a discount)."""
        parts = tuple(Part(p.var, p.coeff * factor) for p in self.parts)
        const = None if self.const is None else self.const * factor
        return Linear(name or self.name, unit or self.unit, self.dims, parts, const)

    def onto(self, dims: tuple[str, ...], name: str | None = None) -> Linear:
        """The same quantity with other natural dims (the dropped ones are summed)."""
        return Linear(name or self.name, self.unit, tuple(dims), self.parts, self.const)

    def __add__(self, other: Linear) -> Linear:
        """Both quantities' terms on ``self.dims`` (constants summed onto them first)."""
        consts = [_sum_to(c, self.dims) for c in (self.const, other.const) if c is not None]
        const = None if not consts else consts[0] if len(consts) == 1 else consts[0] + consts[1]
        return Linear(self.name, self.unit, self.dims, self.parts + other.parts, const)

    @property
    def variables(self) -> set[str]:
        return {p.var for p in self.parts}


def _sum_to(arr: xr.DataArray, dims: Sequence[str]) -> xr.DataArray:
    extra = [d for d in arr.dims if d not in dims]
    return arr.sum(extra) if extra else arr


def solution_of(var: linopy.Variable) -> xr.DataArray:
    """A solved variable's values with masked (absent) slots as 0."""
    sol = var.solution
    return sol.fillna(0.0) if isinstance(sol, xr.DataArray) else xr.DataArray(np.asarray(sol))
