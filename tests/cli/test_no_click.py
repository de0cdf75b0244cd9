"""The CLI runs on typer alone: newer typer ships its own copy of click, and click itself
is installed only with dask, so flopgrid must never import click."""

import importlib.metadata
import re
import subprocess
import sys

import pytest


def _typer_needs_click() -> bool:
    requires = importlib.metadata.requires("typer") or []
    return any(re.match(r"click\b", r) and "extra ==" not in r for r in requires)


def test_cli_imports_without_click():
    if _typer_needs_click():
        pytest.skip("this typer depends on click")
    code = "import sys; sys.modules['click'] = None; import flopgrid.cli; print('ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
