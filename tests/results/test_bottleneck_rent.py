"""The rent of each row (|dual| x size) read in numpy equals xarray's aligned product."""

from __future__ import annotations

import numpy as np
import xarray as xr

from flopgrid.results.bottlenecks import _rent_rows


def _expected(dual: xr.DataArray, size: xr.DataArray) -> np.ndarray:
    rent = dual * size.broadcast_like(dual)
    return rent.transpose("site", "gen", "year").values.reshape(-1, dual.sizes["year"])


def test_rent_rows_on_the_same_labels_and_on_other_labels():
    rng = np.random.default_rng(3)
    coords = {"year": [2030, 2031, 2032], "site": ["a", "b"], "gen": ["x", "y", "z", "w"]}
    dual = xr.DataArray(rng.random((3, 2, 4)), dims=("year", "site", "gen"), coords=coords)
    # fewer dims, other order (the numpy path), a NaN where a size is unknown
    size = xr.DataArray(
        rng.random((4, 3)),
        dims=("gen", "year"),
        coords={"gen": coords["gen"], "year": coords["year"]},
    )
    size[1, 2] = np.nan
    got = _rent_rows(dual, size, ["site", "gen"])
    np.testing.assert_array_equal(got, _expected(dual, size))
    # labels in another order (aligned by xarray)
    shuffled = size.isel(gen=[2, 0, 3, 1])
    got = _rent_rows(dual, shuffled, ["site", "gen"])
    np.testing.assert_array_equal(got, _expected(dual, shuffled))
