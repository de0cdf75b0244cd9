"""The shipped claims against the packaged dataset and the planned seed scenarios."""

from __future__ import annotations

import pytest

from flopgrid import yields
from flopgrid.audit import audit_claims, load_claims
from flopgrid.audit.data import all_in_kw, campus_busd_per_gw, dataset
from flopgrid.errors import FlopgridError


@pytest.fixture(scope="module")
def findings():
    return {f.id: f for f in audit_claims(use_model=True)}


def test_every_seed_claim_is_checked(findings):
    assert set(findings) == {
        "destiny-2m-accelerators",
        "destiny-100b-for-5gw",
        "japan-1000x-typical",
        "five-nuclear-plants",
        "abu-dhabi-10-square-miles",
        "fabs-43b-each",
        "fabs-7t-in-all",
        "fabs-36-with-the-model",
        "stargate-abilene-1-2gw-400k",
        "campuses-500k-jobs",
    }
    for f in findings.values():
        assert f.verdict in {"consistent", "optimistic", "inconsistent"}
        assert f.sources and all(s.strip() for s in f.sources), f.id
        assert f.claim_source.strip()


def test_verdicts(findings):
    got = {k: f.verdict for k, f in findings.items()}
    assert got["destiny-100b-for-5gw"] == "optimistic"  # 20 B/GW vs ~28-31 B/GW
    assert got["stargate-abilene-1-2gw-400k"] == "consistent"  # 3.0 kW vs 2.7-3.15
    assert got["campuses-500k-jobs"] == "inconsistent"  # 500k vs 90-126k direct
    assert got["five-nuclear-plants"] == "consistent"


def test_numbers_come_from_the_dataset(findings):
    data = dataset()
    gb200 = all_in_kw(data, "GB200")  # it_kw x liquid-ai PUE
    assert gb200 == pytest.approx(
        data["accelerators"]["GB200"]["it_kw"] * data["datacenter_designs"]["liquid-ai"]["pue"]
    )
    f = findings["stargate-abilene-1-2gw-400k"]
    assert f.value == pytest.approx(1.2e6 / 400_000)
    assert f.reference_range[0] == pytest.approx(gb200)
    cost = findings["destiny-100b-for-5gw"]
    assert cost.value == pytest.approx(20.0)
    assert cost.reference_range[0] == pytest.approx(
        min(campus_busd_per_gw(data, g) for g in ("GB200", "GB300", "Rubin"))
    )


def test_model_backed_numbers(findings):
    peak = findings["destiny-2m-accelerators"].numbers["planned_peak_accelerators"]
    # a planned 5 GW campus holds fewer than the claimed 2 M: Rubin-class packages draw
    # 4.4 kW IT (2,300 W TDP x 1.9), so 4.2 GW of IT holds under a million of them
    assert 0.7e6 <= peak <= 2.0e6
    assert "destiny-5gw peaks at" in findings["campuses-500k-jobs"].explanation


def test_the_36_fab_claim_is_answered_with_the_model(findings):
    f = findings["fabs-36-with-the-model"]
    n = f.numbers
    # 36 modules x 240,000 wafers x good packages per wafer: what 36 fabs could make.
    # NVIDIA-proj-2030: 4 dies of 800 mm2 on tsmc-n2 (D0 0.08 in 2030), negative binomial
    good = yields.good_dies_per_wafer(800.0, 0.08, "negative_binomial", 3.0, 300.0, 3.0, 0.1)
    assert n["accelerators_per_year"] == pytest.approx(36 * 240_000 * good / 4, rel=1e-9)
    assert n["h100e_per_year"] > n["accelerators_per_year"]
    # their chips need more CoWoS and HBM than 2030 has for AI: packaging, not wafers, binds
    assert n["cowos_wafers"] > n["cowos_for_ai"] and n["hbm_stacks"] > n["hbm_for_ai"]
    assert n["fabs_needed_if_wafers_bound"] < 36
    assert n["fabs_built_by_plan"] == pytest.approx(0.0, abs=0.01)
    assert any("CoWoS" in b or "HBM" in b for b in n["binding_supply"])
    assert "compute-3x" in f.explanation and "bind first" in f.explanation


def test_a_users_claims_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "claims:\n"
        "  - id: mine\n"
        "    claim: 1 GW holds 500,000 GB200\n"
        "    source: me\n"
        "    check: accelerators_in_power\n"
        "    params: {power_gw: 1, accelerators: 500000, generations: [GB200],\n"
        "             references: [nvl72_kw]}\n"
    )
    (f,) = audit_claims(path, use_model=False)
    assert f.value == pytest.approx(2.0)  # 1 GW / 500k
    assert f.verdict == "optimistic"  # below GB200's 2.7 kW, by less than 2x


def test_bad_claims_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "claims:\n  - id: x\n    claim: y\n    source: z\n    check: nope\n    params: {}\n"
    )
    with pytest.raises(FlopgridError, match="unknown check 'nope'"):
        load_claims(path)
