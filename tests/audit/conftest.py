"""A small synthetic dataset whose audit arithmetic is checked by hand."""

from __future__ import annotations

import copy

import pytest

from flopgrid.audit.checks import Context

DATA = {
    "accelerators": {"A": {"it_kw": 2.0, "price_usd": 40_000, "good_dies_per_wafer": 10}},
    "datacenter": {"design": "d"},
    "datacenter_designs": {
        # facility: 12,000 USD/kW IT / PUE 1.5 = 8 B USD per GW of facility power
        "d": {
            "capex_usd_per_kw": 12_000,
            "pue": 1.5,
            "load_factor": 0.8,
            "km2_per_gw": 4.0,
            "construction_jobs_per_busd": 100,
            "operations_jobs_per_gw": 1000,
            "sources": {"construction_jobs_per_busd": "c", "operations_jobs_per_gw": "o"},
        },
        "e": {"capex_usd_per_kw": 10_000, "pue": 1.25, "load_factor": 0.9, "km2_per_gw": 2.0},
    },
    "power": {
        "nuclear_new": {"capacity_factor": 0.9, "capacity_credit": 0.9},
        "solar_pv": {"capacity_factor": 0.25, "land_km2_per_gw": 20.0},
    },
    "policy": {"reserve_margin": 0.2},
    "sources": {},
    "supply": {
        "new_fab": {"capex_usd": 20e9, "wafers_per_year": 100_000},
        "sources": {"new_fab.capex_usd": "fab", "new_fab.wafers_per_year": "wafers"},
    },
}
REFS = {
    "typical": {"label": "typical", "range": [5, 10], "unit": "MW", "source": "s1"},
    "hyper": {"label": "hyperscale", "value": 100, "unit": "MW", "source": "s2"},
    "plant": {"label": "plant", "value": 1.0, "range": [0.8, 1.4], "unit": "GW", "source": "s3"},
    "fab_a": {"label": "fab a", "value": 26, "unit": "B USD", "source": "s4"},
    "fab_b": {"label": "fab b", "value": 32.5, "unit": "B USD", "source": "s5"},
}


@pytest.fixture
def ctx() -> Context:
    return Context(copy.deepcopy(DATA), copy.deepcopy(REFS), use_model=False)


def claim(check: str, **params) -> dict:
    return {"id": "x", "claim": "a claim", "source": "somewhere", "check": check, "params": params}
