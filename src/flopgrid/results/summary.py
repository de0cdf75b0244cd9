"""The summary.json of the output contract, computed from a result Dataset."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import units
from ..units import fmt_count
from .allocation import by_tenant
from .bottlenecks import explain, marginal_compute_cost, marginal_values
from .chips import by_family, by_pool, chip_by_year
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


#: a site's water [GL] per year (total incl. grid, and its own) and grid connection [GW]
_SITE_WATER = (
    "water_consumption_gl",
    "water_withdrawal_gl",
    "water_site_consumption_gl",
    "water_site_withdrawal_gl",
    "grid_connection_gw",
)


def by_site(res: xr.Dataset, sites_info: dict) -> dict:
    def per_site(name: str, *dims: str) -> np.ndarray:
        """``res[name]`` as numpy, (site, *dims, year); one call per array, not per site."""
        return np.asarray(res[name].transpose("site", *dims, "year").values, dtype=float)

    acc = per_site("accelerators_in_service", "gen").sum(axis=1)
    site_year = {
        name: per_site(name)
        for name in (
            "delivered_h100e_by_site",
            "it_power_gw",
            "facility_power_gw",
            "datacenter_capacity_gw",
            "energy_twh",
            "grid_import_twh",
            "emissions_mt",
            "land_km2",
            *_SITE_WATER,
        )
        if name in res
    }
    if "water_limit_gl" in res:
        limit = per_site("water_limit_gl")
    capacity, generation = per_site("power_capacity_gw", "tech"), per_site("generation_twh", "tech")
    techs = [str(t) for t in res["tech"].values]
    out = {}
    for i, site in enumerate(res["site"].values):
        info = sites_info.get(str(site), {})
        rows: dict[str, list[float | None]] = {
            name: [float(v) for v in a[i]] for name, a in site_year.items()
        }
        if "water_limit_gl" in res:
            rows["water_limit_gl"] = [_optional(v) for v in limit[i]]
        out[str(site)] = {
            **info,
            "peak_accelerators": float(acc[i].max()),
            "peak_it_power_gw": float(site_year["it_power_gw"][i].max()),
            "peak_facility_power_gw": float(site_year["facility_power_gw"][i].max()),
            "peak_land_km2": float(site_year["land_km2"][i].max()),
            **_site_info_water(res, rows, i),
            "by_year": {
                "accelerators": [float(v) for v in acc[i]],
                "delivered_h100e": rows["delivered_h100e_by_site"],
                **{k: v for k, v in rows.items() if k != "delivered_h100e_by_site"},
                "power_capacity_gw": {
                    t: [float(v) for v in capacity[i, k]] for k, t in enumerate(techs)
                },
                "generation_twh": {
                    t: [float(v) for v in generation[i, k]] for k, t in enumerate(techs)
                },
            },
        }
    return out


def _by_label(da: xr.DataArray, dim: str) -> dict[str, list[float]]:
    """``da`` summed to (``dim``, year): one series per label of ``dim``."""
    other = [d for d in da.dims if d not in (dim, "year")]
    rows = (da.sum(other) if other else da).transpose(dim, "year").values
    return {str(k): [float(v) for v in row] for k, row in zip(da[dim].values, rows, strict=True)}


def _site_info_water(res: xr.Dataset, rows: dict, i: int) -> dict:
    """A site's water stress and its water over the horizon [GL], where the run has water."""
    if "water_stress_score" not in res:
        return {}
    return {
        "water_stress_score": _optional(float(res["water_stress_score"].values[i])),
        "water_consumption_gl": sum(rows["water_consumption_gl"]),
        "water_withdrawal_gl": sum(rows["water_withdrawal_gl"]),
    }


def by_generation(res: xr.Dataset) -> dict:
    in_service = _by_label(res["accelerators_in_service"], "gen")
    built = _by_label(res["accelerators_built"], "gen")
    out: dict[str, dict] = {
        g: {"accelerators_in_service": in_service[g], "accelerators_built": built[g]}
        for g in in_service
    }
    if "accelerators_built_h100e" in res:
        h100e = _by_label(res["accelerators_built_h100e"], "gen")
        families = res["acc_family"].values
        for g, fam in zip(res["gen"].values, families, strict=True):
            out[str(g)].update(accelerators_built_h100e=h100e[str(g)], family=str(fam))
    return out


def by_technology(res: xr.Dataset) -> dict:
    capacity = _by_label(res["power_capacity_gw"], "tech")
    built = _by_label(res["power_built_gw"], "tech")
    generation = _by_label(res["generation_twh"], "tech")
    return {
        t: {"capacity_gw": capacity[t], "built_gw": built[t], "generation_twh": generation[t]}
        for t in capacity
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


def npv_basis(summary: dict) -> str:
    """How a run's present values are taken: 'at 8%/yr to 2025' (the rate, when recorded,
    and the year every cost is discounted to)."""
    years = summary.get("years") or []
    rate = summary.get("discount_rate")
    at = f"at {100 * rate:.3g}%/yr " if rate is not None else ""
    return f"{at}to {years[0]}" if years else at.strip()


def unserved_penalty_pv_usd(summary: dict) -> float:
    """The part of the system cost (present value) that is the penalty on unserved compute:
    a price put on what is not built, not money anyone spends [USD]."""
    return float(summary["totals"].get("cost_pv_usd", {}).get("unserved_penalty", 0.0))


def _finance(scenario: dict) -> tuple[dict, float]:
    fin = scenario.get("finance") or {}
    coc = fin.get("cost_of_capital") or {}
    return fin, coc.get("default", scenario.get("discount_rate", 0.0))


#: what a sweep records of each run (``runs``, ``run_years``, ``run_sites`` and
#: ``run_bottlenecks`` rows) when it keeps no run folder; the rest is left out
SWEEP_PARTS = ("totals", "by_year", "by_site", "bottlenecks")


def build_summary(
    res: xr.Dataset, meta: dict, sites_info: dict, scenario: dict, full: bool = True
) -> dict:
    """The summary dict written as summary.json (plain JSON types only); ``full=False``
    gives only what a sweep records (:data:`SWEEP_PARTS`), the same values."""
    bottlenecks, timeline = explain(res, meta)
    if not full:
        return _headline(res, meta, sites_info, bottlenecks, timeline)
    costs = {
        str(k): float(v)
        for k, v in zip(res["cost_component"].values, res["cost_pv_usd"].values, strict=True)
    }
    years = by_year(res)
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
        "discount_rate": float(scenario.get("discount_rate", 0.0)),
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
        "totals": {**_totals(res, years), "cost_pv_usd": costs},
        "by_year": {**years, **chip_by_year(res, meta)},
        "by_pool": by_pool(res),
        "by_family": by_family(res),
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


def _totals(res: xr.Dataset, years: dict) -> dict:
    return {
        "capex_usd": float(res["capex_cash_usd"].sum()),
        "new_fabs": float(res["new_fabs"].sum()),
        "peak_accelerators": max(years["accelerators"]),
        "peak_facility_power_gw": max(years["facility_power_gw"]),
        "energy_twh": float(res["energy_twh"].sum()),
        "emissions_mt": float(res["emissions_mt"].sum()),
        **{
            k: float(res[k].sum())
            for k in ("water_consumption_gl", "water_withdrawal_gl")
            if k in res
        },
        "unserved_h100e_years": float(res["unserved_h100e"].sum()),
    }


def _headline(res, meta, sites_info, bottlenecks, timeline) -> dict:
    years = by_year(res)
    return {
        "flopgrid_version": meta["flopgrid_version"],
        "run_id": meta.get("run_id"),
        "scenario": meta["scenario"],
        "status": meta["status"],
        "objective_usd": meta["objective_usd"],
        "years": [int(y) for y in res["year"].values],
        "totals": _totals(res, years),
        "by_year": years,
        "by_site": by_site(res, sites_info),
        "bottlenecks": bottlenecks,
        "bottleneck_timeline_usd": timeline,
    }


__all__ = ["build_summary", "fmt_count", "units"]
