"""The dispatch report's figures over a full year: one bar a day (365, not 8,760 hourly
bars) whose energy adds up to the hours', and hourly views that open on a week."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from flopgrid.report import dispatch as rd
from flopgrid.report._common import label

HOURS = 8760  # 2030 is not a leap year


def _result(times: pd.DatetimeIndex, seed: int = 3) -> SimpleNamespace:
    """A dispatch Result's data for two sites with random (but seeded) hourly operation:
    everything the figures read, nothing solved."""
    rng = np.random.default_rng(seed)
    n, sites, techs = len(times), ["a", "b"], ["solar_pv", "gas_ccgt"]
    gen = rng.uniform(0, 2, (2, 2, n))
    gen[1, 0] = 0.0  # site b has no solar: its trace is left out
    charge, discharge = rng.uniform(0, 0.3, (2, n)), rng.uniform(0, 0.3, (2, n))
    imp = rng.uniform(0, 1, (2, n))
    load = gen.sum(axis=1) + imp + discharge - charge

    def da(values, *dims):
        return (dims, values)

    data = xr.Dataset(
        {
            "generation_gw": da(gen, "site", "tech", "time"),
            "grid_import_gw": da(imp, "site", "time"),
            "storage_discharge_gw": da(discharge, "site", "time"),
            "storage_charge_gw": da(charge, "site", "time"),
            "facility_power_gw": da(load, "site", "time"),
            "state_of_charge_gwh": da(rng.uniform(0, 2, (2, n)), "site", "time"),
            "served_h100e": da(rng.uniform(0, 1e6, (2, n)), "site", "time"),
            "utilisation": da(rng.uniform(0, 1, (2, n)), "site", "time"),
            "unserved_inference_h100e": da(rng.uniform(0, 1e4, (n, 1)), "time", "zone"),
            "unserved_training_h100e": da(rng.uniform(0, 1e4, (1, n)), "job", "time"),
        },
        coords={
            "site": sites,
            "tech": techs,
            "time": np.arange(n),
            "timestamp": ("time", times),
            "zone": ["z"],
            "job": ["j"],
        },
    )
    return SimpleNamespace(data=data)


@pytest.fixture(scope="module")
def year():
    result = _result(pd.date_range("2030-01-01", periods=HOURS, freq="h"))
    return result, rd.figures(result)


def test_power_opens_on_365_daily_bars_whose_energy_is_the_hours(year) -> None:
    result, figs = year
    d = result.data.sel(site="a")
    fig = figs["power_a"]
    bars = [t.name for t in fig.data if t.type == "bar"]
    for t in fig.data:  # a point a day, no hourly trace
        assert len(t.y) == 365, t.name
    hourly = {  # [GW] over one-hour steps: [GWh], re-derived from the dataset
        "grid import": d["grid_import_gw"].to_numpy(),
        "storage discharge": d["storage_discharge_gw"].to_numpy(),
        "storage charging": -d["storage_charge_gw"].to_numpy(),
        "facility load": d["facility_power_gw"].to_numpy(),
    }
    for tech in ("solar_pv", "gas_ccgt"):
        hourly[label(tech)] = d["generation_gw"].sel(tech=tech).to_numpy()
    traces = {t.name: np.asarray(t.y, float) for t in fig.data}
    assert set(traces) == set(hourly) and len(bars) == 5
    for name, y in hourly.items():
        assert traces[name].sum() == pytest.approx(y.sum(), rel=1e-12), name
        # day 100 (10 April) is the sum of its 24 hours
        assert traces[name][100] == pytest.approx(y[2400:2424].sum(), rel=1e-12), name
    # bars stack (charging below zero) to the load, day by day
    stacked = sum(traces[n] for n in bars)
    assert np.allclose(stacked, traces["facility load"])
    assert fig.layout.barmode == "relative" and fig.layout.xaxis.type == "date"


def test_hourly_views_open_on_a_week_with_a_slider(year) -> None:
    result, figs = year
    for name in ("power_a_hourly", "power_b_hourly", "work_by_site_hourly", "state_of_charge"):
        fig = figs[name]
        axis = fig.layout.xaxis
        assert axis.type == "date" and axis.rangeslider.visible, name
        span = pd.Timestamp(axis.range[1]) - pd.Timestamp(axis.range[0])
        assert span == pd.Timedelta(days=7), name
        labels = [b.label for b in axis.rangeselector.buttons]
        assert labels == ["day", "week", "month", "all"], name
        for t in fig.data:  # every hour, placed by a start and a one-hour step
            assert len(t.y) == HOURS and t.x is None, (name, t.name)
            assert t.dx == 3_600_000 and pd.Timestamp(t.x0) == pd.Timestamp("2030-01-01")
    # the hourly power of site a is its hours, to float32 precision
    gas = next(t for t in figs["power_a_hourly"].data if "gas" in t.name)
    expected = result.data["generation_gw"].sel(site="a", tech="gas_ccgt").to_numpy()
    assert np.allclose(np.asarray(gas.y, float), expected, rtol=1e-6)
    # site b never runs solar: no trace for it
    assert not any("solar" in t.name for t in figs["power_b_hourly"].data)


def test_work_a_day_is_the_daily_mean_and_unserved_is_drawn(year) -> None:
    result, figs = year
    fig = figs["work_by_site"]
    served = {t.name: np.asarray(t.y, float) for t in fig.data}
    assert set(served) == {"a", "b", "unserved"} and all(len(y) == 365 for y in served.values())
    hours = result.data["served_h100e"].sel(site="b").to_numpy()
    assert served["b"] == pytest.approx(hours.reshape(365, 24).mean(axis=1), rel=1e-12)


def test_chosen_weeks_keep_their_timestamps() -> None:
    """A dispatch of weeks 1 and 26 is not contiguous: hourly traces carry every time,
    and the days are the 14 the weeks cover."""
    start = pd.Timestamp("2030-01-01")
    times = pd.DatetimeIndex(
        [
            *pd.date_range(start, periods=168, freq="h"),
            *pd.date_range(start + pd.Timedelta(weeks=25), periods=168, freq="h"),
        ]
    )
    figs = rd.figures(_result(times))
    assert all(len(t.y) == 14 for t in figs["power_a"].data)
    hourly = figs["power_a_hourly"].data[0]
    assert hourly.x0 is None and len(hourly.x) == 336
