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

#: Cost of one unit of elastic slack [B USD per model unit]; large enough to be used last.
ELASTIC_PENALTY = 1e6


def add_limit(
    m: linopy.Model,
    lhs: linopy.LinearExpression,
    sign: str,
    rhs,
    name: str,
    *,
    elastic: bool,
    mask: xr.DataArray | None = None,
) -> linopy.constraints.CSRConstraint | None:
    """Add ``lhs sign rhs`` as constraint family ``name`` (rows masked by ``mask``).

    Rows where ``rhs`` is infinite are no limit and are masked out. Returns None when no
    row remains.
    """
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


def elastic_cost(m: linopy.Model) -> linopy.LinearExpression | None:
    """Penalty on every slack variable of an elastic build (None if there are none)."""
    slacks = [m.variables[n].fillna(0).sum() for n in m.variables if n.startswith("slack_")]
    if not slacks:
        return None
    total = slacks[0]
    for s in slacks[1:]:
        total = total + s
    return ELASTIC_PENALTY * total
