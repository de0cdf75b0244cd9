"""The packaged dataset: complete, sourced, and within physical ranges."""

from __future__ import annotations

import csv

import pytest

from flopgrid.scenario.dataset import data_dir, load_default
from flopgrid.scenario.provenance import iter_values
from flopgrid.scenario.schema import Accelerator, Country, DataCenterDesign, PowerTech


@pytest.fixture(scope="module")
def dataset():
    return load_default()[0]


def test_every_value_has_a_source(dataset):
    values = list(iter_values(dataset))
    assert len(values) > 500
    missing = [v.path for v in values if not v.source.strip()]
    assert missing == []


def test_low_confidence_is_marked_somewhere(dataset):
    assert any(v.confidence == "low" for v in iter_values(dataset))


def test_required_entries_exist(dataset):
    gens = dataset["accelerators"]
    for name in ("H100", "H200", "B200", "GB200", "GB300", "MI300X", "TPU-v6e"):
        assert name in gens
    assert any(a.get("projection") for a in gens.values()), "a next generation marked projection"
    assert len(gens) >= 8
    techs = dataset["power"]
    for name in (
        "grid",
        "gas_ccgt",
        "gas_turbine",
        "onshore_wind",
        "offshore_wind",
        "solar_pv",
        "battery",
        "nuclear_new",
        "nuclear_restart",
    ):
        assert name in techs
    assert {"air-cooled", "liquid-ai"} <= set(dataset["datacenter_designs"])
    assert len(dataset["countries"]) >= 30


def test_entries_validate_against_the_schema(dataset):
    for a in dataset["accelerators"].values():
        Accelerator.model_validate(a)
    for p in dataset["power"].values():
        PowerTech.model_validate(p)
    for d in dataset["datacenter_designs"].values():
        DataCenterDesign.model_validate(d)
    for c in dataset["countries"].values():
        Country.model_validate(c)


def test_countries_csv_cells_have_source_columns():
    pairs = {
        "industrial_price_usd_per_mwh": "price_source",
        "grid_carbon_g_per_kwh": "carbon_source",
        "solar_cf": "solar_source",
        "wind_cf": "wind_source",
        "dc_cost_usd_per_w": "dc_cost_source",
        "export_tier": "export_tier_source",
        "clean_share": "clean_share_source",
        "lat": "hub_source",
    }
    with (data_dir() / "countries.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            for value, source in pairs.items():
                assert row[value].strip(), f"{row['iso2']}.{value} is empty"
                assert row[source].strip(), f"{row['iso2']}.{source} is empty"


def test_h100_is_one_h100e_at_every_precision(dataset):
    from flopgrid import units

    tflops = dataset["accelerators"]["H100"]["tflops"]
    for precision in ("bf16", "fp8", "fp4"):
        assert units.h100e_from_tflops(tflops, precision) == pytest.approx(1.0, rel=1e-3)


def test_every_generation_is_made_on_a_pool_and_no_good_dies_are_typed_in(dataset):
    pools = dataset["supply"]["pools"]
    for name, a in dataset["accelerators"].items():
        assert pools[a["node"]]["kind"] == "logic", name
        assert "good_dies_per_wafer" not in a and a["die_area_mm2"] > 0, name
        if a.get("packaging"):
            assert pools[a["packaging"]]["kind"] == "cowos", name
    kinds = {p["kind"] for p in pools.values()}
    assert kinds == {"logic", "cowos", "hbm"}
    assert {"tsmc-n5", "tsmc-n3", "tsmc-n2", "samsung-sf4-sf2", "intel-3-18a", "smic-n7"} <= set(
        pools
    )
    assert {"sk-hynix", "samsung-hbm", "micron"} <= {
        n for n, p in pools.items() if p["kind"] == "hbm"
    }


def test_projections_follow_the_sourced_trends(dataset):
    """A projected part's BF16 rate, price and TDP follow Epoch AI's trends from its family's
    anchor: FLOP/s x 2^(dt/2.7), FLOP/s per USD x 2^(dt/2.1), FLOP/s per W x 2^(dt/3.0)."""
    acc = dataset["accelerators"]
    anchors = {
        "nvidia-gpu": "Rubin-Ultra",
        "amd-gpu": "MI450",
        "google-tpu": "TPU-8t",
        "aws-trainium": "Trainium4",
        "huawei-ascend": "Ascend-970",
    }
    projected = [n for n, a in acc.items() if a["projection"]]
    assert len(projected) >= 15
    for name in projected:
        a = acc[name]
        base = acc[anchors[a["family"]]]
        dt = a["available_from"] - base["available_from"]
        f0, f = base["tflops"]["bf16"], a["tflops"]["bf16"]
        assert f == pytest.approx(f0 * 2 ** (dt / 2.7), rel=0.01), name
        per_usd = (f / a["price_usd"]) / (f0 / base["price_usd"])
        assert per_usd == pytest.approx(2 ** (dt / 2.1), rel=0.01), name
        per_w = (f / a["tdp_w"]) / (f0 / base["tdp_w"])
        assert per_w == pytest.approx(2 ** (dt / 3.0), rel=0.01), name


def test_export_rules_are_dated_and_switchable(dataset):
    rules = dataset["policy"]["export_rules"]
    assert rules["us-2023-10-ac-s"]["active"] and rules["us-2024-12-hbm"]["hbm_pools"]
    assert not rules["us-2025-01-ai-diffusion"]["active"]  # rescinded in May 2025
    for name, rule in rules.items():
        assert rule.get("from_year"), name
        assert dataset["policy"]["sources"][f"export_rules.{name}"].strip(), name
