"""The headline system cost says what it is: the rate and year it is discounted at and to,
and the part of it that is the penalty on unserved compute (a price, not cash)."""

from __future__ import annotations

import flopgrid
from flopgrid.report.figures import headline_rows
from tests.helpers import cli


def test_system_cost_shows_its_basis_and_its_unserved_penalty(write, base, tmp_path) -> None:
    # no grid, nothing that generates: the 1 M h100e of 2030 all go unserved at the case's
    # 1 M USD per h100e-year, in the first year (undiscounted): 1e6 x 1e6 = 1 T USD
    base["sites"]["a"]["grid_import_gw"] = 0
    base["sites"]["a"]["build"] = ["battery"]
    base["power"]["battery"] = {"kind": "storage", "duration_hours": 4}
    r = cli("plan", write(base), "--out", tmp_path / "runs", "--no-report")
    assert r.exit_code == 0, r.output
    assert "system cost (NPV at 10%/yr to 2030)" in r.output
    line = next(x for x in r.output.splitlines() if "of which unserved penalty" in x)
    assert "1 T USD (not cash)" in line

    run = flopgrid.open_run(tmp_path / "runs")  # --out names the run folder itself
    assert run.summary["objective_usd"] == 1e12  # nothing else costs anything
    rows = dict(headline_rows(run))
    assert rows["System cost (net present value at 10%/yr to 2030)"] == "1 T USD"
    assert rows["of which the penalty on unserved compute"].startswith("1 T USD")


def test_no_penalty_row_when_all_compute_is_served(write, base) -> None:
    rows = dict(headline_rows(flopgrid.plan(write(base))))
    assert "of which the penalty on unserved compute" not in rows
