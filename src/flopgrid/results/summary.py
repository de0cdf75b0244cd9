"""The summary.json of the output contract, computed from a result Dataset."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import units
from .allocation import by_tenant
from .bottlenecks import explain, marginal_compute_cost, marginal_values
from .members import by_member


def _list(da: xr.DataArray) -> list[float]:
    return [float(v) for v in np.asarray(da.values, dtype=float)]


def _sum_to_year(da: xr.DataArray) -> list[float]:
    return _list(da.sum([d for d in da.dims if d != "year"]))


#: per-year power and water series (sums over sites), when the result has them
_POWER_WATER_YEAR = (
    "water_consumption_gl",
    "water_withdrawal_gl",
    "water_site_withdrawal_gl",
    "grid_connection_gw",
    "gas_turbines_built_gw",
)


def _optional(value: float) -> float | None:
    """A finite number, or None (unknown or no limit) for JSON."""
    return float(value) if np.isfinite(value) else None


def by_year(res: xr.Dataset) -> dict:
    """Headline series aligned to ``years``."""
    power_water = {k: _sum_to_year(res[k]) for k in _POWER_WATER_YEAR if k in res}
    return power_water | {
        "demand_h100e": _list(res["demand_h100e"]),
        "delivered_h100e": _sum_to_year(res["delivered_h100e_by_site"]),
        "unserved_h100e": _list(res["unserved_h100e"]),
        "accelerators": _sum_to_year(res["accelerators_in_service"]),
        "accelerators_built": _sum_to_year(res["accelerators_built"]),
        "it_power_gw": _sum_to_year(res["it_power_gw"]),
        "facility_power_gw": _sum_to_year(res["facility_power_gw"]),
        "energy_twh": _sum_to_year(res["energy_twh"]),
        "grid_import_twh": _sum_to_year(res["grid_import_twh"]),
        "emissions_mt": _sum_to_year(res["emissions_mt"]),
        "capex_usd": _sum_to_year(res["capex_cash_usd"]),
        "new_fabs": _list(res["new_fabs"]),
        "fabs_in_service": _list(res["fabs_in_service"]),
        "wafers_used": _list(res["wafers_used"]),
        "wafers_available": _list(res["wafers_available"]),
        "construction_jobs": _list(res["construction_jobs"]),
        "operations_jobs": _list(res["operations_jobs"]),
        "land_km2": _sum_to_year(res["land_km2"]),
    }


def by_site(res: xr.Dataset, sites_info: dict) -> dict:
    out = {}
    for site in res["site"].values:
        r = res.sel(site=site)
        info = sites_info.get(str(site), {})
        out[str(site)] = {
            **info,
            "peak_accelerators": float(r["accelerators_in_service"].sum("gen").max()),
            "peak_it_power_gw": float(r["it_power_gw"].max()),
            "peak_facility_power_gw": float(r["facility_power_gw"].max()),
            "peak_land_km2": float(r["land_km2"].max()),
            **_site_info_water(r),
            "by_year": {
                "accelerators": _sum_to_year(r["accelerators_in_service"]),
                "delivered_h100e": _list(r["delivered_h100e_by_site"]),
                "it_power_gw": _list(r["it_power_gw"]),
                "facility_power_gw": _list(r["facility_power_gw"]),
                "datacenter_capacity_gw": _list(r["datacenter_capacity_gw"]),
                "energy_twh": _list(r["energy_twh"]),
                "grid_import_twh": _list(r["grid_import_twh"]),
                "emissions_mt": _list(r["emissions_mt"]),
                "land_km2": _list(r["land_km2"]),
                **_site_water(r),
                "power_capacity_gw": {
                    str(t): _list(r["power_capacity_gw"].sel(tech=t)) for t in res["tech"].values
                },
                "generation_twh": {
                    str(t): _list(r["generation_twh"].sel(tech=t)) for t in res["tech"].values
                },
            },
        }
    return out


def _site_water(r: xr.Dataset) -> dict:
    """A site's water [GL] per year (total incl. grid, and its own), grid connection [GW]."""
    keys = (
        "water_consumption_gl",
        "water_withdrawal_gl",
        "water_site_consumption_gl",
        "water_site_withdrawal_gl",
        "grid_connection_gw",
    )
    out: dict = {k: _list(r[k]) for k in keys if k in r}
    if "water_limit_gl" in r:
        out["water_limit_gl"] = [_optional(v) for v in r["water_limit_gl"].values]
    return out


def _site_info_water(r: xr.Dataset) -> dict:
    if "water_stress_score" not in r:
        return {}
    return {
        "water_stress_score": _optional(float(r["water_stress_score"])),
        "water_consumption_gl": float(r["water_consumption_gl"].sum()),
        "water_withdrawal_gl": float(r["water_withdrawal_gl"].sum()),
    }


def by_generation(res: xr.Dataset) -> dict:
    return {
        str(g): {
            "accelerators_in_service": _sum_to_year(res["accelerators_in_service"].sel(gen=g)),
            "accelerators_built": _sum_to_year(res["accelerators_built"].sel(gen=g)),
        }
        for g in res["gen"].values
    }


def by_technology(res: xr.Dataset) -> dict:
    return {
        str(t): {
            "capacity_gw": _sum_to_year(res["power_capacity_gw"].sel(tech=t)),
            "built_gw": _sum_to_year(res["power_built_gw"].sel(tech=t)),
            "generation_twh": _sum_to_year(res["generation_twh"].sel(tech=t)),
        }
        for t in res["tech"].values
    }


#: per-site, per-year series summed into each region (same names as ``by_year``)
_REGION_SUMS = {
    "delivered_h100e": "delivered_h100e_by_site",
    "accelerators": "accelerators_in_service",
    "accelerators_built": "accelerators_built",
    "it_power_gw": "it_power_gw",
    "facility_power_gw": "facility_power_gw",
    "datacenter_capacity_gw": "datacenter_capacity_gw",
    "energy_twh": "energy_twh",
    "grid_import_twh": "grid_import_twh",
    "emissions_mt": "emissions_mt",
    "land_km2": "land_km2",
    "water_consumption_gl": "water_consumption_gl",
    "water_withdrawal_gl": "water_withdrawal_gl",
}


def by_region(res: xr.Dataset, sites_info: dict | None = None) -> dict:
    """Per-year series summed over the sites of each region (a site's ``region``, else its
    country), aligned to ``years``; ``demand_h100e`` and ``unserved_h100e`` where the
    scenario has demand for that region (``demand.regions``)."""
    sites_info = sites_info or {}
    site_names = [str(s) for s in res["site"].values]
    region_of = [str(sites_info.get(s, {}).get("region") or s) for s in site_names]
    demand_regions = [str(r) for r in res["region"].values] if "region" in res.dims else []
    out: dict = {}
    for region in dict.fromkeys(region_of + demand_regions):
        members = [s for s, r in zip(site_names, region_of, strict=True) if r == region]
        entry: dict = {"sites": members}
        if region in demand_regions:
            entry["demand_h100e"] = _list(res["region_demand_h100e"].sel(region=region))
            entry["unserved_h100e"] = _list(res["region_unserved_h100e"].sel(region=region))
        for key, name in _REGION_SUMS.items():
            if name not in res:
                continue
            entry[key] = (
                _sum_to_year(res[name].sel(site=members)) if members else [0.0] * res.sizes["year"]
            )
        out[region] = entry
    return out


def _finance(scenario: dict) -> tuple[dict, float]:
    fin = scenario.get("finance") or {}
    coc = fin.get("cost_of_capital") or {}
    return fin, coc.get("default", scenario.get("discount_rate", 0.0))


def build_summary(res: xr.Dataset, meta: dict, sites_info: dict, scenario: dict) -> dict:
    """The summary dict written as summary.json (plain JSON types only)."""
    bottlenecks, timeline = explain(res, meta)
    costs = {
        str(k): float(v)
        for k, v in zip(res["cost_component"].values, res["cost_pv_usd"].values, strict=True)
    }
    capex_by_class = {
        str(c): _list(res["capex_cash_usd"].sel(asset_class=c)) for c in res["asset_class"].values
    }
    return {
        "flopgrid_version": meta["flopgrid_version"],
        "run_id": meta.get("run_id"),
        "scenario": meta["scenario"],
        "title": meta.get("title", ""),
        "status": meta["status"],
        "objective_usd": meta["objective_usd"],
        "solver": meta.get("solver"),
        "timings_s": meta.get("timings_s", {}),
        "overrides": meta.get("overrides", []),
        "units": {
            "money": "USD",
            "power": "GW",
            "energy": "TWh",
            "emissions": "Mt CO2e",
            "compute": "h100e",
            "water": "GL (1e9 L)",
        },
        "years": [int(y) for y in res["year"].values],
        "totals": {
            "capex_usd": float(res["capex_cash_usd"].sum()),
            "new_fabs": float(res["new_fabs"].sum()),
            "peak_accelerators": max(by_year(res)["accelerators"]),
            "peak_facility_power_gw": max(by_year(res)["facility_power_gw"]),
            "energy_twh": float(res["energy_twh"].sum()),
            "emissions_mt": float(res["emissions_mt"].sum()),
            **{
                k: float(res[k].sum())
                for k in ("water_consumption_gl", "water_withdrawal_gl")
                if k in res
            },
            "unserved_h100e_years": float(res["unserved_h100e"].sum()),
            "cost_pv_usd": costs,
        },
        "by_year": by_year(res),
        "capex_by_class_usd": capex_by_class,
        "marginal_compute_cost_usd_per_h100e_year": marginal_compute_cost(res),
        "by_site": by_site(res, sites_info),
        "by_generation": by_generation(res),
        "by_technology": by_technology(res),
        "by_region": by_region(res, sites_info),
        "by_tenant": by_tenant(res, _finance(scenario)[0].get("allocation", "power_share")),
        "by_member": by_member(res, *_finance(scenario)),
        "bottlenecks": bottlenecks,
        "bottleneck_timeline_usd": timeline,
        "marginal_values": marginal_values(res, meta),
    }


def fmt_count(n: float) -> str:
    """'2.1 M', '350 k'."""
    a = abs(n)
    for scale, suffix in ((1e9, " B"), (1e6, " M"), (1e3, " k")):
        if a >= scale:
            return f"{n / scale:.3g}{suffix}"
    return f"{n:.3g}"


__all__ = ["build_summary", "fmt_count", "units"]
