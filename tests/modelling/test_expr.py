"""The sparse builder gives the models linopy gives: expressions, variables, constraints."""

from __future__ import annotations

import warnings

import linopy
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from flopgrid.modelling import Expr, add_limit
from flopgrid.modelling.variable import add_variable

warnings.filterwarnings("ignore", category=FutureWarning)

SITE = pd.Index(["a", "b", "c"], name="site")
YEAR = pd.Index([2025, 2026], name="year")
TECH = pd.Index(["pv", "gas"], name="tech")


def _pair():
    """The same two variables in two models: one by linopy, one by add_variable."""
    rng = np.random.default_rng(3)
    mask = xr.DataArray(rng.random((3, 2, 2)) > 0.3, coords=[SITE, TECH, YEAR])
    upper = xr.DataArray([5.0, 7.0], coords=[YEAR])
    out = []
    for fast in (False, True):
        m = linopy.Model(force_dim_names=True)
        if fast:
            x = add_variable(
                m, "x", [SITE, TECH, YEAR], mask=mask.transpose("year", "tech", "site")
            )
            y = add_variable(m, "y", [SITE, YEAR], upper=upper, integer=True)
        else:
            x = m.add_variables(lower=0, coords=[SITE, TECH, YEAR], name="x", mask=mask)
            y = m.add_variables(lower=0, upper=upper, coords=[SITE, YEAR], name="y", integer=True)
        out.append((m, x, y))
    return out


def test_add_variable_makes_linopys_variable():
    (_, x0, y0), (_, x1, y1) = _pair()
    assert x0.data.identical(x1.data)
    assert y0.data.identical(y1.data)


def _value(expr: linopy.LinearExpression, x: np.ndarray) -> xr.DataArray:
    vars_ = expr.vars
    terms = xr.where(vars_ >= 0, expr.coeffs * x[np.maximum(vars_.values, 0)], 0.0)
    return terms.sum("_term") + expr.const


def test_expr_arithmetic_matches_linopy():
    (m, x, y), _ = _pair()
    point = np.random.default_rng(5).random(m._xCounter)
    credit = xr.DataArray([0.2, 0.9], coords=[TECH])
    weight = xr.DataArray([1.0, 2.0, 0.5], coords=[SITE])
    rhs = xr.DataArray([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], coords=[SITE, YEAR])
    dense = (x.fillna(0) * credit).sum("tech") - 2.0 * y.fillna(0) * weight + rhs
    fast = (Expr.of(x) * credit).sum("tech") - 2.0 * Expr.of(y) * weight + rhs
    expected = _value(dense, point).transpose("site", "year")
    np.testing.assert_allclose(fast.value(point).values, expected.values, rtol=1e-12)
    total = (Expr.of(x).sum() + Expr.of(y).sum(["site"])).value(point)
    assert list(total.dims) == ["year"]
    np.testing.assert_allclose(
        total.values, _value(x.fillna(0).sum() + y.fillna(0).sum("site"), point).values
    )
    with pytest.raises(ValueError, match="region"):
        Expr.of(x).sum("region")


def test_sparse_limit_makes_the_same_rows_as_linopy(tmp_path):
    lps = []
    for sparse in (False, True):
        (m, x, y), _ = _pair()
        rhs = xr.DataArray([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], coords=[SITE, YEAR])
        lhs = (x.fillna(0)).sum("tech") - y.fillna(0)
        lhs = Expr.of(lhs) if sparse else lhs
        add_limit(m, lhs, "<=", rhs, "cap", elastic=False)
        add_limit(m, lhs, ">=", rhs.where(rhs > 2, np.inf) * 0 - 9, "floor", elastic=False)
        m.add_objective(3 * y.fillna(0).sum() - x.fillna(0).sum())
        m.solve(solver_name="highs", io_api="direct")
        lps.append((m.constraints["cap"].ncons, m.constraints["floor"].ncons, m.objective.value))
    assert lps[0] == pytest.approx(lps[1], rel=1e-12)
    assert lps[0][:2] == (6, 4)  # an infinite rhs is no row


def test_cumsum_and_rename_match_linopy():
    import linopy

    m = linopy.Model()
    years = pd.Index([2030, 2031, 2032], name="year")
    sites = pd.Index(["a", "b"], name="site")
    x = m.add_variables(lower=0, coords=[sites, years], name="x")
    ours = Expr.of(x).cumsum("year").rename(site="place")
    theirs = Expr.of(x.to_linexpr().cumsum("year").rename(site="place"))
    assert ours.dims == theirs.dims == ("place", "year")
    assert (ours.csr != theirs.csr).nnz == 0
