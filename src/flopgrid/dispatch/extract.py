"""Read a solved dispatch model into an xarray Dataset in user units."""

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
    energy_musd = (gen * units.musd_per_gwh_from_usd_per_mwh(ds["gen_energy_usd_per_mwh"])).sum(
        "tech"
    ) + grid * units.musd_per_gwh_from_usd_per_mwh(ds["grid_price_usd_per_mwh"])
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


def storage_residual_gwh(data: xr.Dataset) -> np.ndarray:
    """Energy stored minus energy released over the horizon, per site and storage
    technology [GWh], each at its own one-way efficiency (should be 0)."""
    eff = data["storage_efficiency"]
    stored = eff * data["storage_charge_by_tech_gw"].sum("time")
    released = data["storage_discharge_by_tech_gw"].sum("time") / eff
    return (stored - released).transpose("site", "storage").to_numpy()
