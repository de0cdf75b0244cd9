"""Time slices in the plan, on cases whose optimum is worked out by hand.

One site, one year, a 1 GW facility load, weather given hour by hour in a CSV (so every
day is known), no grid: what storage, inter-day linking and flexible work must build.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import flopgrid
from flopgrid import PlanOptions
from flopgrid.plan import build_inputs, build_model
from flopgrid.report.slices import calendar_slices, storage_level, typical_week
from flopgrid.scenario import load_scenario

YEAR = 2030
HOURS = 8760


def crf(r: float, life: int) -> float:
    return r / (1 - (1 + r) ** -life)


def _case(tmp_path, series: dict[str, np.ndarray], *, load_factor=1.0, inference=1.0, **power):
    """One site ``a`` with a 1 GW IT fleet (PUE 1), the techs of ``power`` and no grid."""
    times = pd.date_range(f"{YEAR}-01-01", periods=HOURS, freq="h").strftime("%Y-%m-%d %H:%M")
    frame = pd.DataFrame({"time [UTC]": times})
    for name, values in series.items():
        frame[f"a_{name} [cf]"] = values
    csv = tmp_path / "weather.csv"
    frame.to_csv(csv, index=False)
    return {
        "name": "slices-case",
        "years": {"start": YEAR, "end": YEAR},
        "discount_rate": 0.1,
        "demand": {"by_year": {YEAR: 1_000_000}, "unserved_penalty_usd_per_h100e_year": 1e7},
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
            "d": {
                "capex_usd_per_kw": 0,
                "fixed_om_usd_per_kw_year": 0,
                "pue": 1.0,
                "load_factor": load_factor,
                "lead_years": 0,
                "lifetime_years": 20,
                "km2_per_gw": 0,
            }
        },
        "datacenter": {"design": "d"},
        "power": {"grid": {"kind": "grid"}, **power},
        "sites": {
            "a": {
                "country": "US",
                "lat": 0.0,
                "lon": 0.0,
                "max_facility_gw": 1.0,
                "grid_import_gw": 0.0,
                "grid_price_usd_per_mwh": 50.0,
                "grid_carbon_t_per_mwh": 0.4,
                "build": list(power),
            }
        },
        "supply": {
            "wafers_per_year": 1e9,
            "new_fab": {"capex_usd": 1, "wafers_per_year": 1, "lead_years": 1, "lifetime_years": 1},
            "new_fabs_allowed": False,
        },
        "policy": {"reserve_margin": 0.0},
        "dispatch": {
            "default_inference_share": inference,
            "price_shape": "flat",
            "carbon_shape": "flat",
            "series_csv": str(csv),
        },
    }


#: the yearly slice reads capacity factors, not the CSV: 0.5, the CSVs' mean
SOLAR = {
    "kind": "generator",
    "capex_usd_per_kw": 1000,
    "lifetime_years": 20,
    "clean": True,
    "capacity_factor": 0.5,
}
WIND = dict(SOLAR, capex_usd_per_kw=1500)


def _battery(hours: float, rte: float) -> dict:
    return {
        "kind": "storage",
        "capex_usd_per_kw": 100,
        "capex_usd_per_kwh": 50,
        "duration_hours": hours,
        "round_trip_efficiency": rte,
        "lifetime_years": 20,
    }


def _annuity_busd(usd_per_kw: float, life: int = 20) -> float:
    """B USD a year for a GW of capex ``usd_per_kw``."""
    return usd_per_kw * 1e6 * crf(0.1, life) / 1e9


def _plan(write, data, **kw):
    return flopgrid.plan(write(data), options=PlanOptions(**kw))


def _capacity(r, tech: str) -> float:
    return float(r.data["power_capacity_gw"].sel(site="a", tech=tech, year=YEAR))


@pytest.mark.parametrize("segments", [None, 3])
def test_storage_carries_the_night_within_a_day(tmp_path, write, segments):
    """Sun 12 h a day: the battery stores the night's 12 GWh (plus its losses), charged
    within the day; the charge rate, not the energy, sizes it. In 3 segments (6 dark
    hours, 12 sunny, 6 dark, merged by tsam) the optimum is the same: the store's level
    moves by a segment's flow times its hours."""
    day = np.r_[np.zeros(6), np.ones(12), np.zeros(6)]
    data = _case(
        tmp_path,
        {"solar_pv": np.tile(day, 365)},
        solar_pv=SOLAR,
        battery=_battery(hours=12, rte=0.81),
    )
    r = _plan(write, data, slicing="periods", periods=2, segments=segments)
    if segments:
        assert r.data["slice_duration_h"].values.tolist() == [6, 12, 6] * 2
        assert r.meta["time_slices"]["settings"]["segments"].startswith("3 per period")
    eta = 0.9
    stored = 12 / eta  # GWh leaving the store for 12 h at 1 GW
    charge = stored / eta / 12  # GW in for 12 h
    battery = max(charge, stored / 12)  # charge + discharge <= power; energy <= 12 h x power
    solar = 1 + charge
    assert _capacity(r, "battery") == pytest.approx(battery, rel=1e-6)
    assert _capacity(r, "solar_pv") == pytest.approx(solar, rel=1e-6)
    cost = solar * _annuity_busd(1000) + battery * _annuity_busd(100 + 12 * 50)
    assert r.objective_usd / 1e9 == pytest.approx(cost, rel=1e-6)
    assert r.summary["by_year"]["unserved_h100e"] == [pytest.approx(0, abs=1)]
    if segments:  # the report's week holds each segment's value over its hours
        hours = calendar_slices(r.data)
        assert hours.size == HOURS
        assert np.array_equal(hours[:24] % 3, np.repeat([0, 1, 2], [6, 12, 6]))
        week = typical_week(r).data
        solar = next(t for t in week if t.name.lower().startswith("solar"))
        assert len(solar.x) == 168
        assert np.allclose(np.asarray(solar.y).reshape(7, 24)[:, 6:18], solar.y[6], rtol=1e-6)
        # the store's level at each segment's last hour is the step's, linear in between
        level = storage_level(r.data, "a", YEAR, hours)[:24]
        steps = r.data["slice_storage_level_gwh"].sel(site="a", year=YEAR).values[hours[:24]]
        assert level[[5, 17, 23]] == pytest.approx(steps[[5, 17, 23]], abs=1e-6)
        assert np.allclose(np.diff(level[6:18]), np.diff(level[6:18])[0], atol=1e-6)
        assert np.ptp(level) > 1  # the battery does cycle
        return
    # the yearly slice sees a capacity factor of 0.5 and builds 2 GW of solar, no battery
    yearly = _plan(write, data, slicing="yearly")
    assert _capacity(yearly, "solar_pv") == pytest.approx(2.0, rel=1e-6)
    assert _capacity(yearly, "battery") == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("segments", [None, 1])
def test_storage_carries_energy_across_days(tmp_path, write, segments):
    """Wind blows every other day (the year's last day at half strength): a 24-hour store
    carries a windy day's surplus through the calm day after it, which only linking the
    representative days in calendar order (Kotzur et al. 2018) allows. A day as one
    24-hour segment gives the same optimum."""
    days = (np.arange(365) % 2 == 0).astype(float)
    days[-1] = 0.5
    data = _case(
        tmp_path,
        {"onshore_wind": np.repeat(days, 24)},
        onshore_wind=WIND,
        battery=_battery(hours=24, rte=1.0),
    )
    r = _plan(write, data, slicing="periods", periods=3, link_periods=True, segments=segments)
    # windy day: 1 GW to the load, 1 GW into the store; calm day: 24 GWh out of it
    assert _capacity(r, "onshore_wind") == pytest.approx(2.0, rel=1e-6)
    assert _capacity(r, "battery") == pytest.approx(1.0, rel=1e-6)
    cost = 2 * _annuity_busd(1500) + _annuity_busd(100 + 24 * 50)
    assert r.objective_usd / 1e9 == pytest.approx(cost, rel=1e-6)
    assert r.summary["by_year"]["unserved_h100e"] == [pytest.approx(0, abs=1)]
    # the store at the start of each real day follows the calendar: full after a windy day
    start = r.data["storage_start_gwh"].sel(site="a", year=YEAR).values
    assert start[1:-1:2] == pytest.approx(24.0, abs=1e-6)
    assert start[::2] == pytest.approx(0.0, abs=1e-6)
    if segments:
        return
    # each day's store a cycle of its own: the calm days go unserved
    cyclic = _plan(write, data, slicing="periods", periods=3)
    assert cyclic.summary["by_year"]["unserved_h100e"][0] > 1e5


def test_flexible_training_follows_the_sun(tmp_path, write):
    """Half the fleet's power as work a day, all of it training that may move within its
    window: the plan runs it in the 12 sunny hours at full power and needs no store;
    pinned, the same work needs a battery for the night."""
    day = np.r_[np.zeros(6), np.ones(12), np.zeros(6)]
    data = _case(
        tmp_path,
        {"solar_pv": np.tile(day, 365)},
        load_factor=0.5,
        inference=0.0,
        solar_pv=SOLAR,
        battery=_battery(hours=12, rte=1.0),
    )
    flexible = _plan(write, data, slicing="periods", periods=2)
    assert _capacity(flexible, "solar_pv") == pytest.approx(1.0, rel=1e-6)
    assert _capacity(flexible, "battery") == pytest.approx(0.0, abs=1e-7)
    assert flexible.objective_usd / 1e9 == pytest.approx(_annuity_busd(1000), rel=1e-6)
    load = flexible.data["slice_load_gw"].sel(site="a", year=YEAR)
    assert float(load.max()) == pytest.approx(1.0, rel=1e-6)  # the fleet at full power
    pinned = _plan(write, data, slicing="periods", periods=2, flexibility="none")
    assert _capacity(pinned, "battery") == pytest.approx(0.5, rel=1e-6)
    assert _capacity(pinned, "solar_pv") == pytest.approx(1.0, rel=1e-6)


def test_yearly_option_builds_the_yearly_model(tmp_path, write):
    """--yearly: no slice dimension anywhere (the golden LPs are this model)."""
    data = _case(tmp_path, {"solar_pv": np.full(HOURS, 0.25)}, solar_pv=SOLAR)
    opts = PlanOptions(slicing="yearly")
    pm = build_model(build_inputs(load_scenario(write(data)), opts), opts)
    assert all("slice" not in pm.model.variables[n].labels.dims for n in pm.model.variables)
    assert "power_capacity" not in pm.model.variables


def test_full_hours_are_the_year_in_order(tmp_path, write):
    data = _case(tmp_path, {"solar_pv": np.full(HOURS, 0.25)}, solar_pv=SOLAR)
    inp = build_inputs(load_scenario(write(data)), PlanOptions(slicing="full"))
    assert inp.slices.share.size == HOURS
    assert float(inp.slices.share.sum()) == pytest.approx(1.0)
    assert inp.slices.one_period
    assert float(inp.slices.availability.sel(tech="solar_pv").mean()) == pytest.approx(0.25 * 8.76)


def test_grid_connection_in_service_is_one_variable_per_site_year(tmp_path, write):
    """The slices read the grid connection through one variable per site-year (its vintages
    summed once), not the vintages in every slice's rows; the optimum is worked by hand."""
    data = _case(tmp_path, {"solar_pv": np.full(HOURS, 0.25)}, solar_pv=SOLAR)
    data["sites"]["a"].update(grid_import_gw=2.0, existing={"grid_import_gw": 2.0})
    opts = PlanOptions(slicing="periods", periods=2)
    pm = build_model(build_inputs(load_scenario(write(data)), opts), opts)
    assert "grid_capacity" in pm.model.variables
    matrices = pm.model.matrices
    per_row = np.diff(matrices.A.tocsr().indptr)
    limit = pm.model.constraints["grid_import_limit"].labels.values.ravel()
    rows = np.flatnonzero(np.isin(matrices.clabels, limit[limit >= 0]))
    assert rows.size == 24 and set(per_row[rows]) == {2}  # one flat day; import + the variable
    sliced = _plan(write, data, slicing="periods", periods=2)
    # solar at 0.25 costs 117.5 USD/kW-yr / 2190 h = 54 USD/MWh > the grid's 50: all grid
    assert sliced.objective_usd == pytest.approx(8.76e6 * 50.0, rel=1e-9)
    grid = float(sliced.data["grid_import_twh"].sel(site="a", year=YEAR))
    assert grid == pytest.approx(8.76, rel=1e-6)  # 1 GW all year, all from the grid
    assert _capacity(sliced, "solar_pv") == pytest.approx(0.0, abs=1e-7)


def test_deadline_windows_never_outgrow_the_jobs_window():
    """Windows of consecutive steps within a day: hourly steps fill each window exactly,
    segments start a new window where the next one would overrun it (only a segment
    longer than the window itself spans more)."""
    from types import SimpleNamespace

    from flopgrid.plan.inputs.slices import _windows

    hourly = SimpleNamespace(
        step=np.tile(np.arange(24), 2), step_hours=np.ones(48), n_slices=48, period_hours=24
    )
    assert _windows(hourly, 6).tolist() == list(np.repeat(np.arange(8), 6))
    assert _windows(hourly, 168).tolist() == [0] * 24 + [1] * 24  # cut to the day
    hours = np.array([7, 1, 2, 5, 2, 7, 6, 6, 6, 6], dtype=float)
    steps = np.array([0, 1, 2, 3, 4, 5, 0, 1, 2, 3])
    seg = SimpleNamespace(step=steps, step_hours=hours, n_slices=10, period_hours=24)
    windows = _windows(seg, 6)
    assert windows.tolist() == [0, 1, 1, 2, 3, 4, 5, 6, 7, 8]
    spans = np.bincount(windows, weights=hours)
    assert (spans[spans > 6] == 7).all()  # a single 7-hour segment, nothing merged past 6
