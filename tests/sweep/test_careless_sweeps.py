"""A hurried user's sweep: mistyped --vary specs, an --out that is a file, a Dask address
without a port, --retry-failed without --resume, a --set value no run could take. Each is
refused before any sweep is recorded or any task runs, with an error naming the option and
the value given."""

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
        (["--vary", "demand.by_year=*[0.9, 1.1]", "--set", "discount_rate=-1"],
         "--set discount_rate: must be >= 0, got -1"),
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


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("bad claim", "--claim 'bad claim': a claim is 'TEXT: EXPR', got 'bad claim'"),
        ("x: nope >= 3", "--claim 'x: nope >= 3': unknown metric 'nope'; known: objective_usd"),
        ("x: objective_usd >> 3",
         "--claim 'x: objective_usd >> 3': cannot read claim term 'objective_usd >> 3'"),
        ("x: objective_usd > 1e",
         "--claim 'x: objective_usd > 1e': claim term 'objective_usd > 1e': '1e' is not a number"),
        (": objective_usd > 1", "--claim ': objective_usd > 1': TEXT is empty"),
    ],
)  # fmt: skip
def test_a_bad_claim_is_refused_before_any_task_runs(tmp_path, claim, expected):
    """Claims were read only by the report, after every task had run (a traceback for 1e)."""
    before = snapshot(tmp_path)
    r = cli("sweep", ONE_SITE, "--vary", "discount_rate=[0.05]", "--claim", claim,
            "--workers", "1", "--store", "s.duckdb")  # fmt: skip
    assert r.exit_code == 2 and "Traceback" not in r.output and "sweep sw-" not in r.output
    assert f"error: {expected}" in " ".join(r.output.split()), r.output
    assert snapshot(tmp_path) == before


def test_a_bad_claim_in_a_sweep_file_names_the_file(tmp_path, monkeypatch):
    from flopgrid.sweep import sweepfile

    sweep = tmp_path / "study.yaml"
    sweep.write_text(
        f"sweep: 1\nscenario: {ONE_SITE}\nvary: {{discount_rate: [0.05]}}\n"
        "claims: ['cheap: objective_usd <= lots']\n"
    )
    reads = []
    read = sweepfile.read_yaml_lines
    monkeypatch.setattr(sweepfile, "read_yaml_lines", lambda p: reads.append(p) or read(p))
    monkeypatch.chdir(tmp_path)
    r = cli("sweep", sweep, "--workers", "1", "--store", "s.duckdb")
    assert reads == [sweep]  # the sweep file is parsed once
    assert r.exit_code == 2 and "sweep sw-" not in r.output
    assert f"{sweep}: claims: 'cheap: objective_usd <= lots': cannot read claim term" in " ".join(
        r.output.split()
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sweep: 2\nscenario: S\nvary: {discount_rate: [0.05]}\n",
         "study.yaml:1 sweep: expected 1 (the sweep file format), got 2"),
        ("sweep: 1\nscenario: S\nvary: {discount_rate: [0.05]}\nvary: {x: 1}\n",
         "study.yaml:4 vary: duplicate key (first given on line 3)"),
        ("sweep: 1\nscenario: S\nvarry: {discount_rate: [0.05]}\n",
         "study.yaml:3 varry: unknown key; did you mean 'vary'?"),
        ("sweep: 1\n\tscenario: S\n", "study.yaml:2 not valid YAML: found character '\\t'"),
        ("sweep: 1\nscenario: nowhere.yaml\nvary: {discount_rate: [0.05]}\n",
         "study.yaml:2 scenario: no file"),
        ("sweep: 1\nscenario: S\nvary: {discount_rate: [0.05]}\nsamples: -1\n",
         "study.yaml:4 samples: `samples:` must be a whole number >= 0, got -1"),
        ("sweep: 1\nscenario: S\nvary: {discount_rate: 'uniform(2,1)'}\nsamples: 3\n",
         "study.yaml:3 vary.discount_rate: discount_rate=uniform(2,1): uniform(a, b) needs a < b"),
        ("sweep: 1\nscenario: S\nvary: {discount_rate: [0.05, 0.1]}\nset: [discount_rate]\n",
         "study.yaml:4 set.0: expected PATH=VALUE, e.g. discount_rate=0.07, got 'discount_rate'"),
    ],
)  # fmt: skip
def test_a_broken_sweep_file_names_its_line(tmp_path, text, expected):
    """Lines were never named; a duplicate key was taken (the last won); a tab made the file
    read as a scenario ('nothing varies'); `sweep: 2` was taken."""
    sweep = tmp_path / "study.yaml"
    sweep.write_text(text.replace("scenario: S", f"scenario: {ONE_SITE}"))
    before = snapshot(tmp_path)
    r = cli("sweep", sweep, "--workers", "1", "--store", "s.duckdb")
    assert r.exit_code == 2 and "Traceback" not in r.output and "sweep sw-" not in r.output
    assert f"error: {tmp_path}/{expected}" in " ".join(r.output.split()), r.output
    assert snapshot(tmp_path) == before


def test_an_ambiguous_sweep_id_says_so(tmp_path):
    from flopgrid.sweep.runner import create_sweep

    store = tmp_path / "s.duckdb"
    ids = [create_sweep(Design(str(ONE_SITE), parse_vary([f"discount_rate=[{r}]"])), store)
           for r in (0.05, 0.06)]  # fmt: skip
    for command in (["sweep", "report", "sw-"], ["sweep", "run", "--resume", "sw-"]):
        r = cli(*command, "--store", store)
        assert r.exit_code == 2 and "Traceback" not in r.output
        assert f"'sw-' matches 2 sweeps: {', '.join(sorted(ids))}; give more of the id" in " ".join(
            r.output.split()
        ), r.output
