"""Read a solved dispatch model into an xarray Dataset (user units) and a summary dict."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import units
from .model import DispatchModel, solution


def extract(dm: DispatchModel) -> xr.Dataset:
    """Per hour, site and work class: served work, utilisation, power by source,
    curtailment, storage, cost, emissions and unserved work."""
    inp, v, ds = dm.inputs, dm.variables, dm.inputs.ds
    mega = units.from_millions
    served_inf = solution(v["served_inference"])
    served_tr = solution(v["served_training"])
    work = served_inf.sum("zone") + served_tr.sum("job")
    gen = solution(v["generation"])
    grid = solution(v["grid_import"])
    charge, discharge = solution(v["charge"]), solution(v["discharge"])
    available = ds["gen_cap_gw"] * ds["availability"] * ds["variable_renewable"]
    cost_musd = (gen * ds["gen_cost_musd_per_gwh"]).sum("tech") + grid * ds[
        "grid_cost_musd_per_gwh"
    ]
    energy_musd = (
        gen
        * units.musd_per_gwh_from_usd_per_mwh(
            xr.DataArray(
                [inp.fleet.scenario.power[t].variable_usd_per_mwh for t in ds.indexes["tech"]],
                coords={"tech": ds.indexes["tech"]},
            )
        )
    ).sum("tech") + grid * units.musd_per_gwh_from_usd_per_mwh(ds["grid_price_usd_per_mwh"])
    emissions_t = (gen * ds["gen_emis_t_per_gwh"]).sum(
        "tech"
    ) + grid * units.t_per_gwh_from_t_per_mwh(ds["grid_carbon_t_per_mwh"])
    compute = ds["compute_mh100e"]
    out = xr.Dataset(
        {
            "served_inference_h100e": mega(served_inf),
            "served_training_h100e": mega(served_tr),
            "served_h100e": mega(work),
            "utilisation": (work / compute.where(compute > 0)).fillna(0.0),
            "facility_power_gw": ds["gw_per_mh100e"] * work,
            "generation_gw": gen,
            "grid_import_gw": grid,
            "storage_charge_gw": charge.sum("storage"),
            "storage_discharge_gw": discharge.sum("storage"),
            "state_of_charge_gwh": solution(v["state_of_charge"]).sum("storage"),
            "storage_charge_by_tech_gw": charge,
            "storage_discharge_by_tech_gw": discharge,
            "storage_efficiency": ds["storage_eff"],
            "curtailment_gw": (available - gen).clip(min=0.0),
            "energy_cost_usd": units.usd_from_musd(energy_musd),
            "cost_usd": units.usd_from_musd(cost_musd),
            "emissions_t": emissions_t,
            "unserved_inference_h100e": mega(solution(v["unserved_inference"])),
            "unserved_training_h100e": mega(solution(v["unserved_training"])),
            "inference_demand_h100e": mega(ds["inference_mh100e"]),
            "grid_price_usd_per_mwh": ds["grid_price_usd_per_mwh"],
            "grid_carbon_t_per_mwh": ds["grid_carbon_t_per_mwh"],
            "availability": ds["availability"],
            "compute_h100e": mega(compute),
            "latency_ms": ds["latency_ms"],
        }
    )
    out = out.assign_coords(timestamp=("time", inp.timestamps.tz_convert(None)))
    units_of = {
        "served_inference_h100e": "h100e",
        "served_training_h100e": "h100e",
        "served_h100e": "h100e",
        "utilisation": "1",
        "facility_power_gw": "GW",
        "generation_gw": "GW",
        "grid_import_gw": "GW",
        "storage_charge_gw": "GW",
        "storage_discharge_gw": "GW",
        "storage_charge_by_tech_gw": "GW",
        "storage_discharge_by_tech_gw": "GW",
        "storage_efficiency": "1 (one way)",
        "state_of_charge_gwh": "GWh",
        "curtailment_gw": "GW",
        "energy_cost_usd": "USD per hour",
        "cost_usd": "USD per hour (incl. carbon price)",
        "emissions_t": "t CO2e per hour",
        "unserved_inference_h100e": "h100e",
        "unserved_training_h100e": "h100e",
    }
    for name, unit in units_of.items():
        out[name].attrs["unit"] = unit
    return out


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


def storage_residual_gwh(data: xr.Dataset) -> np.ndarray:
    """Energy stored minus energy released over the horizon, per site and storage
    technology [GWh], each at its own one-way efficiency (should be 0)."""
    eff = data["storage_efficiency"]
    stored = eff * data["storage_charge_by_tech_gw"].sum("time")
    released = data["storage_discharge_by_tech_gw"].sum("time") / eff
    return (stored - released).transpose("site", "storage").to_numpy()
