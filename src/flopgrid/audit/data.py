"""Quantities the audit reads from the packaged dataset (one place for the arithmetic).

Per-GW figures are per GW of *facility* power (IT x PUE), the unit public claims use.
"""

from __future__ import annotations

from ..scenario.dataset import load_default


def dataset() -> dict:
    """The packaged dataset as a raw dict (a copy)."""
    data, _ = load_default()
    return data


def design(data: dict, name: str | None = None) -> dict:
    """A data-center design by name (default: the dataset's default design)."""
    return data["datacenter_designs"][name or data["datacenter"]["design"]]


def accelerator(data: dict, gen: str) -> dict:
    return data["accelerators"][gen]


def all_in_kw(data: dict, gen: str, design_name: str | None = None) -> float:
    """Facility power per accelerator [kW]: its IT kW x the design's PUE."""
    return accelerator(data, gen)["it_kw"] * design(data, design_name)["pue"]


def datacenter_busd_per_gw(data: dict, design_name: str | None = None) -> float:
    """Facility capex per GW of facility power [B USD/GW]: capex per kW IT / PUE."""
    d = design(data, design_name)
    return d["capex_usd_per_kw"] / d["pue"] / 1e3


def accelerators_busd_per_gw(data: dict, gen: str, design_name: str | None = None) -> float:
    """Accelerators that fill one GW of facility power [B USD/GW]: price / all-in kW."""
    return accelerator(data, gen)["price_usd"] / all_in_kw(data, gen, design_name) / 1e3


def campus_busd_per_gw(data: dict, gen: str, design_name: str | None = None) -> float:
    """Data center plus its accelerators per GW of facility power [B USD/GW]."""
    return datacenter_busd_per_gw(data, design_name) + accelerators_busd_per_gw(
        data, gen, design_name
    )


def source(data: dict, path: str) -> str:
    """The source string of a dataset value, e.g. ``accelerators.GB200.it_kw``."""
    parts = path.split(".")
    node = data
    for key in parts[:-2]:
        node = node[key]
    entry = node[parts[-2]]
    return entry.get("sources", {}).get(parts[-1], "")
