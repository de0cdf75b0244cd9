"""A Scenario as labelled arrays in the planning model's scaled units.

Money in B USD, counts in millions, power in GW, energy in TWh, emissions in Mt. The
inputs are a few named groups, each a frozen dataclass of xarray arrays built by its own
short function from the Scenario; model builders read only these (never files, never the
Scenario's raw fields).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...scenario.schema import Scenario
from ..options import PlanOptions
from .accelerators import Accelerators, build_accelerators
from .datacenters import DataCenters, build_datacenters
from .demand import Demand, build_demand
from .grid import GridConnections, build_grid
from .horizon import Horizon, build_horizon
from .policy import Policy, build_policy
from .pools import Pools
from .power import Power, build_power
from .sites import Sites, build_sites
from .slices import TimeSlices, build_slices
from .storage import Storage, build_storage
from .supply import Fabs, Supply, build_supply
from .water import Water, build_water


@dataclass(frozen=True)
class PlanInputs:
    """Everything the planning model is built from."""

    horizon: Horizon
    sites: Sites
    datacenters: DataCenters
    accelerators: Accelerators
    power: Power
    supply: Supply
    policy: Policy
    demand: Demand
    slices: TimeSlices
    storage: Storage
    grid: GridConnections
    water: Water


def build_inputs(scn: Scenario, options: PlanOptions | None = None) -> PlanInputs:
    """Compute every array the planning model needs from a validated Scenario; the time
    slices are those ``options`` ask for (default :class:`PlanOptions`)."""
    opts = options or PlanOptions()
    horizon = build_horizon(scn)
    sites = build_sites(scn, horizon)
    accelerators = build_accelerators(scn, horizon, sites)
    power = build_power(scn, horizon, sites)
    return PlanInputs(
        horizon=horizon,
        sites=sites,
        datacenters=build_datacenters(scn, horizon, sites),
        accelerators=accelerators,
        power=power,
        supply=build_supply(scn, horizon, accelerators),
        policy=build_policy(scn, horizon, sites, accelerators),
        demand=build_demand(scn, horizon, sites, accelerators),
        slices=build_slices(scn, sites, power.capacity_factor, opts),
        storage=build_storage(scn),
        grid=build_grid(scn, horizon, sites),
        water=build_water(scn, horizon, sites, power.names),
    )


__all__ = [
    "Accelerators",
    "DataCenters",
    "Demand",
    "Fabs",
    "GridConnections",
    "Horizon",
    "PlanInputs",
    "Policy",
    "Pools",
    "Power",
    "Sites",
    "Storage",
    "Supply",
    "TimeSlices",
    "Water",
    "build_inputs",
]
