"""A hurried user's sweep: mistyped --vary specs, an --out that is a file, a Dask address
without a port, --retry-failed without --resume. Each is refused before any sweep is recorded
or any task runs, with an error naming the option and the value given."""

from __future__ import annotations

import pytest

from flopgrid.sweep.design import Design, DesignError, parse_vary

from ..conftest import CASES
from ..helpers import cli, snapshot

ONE_SITE = CASES / "one_site.yaml"
SPECS = "expected [a, b, ...], uniform(a, b), triangular(a, mode, b)"


@pytest.mark.parametrize(
    ("vary", "expected"),
    [
        ("discount_rate=a*b", f"discount_rate=a*b: cannot read 'a*b'; {SPECS}"),
        ("discount_rate=[0.1,", f"discount_rate=[0.1,: cannot read '[0.1,'; {SPECS}"),
        ("discount_rate=uniform(0.01,0.02)x", "cannot read 'uniform(0.01,0.02)x'"),
        ("discount_rate=*", "discount_rate=*: *SPEC multiplies the scenario's value by a "
         "number, a grid of numbers or a distribution ([a, b, ...]"),
        ("demand.by_year=*[0.8,abc]", "demand.by_year=*[0.8,abc]: *SPEC multiplies"),
        ("demand.by_year=*[0.8,abc]", "got 'abc'"),
        ("discount_rate=*choice([1,x])", "got 'x'"),
        ("discount_rate=0.05", "nothing varies: discount_rate=0.05 gives one value to every "
         "run; give a grid PATH=[a, b] or a distribution PATH=uniform(a, b)"),
    ],
)  # fmt: skip
def test_a_mistyped_vary_is_named(vary, expected):
    with pytest.raises(DesignError) as info:
        Design(str(ONE_SITE), parse_vary([vary]))
    assert expected in str(info.value)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--vary", "discount_rate=a*b"], "error: discount_rate=a*b: cannot read 'a*b'"),
        (["--vary", "discount_rate=[0.05]", "--out", "afile"],
         "error: --out afile: cannot make a folder there"),
        (["--vary", "discount_rate=[0.05]", "--engine", "dask", "--address", "notaurl"],
         "error: --address 'notaurl': missing port number in address 'notaurl'; "
         "expected tcp://HOST:PORT"),
        (["--vary", "discount_rate=[0.05]", "--engine", "spark"],
         "error: unknown engine 'spark'; use local or dask"),
        (["--vary", "discount_rate=[0.05]", "--retry-failed"],
         "error: --retry-failed needs --resume ID"),
    ],
)  # fmt: skip
def test_sweep_refuses_before_recording_anything(tmp_path, args, expected):
    (tmp_path / "afile").write_text("not a folder\n")
    before = snapshot(tmp_path)
    r = cli("sweep", ONE_SITE, *args, "--workers", "1", "--store", "s.duckdb")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert expected in " ".join(r.output.split()), r.output
    assert "sweep sw-" not in r.output  # no sweep was recorded
    assert snapshot(tmp_path) == before
