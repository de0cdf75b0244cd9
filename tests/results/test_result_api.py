"""The Result as users read it (to_frame, table), the finance command, and the solver's
time limit and errors, each through the public API and the command line."""

from __future__ import annotations

import pandas as pd
import pytest

import flopgrid
from flopgrid.errors import SolverError
from flopgrid.plan import PlanOptions
from flopgrid.units import column_unit, fmt_in
from flopgrid.workflow import run_plan

from ..conftest import CASES, one_site
from ..helpers import cli, snapshot


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    """Two sites, two years, solar to build: every table has more than one row."""
    d = one_site()
    d["years"] = {"start": 2030, "end": 2031}
    d["demand"]["by_year"] = {2030: 1_000_000, 2031: 1_500_000}
    d["power"]["solar"] = {"capex_usd_per_kw": 900, "capacity_factor": 0.25, "clean": True}
    d["sites"]["a"]["build"] = ["solar"]
    d["sites"]["b"] = {**d["sites"]["a"], "country": "CA", "grid_price_usd_per_mwh": 30}
    path = tmp_path_factory.mktemp("api") / "two.yaml"
    import yaml

    path.write_text(yaml.safe_dump(d))
    return flopgrid.plan(path)


def test_to_frame_is_the_by_year_table(result):
    df = result.to_frame()
    assert list(df.index) == [2030, 2031] and df.index.name == "year"
    by_year = result.summary["by_year"]
    assert set(df.columns) == set(by_year)
    assert df["facility_power_gw"].tolist() == pytest.approx(by_year["facility_power_gw"])
    assert df["demand_h100e"].tolist() == pytest.approx([1_000_000, 1_500_000])


def test_to_frame_of_a_variable_is_long_form(result):
    df = result.to_frame("it_power_gw")
    assert set(df.columns) >= {"site", "year", "it_power_gw"}
    assert len(df) == 4  # 2 sites x 2 years
    total = df.groupby("year")["it_power_gw"].sum()
    assert total.tolist() == pytest.approx(result.summary["by_year"]["it_power_gw"])


def test_to_frame_of_an_unknown_name_lists_the_names(result):
    with pytest.raises(KeyError, match=r"no result named .nope.; available: .*it_power_gw"):
        result.to_frame("nope")


def test_tables_by_site_technology_and_generation(result):
    site = result.table("site")
    assert set(site.index) == {"a", "b"} and site.loc["b", "country"] == "CA"
    assert "by_year" not in site.columns
    tech = result.table("technology")
    assert tech.index.names == ["technology", "year"]
    assert set(tech.index.get_level_values("technology")) == {"solar"}  # grid is not built
    gen = result.table("generation")
    assert gen.index.names == ["generation", "year"] and "X" in gen.index.get_level_values(0)
    pd.testing.assert_frame_equal(result.table("year"), result.to_frame())
    with pytest.raises(ValueError, match="by must be one of: year, site, technology"):
        result.table("country")


# -- the finance command ----------------------------------------------------------------


@pytest.fixture(scope="module")
def consortium(tmp_path_factory):
    import yaml

    d = one_site()
    d["sites"]["a"]["max_facility_gw"] = 0.6
    d["demand"] = {"by_year": None}
    d["tenants"] = {
        "anchor": {"demand": {"by_year": {2030: 400_000}}, "value_usd_per_h100e_year": 200_000},
        "other [b]": {"demand": {"by_year": {2030: 400_000}}, "value_usd_per_h100e_year": 1e5},
    }
    d["finance"] = {
        "members": {
            "developer": {"shares": {"datacenters": 1.0, "power": 1.0}},
            "investor": {"shares": {"accelerators": 0.6}},
        },
        "lease_usd_per_h100e_year": 30_000,
    }
    root = tmp_path_factory.mktemp("finance")
    path = root / "consortium.yaml"
    path.write_text(yaml.safe_dump(d))
    store = root / "runs" / "flopgrid.duckdb"
    outcome = run_plan(path, out=root / "runs" / "run", store=store, report=False)
    return store, outcome


def _row(output: str, first: str) -> list[str]:
    for line in output.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if cells and cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in:\n{output}")


def test_finance_prints_tenants_and_members(consortium):
    store, outcome = consortium
    before = snapshot(store.parent)
    r = cli("finance", outcome.run_id, "--store", store)
    assert r.exit_code == 0, r.output
    summary = outcome.result.summary
    anchor = summary["by_tenant"]["anchor"]
    row = _row(r.output, "anchor")
    # money in one prefixed unit per column, named in its header ("cost (NPV) B USD")
    scale, unit = column_unit([t["cost_pv_usd"] for t in summary["by_tenant"].values()], "USD")
    assert row[3] == fmt_in(anchor["cost_pv_usd"], scale) and unit in r.output
    assert row[4] == f"{anchor['usd_per_h100e_year']:,.0f}"
    assert _row(r.output, "other [b]")  # brackets in a name print as they are
    members = summary["by_member"]
    investor = members["investor"]
    row = _row(r.output, "investor")
    capex, _ = column_unit([sum(m["capex_usd"]) for m in members.values()], "USD")
    npv, _ = column_unit([m["npv_usd"] for m in members.values()], "USD")
    assert row[1] == fmt_in(sum(investor["capex_usd"]), capex)
    assert row[4] == fmt_in(investor["npv_usd"], npv)
    assert snapshot(store.parent) == before  # reading only


def test_finance_by_folder_and_without_members(consortium, tmp_path):
    store, outcome = consortium
    r = cli("finance", outcome.folder, "--store", store)
    assert r.exit_code == 0 and "members: cash flows" in r.output
    plain = run_plan(CASES / "one_site.yaml", out=tmp_path / "r", store=store, report=False)
    r = cli("finance", plain.run_id, "--store", store)
    assert r.exit_code == 0
    assert "no consortium members in this scenario (finance.members)" in r.output
    assert _row(r.output, "all")  # a scenario without tenants is one tenant, 'all'


def test_finance_of_an_unknown_run(consortium):
    store, _ = consortium
    r = cli("finance", "no-such-run", "--store", store)
    assert r.exit_code == 2 and "no run 'no-such-run'" in r.output


# -- the solver: time limit and errors ----------------------------------------------------


def test_a_time_limit_reached_is_a_solver_error():
    with pytest.raises(SolverError) as info:
        flopgrid.plan(CASES / "one_site.yaml", options=PlanOptions(time_limit_s=1e-9))
    assert "termination 'time_limit' (raise --time-limit)" in str(info.value)


def test_a_time_limit_reached_on_the_command_line(tmp_path):
    r = cli("plan", CASES / "one_site.yaml", "--time-limit", "1e-9", "--store", tmp_path / "s")
    assert r.exit_code == 2
    assert "the solver stopped without an optimal answer" in r.output
    assert "raise --time-limit" in r.output and not (tmp_path / "runs").exists()


def test_an_ample_time_limit_changes_nothing():
    r = flopgrid.plan(CASES / "one_site.yaml", options=PlanOptions(time_limit_s=3600))
    assert r.status == "optimal" and r.meta["options"]["time_limit_s"] == 3600


def test_an_unknown_solver_is_named(tmp_path):
    r = cli("plan", CASES / "one_site.yaml", "--solver", "nosuch", "--store", tmp_path / "s")
    assert r.exit_code == 2
    assert "solver 'nosuch' is not installed; available:" in r.output and "highs" in r.output
