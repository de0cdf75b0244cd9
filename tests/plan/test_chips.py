"""The chip side worked out by hand: good dies from die area, a wafer pool that binds and its
dual, the first-year ramp, early retirement when (and only when) it is cheaper, compute per
precision, and export rules on accelerators and on HBM."""

from __future__ import annotations

import math

import pytest

import flopgrid
from flopgrid import load_scenario, yields
from flopgrid.plan import build_inputs

CRF = 0.1 / (1 - 1.1**-5)  # 10 %, 5 years: 0.263797
HOURS = 8760.0
DC_ANNUITY_PER_KW = 10_000 * 0.1 / (1 - 1.1**-20)  # USD per kW IT-year (one_site design)
MWH_PER_KW = 1.2 * 0.8 * HOURS / 1000  # PUE 1.2 x load factor 0.8 x 8760 h, per kW IT


def test_gross_dies_and_yield_by_hand():
    # a 10 x 10 mm die on a 300 mm wafer, no edge or scribe:
    # pi 300^2 / (4 x 100) - pi 300 / sqrt(2 x 100) = 706.858 - 66.643 = 640.215
    gross = yields.gross_dies_per_wafer(100.0, 300.0, 0.0, 0.0)
    assert gross == pytest.approx(706.8583 - 66.6432, abs=1e-3)
    # 1 cm2 at 0.1 defects/cm2
    assert yields.die_yield(100.0, 0.1, "poisson") == pytest.approx(math.exp(-0.1))
    assert yields.die_yield(100.0, 0.1, "negative_binomial", 3.0) == pytest.approx(
        (1 + 0.1 / 3) ** -3
    )
    assert yields.die_yield(100.0, 0.1, "seeds") == pytest.approx(1 / 1.1)
    assert yields.die_yield(100.0, 0.1, "murphy") == pytest.approx(
        ((1 - math.exp(-0.1)) / 0.1) ** 2
    )
    # the reticle-size worked example of foundry.yaml: 814 mm2, 3 mm edge, no scribe -> 60.5
    assert yields.gross_dies_per_wafer(814.0, 300.0, 3.0, 0.0) == pytest.approx(60.5, abs=0.05)
    assert yields.die_yield(814.0, 0.07, "negative_binomial") == pytest.approx(0.594, abs=5e-4)


def _pool_case(base: dict) -> dict:
    """Two logic pools: X on a small pool ``a``, the dearer Y on a large pool ``b``."""
    base["supply"] = {
        "pools": {
            "a": {"kind": "logic", "capacity_per_year": 10_000},
            "b": {"kind": "logic", "capacity_per_year": 1.0e9},
        },
        "new_fabs_allowed": False,
    }
    base["accelerators"]["X"]["node"] = "a"  # 30 good dies per wafer, 30 k USD
    base["accelerators"]["Y"] = dict(base["accelerators"]["X"], node="b", price_usd=40_000)
    return base


def test_good_dies_follow_die_area_and_the_pools_defect_density(write, base):
    data = _pool_case(base)
    data["supply"]["pools"]["a"]["d0_defects_per_cm2"] = 0.1
    data["supply"]["yield_model"] = {"edge_exclusion_mm": 0.0, "scribe_mm": 0.0}
    x = data["accelerators"]["X"]
    del x["good_dies_per_wafer"]
    x.update(die_area_mm2=100.0, compute_dies=2)
    inp = build_inputs(load_scenario(write(data)))
    good = (706.8583 - 66.6432) * (1 + 0.1 / 3) ** -3  # 580.3 good dies per wafer
    per_acc = float(inp.supply.pools.wafers_per_acc.sel(gen="X", pool="a", year=2030))
    assert per_acc == pytest.approx(2 / good, rel=1e-5)  # two dies per accelerator
    assert float(inp.supply.pools.wafers_per_acc.sel(gen="X", pool="b", year=2030)) == 0.0


def test_a_wafer_pool_binds_and_its_dual_is_the_cost_difference(write, base):
    r = flopgrid.plan(write(_pool_case(base)))
    made = r.data["accelerators_made"].sel(year=2030)
    assert float(made.sel(gen="X")) == pytest.approx(300_000, rel=1e-6)  # 10k wafers x 30
    assert float(made.sel(gen="Y")) == pytest.approx(700_000, rel=1e-6)
    expected = (
        1e6 * (DC_ANNUITY_PER_KW + MWH_PER_KW * 50)
        + 300_000 * 30_000 * CRF
        + 700_000 * 40_000 * CRF
    )
    assert r.objective_usd == pytest.approx(expected, rel=1e-6)
    wafer = next(b for b in r.bottlenecks if b["constraint"] == "wafer_supply")
    assert wafer["where"] == "a"
    # one more wafer of a: 30 more X, 30 fewer Y, each 10 k USD cheaper a year for its life
    assert wafer["value"] == pytest.approx(30 * 10_000 * CRF, rel=1e-6)
    assert wafer["unit"] == "USD per wafer"
    assert r.summary["by_year"]["binding_supply"] == [["the wafer limit of a"]]
    assert r.summary["by_pool"]["a"]["used"] == [pytest.approx(10_000, rel=1e-6)]


def _family(base: dict, ramp: float | None) -> dict:
    x = base["accelerators"]["X"]
    x["family"] = "f"
    base["accelerators"]["N"] = dict(x, available_from=2030, price_usd=20_000)
    if ramp is not None:
        base["supply"]["ramp_first_year_share"] = ramp
    return base


def test_ramp_limit_holds_a_new_generation_to_half_its_family(write, base):
    free = flopgrid.plan(write(_family(base, None), "free.yaml"))
    assert float(free.data["accelerators_made"].sel(gen="N", year=2030)) == pytest.approx(1e6)
    r = flopgrid.plan(write(_family(base, 0.5), "ramp.yaml"))
    made = r.data["accelerators_made"].sel(year=2030)
    assert float(made.sel(gen="N")) == pytest.approx(500_000, rel=1e-6)
    assert float(made.sel(gen="X")) == pytest.approx(500_000, rel=1e-6)
    expected = 1e6 * (DC_ANNUITY_PER_KW + MWH_PER_KW * 50) + 500_000 * (30_000 + 20_000) * CRF
    assert r.objective_usd == pytest.approx(expected, rel=1e-6)
    ramp = next(b for b in r.bottlenecks if b["constraint"] == "ramp_limit")
    # the row is N - 0.5 (N + X) <= 0, i.e. N - 0.5 <= 0 with N + X = 1 (M): one more unit
    # of it moves one accelerator from X to N, 10 k USD x CRF a year cheaper
    assert ramp["where"] == "N"
    assert ramp["value"] == pytest.approx(10_000 * CRF, rel=1e-6)


def test_cowos_bookings_cap_each_designers_share(write, base):
    x = base["accelerators"]["X"]
    x.update(family="a", per_cowos_wafer=10)
    base["accelerators"]["B"] = dict(x, family="b", price_usd=35_000)
    base["supply"].update(
        cowos_wafers_per_year=1.0e6,
        cowos_booking={
            "da": {"families": ["a"], "share": 0.6},
            "db": {"families": ["b"], "share": 0.6},
        },
    )
    r = flopgrid.plan(write(base))
    made = r.data["accelerators_made"].sel(year=2030)
    # the cheaper X takes its booked 60 % of the CoWoS wafers used, B the rest
    assert float(made.sel(gen="X")) == pytest.approx(600_000, rel=1e-6)
    assert float(made.sel(gen="B")) == pytest.approx(400_000, rel=1e-6)
    booking = next(b for b in r.bottlenecks if b["constraint"] == "cowos_booking")
    assert booking["where"] == "da"
    # the row is X/10 - 0.6 (X + B)/10 <= 0 [M wafers], i.e. (X - 0.6)/10 <= 0 with X + B = 1:
    # one more wafer of it moves 10 accelerators from B to X, each 5 k USD x CRF cheaper
    assert booking["value"] == pytest.approx(10 * 5_000 * CRF, rel=1e-6)


def _old_fleet(base: dict, price: float) -> dict:
    """1 M old 2 kW accelerators in service; a new 0.5 kW one at 2 k USD on sale."""
    base["years"] = {"start": 2030, "end": 2031}
    base["demand"]["by_year"] = {2030: 1_000_000}
    base["sites"]["a"].update(
        grid_price_usd_per_mwh=price,
        existing={"year": 2029, "it_gw": 2.0, "accelerators": {"Old": 1_000_000}},
    )
    x = base["accelerators"].pop("X")
    base["accelerators"]["Old"] = dict(x, it_kw=2.0, available_from=2020, available_until=2029)
    base["accelerators"]["New"] = dict(x, it_kw=0.5, price_usd=2_000, available_from=2030)
    return base


@pytest.mark.parametrize(("price", "retire"), [(100.0, True), (20.0, False)])
def test_early_retirement_when_and_only_when_it_is_cheaper(write, base, price, retire):
    r = flopgrid.plan(write(_old_fleet(base, price)))
    pv = 1 + 1 / 1.1  # two years, discounted at 10 %
    keep = 2.0 * MWH_PER_KW * price  # USD a year per old accelerator: its energy (2 kW)
    swap = 2_000 * CRF + 0.5 * MWH_PER_KW * price  # per new one: annuity + energy (0.5 kW)
    assert (swap < keep) == retire  # the hand comparison: 100 USD/MWh retires, 20 does not
    retired = r.summary["by_year"]["accelerators_retired_early"]
    old = r.data["accelerators_in_service"].sel(gen="Old").sum("site")
    if retire:
        assert retired == [pytest.approx(1e6, rel=1e-6), pytest.approx(0, abs=1e-3)]
        assert list(old.values) == [pytest.approx(0, abs=1e-3)] * 2
        assert r.objective_usd == pytest.approx(1e6 * swap * pv, rel=1e-6)
    else:
        assert sum(retired) == pytest.approx(0, abs=1e-3)
        assert list(old.values) == [pytest.approx(1e6, rel=1e-6)] * 2
        assert r.objective_usd == pytest.approx(1e6 * keep * pv, rel=1e-6)


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        # dense TFLOP/s over the H100's at that precision (989 BF16; 1,979 FP8 and FP4)
        ("bf16", {"H100": 1.0, "B200": 2250 / 989, "Trainium3": 671 / 989, "TPU-v5p": 459 / 989}),
        (
            "fp8",
            {"H100": 1.0, "B200": 4500 / 1979, "Trainium3": 2517 / 1979, "TPU-v5p": 459 / 1979},
        ),
        (
            "fp4",
            {"H100": 1.0, "B200": 9000 / 1979, "Trainium3": 2517 / 1979, "TPU-v5p": 459 / 1979},
        ),
    ],
)
def test_precision_sets_h100e_per_accelerator(precision, expected):
    scn = load_scenario("stargate-us", [f"demand.precision={precision}"])
    h100e = build_inputs(scn).accelerators.h100e
    for gen, value in expected.items():
        assert float(h100e.sel(gen=gen)) == pytest.approx(value, rel=1e-9), gen


def _two_countries(base: dict) -> dict:
    base["sites"]["a"].update(grid_price_usd_per_mwh=80)
    base["sites"]["b"] = dict(base["sites"]["a"], grid_price_usd_per_mwh=30, country="CN")
    base["accelerators"]["X"]["export_class"] = "us-advanced"
    base["accelerators"]["D"] = dict(
        base["accelerators"]["X"], export_class="domestic-cn", price_usd=31_000
    )
    return base


def test_an_export_rule_keeps_a_class_out_of_a_country_from_its_year(write, base):
    data = _two_countries(base)
    data["years"] = {"start": 2029, "end": 2030}
    data["demand"]["by_year"] = {2029: 500_000, 2030: 1_000_000}
    data["policy"] = {
        "export_rules": {
            "ban": {"classes": ["us-advanced"], "countries": ["CN"], "from_year": 2030}
        }
    }
    r = flopgrid.plan(write(data))
    built = r.data["accelerators_built"]
    # 2029: the cheap power of CN takes the cheaper X; 2030: X is banned there, D takes it
    assert float(built.sel(site="b", gen="X", year=2029)) == pytest.approx(500_000, rel=1e-6)
    assert float(built.sel(site="b", gen="X", year=2030)) == 0.0
    assert float(built.sel(site="b", gen="D", year=2030)) == pytest.approx(500_000, rel=1e-6)
    # the rule switched off: X in CN in both years
    data["policy"]["export_rules"]["ban"]["active"] = False
    off = flopgrid.plan(write(data, "off.yaml"))
    assert float(off.data["accelerators_built"].sel(site="b", gen="D").sum()) == 0.0


def test_an_hbm_rule_limits_a_class_to_the_pools_it_may_use(write, base):
    data = _two_countries(base)
    data["accelerators"]["X"]["hbm_stacks"] = 8
    data["accelerators"]["D"].update(hbm_stacks=8, price_usd=25_000)
    data["supply"]["pools"] = {
        "world": {"kind": "hbm", "capacity_per_year": 1.0e9},
        "stock": {"kind": "hbm", "stock": 2.0e6, "serves": ["domestic-cn"]},
    }
    data["policy"] = {
        "export_rules": {
            "ban": {"classes": ["us-advanced"], "countries": ["CN"]},
            "hbm": {"classes": ["domestic-cn"], "hbm_pools": ["world"]},
        }
    }
    r = flopgrid.plan(write(data))
    built = r.data["accelerators_built"].sel(year=2030)
    # D may draw only the 2 M stacks of the stock: 250 k accelerators, the rest is X at a
    assert float(built.sel(site="b", gen="D")) == pytest.approx(250_000, rel=1e-6)
    assert float(built.sel(site="a", gen="X")) == pytest.approx(750_000, rel=1e-6)
    assert float(built.sel(site="b", gen="X")) == 0.0
    stock = next(b for b in r.bottlenecks if b["constraint"] == "hbm_stock")
    assert stock["where"] == "stock"


def test_the_export_table_equals_each_rule_checked_per_generation():
    # rules that name generations (H200, MI325X) beside classes: the table shares a row
    # among the generations of a class no rule names, and must equal the check made for
    # every (site, generation, year) one by one
    import numpy as np
    import pandas as pd

    from flopgrid.plan.inputs.accelerators import _allowed
    from flopgrid.plan.inputs.horizon import build_horizon
    from flopgrid.plan.inputs.sites import build_sites
    from flopgrid.scenario import expand
    from flopgrid.scenario.expand_chips import named_generations

    scn = load_scenario("world-baseline")
    assert named_generations(scn)
    h = build_horizon(scn)
    sites = build_sites(scn, h)
    names = pd.Index(list(scn.accelerators), name="gen")
    acc = [scn.accelerators[g] for g in names]
    table = _allowed(scn, h, sites, names, acc)
    for site, country, host in zip(
        sites.names, sites.country.values, sites.hosts_accelerators.values, strict=True
    ):
        for g, a in zip(names, acc, strict=True):
            one_by_one = [
                bool(host) and not expand.is_forbidden(scn, str(country), a.export_class, y, g)
                for y in (int(y) for y in h.years)
            ]
            assert np.array_equal(table.sel(site=site, gen=g).values, one_by_one)
