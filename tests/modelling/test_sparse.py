"""weighted_sum gives the same linear expression as linopy's multiply-and-sum, with fewer terms."""

from __future__ import annotations

import warnings

import linopy
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from flopgrid.modelling.sparse import weighted_sum

warnings.filterwarnings("ignore", category=FutureWarning)


def _value(expr: linopy.LinearExpression, x: np.ndarray) -> xr.DataArray:
    """Evaluate ``expr`` at variable values ``x`` (indexed by label), by hand."""
    vars_ = expr.vars
    terms = xr.where(vars_ >= 0, expr.coeffs * x[np.maximum(vars_.values, 0)], 0.0)
    return terms.sum("_term") + expr.const


@pytest.fixture
def model():
    rng = np.random.default_rng(7)
    m = linopy.Model(force_dim_names=True)
    site = pd.Index(["a", "b", "c", "d"], name="site")
    gen = pd.Index(["g1", "g2", "g3"], name="gen")
    vintage = pd.Index([2025, 2026, 2027], name="vintage")
    tenant = pd.Index(["t1", "t2"], name="tenant")
    mask = xr.DataArray(
        rng.random((4, 3, 3, 2)) > 0.4,
        coords=[site, gen, vintage, tenant],
    )
    acc = m.add_variables(lower=0, coords=[site, gen, vintage, tenant], name="acc", mask=mask)
    x = rng.random(acc.labels.values.max() + 1)
    year = pd.Index([2025, 2026, 2027], name="year")
    active = xr.DataArray(
        (vintage.values[:, None] <= year.values[None, :])
        & (year.values[None, :] < vintage.values[:, None] + 2),
        coords=[vintage, year],
    ).astype(float)
    per_gen = xr.DataArray([0.7, 0.0, 2.5], coords=[gen])  # g2 weighs nothing
    return acc, x, active, per_gen


def test_matches_linopy_spreading_over_a_new_dimension(model):
    acc, x, active, per_gen = model
    weight = active * per_gen
    dense = (acc.fillna(0) * weight).sum(["gen", "vintage"])
    sparse = weighted_sum(acc, weight, ["site", "year", "tenant"])
    expected = _value(dense, x).transpose("site", "year", "tenant")
    np.testing.assert_allclose(_value(sparse, x).values, expected.values, rtol=1e-12)
    # only existing slots with a non-zero weight are terms
    n_real = int(((dense.vars >= 0) & (dense.coeffs != 0)).sum())
    assert int((sparse.vars >= 0).sum()) == n_real
    assert sparse.sizes["_term"] < dense.sizes["_term"]


def test_matches_linopy_summing_everything_and_grouping(model):
    acc, x, _, per_gen = model
    total = weighted_sum(acc, per_gen, [])
    assert float(_value(total, x)) == pytest.approx(
        float(_value((acc.fillna(0) * per_gen).sum(), x)), rel=1e-12
    )
    country = xr.DataArray(["X", "Y", "X", None], coords=[acc.labels.indexes["site"]])
    grouped = weighted_sum(acc, per_gen, ["country", "vintage"], groups={"country": country})
    value = _value(grouped, x)
    assert list(value.indexes["country"]) == ["X", "Y"]
    by_site = _value((acc.fillna(0) * per_gen).sum(["gen", "tenant"]), x)
    np.testing.assert_allclose(
        value.sel(country="X").values, by_site.sel(site=["a", "c"]).sum("site").values
    )  # site d is in no country and is left out
    np.testing.assert_allclose(value.sel(country="Y").values, by_site.sel(site="b").values)


def test_rejects_bad_weights_and_dimensions(model):
    acc, _, _, per_gen = model
    with pytest.raises(ValueError, match="non-finite"):
        weighted_sum(acc, per_gen * np.nan, ["site"])
    with pytest.raises(ValueError, match="'region'"):
        weighted_sum(acc, per_gen, ["region"])
