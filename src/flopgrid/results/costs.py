"""Reading the cost arrays of a plan result: the parts that add up to the objective.

The arrays themselves are the plan's cost definitions evaluated at the solution
(:mod:`flopgrid.plan.quantities`); here they are only summed.
"""

from __future__ import annotations

import xarray as xr

#: ``cost_<part>_usd`` arrays of a plan result, undiscounted, with their natural dims
COST_PARTS = (
    "accelerators",
    "datacenters",
    "power",
    "grid",
    "carbon",
    "fabs",
    "unserved",
    "unserved_region",
)


def yearly_cost_usd(data: xr.Dataset, part: str) -> xr.DataArray:
    """A cost part summed to one value per year [USD, undiscounted]."""
    arr = data[f"cost_{part}_usd"]
    return arr.sum([d for d in arr.dims if d != "year"])


def total_pv_usd(data: xr.Dataset) -> float:
    """Present value of all cost parts [USD]: equals the objective."""
    return float(sum((yearly_cost_usd(data, p) * data["discount"]).sum() for p in COST_PARTS))
