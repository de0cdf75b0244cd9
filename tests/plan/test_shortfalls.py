"""Every year with unserved compute is explained, with or without a dual (issue 13)."""

from __future__ import annotations

import pytest

import flopgrid
from flopgrid import PlanOptions


def _unserved_years(result) -> set[int]:
    by = result.summary["by_year"]
    return {y for y, u in zip(result.years, by["unserved_h100e"], strict=True) if u > 0.5}


def _covered_years(result) -> set[int]:
    return {y for b in result.summary["bottlenecks"] for y in b["years"]}


@pytest.mark.slow
def test_a_tighter_campus_cap_explains_every_unserved_year():
    r = flopgrid.plan("abu-dhabi-5gw", ["sites.abu-dhabi.max_facility_gw=3"])
    unserved = _unserved_years(r)
    assert 2028 in unserved
    assert unserved <= _covered_years(r)
    cap = [b for b in r.bottlenecks if b["constraint"] == "site_cap"]
    assert cap and len(cap[0]["years"]) > 1  # a span, with a rent for each of its years
    assert len(cap[0]["rent_by_year_usd"]) == len(cap[0]["years"])
    why_2028 = [b for b in r.bottlenecks if 2028 in b["years"]]
    assert any(b["constraint"] == "unserved_value" for b in why_2028)


@pytest.mark.slow
def test_milp_reads_duals_from_the_lp_with_its_integers_fixed():
    r = flopgrid.plan("global-36-fabs", options=PlanOptions(milp=True))
    assert r.bottlenecks, "a MILP plan names what binds"
    assert "fixed" in r.meta["solver"]["duals_from"]
    new_fabs = r.summary["by_year"]["new_fabs"]
    assert all(abs(n - round(n)) < 1e-6 for n in new_fabs)


def test_data_centers_that_cannot_be_ready_are_named(write, base):
    base["years"] = {"start": 2030, "end": 2031}
    base["datacenter_designs"]["d"]["lead_years"] = 3  # ready in 2033: after the horizon
    r = flopgrid.plan(write(base))
    assert _unserved_years(r) == {2030, 2031}
    (entry,) = [b for b in r.bottlenecks if b["constraint"] == "datacenter_lead_time"]
    assert entry["years"] == [2030, 2031] and "cannot within the horizon" in entry["explanation"]
    assert _unserved_years(r) <= _covered_years(r)


def test_an_accelerator_not_yet_on_sale_is_named(write, base):
    base["years"] = {"start": 2030, "end": 2032}
    base["accelerators"]["X"]["available_from"] = 2031
    r = flopgrid.plan(write(base))
    assert _unserved_years(r) == {2030}
    (entry,) = [b for b in r.bottlenecks if b["constraint"] == "availability"]
    assert entry["years"] == [2030] and "first year it can is 2031" in entry["explanation"]
