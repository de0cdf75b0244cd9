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


def fabs(data: dict) -> dict[str, dict]:
    """The new fab kinds of a dataset (``supply.fabs``, or the one ``supply.new_fab``)."""
    sup = data["supply"]
    if sup.get("fabs"):
        return sup["fabs"]
    return {"new_fab": sup["new_fab"]}


def fab_source(data: dict, name: str, field: str) -> str:
    """The source of a new fab's field."""
    sup = data["supply"]
    if name in (sup.get("fabs") or {}):
        return sup["fabs"][name].get("sources", {}).get(field, "")
    return sup.get("sources", {}).get(f"new_fab.{field}", "")


def packages_per_wafer(data: dict, gen: str, year: int = 2030) -> float:
    """Accelerators whose compute dies one wafer of their node makes [1]: given good dies, or
    gross dies x yield at the node's defect density in ``year`` (flopgrid.yields), over the
    dies per accelerator."""
    from .. import yields

    acc = accelerator(data, gen)
    if acc.get("good_dies_per_wafer"):
        return float(acc["good_dies_per_wafer"]) / float(acc.get("compute_dies", 1))
    pool = data["supply"]["pools"][acc["node"]]
    d0 = at_year(pool.get("d0_defects_per_cm2", 0.0), year)
    ym = data["supply"].get("yield_model", {})
    good = yields.good_dies_per_wafer(
        acc["die_area_mm2"],
        d0,
        ym.get("model", "negative_binomial"),
        ym.get("alpha", 3.0),
        ym.get("wafer_diameter_mm", 300.0),
        ym.get("edge_exclusion_mm", 3.0),
        ym.get("scribe_mm", 0.1),
    )
    return float(good) / float(acc.get("compute_dies", 1))


def at_year(value, year: int) -> float:
    """A raw dataset trajectory (a number or ``{by_year: {...}}``) in ``year``."""
    from ..scenario.expand import trajectory

    if value is None:
        return 0.0
    if isinstance(value, dict):
        value = value.get("by_year", value)
    return float(trajectory(value, [year])[0])
