"""Decision variables of the planning model, each masked to where it can be non-zero.

Build variables are indexed by ``vintage``, the year an asset *enters service*; an asset
of vintage v serves in years v .. v + lifetime - 1 and may enter service only once its
lead time has passed since the horizon's start. Existing assets are parameters.
"""

from __future__ import annotations

import linopy
import numpy as np
import pandas as pd
import xarray as xr

from .inputs import PlanInputs
from .options import PlanOptions


class Vars(dict):
    """The model's variables by name, with each one's zero-filled expression cached.

    Masked slots of a variable are absent; ``filled(name)`` is the variable as an
    expression with those slots contributing 0, built once (it is costly in linopy).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._filled: dict[str, linopy.LinearExpression] = {}

    def filled(self, name: str) -> linopy.LinearExpression:
        if name not in self._filled:
            self._filled[name] = self[name].fillna(0)
        return self._filled[name]


def add_variables(m: linopy.Model, inp: PlanInputs, opts: PlanOptions) -> Vars:
    """Create every decision variable (all >= 0)."""
    h, s, acc, dc, pw, dem = (
        inp.horizon,
        inp.sites,
        inp.accelerators,
        inp.datacenters,
        inp.power,
        inp.demand,
    )
    sl = inp.slices
    v = h.vintages
    acc_mask = acc.allowed & acc.available.rename(year="vintage") & dem.tenant_may_use
    has_power = pw.buildable.any("vintage") | (pw.existing_gw > 0).any("year")
    gen_mask = (pw.generates & has_power).broadcast_like(pw.existing_gw)
    grid_mask = (s.grid_import_gw > 0).broadcast_like(h.discount)
    if sl.sliced:  # no variable where a plant has nothing to give (solar at night)
        gen_mask = gen_mask & (sl.availability > 0)
        grid_mask = grid_mask.broadcast_like(sl.share)
    var = Vars(
        {
            "accelerators_built": m.add_variables(
                lower=0,
                coords=[s.names, acc.names, v, dem.tenants],
                name="accelerators_built",
                mask=acc_mask.transpose("site", "gen", "vintage", "tenant"),
            ),
            "datacenter_built": m.add_variables(
                lower=0,
                coords=[s.names, v],
                name="datacenter_built",
                mask=dc.buildable.transpose("site", "vintage"),
            ),
            "power_built": m.add_variables(
                lower=0,
                coords=[s.names, pw.names, v],
                name="power_built",
                mask=pw.buildable.transpose("site", "tech", "vintage"),
            ),
            "generation": m.add_variables(
                lower=0,
                coords=[s.names, pw.names, h.years, *sl.coords()],
                name="generation",
                mask=gen_mask.transpose("site", "tech", "year", *sl.dims),
            ),
            "grid_import": m.add_variables(
                lower=0,
                coords=[s.names, h.years, *sl.coords()],
                name="grid_import",
                mask=grid_mask.transpose("site", "year", *sl.dims),
            ),
        }
    )
    if dem.world:
        var["unserved"] = m.add_variables(lower=0, coords=[dem.tenants, h.years], name="unserved")
    if len(dem.regions):
        var["unserved_region"] = m.add_variables(
            lower=0, coords=[dem.regions, h.years], name="unserved_region"
        )
    # IT power and compute in service, each defined once by an equality
    # (it_power_definition, compute_definition) so that the families using them carry
    # one term, not the whole fleet
    var["it_power"] = m.add_variables(lower=0, coords=[s.names, h.years], name="it_power")
    var["compute"] = m.add_variables(
        lower=0, coords=[s.names, h.years, dem.tenants], name="compute"
    )
    fabs = inp.supply.fabs
    if fabs.allowed:
        lower: xr.DataArray | float = 0
        upper: xr.DataArray | float = np.inf if fabs.max_per_year is None else fabs.max_per_year
        if opts.fixed_fabs is not None:  # a MILP's integer decisions, fixed for its duals
            lower = upper = xr.DataArray(
                np.asarray(opts.fixed_fabs, dtype=float), dims="vintage", coords={"vintage": v}
            )
        var["fabs_built"] = m.add_variables(
            lower=lower,
            upper=upper,
            coords=[v],
            name="fabs_built",
            mask=fabs.buildable,
            integer=opts.milp and opts.fixed_fabs is None,
        )
    if sl.sliced:
        _add_slice_variables(m, inp, var, has_power)
    return var


def _add_slice_variables(
    m: linopy.Model, inp: PlanInputs, var: Vars, has_power: xr.DataArray
) -> None:
    """Capacity in service (one variable the per-slice rows share), storage operation and
    flexible load: variables only time slices have. Energy rates in TWh/yr, levels in GWh.
    """
    s, h, pw, sl, st = inp.sites, inp.horizon, inp.power, inp.slices, inp.storage
    year_mask = has_power.broadcast_like(pw.existing_gw).transpose("site", "tech", "year")
    var["power_capacity"] = m.add_variables(
        lower=0, coords=[s.names, pw.names, h.years], name="power_capacity", mask=year_mask
    )
    stores = has_power.sel(tech=list(st.names)) if len(st.names) else None
    if stores is not None and bool(stores.any()):
        coords = [s.names, st.names, h.years]
        at = stores.broadcast_like(pw.existing_gw.sel(tech=list(st.names)))
        per_slice = at.broadcast_like(sl.share).transpose("site", "tech", "year", "slice")
        periods = pd.RangeIndex(len(sl.source.period_weight), name="period")
        calendar = pd.RangeIndex(sl.period_order.sizes["calendar"], name="calendar")
        # cyclic within each period (all hours: the year): the level is the state of
        # charge itself; linked: a level within each period, from 0 at its start, on top
        # of the level the period starts with (Kotzur et al. 2018)
        level_low = 0 if sl.cyclic else -np.inf
        for name, low in (("charge", 0), ("discharge", 0), ("storage_level", level_low)):
            var[name] = m.add_variables(
                lower=low, coords=[*coords, sl.index], name=name, mask=per_slice
            )
        linked = (
            ("storage_level_max", 0, np.inf, periods),
            ("storage_level_min", -np.inf, 0, periods),
            ("storage_start", 0, np.inf, calendar),
        )
        for name, low, high, index in () if sl.cyclic else linked:
            mask = at.expand_dims({index.name: index}).transpose("site", "tech", "year", index.name)
            var[name] = m.add_variables(
                lower=low, upper=high, coords=[*coords, index], name=name, mask=mask
            )
    if sl.flexible_share > 0:
        hosts = s.hosts_accelerators.broadcast_like(h.discount).broadcast_like(sl.share)
        var["flexible_load"] = m.add_variables(
            lower=0,
            coords=[s.names, h.years, sl.index],
            name="flexible_load",
            mask=hosts.transpose("site", "year", "slice"),
        )


def solution(var: Vars) -> dict[str, xr.DataArray]:
    """Every variable's solution, masked slots as 0."""
    return {name: v.solution.fillna(0.0) for name, v in var.items()}
