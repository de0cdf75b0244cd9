"""What the run store holds: its tables, and a run as rows of them.

One ``runs`` row per run, plan or dispatch (fields a kind lacks are null), and the
tables that detail each kind: by year, site, tenant, member and bottleneck for a plan,
by site for a dispatch.
"""

from __future__ import annotations

import json
from pathlib import Path

from .result import Result

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    title VARCHAR,
    scenario_hash VARCHAR NOT NULL,
    overrides JSON,
    status VARCHAR NOT NULL,
    objective_usd DOUBLE,
    capex_usd DOUBLE,
    peak_accelerators DOUBLE,
    peak_facility_power_gw DOUBLE,
    energy_twh DOUBLE,
    emissions_mt DOUBLE,
    new_fabs DOUBLE,
    unserved_h100e_years DOUBLE,
    top_bottleneck VARCHAR,
    timings JSON,
    versions JSON,
    folder VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS run_years (
    run_id VARCHAR NOT NULL, year INTEGER NOT NULL,
    demand_h100e DOUBLE, delivered_h100e DOUBLE, unserved_h100e DOUBLE,
    accelerators DOUBLE, accelerators_built DOUBLE, it_power_gw DOUBLE,
    facility_power_gw DOUBLE, energy_twh DOUBLE, grid_import_twh DOUBLE, emissions_mt DOUBLE,
    capex_usd DOUBLE, new_fabs DOUBLE, fabs_in_service DOUBLE, construction_jobs DOUBLE,
    operations_jobs DOUBLE, land_km2 DOUBLE, water_consumption_gl DOUBLE,
    water_withdrawal_gl DOUBLE,
    PRIMARY KEY (run_id, year)
);
CREATE TABLE IF NOT EXISTS run_sites (
    run_id VARCHAR NOT NULL, site VARCHAR NOT NULL, year INTEGER NOT NULL,
    country VARCHAR, region VARCHAR, accelerators DOUBLE, it_power_gw DOUBLE,
    facility_power_gw DOUBLE, energy_twh DOUBLE, grid_import_twh DOUBLE, emissions_mt DOUBLE,
    land_km2 DOUBLE, water_consumption_gl DOUBLE, water_withdrawal_gl DOUBLE,
    water_site_withdrawal_gl DOUBLE, water_stress_score DOUBLE,
    PRIMARY KEY (run_id, site, year)
);
CREATE TABLE IF NOT EXISTS run_tenants (
    run_id VARCHAR NOT NULL, tenant VARCHAR NOT NULL, cost_pv_usd DOUBLE,
    unserved_penalty_pv_usd DOUBLE, usd_per_h100e_year DOUBLE, usd_per_accelerator_hour DOUBLE,
    delivered_h100e_years DOUBLE, unserved_h100e_years DOUBLE,
    PRIMARY KEY (run_id, tenant)
);
CREATE TABLE IF NOT EXISTS run_members (
    run_id VARCHAR NOT NULL, member VARCHAR NOT NULL, capex_usd DOUBLE, opex_usd DOUBLE,
    revenue_usd DOUBLE, npv_usd DOUBLE, irr DOUBLE, payback_year INTEGER,
    PRIMARY KEY (run_id, member)
);
CREATE TABLE IF NOT EXISTS dispatch_sites (
    run_id VARCHAR NOT NULL, site VARCHAR NOT NULL,
    compute_h100e DOUBLE, utilisation DOUBLE, energy_twh DOUBLE, grid_import_twh DOUBLE,
    curtailment_twh DOUBLE, cost_usd DOUBLE, emissions_mt DOUBLE,
    peak_facility_power_gw DOUBLE,
    PRIMARY KEY (run_id, site)
);
CREATE TABLE IF NOT EXISTS run_bottlenecks (
    run_id VARCHAR NOT NULL, rank INTEGER NOT NULL, "constraint" VARCHAR, "where" VARCHAR,
    year INTEGER, value DOUBLE, unit VARCHAR, rent_usd DOUBLE, explanation VARCHAR,
    PRIMARY KEY (run_id, rank)
);
"""

YEAR_FIELDS = (
    "demand_h100e",
    "delivered_h100e",
    "unserved_h100e",
    "accelerators",
    "accelerators_built",
    "it_power_gw",
    "facility_power_gw",
    "energy_twh",
    "grid_import_twh",
    "emissions_mt",
    "capex_usd",
    "new_fabs",
    "fabs_in_service",
    "construction_jobs",
    "operations_jobs",
    "land_km2",
    "water_consumption_gl",
    "water_withdrawal_gl",
)
_DISPATCH_SITE_FIELDS = (
    "compute_h100e",
    "utilisation",
    "energy_twh",
    "grid_import_twh",
    "curtailment_twh",
    "cost_usd",
    "emissions_mt",
    "peak_facility_power_gw",
)
_SITE_FIELDS = (
    "accelerators",
    "it_power_gw",
    "facility_power_gw",
    "energy_twh",
    "grid_import_twh",
    "emissions_mt",
    "land_km2",
    "water_consumption_gl",
    "water_withdrawal_gl",
    "water_site_withdrawal_gl",
)

#: columns added after a store was first made (a store from an older flopgrid gains them)
ADDED_COLUMNS = (
    ("run_years", "water_consumption_gl"),
    ("run_years", "water_withdrawal_gl"),
    ("run_sites", "water_consumption_gl"),
    ("run_sites", "water_withdrawal_gl"),
    ("run_sites", "water_site_withdrawal_gl"),
    ("run_sites", "water_stress_score"),
)


def _num(series: list | None, i: int) -> float | None:
    """The i-th value of a summary series, None when the run has no such series."""
    return None if series is None else float(series[i])


def run_row(result: Result, totals: dict, top: str | None) -> tuple:
    """The ``runs`` row of a run (fields a kind lacks are null)."""
    meta = result.meta
    return (
        meta["run_id"],
        result.kind,
        meta["scenario"],
        meta.get("title", ""),
        meta["scenario_hash"],
        json.dumps(meta.get("overrides", [])),
        meta["status"],
        meta["objective_usd"],
        totals.get("capex_usd"),
        totals.get("peak_accelerators"),
        totals.get("peak_facility_power_gw"),
        totals.get("energy_twh"),
        totals.get("emissions_mt"),
        totals.get("new_fabs"),
        totals.get("unserved_h100e_years"),
        top,
        json.dumps(meta.get("timings_s", {})),
        json.dumps(meta.get("versions", {})),
        str(Path(result.path).resolve()),
        meta["created"].replace("T", " ").rstrip("Z"),
    )


def dispatch_rows(result: Result) -> dict[str, list[tuple]]:
    summary, run_id = result.summary, result.meta["run_id"]
    totals = summary["totals"]
    top = (
        f"{totals['unserved_share']:.2%} of work unserved; utilisation {totals['utilisation']:.1%}"
    )
    return {
        "runs": [run_row(result, totals, top)],
        "dispatch_sites": [
            (run_id, site, *(float(info[f]) for f in _DISPATCH_SITE_FIELDS))
            for site, info in summary["by_site"].items()
        ],
    }


def plan_rows(result: Result) -> dict[str, list[tuple]]:
    meta, summary = result.meta, result.summary
    run_id = meta["run_id"]
    totals = summary["totals"]
    top = summary["bottlenecks"][0]["explanation"] if summary["bottlenecks"] else None
    years = summary["years"]
    year_rows = [
        (run_id, y, *(_num(summary["by_year"].get(f), i) for f in YEAR_FIELDS))
        for i, y in enumerate(years)
    ]
    site_rows = []
    for site, info in summary["by_site"].items():
        for i, y in enumerate(years):
            site_rows.append(
                (
                    run_id,
                    site,
                    y,
                    info.get("country"),
                    info.get("region"),
                    *(_num(info["by_year"].get(f), i) for f in _SITE_FIELDS),
                    info.get("water_stress_score"),
                )
            )
    neck_rows = [
        (
            run_id,
            i,
            b["constraint"],
            b["where"],
            b["year"],
            b["value"],
            b["unit"],
            b["rent_usd"],
            b["explanation"],
        )
        for i, b in enumerate(summary["bottlenecks"], start=1)
    ]
    tenant_rows = [
        (
            run_id,
            name,
            t["cost_pv_usd"],
            t["unserved_penalty_pv_usd"],
            t.get("usd_per_h100e_year"),
            t.get("usd_per_accelerator_hour"),
            sum(t.get("delivered_h100e", [])),
            sum(t.get("unserved_h100e", [])),
        )
        for name, t in summary.get("by_tenant", {}).items()
    ]
    member_rows = [
        (
            run_id,
            name,
            sum(m["capex_usd"]),
            sum(m["opex_usd"]),
            sum(m["revenue_usd"]),
            m["npv_usd"],
            m["irr"],
            m["payback_year"],
        )
        for name, m in summary.get("by_member", {}).items()
    ]
    return {
        "runs": [run_row(result, totals, top)],
        "run_tenants": tenant_rows,
        "run_members": member_rows,
        "run_years": year_rows,
        "run_sites": site_rows,
        "run_bottlenecks": neck_rows,
    }
