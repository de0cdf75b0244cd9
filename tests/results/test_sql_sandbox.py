"""`runs sql` reads the run store and nothing else: every way out of it is refused."""

from __future__ import annotations

import pytest

from flopgrid.results.store import RunStore, StoreError
from flopgrid.workflow import run_plan

from ..conftest import CASES
from ..helpers import cli, snapshot


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("sql")
    path = root / "runs" / "flopgrid.duckdb"
    run_plan(CASES / "one_site.yaml", out=root / "runs" / "r", store=path, report=False)
    return path


@pytest.mark.parametrize(
    ("query", "what"),
    [
        ("COPY runs TO '{d}/out.csv'", "file"),
        ("COPY (SELECT * FROM runs) TO '{d}/out.parquet' (FORMAT parquet)", "file"),
        ("EXPORT DATABASE '{d}/export'", "file"),
        ("ATTACH '{d}/other.duckdb' AS other", "file"),
        ("INSTALL httpfs", "file"),
        ("LOAD httpfs", "extension"),
        ("SELECT * FROM read_csv('/etc/passwd')", "file"),
        ("SELECT * FROM read_text('/etc/hostname')", "file"),
        ("SELECT * FROM glob('/*')", "file"),
        ("SET enable_external_access = true", "setting"),
        ("DELETE FROM runs", "write"),
        ("DROP TABLE run_years", "write"),
        ("CREATE TABLE x AS SELECT 1", "write"),
    ],
)
def test_every_way_out_is_refused(store, tmp_path, query, what):
    before = snapshot(store.parent)
    with pytest.raises(StoreError, match=r"refused|locked|SQL error") as info:
        RunStore(store).sql(query.format(d=tmp_path))
    if what in ("file", "extension"):
        assert "reads the run store only, no files or extensions" in str(info.value)
    elif what == "write":
        assert "`runs sql` is read-only" in str(info.value)
    else:
        assert "configuration has been locked" in str(info.value)
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere
    assert snapshot(store.parent) == before
    assert len(RunStore(store).list()) == 1


def test_queries_still_work(store):
    df = RunStore(store).sql(
        "SELECT r.scenario, y.year, y.energy_twh FROM run_years y JOIN runs r USING (run_id)"
    )
    assert df.to_dict("records") == [
        {"scenario": "one-site", "year": 2030, "energy_twh": pytest.approx(8.4096)}
    ]


def test_the_cli_refuses_with_one_clear_line(store, tmp_path):
    r = cli("runs", "sql", f"COPY runs TO '{tmp_path}/x.csv'", "--store", store)
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "refused: `runs sql` reads the run store only" in " ".join(r.output.split())
    assert not (tmp_path / "x.csv").exists()
