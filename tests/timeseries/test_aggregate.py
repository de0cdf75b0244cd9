"""Time slices: representative periods from tsam, all hours, one yearly slice."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from flopgrid import load_scenario
from flopgrid.scenario.schema import Dispatch
from flopgrid.timeseries.aggregate import full_slices, representative_periods, yearly_slices
from flopgrid.timeseries.profiles import build_profiles


@pytest.fixture(scope="module")
def profiles():
    scn = load_scenario("global-36-fabs")
    sites = ["us-texas", "de-frankfurt"]
    techs = ["solar_pv", "onshore_wind", "gas_ccgt"]
    return build_profiles(scn, sites, techs, 2030, Dispatch(price_shape="dk1-2023"))


@pytest.fixture(scope="module")
def days(profiles):
    return representative_periods(profiles, 12)


def _weighted_mean(data: xr.DataArray, hours: np.ndarray) -> xr.DataArray:
    return (data * xr.DataArray(hours, dims="slice")).sum("slice") / hours.sum()


def test_hours_sum_to_the_year(days):
    assert days.hours.sum() == pytest.approx(8760)
    assert len(days.hours) == days.period_weight.size * 24
    assert np.array_equal(days.hours, days.period_weight[days.period])


def test_weighted_means_equal_the_annual_means(days, profiles):
    # tsam's rescaling (preserve_column_means) keeps every mean; tolerance 1e-6
    error = abs(_weighted_mean(days.availability, days.hours) - profiles.availability.mean("hour"))
    assert float(error.max()) < 1e-6
    assert float(abs(_weighted_mean(days.price_factor, days.hours) - 1).max()) < 1e-6
    assert float(abs(_weighted_mean(days.carbon_factor, days.hours) - 1).max()) < 1e-6
    assert days.notes["max_mean_error"] < 1e-6


def test_period_order_maps_each_day_to_a_period_that_counts_it(days):
    order = days.period_order
    assert order.shape == (365,)
    assert np.array_equal(np.bincount(order, minlength=days.period_weight.size), days.period_weight)
    assert (days.period_weight[order] > 0).all()


def test_n_periods_honoured_plus_the_worst_lull(days, profiles):
    assert days.notes["extreme_periods"] == 1
    assert days.period_weight.size == 12 + 1
    assert days.notes["settings"]["n_periods"] == 12
    # the extreme period is the real day with the least wind and solar
    renewable = profiles.availability.sel(tech=["solar_pv", "onshore_wind"]).mean(("site", "tech"))
    daily = renewable.values.reshape(365, 24).mean(axis=1)
    assert days.notes["lull_real_period"] == int(np.argmin(daily))
    assert days.period_order[int(np.argmin(daily))] == days.notes["lull_period"]
    assert days.period_weight[days.notes["lull_period"]] == 1
    assert {"rmse", "mae", "rmse_duration"} <= set(days.notes["accuracy"])


def test_constant_series_stay_constant(days):
    gas = days.availability.sel(tech="gas_ccgt")
    assert float(abs(gas - 0.85).max()) < 1e-12


def test_full_mode_is_the_hours_themselves(profiles):
    full = full_slices(profiles)
    assert full.period_hours == 8760 and full.hours.sum() == 8760
    assert np.array_equal(full.availability.values, profiles.availability.values)
    assert np.array_equal(full.step, np.arange(8760))
    price = profiles.price_usd_per_mwh
    assert np.allclose(full.price_factor.values, (price / price.mean("hour")).values)


def test_yearly_mode_is_one_slice_of_annual_capacity_factors(profiles):
    yearly = yearly_slices(profiles)
    assert yearly.hours.tolist() == [8760.0] and yearly.period_hours == 1
    assert yearly.period_order.shape == (8760,) and yearly.period_weight.tolist() == [8760.0]
    assert np.allclose(
        yearly.availability.isel(slice=0).values, profiles.availability.mean("hour").values
    )
    assert float(yearly.price_factor.sum()) == 2.0


def test_period_length_must_divide_the_year(profiles):
    with pytest.raises(ValueError, match="must divide"):
        representative_periods(profiles, 4, period_hours=168)


def test_segments_merge_hours_of_a_day_and_keep_every_mean(profiles, days):
    """tsam's segmentation: K steps a day of varying length that cover the day, hours
    weighted by their length so every annual mean holds (1e-6); 24 segments are the
    hours themselves."""
    seg = representative_periods(profiles, 12, segments=6)
    assert seg.steps_per_period == 6 and seg.n_slices == 6 * seg.period_weight.size
    per_day = seg.step_hours.reshape(-1, 6)
    assert (per_day.sum(axis=1) == 24).all() and (per_day >= 1).all()
    assert np.array_equal(seg.start_hour.reshape(-1, 6)[:, 0], np.zeros(len(per_day)))
    assert np.array_equal(seg.hours, seg.period_weight[seg.period] * seg.step_hours)
    error = abs(_weighted_mean(seg.availability, seg.hours) - profiles.availability.mean("hour"))
    assert float(error.max()) < 1e-6
    assert np.array_equal(seg.period_order, days.period_order)  # days are chosen first
    hourly = representative_periods(profiles, 12, segments=24)
    assert np.array_equal(hourly.availability.values, days.availability.values)
    with pytest.raises(ValueError, match=r"segments must be 1\.\.24"):
        representative_periods(profiles, 12, segments=25)
