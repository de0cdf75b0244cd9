"""Inputs for tenants (who uses the capacity) and the cost of capital (who pays for it)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from .. import finance, units
from ..scenario import expand
from ..scenario.schema import Scenario


def tenant_arrays(scn: Scenario, sites: pd.Index, gens: pd.Index, years: pd.Index):
    """Tenants index and arrays: demand [M h100e], value [B USD per M h100e-yr], rights."""
    tenants = pd.Index(expand.tenant_names(scn), name="tenant")
    demand = expand.tenant_demand_h100e(scn)[list(tenants)]
    values = expand.tenant_value_usd(scn)
    # a tenant's rights are a site condition and an accelerator condition, both to hold
    site_ok = np.array(
        [[expand.tenant_may_use_site(scn, t, s) for t in tenants] for s in sites], dtype=bool
    ).reshape(len(sites), len(tenants))
    gen_ok = np.array(
        [[expand.tenant_may_use_accelerator(scn, t, g) for t in tenants] for g in gens],
        dtype=bool,
    ).reshape(len(gens), len(tenants))
    ok = site_ok[:, None, :] & gen_ok[None, :, :]
    owners = [expand.existing_owner(scn, s) for s in sites]
    owner = np.array([[float(o == t) for t in tenants] for o in owners]).reshape(
        len(sites), len(tenants)
    )
    c = {"site": sites, "gen": gens, "tenant": tenants, "year": years}
    return tenants, {
        "tenant_demand_mh100e": xr.DataArray(
            units.to_millions(demand.to_numpy().T).reshape(len(tenants), len(years)),
            dims=("tenant", "year"),
            coords={"tenant": tenants, "year": years},
        ),
        "tenant_penalty_busd_per_mh100e": xr.DataArray(
            [units.busd_per_m_from_usd_each(values[t]) for t in tenants],
            dims="tenant",
            coords={"tenant": tenants},
        ),
        "tenant_ok": xr.DataArray(
            ok, dims=("site", "gen", "tenant"), coords={k: c[k] for k in ("site", "gen", "tenant")}
        ),
        "existing_owner": xr.DataArray(
            owner, dims=("site", "tenant"), coords={"site": sites, "tenant": tenants}
        ),
    }


def capital_arrays(
    scn: Scenario, sites: pd.Index, gens: pd.Index, techs: pd.Index, designs: list
) -> dict:
    """Capital recovery factors by where each asset stands [1/yr]."""
    rates = np.array([expand.cost_of_capital(scn, scn.sites[s].country) for s in sites])
    acc_life = np.array([scn.accelerators[g].lifetime_years for g in gens], dtype=float)
    pw_life = np.array([scn.power[p].lifetime_years for p in techs], dtype=float)
    dc_life = np.array([d.lifetime_years for d in designs], dtype=float)
    base = expand.cost_of_capital(scn, None)
    return {
        "site_rate": xr.DataArray(rates, dims="site", coords={"site": sites}),
        "acc_crf": xr.DataArray(
            finance.capital_recovery_factor(rates[:, None], acc_life[None, :]).reshape(
                len(sites), len(gens)
            ),
            dims=("site", "gen"),
            coords={"site": sites, "gen": gens},
        ),
        "dc_crf": xr.DataArray(
            np.atleast_1d(finance.capital_recovery_factor(rates, dc_life)),
            dims="site",
            coords={"site": sites},
        ),
        "pw_crf": xr.DataArray(
            finance.capital_recovery_factor(rates[:, None], pw_life[None, :]).reshape(
                len(sites), len(techs)
            ),
            dims=("site", "tech"),
            coords={"site": sites, "tech": techs},
        ),
        "fab_rate": xr.DataArray(base),
    }
