"""Run ids a hurried user types: empty, ambiguous, unknown. Each is an error naming what was
given and what to do; nothing is changed."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from ..conftest import CASES
from ..helpers import cli, snapshot


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """A store with one run of one_site, its row copied six times under ids of one prefix."""
    tmp = tmp_path_factory.mktemp("ids")
    store = tmp / "s.duckdb"
    r = cli("plan", CASES / "one_site.yaml", "--store", store, "--out", tmp / "runs", "--no-report")
    assert r.exit_code == 0, r.output
    with duckdb.connect(str(store)) as con:
        for n in range(6):
            con.execute(f"INSERT INTO runs SELECT * REPLACE ('zz-run-{n}' AS run_id) FROM runs "
                        "WHERE run_id NOT LIKE 'zz-%'")  # fmt: skip
    return store


@pytest.fixture
def store(planned, tmp_path):
    shutil.copy(planned, tmp_path / "s.duckdb")
    return tmp_path / "s.duckdb"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["runs", "show", ""], "error: '' is not a run id or prefix: it must not be empty"),
        (["report", ""], "error: '' is not a run id or prefix: it must not be empty"),
        (["finance", ""], "error: '' is not a run id or prefix: it must not be empty"),
        (["runs", "show", "zz-run"], "error: 'zz-run' matches 6 runs: zz-run-0, zz-run-1, "
         "zz-run-2, zz-run-3, zz-run-4 and 1 more; give more of the id"),
        (["runs", "delete", "zz"], "'zz' matches 6 runs"),
        (["dispatch", ""], "error: expected a plan run id, a run folder or a scenario, got ''"),
        (["dispatch", "zz-run"], "error: 'zz-run' matches 6 runs"),
        (["dispatch", "nope"], "error: no plan run 'nope' in s.duckdb and no scenario file or "
         "built-in scenario of that name; see `flopgrid runs list` and `flopgrid scenarios list`"),
    ],
)  # fmt: skip
def test_an_empty_or_ambiguous_id_is_named(store, tmp_path, args, expected):
    """'' read as the current folder ('. is a folder...'); an ambiguous prefix listed five
    runs of six; dispatch of an unknown id said only that no scenario has that name."""
    before = snapshot(tmp_path)
    r = cli(*args, "--store", "s.duckdb")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert expected in " ".join(r.output.split()), r.output
    assert snapshot(tmp_path) == before
