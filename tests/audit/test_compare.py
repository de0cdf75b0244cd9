from __future__ import annotations

import pytest

from flopgrid.audit import comparisons


def _summary() -> dict:
    years = [2030, 2031]
    site = {
        "by_year": {
            "facility_power_gw": [1.0, 2.0],
            "accelerators": [400_000.0, 800_000.0],
            "land_km2": [3.0, 6.0],
        }
    }
    return {
        "years": years,
        "by_year": {
            "energy_twh": [100.0, 200.0],
            "facility_power_gw": [1.0, 2.0],
            "accelerators": [4e5, 8e5],
            "land_km2": [3.0, 6.0],
        },
        "by_site": {"a": site},
        "capex_by_class_usd": {
            "accelerators": [30e9, 20e9],
            "datacenters": [10e9, 0.0],
            "power": [99e9, 99e9],
        },
    }


def test_comparisons_by_hand():
    got = {c["metric"]: c for c in comparisons(_summary())}
    capex = got["capex per GW of facility power (accelerators + data centers)"]
    assert capex["flopgrid_value"] == pytest.approx(30.0)  # (30 + 20 + 10) B / 2 GW peak
    assert capex["reference_range"] == [29, 50]
    kw = got["facility power per accelerator"]
    assert kw["flopgrid_value"] == pytest.approx(2.5)  # 2 GW / 800k in the peak year
    assert kw["reference_range"] == [1.5, 3.0]
    assert got["land per GW of facility power"]["flopgrid_value"] == pytest.approx(3.0)
    energy = got["data-center electricity in 2030"]
    assert energy["flopgrid_value"] == pytest.approx(100.0)
    assert energy["reference_range"] == [945, 945]
    for c in got.values():
        assert set(c) >= {"metric", "flopgrid_value", "reference", "reference_range", "source"}
        assert c["source"]


class _Run:
    """A result-like object: a summary and its scenario (site b carries conventional load)."""

    def __init__(self):
        self.summary = _summary()
        conv = {
            "by_year": {
                "facility_power_gw": [10.0, 10.0],
                "accelerators": [0.0, 0.0],
                "land_km2": [50.0, 50.0],
            }
        }
        self.summary["by_site"]["b"] = conv
        self.scenario = {"sites": {"a": {}, "b": {"conventional_it_gw": 6.0}}}


def test_conventional_sites_are_left_out():
    got = {c["metric"]: c for c in comparisons(_Run())}
    assert got["facility power per accelerator"]["flopgrid_value"] == pytest.approx(2.5)
    assert got["land per GW of facility power"]["flopgrid_value"] == pytest.approx(3.0)
    assert not any(m.startswith("capex per GW") for m in got)


def test_a_campus_is_a_part_of_the_world_not_below_it():
    # AI campuses only: 100 TWh beside the IEA's 945 TWh for every data center is a share
    got = {c["metric"]: c for c in comparisons(_summary())}
    energy = got["data-center electricity in 2030"]
    assert energy["verdict"] == "a part of it"
    assert "10.6% of the IEA's world figure" in energy["note"]  # 100 / 945
    # with conventional load the run counts every data center: the range test applies
    world = {c["metric"]: c for c in comparisons(_Run())}
    assert "verdict" not in world["data-center electricity in 2030"]


def test_power_per_accelerator_names_the_fleet_it_is_of():
    summary = _summary()
    summary["by_generation"] = {
        "G1": {"accelerators_in_service": [300_000.0, 600_000.0]},
        "G2": {"accelerators_in_service": [100_000.0, 200_000.0]},
        "G3": {"accelerators_in_service": [0.0, 0.0]},
    }
    kw = {c["metric"]: c for c in comparisons(summary)}["facility power per accelerator"]
    assert kw["note"].startswith("2031: 2 GW of AI facility power / 800,000 accelerators")
    assert "mostly G1 (75%), G2 (25%)" in kw["note"]


def test_a_point_reference_is_met_with_the_difference():
    from flopgrid.report.html import _verdict

    assert _verdict(417.2, 415.0, 415.0) == "+0.5%"  # not "above"
    assert _verdict(1202.4, 945.0, 945.0) == "+27.2%"
    assert _verdict(30.0, 29.0, 50.0) == "within"
    assert _verdict(4.99, 1.5, 3.0) == "above"
