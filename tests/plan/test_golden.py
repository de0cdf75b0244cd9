"""Golden LP files of small built models: a change in the math shows up as a readable diff.

The files are compared as models (:mod:`.lp_model`): the same variables, rows, senses and
bounds, numbers to a relative 1e-9, whatever the order of terms or the last digits a
machine's floating-point sums give. Regenerate after an intended change with
``FLOPGRID_UPDATE_GOLDEN=1 pytest tests/plan/test_golden.py``
and review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from flopgrid import PlanOptions, load_scenario
from flopgrid.plan import build_inputs, build_model

from ..conftest import one_site
from .lp_model import lp_differences, parse_lp

GOLDEN = Path(__file__).parent.parent / "golden"


def _two_sites_all_families() -> dict:
    d = one_site()
    d["years"] = {"start": 2030, "end": 2031}
    d["demand"]["regions"] = {"west": {"by_year": {2030: 200_000}}}
    d["power"]["solar"] = {
        "capex_usd_per_kw": 1000,
        "capacity_factor": 0.25,
        "capacity_credit": 0.1,
        "clean": True,
        "lifetime_years": 25,
        "land_km2_per_gw": 20,
    }
    d["power"]["peaker"] = {
        "capex_usd_per_kw": 600,
        "fuel": "gas",
        "heat_rate_mmbtu_per_mwh": 9.0,
        "capacity_factor": 0.9,
        "max_capacity_factor": 0.4,
        "capacity_credit": 0.6,
        "gas_turbine_gw_per_gw": 1.0,
        "water_withdrawal_l_per_kwh": 0.1,
        "lifetime_years": 25,
    }
    d["power"]["grid"].update(capex_usd_per_kw=100, lifetime_years=40)
    d["power_supply"] = {"gas_turbine_gw_per_year": 1.0, "transformer_gw_per_year": 5.0}
    d["cooling_designs"] = {
        "dry": {"water_withdrawal_l_per_kwh_it": 0.2, "water_consumption_l_per_kwh_it": 0.1}
    }
    d["datacenter_designs"]["d"]["cooling"] = "dry"
    d["sites"]["a"].update(
        build=["solar", "peaker"],
        land_km2=50,
        build_limits_gw={"solar": 3},
        region="west",
        gas_price_usd_per_mmbtu=3.0,
        water_limit_gl_per_year=2.0,
    )
    d["sites"]["b"] = {
        "country": "CA",
        "max_facility_gw": 5,
        "grid_import_gw": 2,
        "grid_price_usd_per_mwh": 70,
        "grid_carbon_t_per_mwh": 0.1,
        "interconnection_lead_years": 1,
    }
    d["supply"].update(
        cowos_wafers_per_year=100_000, hbm_stacks_per_year=5e6, new_fabs_allowed=True
    )
    d["accelerators"]["X"].update(per_cowos_wafer=16, hbm_stacks=8, family="f")
    # a new generation of the family in 2031 (ramp limit), on its own node (wafer pool),
    # drawing HBM from a stock the rules reserve for it
    d["accelerators"]["Y"] = dict(
        d["accelerators"]["X"],
        available_from=2031,
        node="n2",
        export_class="domestic-cn",
        family="f",
    )
    d["supply"].update(
        pools={
            "n2": {"kind": "logic", "capacity_per_year": 50_000},
            "stock": {"kind": "hbm", "stock": 1.0e6, "serves": ["domestic-cn"]},
        },
        ramp_first_year_share=0.5,
    )
    d["policy"] = {
        "export_rules": {"hbm": {"classes": ["domestic-cn"], "hbm_pools": ["hbm"]}},
        "export_caps": {"CA": {"by_year": {2030: 500_000}}},
        "budget_usd_per_year": 80e9,
        "min_clean_share": 0.2,
        "carbon_price_usd_per_t": 50,
        "reserve_margin": 0.1,
    }
    return d


CASES = {"one_site": one_site, "all_families": _two_sites_all_families}


def _built_lp(name: str, tmp_path: Path, data: dict | None = None) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data if data is not None else CASES[name]()))
    # the yearly slice: these files are the yearly model, unchanged by time slices
    yearly = PlanOptions(slicing="yearly")
    pm = build_model(build_inputs(load_scenario(path), yearly), yearly)
    lp = pm.model.to_file(tmp_path / f"{name}.lp", io_api="lp", explicit_coordinate_names=True)
    return Path(lp).read_text()


@pytest.mark.parametrize("name", sorted(CASES))
def test_built_model_matches_golden_lp(name, tmp_path):
    text = _built_lp(name, tmp_path)
    golden = GOLDEN / f"{name}.lp"
    if os.environ.get("FLOPGRID_UPDATE_GOLDEN"):
        golden.write_text(text)
    assert golden.exists(), f"no golden file {golden}: write it with FLOPGRID_UPDATE_GOLDEN=1"
    diff = lp_differences(parse_lp(text), parse_lp(golden.read_text()))
    assert diff == [], f"built model differs from {golden}:\n" + "\n".join(diff[:30])


def test_a_real_change_of_the_model_fails(tmp_path):
    """A 1 % dearer accelerator changes objective coefficients: the comparison sees it."""
    data = _two_sites_all_families()
    data["accelerators"]["X"]["price_usd"] *= 1.01
    diff = lp_differences(
        parse_lp(_built_lp("all_families", tmp_path, data)),
        parse_lp((GOLDEN / "all_families.lp").read_text()),
    )
    assert diff and all("accelerators_built" in d for d in diff), diff
    assert any(d.startswith("objective: coefficient of accelerators_built(a,X,2030") for d in diff)


def test_a_tighter_limit_fails(tmp_path):
    data = _two_sites_all_families()
    data["sites"]["b"]["max_facility_gw"] = 4
    diff = lp_differences(
        parse_lp(_built_lp("all_families", tmp_path, data)),
        parse_lp((GOLDEN / "all_families.lp").read_text()),
    )
    assert diff == [
        "row site_cap(b,2030): right-hand side 4.0, golden 5.0",
        "row site_cap(b,2031): right-hand side 4.0, golden 5.0",
    ]
