"""The 36-fab claim answered with the model: what n new fabs could make, what their chips
would need of CoWoS and HBM, what demand would keep them busy, and how many fabs the
least-cost plan of a demanding seed scenario builds."""

from __future__ import annotations

from .. import units
from . import data as ds
from .finding import Context, Finding, finding
from .verdict import INCONSISTENT, judge


def _ai(pool: dict, year: int) -> float:
    """A pool's output for AI accelerators in ``year`` [wafers or stacks]."""
    return ds.at_year(pool.get("capacity_per_year"), year) * ds.at_year(
        pool.get("ai_share", 1.0), year
    )


def fab_plan_model(claim: dict, ctx: Context) -> Finding:
    """n fabs are needed: their output (fab kind x good packages per wafer of a generation),
    what packaging and HBM it would need, the demand that would use it, and the new fabs the
    least-cost plan of a seed scenario builds (the model's answer)."""
    from ..plan import build_inputs
    from ..scenario import load_scenario

    p = claim["params"]
    n, year, gen = float(p["fabs"]), int(p["year"]), p["generation"]
    data = ctx.data
    kind = p["fab"]
    fab = ds.fabs(data)[kind]
    acc = ds.accelerator(data, gen)
    pools = data["supply"]["pools"]
    per_wafer = ds.packages_per_wafer(data, gen, year)
    h100e = units.h100e_from_tflops(acc["tflops"], "bf16")
    if h100e is None:
        raise ValueError(f"accelerator {gen}: the dataset gives no dense bf16 rate")
    made = n * fab["wafers_per_year"] * per_wafer  # packages a year
    per_fab_h100e = fab["wafers_per_year"] * per_wafer * h100e
    node_ai = _ai(pools[fab["pool"]], year)
    cowos = made / acc["per_cowos_wafer"] if acc.get("per_cowos_wafer") else 0.0
    cowos_ai = _ai(pools[acc["packaging"]], year) if acc.get("packaging") else 0.0
    hbm = made * acc.get("hbm_stacks", 0.0)
    hbm_ai = sum(_ai(q, year) for q in pools.values() if q["kind"] == "hbm")
    life = float(acc["lifetime_years"])
    busy = life * (node_ai * per_wafer * h100e + made * h100e)  # in service, steady state
    demand = build_inputs(load_scenario(p["plan"])).demand.total_mh100e
    grow = units.from_millions(
        float(demand.sel(year=year) - demand.sel(year=year - 1))
    )  # h100e a year more in service: the least the year's shipments must be
    needed = max(0.0, (grow - node_ai * per_wafer * h100e) / per_fab_h100e)
    built, binding = needed, []
    summary = ctx.summary(p["plan"])
    if summary is not None:
        years = summary["years"]
        built = sum(summary["by_year"]["new_fabs"][: years.index(year) + 1])
        binding = summary["by_year"].get("binding_supply", [[]] * len(years))[years.index(year)]
    low, high = min(built, needed), max(built, needed)
    if high <= 0:
        verdict, how = INCONSISTENT, "where the model needs none"
    else:
        verdict, how = judge(n, max(low, 1e-9), high, flattering="high")
    text = (
        f"{n:g} fabs of kind {kind} ({fab['wafers_per_year']:,.0f} wafers a year each, "
        f"{fab['pool']}) would make {made / 1e6:.0f} M {gen} a year ({per_wafer:.3g} per "
        f"wafer in {year}), {made * h100e / 1e9:.2f} B h100e a year, "
        f"{n * fab['wafers_per_year'] / max(node_ai, 1):.1f}x the {fab['pool']} wafers AI may "
        f"take in {year}. Their chips would need {cowos / 1e6:.1f} M CoWoS wafers "
        f"({cowos / max(cowos_ai, 1):.1f}x the {year} CoWoS for AI of {acc.get('packaging')}) "
        f"and {hbm / 1e6:.0f} M HBM stacks ({hbm / max(hbm_ai, 1):.1f}x the {year} HBM for "
        f"AI). A demand that keeps them busy is ~{busy / 1e9:.1f} B h100e in service "
        f"({life:g} years of output with the node's own wafers), "
        f"{busy / max(units.from_millions(float(demand.sel(year=year))), 1):.1f}x the "
        f"{year} demand of {p['plan']}; that demand's growth in {year} needs {needed:.1f} "
        f"fabs if wafers alone bound"
    )
    if summary is not None:
        text += f"; the least-cost plan of {p['plan']} builds {built:.1f} new fabs by {year}" + (
            f" because {', '.join(binding[:3])} bind first" if binding else ""
        )
    text += f": {n:g} fabs is {how}"
    return finding(
        claim,
        implied=f"{n:g} new fabs",
        value=n,
        unit="fabs",
        reference=f"the model: new fabs the plan of {p['plan']} builds, and fabs its demand "
        "needs if only wafers bound",
        reference_range=(low, high),
        verdict=verdict,
        explanation=text,
        sources=[
            ds.fab_source(data, kind, "wafers_per_year"),
            ds.source(data, f"accelerators.{gen}.die_area_mm2"),
            ds.source(data, f"accelerators.{gen}.per_cowos_wafer"),
        ],
        numbers={
            "accelerators_per_year": made,
            "h100e_per_year": made * h100e,
            "cowos_wafers": cowos,
            "cowos_for_ai": cowos_ai,
            "hbm_stacks": hbm,
            "hbm_for_ai": hbm_ai,
            "h100e_in_service_to_keep_busy": busy,
            "fabs_needed_if_wafers_bound": needed,
            "fabs_built_by_plan": built,
            "binding_supply": binding,
        },
    )


__all__ = ["Context", "fab_plan_model"]
