"""Tenants sharing capped sites, and the cost of capital moving capacity (hand-checked)."""

from __future__ import annotations

import numpy_financial as npf
import pytest

import flopgrid
from flopgrid.cli.finance_cmd import member_table
from flopgrid.results.allocation import allocate
from flopgrid.results.costs import total_pv_usd

from .test_hand_optima import ACC_ANNUITY, DC_ANNUITY_PER_KW, MWH_PER_ACC


def _two_tenants(base, cap_gw=0.6):
    base["sites"]["a"]["max_facility_gw"] = cap_gw  # 0.5 GW IT: 500k accelerators
    base["demand"] = {"by_year": None}
    base["tenants"] = {
        "anchor": {"demand": {"by_year": {2030: 400_000}}, "value_usd_per_h100e_year": 200_000},
        "other": {"demand": {"by_year": {2030: 400_000}}, "value_usd_per_h100e_year": 100_000},
    }
    return base


def test_higher_value_tenant_is_served_first(write, base):
    r = flopgrid.plan(write(_two_tenants(base)))
    t = r.summary["by_tenant"]
    assert t["anchor"]["delivered_h100e"] == [pytest.approx(400_000)]
    assert t["anchor"]["unserved_h100e"] == [pytest.approx(0, abs=1e-3)]
    assert t["other"]["delivered_h100e"] == [pytest.approx(100_000)]
    assert t["other"]["unserved_h100e"] == [pytest.approx(300_000)]
    served = 500_000 * (ACC_ANNUITY + DC_ANNUITY_PER_KW + MWH_PER_ACC * 50)
    assert r.objective_usd == pytest.approx(served + 300_000 * 100_000, rel=1e-6)
    # the cap is worth the lower tenant's value less what serving costs, per GW of facility
    cap = next(b for b in r.bottlenecks if b["constraint"] == "site_cap")
    per_acc = 100_000 - (ACC_ANNUITY + DC_ANNUITY_PER_KW + MWH_PER_ACC * 50)
    assert cap["value"] == pytest.approx(per_acc * 1e6 / 1.2 / 1e9, rel=1e-6)


def test_allocated_costs_sum_to_the_total(write, base):
    r = flopgrid.plan(write(_two_tenants(base)))
    t = r.summary["by_tenant"]
    total = sum(v["cost_pv_usd"] + v["unserved_penalty_pv_usd"] for v in t.values())
    assert total == pytest.approx(r.objective_usd, rel=1e-6)
    assert total_pv_usd(r.data) == pytest.approx(r.objective_usd, rel=1e-9)
    alloc = allocate(r.data)
    assert float(alloc.sum()) == pytest.approx(r.objective_usd, rel=1e-6)
    # shared data-center cost splits by IT power: 400k vs 100k accelerators of 1 kW
    dc = {k: v["cost_pv_by_part_usd"]["datacenters"] for k, v in t.items()}
    assert dc["anchor"] / (dc["anchor"] + dc["other"]) == pytest.approx(0.8, rel=1e-9)
    assert t["anchor"]["usd_per_h100e_year"] == pytest.approx(
        ACC_ANNUITY + DC_ANNUITY_PER_KW + MWH_PER_ACC * 50, rel=1e-6
    )
    assert t["anchor"]["usd_per_accelerator_hour"] == pytest.approx(
        (ACC_ANNUITY + DC_ANNUITY_PER_KW + MWH_PER_ACC * 50) / 8760, rel=1e-6
    )


def test_tenant_rights_restrict_sites_and_export_classes(write, base):
    data = _two_tenants(base, cap_gw=10)
    data["sites"]["b"] = dict(data["sites"]["a"], country="CA", grid_price_usd_per_mwh=80)
    data["tenants"]["anchor"]["sites"] = ["b"]  # the dearer site only
    data["accelerators"]["X"]["export_class"] = "us-advanced"
    data["accelerators"]["Y"] = dict(
        data["accelerators"]["X"], export_class="other", price_usd=60_000
    )
    data["tenants"]["other"]["export_clearance"] = ["other"]
    r = flopgrid.plan(write(data))
    by_t = r.data["accelerators_built_by_tenant"].sel(year=2030)
    assert float(by_t.sel(tenant="anchor", site="a").sum()) == 0
    assert float(by_t.sel(tenant="anchor", site="b").sum()) == pytest.approx(400_000)
    assert float(by_t.sel(tenant="other", gen="X").sum()) == 0
    assert float(by_t.sel(tenant="other", gen="Y").sum()) == pytest.approx(400_000)


def _identical_sites(base, by_country):
    base["sites"]["b"] = dict(base["sites"]["a"], country="CA")
    base["finance"] = {
        "cost_of_capital": {
            "default": 0.1,
            "by_country": by_country,
            "add_country_risk_premium": False,
        }
    }
    return base


@pytest.mark.parametrize(("cheap", "site"), [("US", "a"), ("CA", "b")])
def test_cost_of_capital_moves_capacity_between_identical_sites(write, base, cheap, site):
    r = flopgrid.plan(write(_identical_sites(base, {cheap: 0.05})))
    it = r.data["it_power_gw"].sel(year=2030)
    assert float(it.sel(site=site)) == pytest.approx(1.0, rel=1e-6)
    assert float(it.sum()) == pytest.approx(1.0, rel=1e-6)


def test_member_cash_flows_npv_and_irr(write, base):
    data = _two_tenants(base)
    data["years"] = {"start": 2030, "end": 2034}
    data["tenants"]["anchor"]["demand"]["by_year"] = {2030: 400_000}
    data["finance"] = {
        "members": {
            "developer": {"shares": {"datacenters": 1.0, "power": 1.0}},
            "investor": {"shares": {"accelerators": 0.6}},
            "anchor-co": {"shares": {"accelerators": 0.4}},
        },
        "lease_usd_per_h100e_year": 30_000,
        "cost_of_capital": {"default": 0.07},  # the plan discounts at 10%
    }
    r = flopgrid.plan(write(data))
    members = r.summary["by_member"]
    # members' NPV is at the cost of capital, and the table says so (not the plan's 10%)
    for m in members.values():
        assert m["npv_rate"] == 0.07
        assert m["npv_usd"] == pytest.approx(npf.npv(0.07, m["cash_flow_usd"]), rel=1e-12)
    title = member_table(r.summary)[2]
    assert title.endswith("(sums undiscounted; NPV at 7%/yr to 2030)")
    # nobody owns fabs, but none are built: an "unallocated" row would hold only zeros
    assert set(members) == {"developer", "investor", "anchor-co"}
    capex = sum(sum(m["capex_usd"]) for m in members.values())
    assert capex == pytest.approx(r.summary["totals"]["capex_usd"], rel=1e-9)
    inv, anc = members["investor"], members["anchor-co"]
    assert sum(inv["capex_usd"]) == pytest.approx(1.5 * sum(anc["capex_usd"]), rel=1e-9)
    for m in (inv, anc, members["developer"]):
        assert m["irr"] == pytest.approx(npf.irr(m["cash_flow_usd"]), rel=1e-9)
        assert npf.npv(m["irr"], m["cash_flow_usd"]) == pytest.approx(
            0, abs=1e-3 * max(abs(v) for v in m["cash_flow_usd"])
        )
    revenue = sum(sum(m["revenue_usd"]) for m in members.values())
    served = sum(
        min(d, s)
        for d, s in zip(
            r.summary["by_tenant"]["anchor"]["demand_h100e"],
            r.summary["by_tenant"]["anchor"]["delivered_h100e"],
            strict=True,
        )
    ) + sum(
        min(d, s)
        for d, s in zip(
            r.summary["by_tenant"]["other"]["demand_h100e"],
            r.summary["by_tenant"]["other"]["delivered_h100e"],
            strict=True,
        )
    )
    assert revenue == pytest.approx(30_000 * served, rel=1e-9)


def test_tenants_with_world_demand_is_an_error(write, base):
    data = _two_tenants(base)
    data["demand"] = {"by_year": {2030: 1}}
    with pytest.raises(flopgrid.ScenarioError, match="demand is given per tenant"):
        flopgrid.load_scenario(write(data))


def test_shares_over_one_is_an_error(write, base):
    base["finance"] = {
        "members": {"a": {"shares": {"power": 0.7}}, "b": {"shares": {"power": 0.5}}}
    }
    with pytest.raises(flopgrid.ScenarioError, match=r"sum to 1\.2"):
        flopgrid.load_scenario(write(base))


def test_members_owning_one_site_each_are_charted_as_by_member_states(write, base):
    """Per-site shares: two members each owning all of one site. ``by_member`` and the
    capital Sankey read the same ownership; nothing is left unallocated (issue 13)."""
    from flopgrid.report.finance import capital_sankey

    base["sites"]["b"] = {**base["sites"]["a"], "grid_price_usd_per_mwh": 55}
    base["sites"]["a"]["max_facility_gw"] = 0.6  # both sites must build
    base["finance"] = {"members": {"ma": {"shares": {"a": 1.0}}, "mb": {"shares": {"b": 1.0}}}}
    r = flopgrid.plan(write(base))
    members = r.summary["by_member"]
    assert set(members) == {"ma", "mb"}  # no "unallocated": the two sites are all owned
    capex = r.summary["capex_by_class_usd"]
    for cls in ("accelerators", "datacenters"):
        owned = members["ma"]["capex_by_class_usd"][cls] + members["mb"]["capex_by_class_usd"][cls]
        assert owned == pytest.approx(sum(capex[cls]), rel=1e-9)
        assert members["ma"]["capex_by_class_usd"][cls] > 0
        assert members["mb"]["capex_by_class_usd"][cls] > 0
    sankey = capital_sankey(r).data[0]
    labels = sankey.node["label"]
    for name in ("ma", "mb"):
        node = labels.index(f"{name} (member)")
        links = zip(sankey.link["source"], sankey.link["value"], strict=True)
        flows = sum(v for s, v in links if s == node)
        stated = sum(members[name]["capex_by_class_usd"].values()) / 1e9
        assert flows == pytest.approx(stated, rel=1e-9)
    assert not any("unallocated" in str(lbl) for lbl in labels)
