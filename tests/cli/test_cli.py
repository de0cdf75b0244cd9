"""The command line: exit codes, messages without tracebacks, run folders never overwritten."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from flopgrid import __version__
from flopgrid.cli import app

from ..conftest import CASES

runner = CliRunner()


def base_store(write):
    return write("", "unused.yaml").parent / "runs.duckdb"


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and __version__ in r.output


def test_validate_good_and_bad(write, base):
    good = CASES / "one_site.yaml"
    assert run("scenarios", "validate", good).exit_code == 0
    base["sites"]["a"]["max_facility_gw"] = -5
    bad = write(base, "bad.yaml")
    r = run("scenarios", "validate", good, bad)
    assert r.exit_code == 2
    assert "sites.a.max_facility_gw: must be > 0, got -5" in r.output
    assert "Traceback" not in r.output


def test_show_prints_resolved_yaml():
    r = run("scenarios", "show", CASES / "one_site.yaml", "--set", "discount_rate=0.05")
    assert r.exit_code == 0
    assert "discount_rate: 0.05" in r.output


def test_data_sources_lists_values_with_sources():
    r = run("data", "sources", "accelerators.H100.tflops")
    assert r.exit_code == 0 and "Epoch" in r.output


def test_plan_writes_a_run_folder_and_never_overwrites(tmp_path):
    out = tmp_path / "run"
    store = tmp_path / "runs.duckdb"
    r = run("plan", CASES / "one_site.yaml", "--out", out, "--store", store, "--no-report")
    assert r.exit_code == 0, r.output
    summary = json.loads((out / "summary.json").read_text())
    for key in (
        "flopgrid_version",
        "scenario",
        "status",
        "objective_usd",
        "years",
        "by_year",
        "by_site",
        "bottlenecks",
    ):
        assert key in summary
    for key in (
        "demand_h100e",
        "delivered_h100e",
        "unserved_h100e",
        "accelerators",
        "it_power_gw",
        "facility_power_gw",
        "energy_twh",
        "emissions_mt",
        "capex_usd",
        "new_fabs",
    ):
        assert len(summary["by_year"][key]) == len(summary["years"])
    assert (out / "results.nc").exists()
    first = (out / "summary.json").read_bytes()
    r2 = run(
        "plan", CASES / "one_site.yaml", "--out", out, "--store", store, "--no-report", "--force"
    )
    assert r2.exit_code == 0
    assert (out / "summary.json").read_bytes() == first  # the earlier run is untouched
    assert len([p for p in out.iterdir() if p.is_dir()]) == 1  # the new run went inside


def test_plan_bad_input_exits_2_without_traceback(write, base):
    base["discount_rat"] = 0.1
    r = run("plan", write(base), "--store", base_store(write))
    assert r.exit_code == 2
    assert "did you mean 'discount_rate'" in r.output and "Traceback" not in r.output


def test_plan_infeasible_exits_1_with_families(write, base, caplog):
    base["accelerators"]["X"]["early_retirement"] = False  # else retiring meets the cap
    base["sites"]["a"]["existing"] = {"year": 2029, "it_gw": 1.0, "accelerators": {"X": 500_000}}
    base["policy"] = {"export_caps": {"US": {"by_year": {2030: 100_000}}}}
    r = run("plan", write(base), "--store", base_store(write))
    assert r.exit_code == 1
    assert "export_cap" in r.output and "policy.export_caps.US" in r.output
    # linopy's dump of the failed solve ("Dual bound: 0.00e+00") is not shown to the user
    dumped = [x for x in caplog.records if "potentially failed" in x.getMessage()]
    assert not dumped and "potentially failed" not in r.output


def test_scenarios_show_changes_prints_only_what_differs():
    full = run("scenarios", "show", "abu-dhabi-5gw")
    changes = run("scenarios", "show", "abu-dhabi-5gw", "--changes")
    assert full.exit_code == 0 and changes.exit_code == 0
    first, *rest = changes.output.splitlines()
    assert first.startswith("# abu-dhabi-5gw: ") and "differ from default" in first
    assert len(rest) < len(full.output.splitlines()) / 10
    assert not re.search(r"^accelerators:", changes.output, re.M)  # packaged chips unchanged
    assert not re.search(r"^flopgrid:", changes.output, re.M)  # the format's version
    tops = re.findall(r"^(\w+):", changes.output, re.M)  # in the schema's order
    assert tops == ["years", "sites", "policy", "tenants", "finance"], tops
    with_set = run("scenarios", "show", "abu-dhabi-5gw", "--changes", "--set", "discount_rate=0.05")
    assert "discount_rate: 0.05" in with_set.output
    n = int(re.search(r": (\d+) value", first).group(1))
    assert re.search(rf": {n + 1} value", with_set.output)  # one more value differs
