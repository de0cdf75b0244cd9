"""`flopgrid runs ...`: list, show, compare, sql, delete over a real store."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from flopgrid.cli import app
from flopgrid.results.store import RunStore

runner = CliRunner()


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch):
    """The comparison table's cells must not fold: rich fixes a console's width when it is
    made, at import, so COLUMNS below cannot widen it under xdist (whose workers set one)."""
    from flopgrid.cli import runs_cmd

    monkeypatch.setattr(runs_cmd.console, "width", 200)


def run(*args):
    return runner.invoke(
        app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "200"}
    )


@pytest.fixture(scope="module")
def destiny_store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("destiny")
    store = tmp / "runs.duckdb"
    for extra in ([], ["--set", "policy.carbon_price_usd_per_t=100"]):
        r = run(
            "plan", "destiny-5gw", *extra, "--store", store, "--out", tmp / "runs", "--no-report"
        )
        assert r.exit_code == 0, r.output
    return store


def _ids_base_first(store) -> list[str]:
    """The two runs, the one without overrides first (both may share a creation second,
    so their order in the store says nothing)."""
    runs = RunStore(store).sql("SELECT run_id, overrides FROM runs")
    return sorted(
        runs["run_id"], key=lambda i: runs.set_index("run_id").loc[i, "overrides"] != "[]"
    )


def test_compare_shows_change_in_emissions_and_cost(destiny_store):
    ids = _ids_base_first(destiny_store)
    r = run("runs", "compare", *ids, "--store", destiny_store)
    assert r.exit_code == 0, r.output
    text = r.output
    assert "policy.carbon_price_usd_per_t=100" in text
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("┃ #") and "emissions" in line)
    names = [c.strip() for c in header.strip("┃").split("┃")]
    assert "emissions Mt CO2e" in names  # the unit is in the header, once
    at = lines.index(header)
    second = next(line for line in lines[at:] if re.match(r"│ +2 │", line))
    change = lines[lines.index(second) + 1]  # below run #2's figures: its change against #1
    cells = dict(zip(names, (c.strip() for c in change.strip("│").split("│")), strict=True))
    # a carbon price raises cost and lowers emissions: the change carries its sign
    assert re.fullmatch(r"\+[\d.]+%", cells["system cost (NPV) B USD"]), cells
    assert re.fullmatch(r"-[\d.]+%", cells["emissions Mt CO2e"]), cells
    summary = [RunStore(destiny_store).open(i).summary["totals"] for i in ids]
    assert summary[1]["emissions_mt"] < summary[0]["emissions_mt"]


def test_list_show_sql_delete(destiny_store, tmp_path):
    r = run("runs", "list", "--store", destiny_store, "--scenario", "destiny-5gw")
    assert r.exit_code == 0 and "2 runs" in r.output
    r = run("runs", "list", "--store", destiny_store, "--scenario", "no-such-scenario")
    assert r.exit_code == 0 and "no runs of scenario no-such-scenario in" in r.output
    assert "┏" not in r.output  # no empty table
    first = RunStore(destiny_store).list()["run_id"][0]
    r = run("runs", "show", first[:18], "--store", destiny_store)
    assert r.exit_code == 0 and "build-out by year" in r.output
    r = run(
        "runs", "sql", "SELECT count(*) AS n FROM run_sites", "--store", destiny_store, "--json"
    )
    assert r.exit_code == 0 and '"n"' in r.output
    query = "SELECT scenario, 7 AS whole_number, 0.5 AS fraction FROM runs LIMIT 1"
    r = run("runs", "sql", query, "--store", destiny_store)
    row = next(line for line in r.output.splitlines() if "destiny-5gw" in line)
    assert re.match(r"│ destiny-5gw +│ +7 │ +0\.5 │$", row), r.output  # numbers to the right
    r = run("runs", "sql", "DROP TABLE runs", "--store", destiny_store)
    assert r.exit_code == 2 and "read-only" in r.output
    r = run("runs", "show", "no-such-run", "--store", destiny_store)
    assert r.exit_code == 2 and "no run" in r.output
