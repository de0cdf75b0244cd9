"""Designs: grids, Latin hypercube samples, scaled tables, Morris trajectories, claims."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from flopgrid.scenario import load_scenario
from flopgrid.sweep.analysis import SweepData, morris
from flopgrid.sweep.claims import check_claims
from flopgrid.sweep.design import (
    Design,
    DesignError,
    morris_trajectory,
    parse_factor,
    parse_vary,
)
from flopgrid.sweep.sweepfile import read_sweep_file

from .conftest import ONE_SITE, VARY


def test_grid_is_full_factorial_and_overrides_load():
    d = Design(ONE_SITE, parse_vary(["discount_rate=[0.05, 0.1]", "demand.by_year=*[0.5,1,2]"]))
    tasks = d.tasks()
    assert d.kind == "grid" and len(tasks) == 6
    demands = set()
    for t in tasks:
        scn = load_scenario(ONE_SITE, t.overrides)
        demands.add(scn.demand.by_year[2030])
    assert demands == {500_000, 1_000_000, 2_000_000}
    assert tasks[0].point["x"] == {"discount_rate": 0.05, "scale(demand.by_year)": 0.5}


def test_latin_hypercube_is_seeded_and_stratified():
    a = Design(ONE_SITE, parse_vary(VARY), samples=10, seed=3).tasks()
    b = Design(ONE_SITE, parse_vary(VARY), samples=10, seed=3).tasks()
    c = Design(ONE_SITE, parse_vary(VARY), samples=10, seed=4).tasks()
    assert [t.overrides for t in a] == [t.overrides for t in b]
    assert [t.overrides for t in a] != [t.overrides for t in c]
    scale = sorted(t.point["x"]["scale(demand.by_year)"] for t in a)
    # one sample in each tenth of uniform(0.5, 1.5)
    assert [int((s - 0.5) * 10) for s in scale] == list(range(10))


def test_grid_crossed_with_samples_and_fixed_values():
    d = Design(
        ONE_SITE,
        parse_vary(["discount_rate=[0.05, 0.1]", *VARY, "sites.a.max_facility_gw=8"]),
        samples=3,
    )
    tasks = d.tasks()
    assert len(tasks) == 6
    assert all("sites.a.max_facility_gw=8" in t.overrides for t in tasks)


@pytest.mark.parametrize(
    "spec, message",
    [
        ("uniform(2, 1)", "a < b"),
        ("triangular(0, 5, 1)", "mode"),
        ("lognormal(0, -1)", "sigma > 0"),
        ("beta(1, 2)", "unknown distribution"),
        ("choice(1)", "one non-empty list"),
        ("[]", "empty grid"),
    ],
)
def test_bad_factor_specs(spec, message):
    with pytest.raises(DesignError, match=message):
        parse_factor("discount_rate", spec)


def test_distribution_needs_samples_and_scale_needs_a_number():
    with pytest.raises(DesignError, match="--samples"):
        Design(ONE_SITE, parse_vary(VARY))
    with pytest.raises(DesignError, match="no value there"):
        Design(ONE_SITE, parse_vary(["policy.nothing=*[1, 2]"])).tasks()


def test_morris_trajectories_move_one_factor_at_a_time():
    rng = np.random.default_rng(0)
    for k, p in [(1, 2), (3, 4), (6, 6)]:
        traj = morris_trajectory(k, p, rng)
        assert traj.shape == (k + 1, k)
        delta = p / (2 * (p - 1))
        steps = np.diff(traj, axis=0)
        assert ((np.abs(steps) > 1e-12).sum(axis=1) == 1).all()
        assert np.allclose(np.abs(steps[np.abs(steps) > 1e-12]), delta)
        assert set(np.abs(steps).argmax(axis=1)) == set(range(k))  # each factor moves once


def test_morris_recovers_a_known_linear_model():
    """y = 3 u1 - 1 u2 + 0 u3 (+ interaction u1*u3 in one variant): mu* and sigma."""
    factors = ["a=uniform(0, 1)", "b=uniform(0, 1)", "c=uniform(0, 1)"]
    d = Design(ONE_SITE, parse_vary(factors), morris=12, seed=1)
    d._base = {}
    tasks = d.tasks()
    rows = []
    for t in tasks:
        u = t.point["u"]
        y = 3 * u["a"] - u["b"] + 2 * u["a"] * u["c"]
        rows.append({"task_no": t.task_no, "status": "done", "point": t.point, "objective_usd": y})
    sweep = {"design": {"kind": "morris", "labels": ["a", "b", "c"]}}
    mo = morris(SweepData(sweep, pd.DataFrame(rows), pd.DataFrame()), "objective_usd")
    mo = mo.set_index("factor")
    assert mo.loc["b", "mu_star"] == pytest.approx(1.0)
    assert mo.loc["b", "sigma"] == pytest.approx(0.0, abs=1e-12)
    # a: 3 + 2c, c: 2a: non-zero sigma from the interaction
    assert mo.loc["a", "mu_star"] > mo.loc["c", "mu_star"] > mo.loc["b", "mu_star"] * 0.1
    assert mo.loc["c", "sigma"] > 0
    assert list(mo.index[:1]) == ["a"]


def test_sweep_file(tmp_path):
    path = tmp_path / "s.yaml"
    scenario = tmp_path / "case.yaml"
    scenario.write_text(Path(ONE_SITE).read_text())
    path.write_text(
        yaml.safe_dump(
            {
                "sweep": 1,
                "scenario": "case.yaml",
                "vary": {"discount_rate": [0.05, 0.08], "demand.by_year": "*uniform(0.9, 1.1)"},
                "samples": 2,
                "seed": 5,
                "claims": ["cheap: objective_usd <= 1e12"],
            }
        )
    )
    assert read_sweep_file(str(ONE_SITE)) is None  # a scenario file
    spec = read_sweep_file(str(path))
    assert spec is not None
    assert spec["scenario"] == str(scenario.resolve())
    d = Design(spec["scenario"], parse_vary(spec["vary"]), samples=spec["samples"], seed=5)
    assert len(d.tasks()) == 4


def test_claims():
    runs = pd.DataFrame(
        {
            "new_fabs": [40.0, 20.0, 36.0],
            "peak_accelerators": [2e6, 1e6, 3e6],
            "peak_facility_power_gw": [5.0, 5.0, 6.0],
            "capex_usd": [1e11, 2e11, 3e11],
        }
    )
    out = check_claims(
        [
            "36 fabs: new_fabs >= 36",
            "5 GW holds 2M: accelerators_per_gw >= 4e5",
            "either: new_fabs < 30 or peak_facility_power_gw > 5.5",
            "per GW: capex_usd <= 2e10 * peak_facility_power_gw",
        ],
        runs,
    ).set_index("claim")
    assert out.loc["36 fabs", "share"] == pytest.approx(2 / 3)
    assert out.loc["5 GW holds 2M", "share"] == pytest.approx(2 / 3)
    assert out.loc["either", "share"] == pytest.approx(2 / 3)
    assert out.loc["per GW", "share"] == pytest.approx(1 / 3)
    with pytest.raises(DesignError, match="unknown metric"):
        check_claims(["x: fabs >= 1"], runs)
