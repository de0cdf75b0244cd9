"""A Scenario as labelled arrays in the planning model's scaled units.

Everything the model builder needs is computed here, once, from the Scenario:
money in B USD, counts in millions, power in GW, energy in TWh, emissions in Mt.
Builders read only these arrays (never files, never the Scenario's raw fields).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from .. import finance, units
from ..scenario import expand
from ..scenario.schema import Scenario
from .inputs_tenants import capital_arrays, tenant_arrays

INF = np.inf


@dataclass(frozen=True)
class PlanInputs:
    """Arrays indexed by ``year``, ``site``, ``gen`` (accelerator), ``tech`` (power), ``region``."""

    years: pd.Index
    sites: pd.Index
    gens: pd.Index
    techs: pd.Index
    regions: pd.Index
    tenants: pd.Index
    ds: xr.Dataset
    penalty_busd_per_mh100e: float
    discount_rate: float
    fab: dict
    new_fabs_allowed: bool
    has_world_demand: bool

    def __getitem__(self, name: str) -> xr.DataArray:
        return self.ds[name]


def _vintage_matrix(
    years: pd.Index, lead, life, dims: tuple[str, ...], coords: dict
) -> xr.DataArray:
    """in_service[..., vintage, year] = 1 if an asset entering service in ``vintage``
    serves in ``year`` (vintage <= year < vintage + life)."""
    y = xr.DataArray(years.values, dims="year", coords={"year": years.values})
    v = xr.DataArray(years.values, dims="vintage", coords={"vintage": years.values})
    life = xr.DataArray(np.asarray(life, dtype=float), dims=dims, coords=coords) if dims else life
    active = (v <= y) & (y < v + life)
    return active.astype(float)


def _cash_matrix(years: pd.Index, lead, dims: tuple[str, ...], coords: dict) -> xr.DataArray:
    """cash[..., vintage, year]: share of the overnight capex of an asset entering service in
    ``vintage`` that is spent in ``year``: evenly over the ``lead`` years before it (or in
    the year itself when the lead time is zero)."""
    y = xr.DataArray(years.values, dims="year", coords={"year": years.values})
    v = xr.DataArray(years.values, dims="vintage", coords={"vintage": years.values})
    lead = xr.DataArray(np.asarray(lead, dtype=float), dims=dims, coords=coords) if dims else lead
    spread = ((y >= v - lead) & (y < v)) / xr.where(lead > 0, lead, 1)
    same = (lead == 0) & (y == v)
    return (spread + same).astype(float)


def build_inputs(scn: Scenario) -> PlanInputs:
    """Compute every array the planning model needs from a validated Scenario."""
    years = pd.Index(expand.horizon(scn), name="year")
    sites = pd.Index(list(scn.sites), name="site")
    gens = pd.Index(list(scn.accelerators), name="gen")
    techs = pd.Index([n for n, p in scn.power.items() if p.kind != "grid"], name="tech")
    grid_name = next(n for n, p in scn.power.items() if p.kind == "grid")
    grid = scn.power[grid_name]
    start, rate = scn.years.start, scn.discount_rate
    Y, S, G, P = ("year",), ("site",), ("gen",), ("tech",)
    c = {"year": years, "site": sites, "gen": gens, "tech": techs}

    def da(values, dims):
        return xr.DataArray(
            np.asarray(values, dtype=float), dims=dims, coords={d: c[d] for d in dims}
        )

    acc = [scn.accelerators[g] for g in gens]
    site_objs = [scn.sites[s] for s in sites]
    designs = [expand.datacenter_design(scn, site) for site in site_objs]
    pw = [scn.power[p] for p in techs]
    ds = xr.Dataset()
    ds["discount"] = da(finance.discount_factors(years, start, rate), Y)

    # accelerators
    ds["acc_h100e"] = da([a.h100e for a in acc], G)
    ds["acc_it_gw_per_m"] = da([units.gw_from_m_accelerators_kw(a.it_kw) for a in acc], G)
    ds["acc_price_busd_per_m"] = da([units.busd_per_m_from_usd_each(a.price_usd) for a in acc], G)
    ds["acc_wafers_per_acc"] = da([1.0 / a.good_dies_per_wafer for a in acc], G)
    ds["acc_cowos_per_acc"] = da(
        [1.0 / a.per_cowos_wafer if a.per_cowos_wafer else 0 for a in acc], G
    )
    ds["acc_hbm_per_acc"] = da([a.hbm_stacks for a in acc], G)
    yv = years.values[None, :]
    avail = np.array(
        [(yv[0] >= a.available_from) & (yv[0] <= (a.available_until or 9999)) for a in acc]
    )
    ds["acc_available"] = xr.DataArray(
        avail, dims=("gen", "year"), coords={"gen": gens, "year": years}
    )
    classes = [a.export_class for a in acc]
    forbidden = {  # by country, over generations: one check per (country, export class)
        country: np.array([expand.is_forbidden(scn, country, cls) for cls in classes], bool)
        for country in {s.country for s in site_objs}
    }
    allowed = np.zeros((len(sites), len(gens)), dtype=bool)
    for i, s in enumerate(site_objs):
        allowed[i] = s.hosts_accelerators & ~forbidden[s.country]
    ds["acc_allowed"] = xr.DataArray(
        allowed, dims=("site", "gen"), coords={"site": sites, "gen": gens}
    )
    ds["acc_life"] = da([a.lifetime_years for a in acc], G)
    ds["acc_active"] = _vintage_matrix(years, 0, [a.lifetime_years for a in acc], G, {"gen": gens})
    ex_count = np.zeros((len(sites), len(gens)))
    for i, s in enumerate(site_objs):
        for g, count in s.existing.accelerators.items():
            if g in gens:
                ex_count[i, gens.get_loc(g)] = units.to_millions(count)
    ex_year = np.array([s.existing.year or start - 1 for s in site_objs], dtype=float)
    life_g = np.array([a.lifetime_years for a in acc], dtype=float)
    alive = years.values[None, None, :] < ex_year[:, None, None] + life_g[None, :, None]
    ds["acc_existing_m"] = xr.DataArray(
        ex_count[:, :, None] * alive,
        dims=("site", "gen", "year"),
        coords={"site": sites, "gen": gens, "year": years},
    )

    # data centers
    ds["dc_capex_busd_per_gw"] = da(
        [units.busd_per_gw_from_usd_per_kw(d.capex_usd_per_kw) for d in designs], S
    )
    ds["dc_fom_busd_per_gw"] = da(
        [units.busd_per_gw_from_usd_per_kw(d.fixed_om_usd_per_kw_year) for d in designs], S
    )
    ds["pue"] = da([d.pue for d in designs], S)
    ds["load_factor"] = da([d.load_factor for d in designs], S)
    ds["dc_lead"] = da([d.lead_years for d in designs], S)
    ds["dc_km2_per_gw"] = da([d.km2_per_gw for d in designs], S)
    ds["dc_construction_jobs_per_busd"] = da([d.construction_jobs_per_busd for d in designs], S)
    ds["dc_operations_jobs_per_gw"] = da([d.operations_jobs_per_gw for d in designs], S)
    ds["dc_life"] = da([d.lifetime_years for d in designs], S)
    ds["dc_active"] = _vintage_matrix(
        years, 0, [d.lifetime_years for d in designs], S, {"site": sites}
    )
    ds["dc_cash"] = _cash_matrix(years, [d.lead_years for d in designs], S, {"site": sites})
    ds["dc_buildable"] = xr.DataArray(
        years.values[None, :] >= start + ds["dc_lead"].values[:, None],
        dims=("site", "year"),
        coords={"site": sites, "year": years},
    )
    dc_life = np.array([d.lifetime_years for d in designs], dtype=float)
    dc_alive = years.values[None, :] < ex_year[:, None] + dc_life[:, None]
    ds["dc_existing_gw"] = xr.DataArray(
        np.array([s.existing.it_gw for s in site_objs])[:, None] * dc_alive,
        dims=("site", "year"),
        coords={"site": sites, "year": years},
    )

    ds["conventional_it_gw"] = xr.DataArray(
        np.array(
            [expand.trajectory(s.conventional_it_gw or 0.0, years) for s in site_objs]
        ).reshape(len(sites), len(years)),
        dims=("site", "year"),
        coords={"site": sites, "year": years},
    )

    # sites
    ds["max_facility_gw"] = da([s.max_facility_gw for s in site_objs], S)
    ds["land_km2"] = da([s.land_km2 if s.land_km2 is not None else INF for s in site_objs], S)
    ds["grid_import_gw"] = da([s.grid_import_gw for s in site_objs], S)
    ds["grid_price_busd_per_twh"] = da(
        [units.busd_per_twh_from_usd_per_mwh(expand.site_grid_price(scn, s)) for s in sites], S
    )
    ds["grid_carbon_mt_per_twh"] = da([expand.site_grid_carbon(scn, s) for s in sites], S)
    ds["grid_clean_share"] = da([expand.site_grid_clean_share(scn, s) for s in sites], S)
    ds["grid_capacity_credit"] = xr.DataArray(grid.capacity_credit)
    ds["twh_per_gw_year"] = xr.DataArray(units.twh_per_gw_year())

    # power technologies
    ds["pw_capex_busd_per_gw"] = da(
        [
            units.busd_per_gw_from_usd_per_kw(p.capex_usd_per_kw)
            + units.busd_per_gwh_from_usd_per_kwh(p.capex_usd_per_kwh) * p.duration_hours
            for p in pw
        ],
        P,
    )
    ds["pw_fom_busd_per_gw"] = da(
        [units.busd_per_gw_from_usd_per_kw(p.fixed_om_usd_per_kw_year) for p in pw], P
    )
    ds["pw_var_busd_per_twh"] = da(
        [units.busd_per_twh_from_usd_per_mwh(p.variable_usd_per_mwh) for p in pw], P
    )
    ds["pw_credit"] = da([p.capacity_credit for p in pw], P)
    ds["pw_emissions_mt_per_twh"] = da([p.emissions_t_per_mwh for p in pw], P)
    ds["pw_clean"] = da([float(p.clean) for p in pw], P)
    ds["pw_generates"] = xr.DataArray(
        np.array([p.kind == "generator" for p in pw], dtype=bool), dims=P, coords={"tech": techs}
    )
    ds["pw_land_km2_per_gw"] = da([p.land_km2_per_gw for p in pw], P)
    ds["pw_lead"] = da([p.lead_years for p in pw], P)
    ds["pw_cf"] = da(
        [[expand.site_capacity_factor(scn, s, p) for p in techs] for s in sites], ("site", "tech")
    )
    ds["pw_life"] = da([p.lifetime_years for p in pw], P)
    ds["pw_active"] = _vintage_matrix(years, 0, [p.lifetime_years for p in pw], P, {"tech": techs})
    ds["pw_cash"] = _cash_matrix(years, [p.lead_years for p in pw], P, {"tech": techs})
    buildable = np.array([[t in s.build for t in techs] for s in site_objs], dtype=bool)
    entry_ok = years.values[None, :] >= start + ds["pw_lead"].values[:, None]
    ds["pw_buildable"] = xr.DataArray(
        buildable.reshape(len(sites), len(techs))[:, :, None] & entry_ok[None, :, :],
        dims=("site", "tech", "year"),
        coords={"site": sites, "tech": techs, "year": years},
    )
    ds["pw_limit_gw"] = da(
        [[s.build_limits_gw.get(t, INF) for t in techs] for s in site_objs], ("site", "tech")
    )
    pw_life = np.array([p.lifetime_years for p in pw], dtype=float)
    pw_alive = years.values[None, None, :] < ex_year[:, None, None] + pw_life[None, :, None]
    ds["pw_existing_gw"] = xr.DataArray(
        np.array([[s.existing.power.get(t, 0.0) for t in techs] for s in site_objs]).reshape(
            len(sites), len(techs)
        )[:, :, None]
        * pw_alive,
        dims=("site", "tech", "year"),
        coords={"site": sites, "tech": techs, "year": years},
    )

    # supply chain
    sup = scn.supply
    ds["wafers_m"] = da(units.to_millions(expand.trajectory(sup.wafers_per_year, years)), Y)
    ds["cowos_m"] = da(units.to_millions(expand.trajectory(sup.cowos_wafers_per_year, years)), Y)
    ds["hbm_m"] = da(units.to_millions(expand.trajectory(sup.hbm_stacks_per_year, years)), Y)
    fab = sup.new_fab
    fab_info = {
        "capex_busd": units.busd_from_usd(fab.capex_usd),
        "fom_busd": units.busd_from_usd(fab.fixed_om_usd_per_year),
        "wafers_m": units.to_millions(fab.wafers_per_year),
        "lead": fab.lead_years,
        "lifetime": fab.lifetime_years,
        "crf": finance.capital_recovery_factor(
            expand.cost_of_capital(scn, None), fab.lifetime_years
        ),
        "max_per_year": sup.max_new_fabs_per_year,
    }
    ds["fab_active"] = _vintage_matrix(years, 0, fab.lifetime_years, (), {})
    ds["fab_cash"] = _cash_matrix(years, fab.lead_years, (), {})
    ds["fab_buildable"] = da(years.values >= start + fab.lead_years, Y).astype(bool)

    # policy
    pol = scn.policy
    ds["carbon_price_busd_per_mt"] = da(
        units.busd_per_mt_from_usd_per_t(expand.trajectory(pol.carbon_price_usd_per_t, years)), Y
    )
    ds["budget_busd"] = da(
        units.busd_from_usd(expand.trajectory(pol.budget_usd_per_year, years)), Y
    )
    ds["min_clean_share"] = da(expand.trajectory(pol.min_clean_share, years), Y)
    ds["reserve_margin"] = xr.DataArray(pol.reserve_margin)
    countries = pd.Index(sorted({s.country for s in site_objs}), name="country")
    ds["site_country"] = xr.DataArray(
        [s.country for s in site_objs], dims=S, coords={"site": sites}
    )
    caps = np.full((len(countries), len(years)), INF)
    cap_classes = np.zeros((len(countries), len(gens)), dtype=bool)
    for i, country in enumerate(countries):
        cap = pol.export_caps.get(country)
        if cap is None:
            continue
        caps[i] = units.to_millions(expand.trajectory(cap.by_year, years))
        cap_classes[i] = [cap.classes is None or a.export_class in cap.classes for a in acc]
    ds["export_cap_m"] = xr.DataArray(
        caps, dims=("country", "year"), coords={"country": countries, "year": years}
    )
    ds["export_cap_classes"] = xr.DataArray(
        cap_classes, dims=("country", "gen"), coords={"country": countries, "gen": gens}
    )

    # demand
    tenants, tenant_ds = tenant_arrays(scn, sites, gens, years)
    for name, arr in tenant_ds.items():
        ds[name] = arr
    for name, arr in capital_arrays(scn, sites, gens, techs, designs).items():
        ds[name] = arr
    ds["demand_mh100e"] = ds["tenant_demand_mh100e"].sum("tenant")
    regional = expand.regional_demand_h100e(scn)
    regions = pd.Index(list(regional.columns), name="region")
    ds["site_region"] = xr.DataArray(
        [expand.site_region(scn, s) for s in sites], dims=S, coords={"site": sites}
    )
    ds["region_demand_mh100e"] = xr.DataArray(
        units.to_millions(regional.to_numpy().T).reshape(len(regions), len(years)),
        dims=("region", "year"),
        coords={"region": regions, "year": years},
    )
    penalty = units.busd_per_m_from_usd_each(scn.demand.unserved_penalty_usd_per_h100e_year)
    return PlanInputs(
        years=years,
        sites=sites,
        gens=gens,
        techs=techs,
        regions=regions,
        tenants=tenants,
        ds=ds,
        penalty_busd_per_mh100e=penalty,
        discount_rate=rate,
        fab=fab_info,
        new_fabs_allowed=sup.new_fabs_allowed,
        has_world_demand=bool(scn.tenants) or scn.demand.by_year is not None,
    )
