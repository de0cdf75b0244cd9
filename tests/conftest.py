"""Shared fixtures: small standalone scenarios whose optima can be worked out by hand."""

from __future__ import annotations

import copy
import os
import warnings
from pathlib import Path

import pytest
import yaml

CASES = Path(__file__).parent / "cases"

warnings.filterwarnings("ignore", module="linopy")


@pytest.fixture(scope="session", autouse=True)
def _session_cwd(tmp_path_factory):
    """Module and session fixtures run in a scratch folder too: a command that falls back
    to ``runs/`` never writes into the repository or wherever pytest was started."""
    before = Path.cwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    yield
    os.chdir(before)


@pytest.fixture(autouse=True)
def _own_cwd(tmp_path, monkeypatch):
    """Every test runs in its own empty folder: tests share no state through the cwd."""
    monkeypatch.chdir(tmp_path)


def one_site() -> dict:
    """The hand-check case as a dict (tests/cases/one_site.yaml)."""
    return yaml.safe_load((CASES / "one_site.yaml").read_text())


@pytest.fixture
def base() -> dict:
    return copy.deepcopy(one_site())


@pytest.fixture
def write(tmp_path):
    """Write a scenario dict (or YAML text) to a file and return its path."""

    def _write(data, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        path.write_text(text)
        return path

    return _write
