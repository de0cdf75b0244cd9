"""A yearly plan that leans on wind and solar says so (issue 16)."""

import numpy as np
import xarray as xr

from flopgrid.results.notices import VARIABLE_SHARE_TO_WARN, yearly_plan_warnings

WEATHER = ["onshore_wind"]


def _data(wind_twh: float, gas_twh: float, grid_twh: float = 0.0) -> xr.Dataset:
    coords = {"site": ["a", "b"], "tech": ["onshore_wind", "gas_ccgt"], "year": [2030, 2031]}
    gen = np.zeros((2, 2, 2))
    gen[0, 0, :] = wind_twh
    gen[0, 1, :] = gas_twh
    gen[1, 1, :] = 5.0  # site b: gas only
    grid = xr.DataArray(
        np.full((2, 2), grid_twh), coords={"site": ["a", "b"], "year": [2030, 2031]}
    )
    return xr.Dataset({"generation_twh": xr.DataArray(gen, coords=coords), "grid_import_twh": grid})


def test_a_site_mostly_on_wind_is_named_with_its_share():
    (sentence,) = yearly_plan_warnings(_data(wind_twh=3.0, gas_twh=1.0), WEATHER)
    assert sentence.startswith("wind and solar give as much as 75% of a year's energy at a;")
    assert " b " not in sentence
    assert "--periods 12" in sentence and "flopgrid dispatch" in sentence


def test_grid_imports_count_in_the_share():
    # 1 TWh of wind of 1 + 1 + 8 TWh = 10 %: under the threshold
    assert VARIABLE_SHARE_TO_WARN > 0.1
    assert yearly_plan_warnings(_data(wind_twh=1.0, gas_twh=1.0, grid_twh=8.0), WEATHER) == []


def test_no_wind_or_solar_no_warning():
    assert yearly_plan_warnings(_data(wind_twh=0.0, gas_twh=2.0), WEATHER) == []


def test_a_small_first_year_does_not_count():
    data = _data(wind_twh=0.0, gas_twh=10.0)
    data["generation_twh"].loc[{"site": "a", "tech": "onshore_wind", "year": 2030}] = 0.5
    data["generation_twh"].loc[{"site": "a", "tech": "gas_ccgt", "year": 2030}] = 0.0
    # 2030: 0.5 TWh, all wind, but 5 % of 2031's 10 TWh of gas
    assert yearly_plan_warnings(data, WEATHER) == []


def test_several_sites_read_as_a_sentence():
    data = _data(wind_twh=3.0, gas_twh=1.0)
    data["generation_twh"].loc[{"site": "b", "tech": "onshore_wind"}] = 5.0  # b: 50 % wind
    (sentence,) = yearly_plan_warnings(data, WEATHER)
    assert "as much as 75% of a year's energy at a and 50% at b;" in sentence
