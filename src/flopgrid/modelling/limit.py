"""Adding a constraint family, optionally elastic.

Every constraint family goes through :func:`add_limit`. In an elastic build
(used only to explain an infeasible model) each row gets a non-negative slack
with a large cost, so the model always solves and the slacks in use name the
rows that could not be met.
"""

from __future__ import annotations

import linopy
import numpy as np
import xarray as xr
from linopy.common import maybe_replace_sign
from linopy.constraints import CSRConstraint
from linopy.csr import Grid

from .expr import Expr, _indexes, _union, _values_on

#: Cost of one unit of elastic slack [B USD per model unit]; large enough to be used last.
ELASTIC_PENALTY = 1e6


def add_limit(
    m: linopy.Model,
    lhs: linopy.LinearExpression | Expr,
    sign: str,
    rhs,
    name: str,
    *,
    elastic: bool,
    mask: xr.DataArray | None = None,
) -> linopy.constraints.CSRConstraint | None:
    """Add ``lhs sign rhs`` as constraint family ``name`` (rows masked by ``mask``).

    Rows where ``rhs`` is infinite are no limit and are masked out. Returns None when no
    row remains. A sparse :class:`~flopgrid.modelling.expr.Expr` goes to linopy as a frozen
    constraint directly (no xarray arithmetic); a linopy expression the usual way.
    """
    if isinstance(lhs, Expr):
        return _add_sparse(m, lhs, sign, rhs, name, elastic=elastic, mask=mask)
    rhs_da = rhs if isinstance(rhs, xr.DataArray) else xr.DataArray(rhs)
    finite = np.isfinite(rhs_da)
    if mask is not None:
        finite = finite & mask
    rhs_da = rhs_da.where(np.isfinite(rhs_da), 0.0)
    shape_mask = (lhs.const * 0 == 0) & finite  # broadcast mask to the lhs dims
    if not bool(shape_mask.any()):
        return None
    if elastic:
        coords = [shape_mask.indexes[d] for d in shape_mask.dims]
        slack = m.add_variables(lower=0, coords=coords, name=f"slack_{name}", mask=shape_mask)
        lhs = lhs - slack.fillna(0) if sign == "<=" else lhs + slack.fillna(0)
    if sign == "<=":
        con = lhs <= rhs_da
    elif sign == ">=":
        con = lhs >= rhs_da
    else:
        con = lhs == rhs_da
    # frozen: kept as a CSR matrix of its real terms, which the solver hand-off reads as is
    return m.add_constraints(con, name=name, mask=shape_mask, freeze=True)


def elastic_cost(m: linopy.Model, sparse: bool = False) -> linopy.LinearExpression | Expr | None:
    """Penalty on every slack variable of an elastic build (None if there are none)."""
    names = [n for n in m.variables if n.startswith("slack_")]
    if not names:
        return None
    if sparse:
        expr = Expr.of(m.variables[names[0]]).sum()
        for n in names[1:]:
            expr = expr + Expr.of(m.variables[n]).sum()
        return expr * ELASTIC_PENALTY
    slacks = [m.variables[n].fillna(0).sum() for n in names]
    total = slacks[0]
    for s in slacks[1:]:
        total = total + s
    return ELASTIC_PENALTY * total


def _add_sparse(
    m: linopy.Model,
    lhs: Expr,
    sign: str,
    rhs,
    name: str,
    *,
    elastic: bool,
    mask: xr.DataArray | None,
) -> linopy.constraints.CSRConstraint | None:
    rhs_da = rhs if isinstance(rhs, xr.DataArray) else xr.DataArray(float(rhs))
    grid = _union(lhs.indexes, _indexes(rhs_da))
    if mask is not None:
        grid = _union(grid, _indexes(mask))
    rhs_v = _values_on(rhs_da, grid, fill=np.nan)
    active = np.isfinite(rhs_v)
    if mask is not None:
        active &= _values_on(mask.astype(float), grid) != 0
    if not active.any():
        return None
    if elastic:
        shape = tuple(len(i) for i in grid)
        where = xr.DataArray(active.reshape(shape), coords=list(grid))
        slack = m.add_variables(lower=0, coords=list(grid), name=f"slack_{name}", mask=where)
        lhs = lhs - Expr.of(slack) if sign == "<=" else lhs + Expr.of(slack)
    csr, const = lhs._on(grid, m._xCounter)
    rows = np.flatnonzero(active)
    con = CSRConstraint(
        csr[rows], rows, (rhs_v - const)[rows], maybe_replace_sign(sign), Grid.from_coords(grid), m
    )
    return m.add_constraints(con, name=name, freeze=True)
