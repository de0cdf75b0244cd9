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
    r = flopgrid.plan("abu-dhabi-5gw", ["sites.abu-dhabi.max_facility_gw=1.5"])
    unserved = _unserved_years(r)
    assert unserved  # a 1.5 GW cap leaves compute unserved in several years
    assert unserved <= _covered_years(r)
    cap = [b for b in r.bottlenecks if b["constraint"] == "site_cap"]
    assert cap and len(cap[0]["years"]) > 1  # a span, with a rent for each of its years
    assert len(cap[0]["rent_by_year_usd"]) == len(cap[0]["years"])
    # a year the cap does not bind in is still explained, by something other than the cap
    for year in unserved - set(cap[0]["years"]):
        assert any(b["constraint"] != "site_cap" for b in r.bottlenecks if year in b["years"])


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


def test_a_site_with_only_storage_to_build_has_no_power(write, base):
    """A battery stores energy but supplies none: with no generator and no grid the shortfall
    is the power lead time, not a value judgement ("would cost more than its value")."""
    base["sites"]["a"]["grid_import_gw"] = 0
    base["sites"]["a"]["build"] = ["battery"]
    base["power"]["battery"] = {
        "kind": "storage",
        "capex_usd_per_kw": 300,
        "capex_usd_per_kwh": 250,
        "duration_hours": 4,
        "round_trip_efficiency": 0.85,
        "lifetime_years": 15,
    }
    r = flopgrid.plan(write(base))
    assert _unserved_years(r) == {2030}
    (entry,) = r.bottlenecks
    assert entry["constraint"] == "power_lead_time"
    assert entry["explanation"].startswith("compute of all goes unserved in 2030")
