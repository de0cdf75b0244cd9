"""Dispatch runs end to end: folder, report, run store, CLI."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from flopgrid.cli import app
from flopgrid.dispatch.run import dispatch
from flopgrid.report import write_report
from flopgrid.results.result import Result
from flopgrid.results.store import RunStore

from . import helpers as h


@pytest.fixture(scope="module")
def small_result():
    scn = h.scenario(
        {"a": {"lon": 0.0}, "b": {"lon": 1.0}},
        {"training": {"t": {"h100e": 0.5e6, "window_hours": 24}}},
    )
    fleet = h.fleet(scn, solar_gw={"a": 1.0}, battery_gw={"a": 0.5})
    return dispatch(fleet, weeks=[1], profiles=h.profiles(scn, {"a": range(6, 18)}))


def test_save_load_report_and_record(small_result, tmp_path):
    r = small_result
    r.meta.update(run_id="test-run", scenario_hash="x")
    folder = r.save(tmp_path / "run", writers=[lambda tmp: write_report(r, tmp / "report.html")])
    again = Result.load(folder)
    assert again.summary["totals"]["cost_usd"] == pytest.approx(r.summary["totals"]["cost_usd"])
    assert float(again.data["served_h100e"].sum()) == pytest.approx(
        float(r.data["served_h100e"].sum())
    )
    page = (folder / "report.html").read_text()
    assert page.count("Plotly.newPlot") >= 4 and page.count('<script type="text/javascript">') == 1
    with pytest.raises(FileExistsError):
        r.save(folder)
    store = RunStore(tmp_path / "runs.duckdb")
    store.record(again)
    con = duckdb.connect(str(tmp_path / "runs.duckdb"), read_only=True)
    assert (
        con.execute("SELECT count(*) FROM dispatch_sites WHERE run_id='test-run'").fetchone()[0]
        == 2
    )
    con.close()
    listed = store.list()
    assert listed["run_id"].tolist() == ["test-run"] and listed["kind"].tolist() == ["dispatch"]
    # the same store finds it by id, and the same report package draws it
    assert store.open("test-run").kind == "dispatch"


def test_dispatch_cli_on_a_scenario_and_headroom_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["headroom", "ERCOT", "--shares", "0.25,0.5,1"])
    assert res.exit_code == 0, res.output
    assert "ERCOT" in res.output and "0.50%" in res.output
    res = runner.invoke(app, ["dispatch", "abu-dhabi-5gw", "--plan", "--weeks", "1", "--no-report"])
    assert res.exit_code == 0, res.output
    assert "abu-dhabi" in res.output and "variables" in res.output
    rows = RunStore(tmp_path / "runs" / "flopgrid.duckdb").list()
    assert rows["kind"].tolist() == ["dispatch"]
    summary = json.loads(next((tmp_path / "runs").glob("*/summary.json")).read_text())
    assert summary["kind"] == "dispatch" and summary["hours"] == 168
    assert summary["totals"]["unserved_share"] < 1e-6
    res = runner.invoke(app, ["runs", "list"])
    assert res.exit_code == 0 and "dispatch" in res.output, res.output
    run_id = rows["run_id"].iloc[0]
    res = runner.invoke(app, ["runs", "show", run_id])
    assert res.exit_code == 0 and "utilisation" in res.output, res.output


def test_dispatch_cli_reports_bad_weeks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["dispatch", "abu-dhabi-5gw", "--plan", "--weeks", "60"])
    assert res.exit_code == 2 and "weeks run from 1 to 52" in res.output
