"""Golden LP files of small built models: a change in the math shows up as a readable diff.

Regenerate after an intended change with
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
    d["sites"]["a"].update(
        build=["solar"], land_km2=50, build_limits_gw={"solar": 3}, region="west"
    )
    d["sites"]["b"] = {
        "country": "CA",
        "max_facility_gw": 5,
        "grid_import_gw": 2,
        "grid_price_usd_per_mwh": 70,
        "grid_carbon_t_per_mwh": 0.1,
    }
    d["supply"].update(
        cowos_wafers_per_year=100_000, hbm_stacks_per_year=5e6, new_fabs_allowed=True
    )
    d["accelerators"]["X"].update(per_cowos_wafer=16, hbm_stacks=8)
    d["policy"] = {
        "export_caps": {"CA": {"by_year": {2030: 500_000}}},
        "budget_usd_per_year": 80e9,
        "min_clean_share": 0.2,
        "carbon_price_usd_per_t": 50,
        "reserve_margin": 0.1,
    }
    return d


CASES = {"one_site": one_site, "all_families": _two_sites_all_families}


@pytest.mark.parametrize("name", sorted(CASES))
def test_built_model_matches_golden_lp(name, tmp_path):
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(CASES[name]()))
    # the yearly slice: these files are the yearly model, unchanged by time slices
    yearly = PlanOptions(slicing="yearly")
    pm = build_model(build_inputs(load_scenario(path), yearly), yearly)
    lp = pm.model.to_file(tmp_path / f"{name}.lp", io_api="lp", explicit_coordinate_names=True)
    text = Path(lp).read_text()
    golden = GOLDEN / f"{name}.lp"
    if os.environ.get("FLOPGRID_UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(text)
        if not os.environ.get("FLOPGRID_UPDATE_GOLDEN"):
            pytest.fail(f"wrote missing golden file {golden}; review and commit it")
    assert text == golden.read_text(), f"built model differs from {golden}"
