"""`flopgrid sweep SCENARIO --vary ...`, `sweep --resume ID`, `sweep report ID`, `sweep list`."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from flopgrid.cli import app
from flopgrid.results.store import RunStore
from flopgrid.sweep import SweepStore

from .conftest import ONE_SITE

pytestmark = pytest.mark.filterwarnings("ignore")
runner = CliRunner()


def test_sweep_resume_report_and_list(store, tmp_path):
    result = runner.invoke(
        app,
        [
            "sweep",
            ONE_SITE,
            "--vary",
            "demand.by_year=*[0.8, 1.2]",
            "--vary",
            "sites.a.grid_price_usd_per_mwh=uniform(30, 90)",
            "--samples",
            "1",
            "--seed",
            "4",
            "--workers",
            "1",
            "--claim",
            "small: peak_facility_power_gw <= 1.1",
            "--store",
            str(store),
        ],
    )
    assert result.exit_code == 0, result.output
    sweep_id = re.search(r"sweep (sw-\S+): 2 tasks", result.output).group(1)
    assert "2 runs done, 0 failed" in result.output
    assert "all demanded" in result.output  # the claims table (rich wraps it at 80 columns)
    folder = SweepStore(store).sweep(sweep_id)["folder"]
    html = (tmp_path / "runs" / "sweeps" / sweep_id / "report.html").read_text()
    assert folder.endswith(sweep_id) and html.count("<script") >= 2
    assert html.count("PlotlyConfig") <= 1 and "small" in html  # plotly.js embedded once

    resumed = runner.invoke(app, ["sweep", "--resume", sweep_id[:12], "--store", str(store)])
    assert resumed.exit_code == 0, resumed.output
    # nothing pending: no workers started, no rate of runs
    assert "nothing to run: all 2 tasks of" in resumed.output
    assert "running on" not in resumed.output and "runs/min" not in resumed.output
    assert len(RunStore(store).list()) == 2

    report = runner.invoke(
        app,
        ["sweep", "report", sweep_id, "--store", str(store), "--html", str(tmp_path / "r.html")],
    )
    assert report.exit_code == 0, report.output
    assert "drivers of objective_usd" in report.output and (tmp_path / "r.html").exists()
    listed = runner.invoke(app, ["sweep", "list", "--store", str(store)])
    assert listed.exit_code == 0 and sweep_id[:10] in listed.output


def test_sweep_errors(store):
    bad = runner.invoke(app, ["sweep", ONE_SITE, "--vary", "discount_rate=uniform(1)"])
    assert bad.exit_code == 2 and "uniform takes 2 numbers" in bad.output
    missing = runner.invoke(app, ["sweep", "report", "sw-nope", "--store", str(store)])
    assert missing.exit_code == 2 and "no sweep" in missing.output
    nothing = runner.invoke(app, ["sweep", ONE_SITE, "--store", str(store)])
    assert nothing.exit_code == 2 and "nothing varies" in nothing.output
