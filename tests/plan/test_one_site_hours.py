"""Issue 16's one-site case: Texas, 2030, a 1 GW constant facility load, solar, wind, a
battery, gas CCGT and a 0.4 GW grid connection at the dataset's own costs.

With all 8760 hours the plan's cost equals an hourly capacity expansion of the same
problem that this test builds on its own (a direct LP over the hours with scipy's
HiGHS, not flopgrid's builder), and the hourly dispatch of the planned fleet serves the
whole load; with 12 representative days the cost is within 5% and the dispatch leaves
under 1% unserved. The yearly plan's fleet (wind only) is what the issue reported.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

import flopgrid
from flopgrid import PlanOptions
from flopgrid.dispatch.run import dispatch
from flopgrid.plan.inputs import build_inputs
from flopgrid.scenario import expand, load_scenario
from flopgrid.scenario.schema import Dispatch
from flopgrid.timeseries.profiles import build_profiles

YEAR = 2030
TECHS = ["gas_ccgt", "onshore_wind", "solar_pv", "battery"]


def texas() -> dict:
    return {
        "name": "texas-1gw",
        "extends": "default",
        "years": {"start": YEAR, "end": YEAR},
        "demand": {"unit": "h100e", "by_year": {YEAR: 1_000_000}},
        "accelerators": {
            "X": {
                "available_from": 2020,
                "h100e": 1.0,
                "it_kw": 1.0,
                "price_usd": 0.0,
                "lifetime_years": 5,
                "good_dies_per_wafer": 30,
            }
        },
        "datacenter_designs": {
            "flat": {
                "capex_usd_per_kw": 0,
                "fixed_om_usd_per_kw_year": 0,
                "pue": 1.0,
                "load_factor": 1.0,
                "lead_years": 0,
                "lifetime_years": 20,
                "km2_per_gw": 0,
            }
        },
        "datacenter": {"design": "flat"},
        # built in the plan's one year (the dataset's lead times would forbid it)
        "power": {t: {"lead_years": 0} for t in TECHS},
        "sites": {
            "texas": {
                "country": "US",
                "lat": 35.22,
                "lon": -101.83,
                "max_facility_gw": 1.0,
                "grid_import_gw": 0.4,
                # connected already: no interconnection wait in the plan's one year
                "existing": {"grid_import_gw": 0.4},
                "build": TECHS,
            }
        },
        # all work is inference at a flat rate: a constant, inflexible 1 GW
        "dispatch": {"default_inference_share": 1.0},
    }


def hourly_expansion_usd(scn) -> tuple[float, dict]:
    """The least yearly cost [USD] of serving 1 GW in every hour of the year from the
    site's options, as a direct LP over the 8760 hours; and the capacities [GW].

    Rows: generation <= capacity x hourly availability; supply = load every hour; charge
    + discharge <= battery power; a cyclic state of charge within power x 4 h; grid import
    <= its connection; a reserve of the margin above the load every hour (plants at their
    availability, storage at its power, the grid connection).
    """
    settings = scn.dispatch or Dispatch()
    prof = build_profiles(scn, ["texas"], TECHS[:3], YEAR, settings)
    avail = prof.availability.sel(site="texas").values  # tech, hour
    price = prof.price_usd_per_mwh.sel(site="texas").values
    carbon = prof.carbon_t_per_mwh.sel(site="texas").values
    cp = float(expand.trajectory(scn.policy.carbon_price_usd_per_t, [YEAR])[0])
    T = avail.shape[1]
    grid_gw, load, margin = 0.4, 1.0, 1.0 + scn.policy.reserve_margin
    bat = scn.power["battery"]
    eff, hours = np.sqrt(bat.round_trip_efficiency), bat.duration_hours
    # the dataset's costs at the site in YEAR (regional factors, learning paths, the gas
    # price) as the plan's inputs state them [B USD per GW, per TWh]; the LP is this test's
    pw = build_inputs(scn, PlanOptions(slicing="yearly")).power

    def at(arr, tech):
        arr = arr.sel(site="texas", tech=tech)
        for dim in ("vintage", "year"):
            arr = arr.sel({dim: YEAR}) if dim in arr.dims else arr
        return float(arr)

    # columns: K (4), gen (3 x T), grid T, charge T, discharge T, level T
    nK, G, M, C, D, E = 4, 4, 4 + 3 * T, 4 + 4 * T, 4 + 5 * T, 4 + 6 * T
    n = 4 + 7 * T
    cost = np.zeros(n)  # [USD]
    for i, t in enumerate(TECHS):
        per_gw = at(pw.capex_busd_per_gw, t) * at(pw.crf, t) + at(pw.fixed_om_busd_per_gw, t)
        cost[i] = 1e9 * per_gw
    for i, t in enumerate(TECHS[:3]):  # USD per GW for an hour = USD/MWh x 1e3
        per_twh = at(pw.variable_busd_per_twh, t) + at(pw.fuel_busd_per_twh, t)
        usd_per_mwh = 1e3 * per_twh + cp * scn.power[t].emissions_t_per_mwh
        cost[G + i * T : G + (i + 1) * T] = 1e3 * usd_per_mwh
    cost[M : M + T] = 1e3 * (price + cp * carbon)
    h = np.arange(T)
    ub_rows, ub_rhs, eq_rows = [], [], []

    def block(entries, rows=T):
        """A (rows x n) sparse block from [(column offset or index array, coefficient)]."""
        data, ri, ci = [], [], []
        for col, coef in entries:
            cols = col + h if np.isscalar(col) else col
            data.append(np.broadcast_to(coef, (rows,)))
            ri.append(h)
            ci.append(cols)
        return sp.csr_matrix(
            (np.concatenate(data), (np.concatenate(ri), np.concatenate(ci))), shape=(rows, n)
        )

    for i in range(3):  # generation <= K x availability
        ub_rows.append(block([(G + i * T, 1.0), (np.full(T, i), -avail[i])]))
        ub_rhs.append(np.zeros(T))
    supply = [(G + i * T, 1.0) for i in range(3)] + [(M, 1.0), (D, 1.0), (C, -1.0)]
    eq_rows.append(block(supply))  # supply = load every hour (surplus is curtailed)
    ub_rows.append(block([(C, 1.0), (D, 1.0), (np.full(T, 3), -1.0)]))
    ub_rhs.append(np.zeros(T))
    ub_rows.append(block([(E, 1.0), (np.full(T, 3), -hours)]))
    ub_rhs.append(np.zeros(T))
    reserve = [(np.full(T, i), -avail[i]) for i in range(3)] + [(np.full(T, 3), -1.0)]
    ub_rows.append(block(reserve))
    ub_rhs.append(np.full(T, grid_gw - margin * load))
    eq_rows.append(block([(E, 1.0), (E + np.roll(h, 1), -1.0), (C, -eff), (D, 1 / eff)]))
    bounds = [(0, None)] * n
    for k in range(T):
        bounds[M + k] = (0, grid_gw)
    out = linprog(
        cost,
        A_ub=sp.vstack(ub_rows).tocsr(),
        b_ub=np.concatenate(ub_rhs),
        A_eq=sp.vstack(eq_rows).tocsr(),
        b_eq=np.concatenate([np.full(T, load), np.zeros(T)]),
        bounds=bounds,
        method="highs",
    )
    assert out.status == 0, out.message
    # the existing connection's fixed O&M, a constant of the plan's objective
    grid_om = 1e9 * float(
        build_inputs(scn, PlanOptions(slicing="yearly")).grid.fixed_om_busd_per_gw.sum()
    )
    return float(out.fun) + grid_om * grid_gw, dict(zip(TECHS, out.x[:nK], strict=True))


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    import yaml

    path = tmp_path_factory.mktemp("texas") / "texas.yaml"
    path.write_text(yaml.safe_dump(texas()))
    return load_scenario(path)


def _power(result) -> dict[str, float]:
    cap = result.data["power_capacity_gw"].sel(site="texas", year=YEAR)
    return {t: float(cap.sel(tech=t)) for t in TECHS}


@pytest.mark.slow
def test_all_hours_equal_an_hourly_expansion_and_the_fleet_serves_its_load(case):
    full = flopgrid.plan(case, options=PlanOptions(slicing="full"))
    reference_usd, reference_gw = hourly_expansion_usd(case)
    assert full.objective_usd == pytest.approx(reference_usd, rel=1e-6)
    assert _power(full) == pytest.approx(reference_gw, abs=1e-4)
    run = dispatch(full)
    assert run.summary["totals"]["unserved_share"] == pytest.approx(0.0, abs=1e-9)

    periods = flopgrid.plan(case, options=PlanOptions(slicing="periods", periods=12))
    assert periods.objective_usd == pytest.approx(reference_usd, rel=0.05)
    assert dispatch(periods).summary["totals"]["unserved_share"] < 0.01


@pytest.mark.slow
def test_without_gas_the_yearly_fleet_leaves_load_unserved(tmp_path):
    """What the issue reported, with gas forbidden (with the dataset's gas price and fuel
    the yearly slice now builds gas CCGT too, and its fleet serves the load): the yearly
    slice's credits pass a fleet of weather and a battery it never runs, and the hours
    show the lulls."""
    import yaml

    data = texas()
    data["sites"]["texas"]["build"] = ["onshore_wind", "solar_pv", "battery"]
    path = tmp_path / "no-gas.yaml"
    path.write_text(yaml.safe_dump(data))
    yearly = flopgrid.plan(load_scenario(path), options=PlanOptions(slicing="yearly"))
    assert dispatch(yearly).summary["totals"]["unserved_share"] > 0.01
