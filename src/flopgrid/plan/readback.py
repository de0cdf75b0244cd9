"""A solved planning model read back as arrays: the primal vector by variable label, and
each constraint family's duals and right-hand sides on its own grid."""

from __future__ import annotations

import numpy as np
import xarray as xr

from ..modelling.expr import grid_array
from .build import PlanModel


def primal(pm: PlanModel) -> np.ndarray:
    """The solution as one vector by variable label (masked slots absent, 0)."""
    m = pm.model
    x = np.zeros(m._xCounter)
    for name in m.variables:
        var = m.variables[name]
        labels = var.labels.values
        there = labels >= 0
        x[labels[there]] = np.asarray(var.solution.values)[there]
    return x


def _on_grid(con, active: np.ndarray) -> xr.DataArray:
    """A frozen constraint's per-row values on its grid, 0 where it has no row (what
    ``con.dual.fillna(0)`` gives, without building a Dataset per call)."""
    grid = con._grid
    full = np.zeros(grid.size)
    full[con.active_positions] = active
    return grid_array(full, grid.indexes.values())


#: dimensions of rows within a year (time slices, real periods, deadline windows): a
#: family's duals are summed over them (its rows are rates in TWh/yr or levels, so the sum
#: is its value per unit of the year), its right-hand side read at its largest
_WITHIN_YEAR = ("slice", "calendar", "window")


def duals(pm: PlanModel) -> dict[str, xr.DataArray]:
    """``dual_<family>`` and ``rhs_<family>`` of every constraint family (model units) and
    the elastic slacks' values, 0 where a family has no row."""
    out: dict[str, xr.DataArray] = {}
    for name, con in pm.model.constraints.items():
        if getattr(con, "_dual", None) is not None and hasattr(con, "_grid"):
            # a frozen CSRConstraint (linopy types the container's items as the base class)
            rhs = np.where(np.isfinite(con._rhs), con._rhs, 0.0)  # type: ignore[attr-defined]
            dual = np.nan_to_num(con._dual)  # type: ignore[attr-defined]
            out[f"dual_{name}"] = _on_grid(con, dual)
            out[f"rhs_{name}"] = _on_grid(con, rhs)
            continue
        dual = con.dual
        if isinstance(dual, xr.DataArray):
            bound = con.rhs.where(np.isfinite(con.rhs), 0.0)
            within = [d for d in dual.dims if d in _WITHIN_YEAR]
            if within:
                bound = bound.where(abs(bound) == abs(bound).max(within)).max(within)
            out[f"dual_{name}"] = dual.fillna(0.0).sum(within) if within else dual.fillna(0.0)
            out[f"rhs_{name}"] = bound.fillna(0.0)
    for name in [n for n in pm.model.variables if n.startswith("slack_")]:
        out[name] = pm.model.variables[name].solution.fillna(0.0)
    return out
