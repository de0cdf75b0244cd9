"""Fixtures for sweep tests: a tiny scenario (tests/cases/one_site.yaml) and a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

ONE_SITE = str(Path(__file__).parents[1] / "cases" / "one_site.yaml")

#: a 2-factor Monte Carlo design on the one-site case (each run solves in ~2 s)
VARY = [
    "demand.by_year=*uniform(0.5, 1.5)",
    "sites.a.grid_price_usd_per_mwh=triangular(20, 50, 120)",
]


@pytest.fixture
def store(tmp_path) -> Path:
    return tmp_path / "runs" / "flopgrid.duckdb"
