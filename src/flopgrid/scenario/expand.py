"""Read a Scenario as arrays: years expanded, trajectories interpolated, units normalised.

Pure functions; the planning and dispatch builders read scenarios only through here
so that defaults (a site's price from its country, say) are applied in one place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import units
from .schema import ByYear, DataCenterDesign, Scenario, Site


def horizon(scn: Scenario) -> list[int]:
    """The model years, start to end inclusive."""
    return list(range(scn.years.start, scn.years.end + 1))


def trajectory(value, years) -> np.ndarray:
    """A number or ``{by_year}`` as one value per year (linear between, held outside)."""
    years = np.asarray(years, dtype=float)
    if value is None:
        return np.full(len(years), np.nan)
    if isinstance(value, ByYear) or hasattr(value, "by_year"):
        points = value.by_year
    elif isinstance(value, dict):
        points = value
    else:
        return np.full(len(years), float(value))
    xs = np.array(sorted(points), dtype=float)
    ys = np.array([points[int(x)] for x in xs], dtype=float)
    return np.interp(years, xs, ys)


def _to_h100e(scn: Scenario, values: np.ndarray) -> np.ndarray:
    if scn.demand.unit == "eflops":
        return units.h100e_from_eflops(values)
    return values


def demand_h100e(scn: Scenario) -> pd.Series | None:
    """World compute demand in service [h100e] per year, or None if only regional."""
    if scn.demand.by_year is None:
        return None
    years = horizon(scn)
    return pd.Series(_to_h100e(scn, trajectory(scn.demand.by_year, years)), index=years)


def regional_demand_h100e(scn: Scenario) -> pd.DataFrame:
    """Demand per region [h100e]: rows years, columns regions (empty if none)."""
    years = horizon(scn)
    cols = {r: _to_h100e(scn, trajectory(d.by_year, years)) for r, d in scn.demand.regions.items()}
    return pd.DataFrame(cols, index=years)


def site_region(scn: Scenario, name: str) -> str:
    site = scn.sites[name]
    return site.region or site.country


def datacenter_design(scn: Scenario, site: Site | None = None) -> DataCenterDesign:
    """The data-center design a site builds: named design, then scenario, then site overrides."""
    fields: dict = {}
    if scn.datacenter.design is not None:
        fields.update(scn.datacenter_designs[scn.datacenter.design].model_dump())
    fields.update(
        {k: v for k, v in scn.datacenter.model_dump().items() if v is not None and k != "design"}
    )
    if scn.datacenter.sources:
        fields["sources"] = {**fields.get("sources", {}), **scn.datacenter.sources}
    if site is not None and site.datacenter is not None:
        if site.datacenter.design is not None:
            fields.update(scn.datacenter_designs[site.datacenter.design].model_dump())
        fields.update(
            {
                k: v
                for k, v in site.datacenter.model_dump().items()
                if v is not None and k != "design"
            }
        )
    return DataCenterDesign.model_validate(fields)


def _site_or_country(scn: Scenario, name: str, site_field: str, country_field: str):
    """A site's own value of a field, else its country's (None when neither has one)."""
    site = scn.sites[name]
    own = getattr(site, site_field)
    if own is not None:
        return own
    country = scn.countries.get(site.country)
    return None if country is None else getattr(country, country_field)


def _in_year(value, year: int | None, scn: Scenario) -> float:
    year = scn.years.start if year is None else year
    return float(trajectory(value, [year])[0])


def site_grid_price(scn: Scenario, name: str, year: int | None = None) -> float:
    """Grid energy price at a site in ``year`` (default: the first) [USD/MWh]: the site's own,
    else its country's path (NaN when neither is known)."""
    value = _site_or_country(scn, name, "grid_price_usd_per_mwh", "industrial_price_usd_per_mwh")
    return float("nan") if value is None else _in_year(value, year, scn)


def site_grid_carbon(scn: Scenario, name: str, year: int | None = None) -> float:
    """Grid carbon intensity at a site in ``year`` (default: the first) [t CO2e/MWh]; NaN
    when unknown."""
    value = _site_or_country(scn, name, "grid_carbon_t_per_mwh", "grid_carbon_t_per_mwh")
    return float("nan") if value is None else _in_year(value, year, scn)


def site_grid_clean_share(scn: Scenario, name: str, year: int | None = None) -> float:
    """Share of grid energy that counts as clean at a site in ``year`` [1]."""
    value = _site_or_country(scn, name, "grid_clean_share", "clean_share")
    return 0.0 if value is None else _in_year(value, year, scn)


def site_capacity_factor(scn: Scenario, name: str, tech: str) -> float:
    """Annual capacity factor of ``tech`` at a site [1]: site, then country, then technology."""
    site = scn.sites[name]
    if tech in site.capacity_factors:
        return site.capacity_factors[tech]
    spec = scn.power[tech]
    country = scn.countries.get(site.country)
    if spec.country_cf is not None and country is not None:
        return getattr(country, f"{spec.country_cf}_cf")
    return spec.capacity_factor


def site_coordinates(scn: Scenario, name: str) -> tuple[float, float]:
    """(lat, lon) of a site [deg]: its own, else its country's data-center hub."""
    site = scn.sites[name]
    if site.lat is not None and site.lon is not None:
        return site.lat, site.lon
    country = scn.countries.get(site.country)
    if country is None:
        return float("nan"), float("nan")
    return country.lat, country.lon


def is_forbidden(scn: Scenario, country: str, export_class: str) -> bool:
    """Whether accelerators of ``export_class`` may not be installed in ``country``."""
    rules = scn.policy.forbidden
    if export_class in rules.get(country, []):
        return True
    info = scn.countries.get(country)
    return info is not None and export_class in rules.get(f"tier{info.export_tier}", [])


def cost_of_capital(scn: Scenario, country: str | None) -> float:
    """Rate at which an asset standing in ``country`` is annualised [1/yr].

    Without ``finance.cost_of_capital`` every asset uses the scenario's discount rate.
    Otherwise: ``by_country`` if given, else ``default`` plus the country's risk premium
    (Damodaran) when ``add_country_risk_premium`` is set.
    """
    coc = scn.finance.cost_of_capital
    if coc is None:
        return scn.discount_rate
    if country is not None and country in coc.by_country:
        return coc.by_country[country]
    premium = 0.0
    info = scn.countries.get(country) if country is not None else None
    if coc.add_country_risk_premium and info is not None and info.country_risk_premium:
        premium = info.country_risk_premium
    return coc.default + premium


def tenant_names(scn: Scenario) -> list[str]:
    """The scenario's tenants, or the one implicit tenant ``all``."""
    return list(scn.tenants) or ["all"]


def tenant_demand_h100e(scn: Scenario) -> pd.DataFrame:
    """Demand per tenant [h100e]: rows years, columns tenants (the world demand, or zero,
    for the implicit tenant)."""
    years = horizon(scn)
    if not scn.tenants:
        world = demand_h100e(scn)
        values = world.values if world is not None else np.zeros(len(years))
        return pd.DataFrame({"all": values}, index=years)
    cols = {}
    for name, t in scn.tenants.items():
        raw = trajectory(t.demand.by_year, years)
        cols[name] = units.h100e_from_eflops(raw) if t.demand.unit == "eflops" else raw
    return pd.DataFrame(cols, index=years)


def tenant_value_usd(scn: Scenario) -> dict[str, float]:
    """Penalty for unserved compute per tenant [USD per h100e-year]."""
    if not scn.tenants:
        return {"all": scn.demand.unserved_penalty_usd_per_h100e_year}
    return {n: t.value_usd_per_h100e_year for n, t in scn.tenants.items()}


def tenant_may_use_site(scn: Scenario, tenant: str, site: str) -> bool:
    """Whether ``tenant`` may install accelerators at ``site``."""
    t = scn.tenants.get(tenant)
    return t is None or t.sites is None or site in t.sites


def tenant_may_use_accelerator(scn: Scenario, tenant: str, gen: str) -> bool:
    """Whether ``tenant`` may install accelerators ``gen`` (its list and export clearance)."""
    t = scn.tenants.get(tenant)
    if t is None:
        return True
    if t.accelerators is not None and gen not in t.accelerators:
        return False
    cls = scn.accelerators[gen].export_class
    return t.export_clearance is None or cls in t.export_clearance


def existing_owner(scn: Scenario, site: str) -> str:
    """Tenant owning a site's existing accelerators."""
    names = tenant_names(scn)
    own = scn.sites[site].existing.tenant
    if own is not None:
        return own
    for name in names:
        t = scn.tenants.get(name)
        if t is None or t.sites is None or site in t.sites:
            return name
    return names[0]
