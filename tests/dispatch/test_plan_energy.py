"""Plan and dispatch share one definition of a year's energy: IT power x PUE x the
data-center design's load factor x 8760 h (issue 13)."""

from __future__ import annotations

import pytest

import flopgrid
from flopgrid.dispatch.run import dispatch


@pytest.mark.slow
def test_dispatch_of_a_planned_fleet_draws_the_plans_energy():
    result = flopgrid.plan("abu-dhabi-5gw")
    year = 2030
    planned_twh = float(result.data["energy_twh"].sel(year=year).sum())
    run = dispatch(result, year=year)
    totals = run.summary["totals"]
    # the campus' grid connection (5.75 GW) covers its 5 GW at every hour: all work runs
    assert totals["unserved_share"] < 1e-9
    assert totals["energy_twh"] == pytest.approx(planned_twh, rel=1e-6)
