"""Commands that start at once: importing the CLI, --help, --version and `scenarios list`
load none of the model stack (checked in a fresh interpreter, through sys.modules)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: libraries a command that builds no model must not load
HEAVY = ("linopy", "xarray", "pandas", "plotly", "duckdb", "dask", "pvlib", "numpy", "scipy")
HEAVY += ("highspy", "tsam", "pyarrow", "netCDF4")

_PROBE = """
import contextlib, io, json, sys
args = json.loads(sys.argv[1])
import flopgrid.cli
if args is not None:
    from flopgrid.cli import app
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            app(args, standalone_mode=False)
        except SystemExit:
            pass
print(json.dumps(sorted(m.split(".")[0] for m in sys.modules)))
"""


def _loaded(args: list[str] | None, cwd) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [None, ["--help"], ["--version"], ["scenarios", "list"], ["plan", "--help"]],
    ids=["import", "help", "version", "scenarios-list", "plan-help"],
)
def test_light_commands_load_no_model_stack(args, tmp_path) -> None:
    loaded = _loaded(args, tmp_path)
    assert "flopgrid" in loaded
    heavy = set(HEAVY)
    if args == ["scenarios", "list"]:
        # it validates every seed, and the chip-side references (pools, fabs, export caps)
        # are read with numpy and pandas; the model stack itself stays unloaded
        heavy -= {"numpy", "pandas", "pyarrow"}
    assert not loaded & heavy, sorted(loaded & heavy)


def test_the_package_api_still_loads_on_use(tmp_path) -> None:
    code = (
        "import flopgrid, sys; assert 'linopy' not in sys.modules; "
        "import flopgrid.plan.options; "
        "assert callable(flopgrid.plan) and callable(flopgrid.dispatch); "
        "print(flopgrid.PlanOptions.__name__, flopgrid.__version__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.startswith("PlanOptions ")
