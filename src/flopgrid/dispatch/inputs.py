"""Arrays the dispatch model is built from: one Dataset, labelled, in model units.

Model units: compute in M h100e (an hour of it is M h100e-hours), power in GW,
energy in GWh, money in M USD, emissions in t. The model's ``time`` is the position
of an hour in the horizon (0..T-1); ``timestamps`` map it to UTC.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from .. import units
from ..errors import FlopgridError
from ..geo import distance_km, round_trip_ms
from ..scenario import expand, expand_power
from ..scenario.schema_dispatch import Dispatch, DispatchZone, TrainingJob
from ..timeseries.profiles import HOURS, Profiles, tech_kind
from .fleet import Fleet


@dataclass(frozen=True)
class DispatchInputs:
    """Everything the builder needs, and the labels results are reported with."""

    ds: xr.Dataset
    timestamps: pd.DatetimeIndex
    settings: Dispatch
    fleet: Fleet
    profiles: Profiles
    carbon_price_usd_per_t: float

    def __getitem__(self, name: str) -> xr.DataArray:
        return self.ds[name]


def horizon_hours(weeks: list[int] | None) -> tuple[np.ndarray, np.ndarray]:
    """Hours of the year (0..8759) in the horizon and the block (contiguous run) of each.

    ``weeks`` are 1-based weeks of 168 hours from 1 January (1..52); None is the year.
    """
    if not weeks:
        return np.arange(HOURS), np.zeros(HOURS, dtype=int)
    bad = [w for w in weeks if not 1 <= w <= 52]
    if bad:
        raise FlopgridError(f"--weeks: weeks run from 1 to 52, got {bad}")
    weeks = sorted(set(weeks))
    hours = np.concatenate([np.arange((w - 1) * 168, w * 168) for w in weeks])
    # consecutive weeks form one block
    starts = np.r_[True, np.diff(hours) != 1]
    return hours, np.cumsum(starts) - 1


def default_work(fleet: Fleet, settings: Dispatch) -> tuple[dict, dict]:
    """Zones and jobs when the scenario gives none: each site's work is its load factor x
    its compute (as in the plan), split into local users and one pooled training job."""
    scn = fleet.scenario
    zones, jobs = dict(settings.zones), dict(settings.training)
    work_h100e = units.from_millions(fleet.compute_mh100e * fleet.load_factor)
    share = settings.default_inference_share
    if not zones:
        for site in fleet.sites:
            lat, lon = expand.site_coordinates(scn, site)
            if not (np.isfinite(lat) and np.isfinite(lon)):
                raise FlopgridError(
                    f"sites.{site}: no coordinates for its users (inference is served within "
                    f"a latency of them); give sites.{site}.lat and sites.{site}.lon, a country "
                    "the scenario's dataset knows, or dispatch.zones"
                )
            zones[f"{site}-users"] = DispatchZone(
                lat=lat, lon=lon, inference_h100e=share * float(work_h100e[site])
            )
    if not jobs:
        jobs["training"] = TrainingJob(h100e=(1.0 - share) * float(work_h100e.sum()))
    return zones, jobs


def _allowed(fleet: Fleet, work, countries: list[str]) -> np.ndarray:
    scn = fleet.scenario
    out = []
    for site in fleet.sites:
        country = scn.sites[site].country
        ok = country not in work.countries_excluded
        if work.export_class is not None:
            ok = ok and not expand.is_forbidden(scn, country, work.export_class)
        out.append(ok)
    return np.array(out)


def _windows(jobs: dict, blocks: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Window id per (job, hour), unique across jobs, and the job of each window."""
    ids = np.zeros((len(jobs), len(blocks)), dtype=int)
    owner: list[int] = []
    next_id = 0
    for j, job in enumerate(jobs.values()):
        for b in np.unique(blocks):
            where = np.flatnonzero(blocks == b)
            local = np.arange(len(where)) // job.window_hours
            ids[j, where] = next_id + local
            owner += [j] * (int(local.max()) + 1)
            next_id += int(local.max()) + 1
    return ids, owner


def _energy_cost_usd_per_mwh(scn, sites: list[str], techs: list[str], year: int) -> np.ndarray:
    """(site, tech) variable cost + fuel in the dispatched year [USD/MWh]: the plan's costs at
    each site's cost region and gas price (a plant without a known gas price costs NaN, so
    it must not be dispatched: it is priced out)."""
    out = np.zeros((len(sites), len(techs)))
    for i, s in enumerate(sites):
        for j, t in enumerate(techs):
            var = expand_power.tech_cost(scn, s, t, "variable_usd_per_mwh", [year])[0]
            fuel = expand_power.fuel_usd_per_mwh(scn, s, t, [year])[0]
            out[i, j] = var + (fuel if fuel == fuel else 1e6)
    return out


def build_inputs(
    fleet: Fleet, profiles: Profiles, settings: Dispatch, weeks: list[int] | None = None
) -> DispatchInputs:
    """Model arrays for a fleet over a year (or ``weeks`` of it)."""
    scn = fleet.scenario
    sites = fleet.sites
    hours, blocks = horizon_hours(weeks)
    T = len(hours)
    time = pd.RangeIndex(T, name="time")
    timestamps = profiles.times[hours]
    zones, jobs = default_work(fleet, settings)
    ds = xr.Dataset(coords={"time": time, "site": sites})
    ds["hour_of_year"] = ("time", hours)
    ds["block"] = ("time", blocks)
    # storage wraps around within each block: previous hour, cyclic
    prev = np.arange(T) - 1
    for b in np.unique(blocks):
        where = np.flatnonzero(blocks == b)
        prev[where[0]] = where[-1]
    ds["prev"] = ("time", prev)

    ds["compute_mh100e"] = ("site", fleet.compute_mh100e.to_numpy())
    ds["gw_per_mh100e"] = ("site", fleet.facility_gw_per_mh100e.to_numpy())

    techs = [t for t in fleet.power_gw.columns if tech_kind(scn, t) not in ("grid", "storage")]
    storage = [t for t in fleet.power_gw.columns if tech_kind(scn, t) == "storage"]
    ds = ds.assign_coords(tech=techs)
    avail = profiles.availability.sel(tech=techs).isel(hour=hours).rename(hour="time")
    ds["gen_cap_gw"] = (("site", "tech"), fleet.power_gw[techs].to_numpy(float))
    ds["variable_renewable"] = (
        "tech",
        np.array([tech_kind(scn, t) in ("solar", "wind", "offshore_wind") for t in techs], bool),
    )
    ds["availability"] = (("site", "tech", "time"), avail.to_numpy())
    carbon_price = float(expand.trajectory(scn.policy.carbon_price_usd_per_t, [fleet.year])[0])
    energy_usd = _energy_cost_usd_per_mwh(scn, sites, techs, fleet.year)
    emis = np.array([scn.power[t].emissions_t_per_mwh for t in techs])
    ds["gen_emis_t_per_gwh"] = ("tech", units.t_per_gwh_from_t_per_mwh(emis))
    ds["gen_energy_usd_per_mwh"] = (("site", "tech"), energy_usd)
    ds["gen_cost_musd_per_gwh"] = (
        ("site", "tech"),
        units.musd_per_gwh_from_usd_per_mwh(energy_usd + carbon_price * emis[None, :]),
    )
    price = profiles.price_usd_per_mwh.isel(hour=hours).to_numpy()
    carbon = profiles.carbon_t_per_mwh.isel(hour=hours).to_numpy()
    ds["grid_price_usd_per_mwh"] = (("site", "time"), price)
    ds["grid_carbon_t_per_mwh"] = (("site", "time"), carbon)
    ds["grid_cost_musd_per_gwh"] = (
        ("site", "time"),
        units.musd_per_gwh_from_usd_per_mwh(price + carbon_price * carbon),
    )
    ds["grid_cap_gw"] = ("site", fleet.grid_import_gw.to_numpy())

    # each storage technology keeps its own power, energy and efficiency
    ds = ds.assign_coords(storage=pd.Index(storage, dtype=object, name="storage"))
    sto_gw = fleet.power_gw[storage].to_numpy(float).reshape(len(sites), len(storage))
    hours_of = np.array([scn.power[t].duration_hours for t in storage], dtype=float)
    rte = np.array([scn.power[t].round_trip_efficiency for t in storage], dtype=float)
    ds["storage_gw"] = (("site", "storage"), sto_gw)
    ds["storage_gwh"] = (("site", "storage"), sto_gw * hours_of)
    ds["storage_eff"] = ("storage", np.sqrt(rte))  # one way: charging and discharging

    # inference zones
    zone_names = list(zones)
    ds = ds.assign_coords(zone=zone_names)
    lat_lon = np.array([expand.site_coordinates(scn, s) for s in sites])
    demand, allowed, latency = [], [], []
    for z in zone_names:
        zone = zones[z]
        # flat when absent, as the schema says: no sourced daily shape of inference demand
        shape = np.asarray(zone.daily_shape or np.ones(24), dtype=float)
        shape = shape / shape.mean() if shape.mean() > 0 else np.ones(24)
        local_hour = (timestamps.hour.to_numpy() + round(zone.lon / 15.0)) % 24
        demand.append(units.to_millions(zone.inference_h100e) * shape[local_hour])
        km = distance_km(zone.lat, zone.lon, lat_lon[:, 0], lat_lon[:, 1])
        ms = round_trip_ms(km, settings.latency_ms_per_km, settings.latency_overhead_ms)
        latency.append(ms)
        allowed.append((ms <= zone.latency_ms) & _allowed(fleet, zone, sites))
    ds["inference_mh100e"] = (("zone", "time"), np.array(demand).reshape(len(zone_names), T))
    ds["latency_ms"] = (("zone", "site"), np.array(latency).reshape(len(zone_names), len(sites)))
    ds["inference_allowed"] = (("zone", "site"), np.array(allowed).reshape(len(zone_names), -1))

    # training jobs
    job_names = list(jobs)
    ds = ds.assign_coords(job=job_names)
    rate, allowed, home, pausable = [], [], [], []
    for name in job_names:
        job = jobs[name]
        unknown = [s for s in (job.sites or []) + list(job.home) if s not in sites]
        if unknown:
            raise FlopgridError(f"dispatch.training.{name}: unknown sites {unknown}")
        ok = _allowed(fleet, job, sites) & np.array(
            [job.sites is None or s in job.sites for s in sites]
        )
        weights = (
            np.array([job.home.get(s, 0.0) for s in sites])
            if job.home
            else (fleet.compute_mh100e.to_numpy() * ok)
        )
        total = weights.sum()
        rate.append(units.to_millions(job.h100e))
        allowed.append(ok)
        home.append(weights / total if total > 0 else weights)
        pausable.append(job.pausable)
    ds["training_mh100e"] = ("job", np.array(rate, dtype=float))
    ds["training_allowed"] = (("job", "site"), np.array(allowed).reshape(len(job_names), -1))
    ds["training_pausable"] = ("job", np.array(pausable, dtype=bool))
    window_ids, owners = _windows(jobs, blocks)
    ds["window"] = (("job", "time"), window_ids)
    owner = np.array(owners, dtype=int)
    lengths = np.bincount(window_ids.ravel(), minlength=len(owner))
    ds = ds.assign_coords(jw=np.arange(len(owner)))
    ds["jw_job"] = ("jw", np.array(job_names, dtype=object)[owner])
    ds["jw_budget_mh100e_h"] = ("jw", np.array(rate)[owner] * lengths)
    ds["jw_home"] = (("jw", "site"), np.array(home).reshape(len(job_names), -1)[owner])
    migration = np.array([jobs[n].max_migration_share for n in job_names])
    ds["jw_migration"] = ("jw", migration[owner])

    ds["penalty_inference"] = (
        (),
        units.musd_per_mh100e_hour_from_usd(settings.unserved_inference_usd_per_h100e_hour),
    )
    ds["penalty_training"] = (
        (),
        units.musd_per_mh100e_hour_from_usd(settings.unserved_training_usd_per_h100e_hour),
    )
    return DispatchInputs(ds, timestamps, settings, fleet, profiles, carbon_price)
