"""validation/demand_variant.py rebuilds world-baseline's demand exactly at factor 1."""

import importlib.util
from pathlib import Path

import yaml

from flopgrid.scenario.load import data_dir

ROOT = Path(__file__).resolve().parents[2]


def _module():
    spec = importlib.util.spec_from_file_location(
        "demand_variant", ROOT / "validation" / "demand_variant.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_factor_one_is_the_baseline_demand():
    shipped = yaml.safe_load((data_dir() / "scenarios" / "world-baseline.yaml").read_text())
    rebuilt = _module().variant(1.0)["demand"]["regions"]
    assert set(rebuilt) == set(shipped["demand"]["regions"])
    for region, doc in shipped["demand"]["regions"].items():
        for year, value in doc["by_year"].items():
            # the yaml rounds to thousands and its shipments to 10 k
            assert abs(rebuilt[region]["by_year"][year] - value) <= 1e-4 * value + 1000


def test_factor_scales_only_from_2026():
    mod = _module()
    low, high = mod.in_service(1.0), mod.in_service(2.0)
    assert high[2024] == low[2024]
    assert high[2026] > low[2026]
    # 2035's stock holds only shipments from 2031 on, all scaled: exactly twice
    assert abs(high[2035] / low[2035] - 2.0) < 1e-12
