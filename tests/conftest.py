"""Shared fixtures: small standalone scenarios whose optima can be worked out by hand."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import pytest
import yaml

CASES = Path(__file__).parent / "cases"

warnings.filterwarnings("ignore", module="linopy")


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
