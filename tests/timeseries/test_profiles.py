"""Hourly profiles: pvlib solar day length and season, wind calibration, CSV import."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flopgrid.timeseries.csvio import SeriesError, read_series_csv
from flopgrid.timeseries.solar import clear_sky, plane_cf, solar_cf, solar_profile
from flopgrid.timeseries.typical import nearest_station
from flopgrid.timeseries.wind import ar1_weibull, cf_from_speed, wind_cf

TIMES = pd.date_range("2023-01-01", periods=8760, freq="h", tz="UTC")


def _daylight_hours(cf: np.ndarray, day: str) -> int:
    return int((pd.Series(cf, index=TIMES).loc[day] > 0).sum())


def test_solar_day_length_at_the_equator_is_twelve_hours_all_year():
    cf = solar_cf(0.0, 0.0, TIMES)
    for day in ("2023-03-21", "2023-06-21", "2023-12-21"):
        assert _daylight_hours(cf, day) in (12, 13)


def test_solar_at_60n_has_long_summer_and_short_winter_days():
    cf = solar_cf(60.0, 10.0, TIMES)
    assert _daylight_hours(cf, "2023-06-21") >= 18  # ~18.8 h of daylight
    assert _daylight_hours(cf, "2023-12-21") <= 7  # ~5.9 h
    series = pd.Series(cf, index=TIMES)
    assert series.loc["2023-06"].mean() > 3 * series.loc["2023-12"].mean()


def test_solar_scaled_to_the_dataset_capacity_factor():
    cf = solar_cf(24.4, 54.4, TIMES, annual_cf=0.21)
    assert cf.mean() == pytest.approx(0.21, rel=1e-6)
    assert cf.max() <= 1.0 and cf.min() >= 0.0


def test_typical_year_weather_used_near_its_station():
    assert nearest_station(36.0, -80.0) is not None
    assert nearest_station(24.4, 54.4) is None
    clear = plane_cf(36.1, clear_sky(36.1, -79.95, TIMES))
    cloudy = solar_profile(36.1, -79.95, TIMES, None, seed=1)
    assert cloudy.label == "typical-year" and "Greensboro" in cloudy.method
    assert cloudy.cf.mean() < 0.9 * clear.mean()


@pytest.mark.parametrize("target", [0.25, 0.35, 0.46])
def test_wind_model_reproduces_its_annual_capacity_factor(target):
    cf = wind_cf(24.4, 54.4, TIMES, target, seed=7)
    assert cf.mean() == pytest.approx(target, rel=0.02)
    # autocorrelated like weather, not white noise
    assert np.corrcoef(cf[:-1], cf[1:])[0, 1] > 0.8


def test_wind_speeds_follow_the_weibull_and_the_power_curve():
    v = ar1_weibull(200_000, seed=1, k=2.0, scale=8.0)
    # Weibull(k=2, c=8) mean = 8 * Gamma(1.5) = 7.09 m/s
    assert v.mean() == pytest.approx(7.09, rel=0.03)
    assert cf_from_speed(2.0) == 0.0 and cf_from_speed(15.0) == 1.0 and cf_from_speed(26.0) == 0.0


def _write(tmp_path, text: str):
    path = tmp_path / "series.csv"
    path.write_text(text)
    return path


def test_csv_import_reads_units_and_converts(tmp_path):
    rows = "\n".join(f"2030-01-01 {h:02d}:00,0.5,40,400" for h in range(24))
    path = _write(tmp_path, "time [UTC],a_solar [cf],price [USD/MWh],carbon [gCO2/kWh]\n" + rows)
    table = read_series_csv(path, expected_hours=24)
    assert table.quantities == {
        "a_solar": "capacity_factor",
        "price": "price_usd_per_mwh",
        "carbon": "carbon_t_per_mwh",
    }
    assert table.data["carbon"].iloc[0] == pytest.approx(0.4)
    assert str(table.data.index.tz) == "UTC"


def test_csv_import_rejects_a_gap(tmp_path):
    path = _write(tmp_path, "time [UTC],a_solar [cf]\n2030-01-01 00:00,0\n2030-01-01 03:00,0\n")
    with pytest.raises(SeriesError) as info:
        read_series_csv(path)
    message = str(info.value)
    assert f"{path}:3 time [UTC]" in message and "gap of 3 hours" in message


def test_csv_import_rejects_a_duplicate_hour(tmp_path):
    text = "time [UTC],a_solar [cf]\n2030-01-01 00:00,0\n2030-01-01 01:00,0\n2030-01-01 01:00,0\n"
    with pytest.raises(SeriesError) as info:
        read_series_csv(_write(tmp_path, text))
    assert ":4 time [UTC]: duplicate hour 2030-01-01 01:00 UTC (first at line 3)" in str(info.value)


def test_csv_import_rejects_a_wrong_unit(tmp_path):
    text = "time [UTC],a_solar [kWh]\n2030-01-01 00:00,0\n"
    with pytest.raises(SeriesError) as info:
        read_series_csv(_write(tmp_path, text))
    message = str(info.value)
    assert ":1 a_solar [kWh]: unit 'kWh' not understood" in message and "cf" in message


def test_csv_import_rejects_missing_time_zone_and_wrong_length(tmp_path):
    with pytest.raises(SeriesError, match="no time zone"):
        read_series_csv(_write(tmp_path, "time,a_solar [cf]\n2030-01-01 00:00,0\n"))
    text = "time,a_solar [cf]\n2030-01-01T00:00+04:00,0\n2030-01-01T01:00+04:00,0\n"
    with pytest.raises(SeriesError, match="has 2 hours, expected 8760"):
        read_series_csv(_write(tmp_path, text), expected_hours=8760)


def test_csv_import_rejects_capacity_factor_out_of_range(tmp_path):
    text = "time [+04:00],a_solar [cf]\n2030-01-01 00:00,1.5\n"
    with pytest.raises(SeriesError, match=r":2 a_solar: capacity factor 1.5 outside \[0, 1\]"):
        read_series_csv(_write(tmp_path, text))
