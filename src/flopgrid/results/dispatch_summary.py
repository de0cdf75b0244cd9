"""The summary of a dispatch run: totals, per site and per work class, from its Dataset.

Reads only the dispatch result's arrays (user units); knows no model.
"""

from __future__ import annotations

import xarray as xr

from .. import units


def summarise(data: xr.Dataset, meta: dict) -> dict:
    """Headline numbers: totals and per site (energy in TWh, emissions in Mt CO2e)."""
    twh = units.twh_from_gwh
    hours = data.sizes["time"]
    unserved = float(data["unserved_inference_h100e"].sum() + data["unserved_training_h100e"].sum())
    demand = (
        float(data["inference_demand_h100e"].sum()) + sum(meta["training_h100e"].values()) * hours
    )
    by_site = {}
    for site in data.indexes["site"]:
        d = data.sel(site=site)
        by_site[str(site)] = {
            "compute_h100e": float(d["compute_h100e"]),
            "utilisation": float(d["utilisation"].mean()),
            "energy_twh": twh(float(d["facility_power_gw"].sum())),
            "grid_import_twh": twh(float(d["grid_import_gw"].sum())),
            "generation_twh": {
                str(t): twh(float(d["generation_gw"].sel(tech=t).sum()))
                for t in data.indexes["tech"]
            },
            "curtailment_twh": twh(float(d["curtailment_gw"].sum())),
            "cost_usd": float(d["cost_usd"].sum()),
            "energy_cost_usd": float(d["energy_cost_usd"].sum()),
            "emissions_mt": units.mt_from_t(float(d["emissions_t"].sum())),
            "served_inference_h100e_hours": float(d["served_inference_h100e"].sum()),
            "served_training_h100e_hours": float(d["served_training_h100e"].sum()),
            "peak_facility_power_gw": float(d["facility_power_gw"].max()),
        }
    by_work = {}
    for zone in data.indexes["zone"]:
        z = data.sel(zone=zone)
        by_work[str(zone)] = {
            "kind": "inference",
            "served_h100e_hours": float(z["served_inference_h100e"].sum()),
            "unserved_h100e_hours": float(z["unserved_inference_h100e"].sum()),
            "by_site_h100e_hours": {
                str(s): float(z["served_inference_h100e"].sel(site=s).sum())
                for s in data.indexes["site"]
            },
        }
    for job in data.indexes["job"]:
        j = data.sel(job=job)
        by_work[str(job)] = {
            "kind": "training",
            "served_h100e_hours": float(j["served_training_h100e"].sum()),
            "unserved_h100e_hours": float(j["unserved_training_h100e"].sum()),
            "by_site_h100e_hours": {
                str(s): float(j["served_training_h100e"].sel(site=s).sum())
                for s in data.indexes["site"]
            },
        }
    compute = data["compute_h100e"]
    return {
        "flopgrid_version": meta.get("flopgrid_version"),
        "kind": "dispatch",
        "scenario": meta["scenario"],
        "source": meta["source"],
        "year": meta["year"],
        "status": meta["status"],
        "hours": hours,
        "objective_usd": meta["objective_usd"],
        "totals": {
            "cost_usd": float(data["cost_usd"].sum()),
            "energy_cost_usd": float(data["energy_cost_usd"].sum()),
            "energy_twh": twh(float(data["facility_power_gw"].sum())),
            "grid_import_twh": twh(float(data["grid_import_gw"].sum())),
            "curtailment_twh": twh(float(data["curtailment_gw"].sum())),
            "emissions_mt": units.mt_from_t(float(data["emissions_t"].sum())),
            "utilisation": float(data["served_h100e"].sum() / (compute.sum() * hours))
            if float(compute.sum()) > 0
            else 0.0,
            "unserved_h100e_hours": unserved,
            "unserved_share": unserved / demand if demand > 0 else 0.0,
            "peak_facility_power_gw": float(data["facility_power_gw"].sum("site").max()),
        },
        "by_site": by_site,
        "by_work": by_work,
        "model_size": meta.get("model_size", {}),
        "timings_s": meta.get("timings_s", {}),
    }
