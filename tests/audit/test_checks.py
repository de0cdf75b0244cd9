"""The arithmetic of each kind of check, on a synthetic dataset worked out by hand."""

from __future__ import annotations

import pytest

from flopgrid.audit import checks

from .conftest import claim


def test_accelerators_in_power(ctx):
    # A: 2 kW IT x PUE 1.5 (d) = 3.0 kW, x 1.25 (e) = 2.5 kW all-in
    c = claim(
        "accelerators_in_power",
        power_gw=3,
        accelerators=1_000_000,
        generations=["A"],
        designs=["d", "e"],
    )
    f = checks.accelerators_in_power(c, ctx)
    assert f.value == pytest.approx(3.0)
    assert f.reference_range == pytest.approx((2.5, 3.0))
    assert f.numbers["accelerators_that_fit"] == pytest.approx([1.0e6, 1.2e6])
    assert f.verdict == "consistent"
    c["params"]["accelerators"] = 1_500_000  # 2.0 kW: 1.25x below 2.5
    assert checks.accelerators_in_power(c, ctx).verdict == "optimistic"
    c["params"]["accelerators"] = 5_000_000  # 0.6 kW: 4.2x below
    assert checks.accelerators_in_power(c, ctx).verdict == "inconsistent"


def test_cost_per_power(ctx):
    # data center 12,000 / 1.5 = 8 B/GW; A 40,000 USD / 3 kW = 13.33 B/GW; 21.33 in all
    c = claim("cost_per_power", cost_usd=100e9, power_gw=5, generations=["A"])
    f = checks.cost_per_power(c, ctx)
    assert f.value == pytest.approx(20.0)
    assert f.reference_range == pytest.approx((21.3333, 21.3333), rel=1e-4)
    assert f.numbers["dc"] == pytest.approx(8.0)
    assert f.verdict == "optimistic"  # 1.067x below, beyond the 5 % tolerance
    c["params"]["cost_usd"] = 50e9  # 10 B/GW: 2.13x below
    assert checks.cost_per_power(c, ctx).verdict == "inconsistent"


def test_scale_ratio(ctx):
    c = claim("scale_ratio", power_gw=5, ratio=500, typical="typical", hyperscale="hyper")
    f = checks.scale_ratio(c, ctx)
    assert f.value == pytest.approx(10.0)  # 5,000 MW / 500
    assert f.numbers["ratio_vs_hyperscale"] == pytest.approx(50.0)
    assert f.verdict == "consistent"
    c["params"]["ratio"] = 5000  # 1 MW: 5x below the 5-10 MW range
    assert checks.scale_ratio(c, ctx).verdict == "inconsistent"


def test_power_equivalence(ctx):
    c = claim(
        "power_equivalence", power_gw=5, plants=5, technology="nuclear_new", plant_size="plant"
    )
    f = checks.power_equivalence(c, ctx)
    assert f.numbers["plants_for_energy"] == pytest.approx(5 * 0.8 / 0.9)  # 4.444
    assert f.numbers["plants_for_peak"] == pytest.approx(5 * 1.2 / 0.9)  # 6.667
    assert f.verdict == "consistent"
    c["params"]["plants"] = 2  # 2.2x below the 4.44 needed for the energy
    assert checks.power_equivalence(c, ctx).verdict == "inconsistent"


def test_land_for_power(ctx):
    c = claim("land_for_power", km2=20, power_gw=5, designs=["d", "e"], onsite="solar_pv")
    f = checks.land_for_power(c, ctx)
    assert f.value == pytest.approx(4.0)
    assert f.numbers["km2_needed"] == pytest.approx({"d": 20.0, "e": 10.0})
    assert f.verdict == "consistent"
    # on-site solar for the average load: 5 GW x 0.8 / 0.25 = 16 GW x 20 km2/GW = 320 km2
    assert "320 km2" in f.explanation
    c["params"]["km2"] = 5  # 1 km2/GW: 2x below 2 -> still within the factor
    assert checks.land_for_power(c, ctx).verdict == "optimistic"
    square = claim("land_for_power", square_miles=10, power_gw=5, designs=["d"])
    assert checks.land_for_power(square, ctx).value == pytest.approx(25.8999 / 5, rel=1e-4)


def test_fab_cost(ctx):
    c = claim("fab_cost", fabs=36, cost_per_fab_usd=43e9, references=["fab_a", "fab_b"])
    f = checks.fab_cost(c, ctx)
    assert f.reference_range == pytest.approx((20.0, 32.5))
    assert f.numbers["fabs_total_busd"] == pytest.approx(1548.0)
    assert f.verdict == "consistent"  # 1.32x above: conservative
    c["params"]["cost_per_fab_usd"] = 10e9  # 2x below 20
    assert checks.fab_cost(c, ctx).verdict == "optimistic"


def test_fab_plan_total(ctx):
    # 10 fabs x 30 B = 300 B; 10 x 100k wafers x 10 dies = 10 M A a year x 3 kW = 30 GW;
    # housing them: 300 + 30 x 8 = 540 B (data centers), 300 + 30 x 21.33 = 940 B (with chips)
    c = claim("fab_plan_total", total_usd=1e12, fabs=10, cost_per_fab_usd=30e9, generation="A")
    f = checks.fab_plan_total(c, ctx)
    assert f.numbers["chips_per_year"] == pytest.approx(10e6)
    assert f.numbers["gw_per_year"] == pytest.approx(30.0)
    assert f.reference_range == pytest.approx((540.0, 940.0))
    assert f.verdict == "consistent"  # 1,000 is 1.06x above 940: conservative
    c["params"]["total_usd"] = 0.5e12  # 540 / 500 = 1.08x short
    assert checks.fab_plan_total(c, ctx).verdict == "optimistic"


def test_jobs(ctx):
    # 100 jobs per B USD x 50 B + 1,000 per GW x 2 GW = 7,000 per campus; 2-3 campuses
    c = claim("jobs", jobs=30_000, campuses=[2, 3], power_gw=2, cost_per_campus_usd=50e9)
    f = checks.jobs(c, ctx)
    assert f.numbers["per_campus"] == pytest.approx(7000)
    assert f.reference_range == pytest.approx((14_000, 21_000))
    assert f.verdict == "optimistic"  # 1.43x above, and more jobs flatter the claim
    c["params"]["jobs"] = 100_000  # 4.8x above
    assert checks.jobs(c, ctx).verdict == "inconsistent"


def test_jobs_a_plan_peaks_at_one_years_jobs(ctx):
    # construction peaks while building (2027), operations once built (2029): the plan's
    # peak is the most jobs in any one year, 9,000 in 2028, not 6,000 + 8,000 = 14,000
    ctx.use_model = True
    ctx._plans["p"] = {
        "years": [2027, 2028, 2029],
        "by_year": {"construction_jobs": [6_000, 5_000, 0], "operations_jobs": [0, 4_000, 8_000]},
    }
    c = claim("jobs", jobs=30_000, campuses=[2, 3], power_gw=2, cost_per_campus_usd=50e9)
    c["params"]["plan"] = "p"
    assert "the plan of p peaks at 9,000 in 2028" in checks.jobs(c, ctx).explanation
