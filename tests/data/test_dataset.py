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


def test_h100_is_one_h100e(dataset):
    assert dataset["accelerators"]["H100"]["h100e"] == 1.0
