"""One function per kind of claim check.

Each takes the claim (its ``params`` from claims.yaml) and the :class:`Context` and returns
a :class:`Finding`: the quantity the claim implies, the range the dataset (and, where
useful, a planned seed scenario) gives for it, the verdict and the numbers that decide it.
All arithmetic is on packaged dataset values; published figures that are not in the
dataset come from the ``references`` of claims.yaml, each with its source.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import units
from . import data as ds
from .checks_chips import fab_plan_model
from .finding import Context, Finding, finding, ref_text
from .verdict import judge

__all__ = ["CHECKS", "PARAMS", "Context", "Finding"]


def accelerators_in_power(claim: dict, ctx: Context) -> Finding:
    """N accelerators in P GW: implied all-in kW per accelerator against the dataset's
    accelerators (IT kW x PUE of the named designs)."""
    p = claim["params"]
    power_gw, count = float(p["power_gw"]), float(p["accelerators"])
    implied_kw = power_gw * 1e6 / count
    designs = p.get("designs") or [None]
    kws = {
        f"{g}@{d or 'default'}": ds.all_in_kw(ctx.data, g, d)
        for g in p["generations"]
        for d in designs
    }
    low, high = min(kws.values()), max(kws.values())
    verdict, how = judge(implied_kw, low, high, flattering="low")
    fit = (power_gw * 1e6 / high, power_gw * 1e6 / low)
    numbers = {
        "implied_kw_per_accelerator": implied_kw,
        "dataset_kw_per_accelerator": kws,
        "accelerators_that_fit": list(fit),
    }
    text = (
        f"{power_gw:g} GW / {count:,.0f} = {implied_kw:.2f} kW all-in per accelerator; the "
        f"dataset gives {low:.2f}-{high:.2f} kW ("
        + ", ".join(f"{k} {v:.2f}" for k, v in kws.items())
        + f"), so {power_gw:g} GW holds {fit[0] / 1e6:.2f}-{fit[1] / 1e6:.2f} M: {how}"
    )
    if p.get("plan"):
        summary = ctx.summary(p["plan"])
        if summary is not None:
            peak = summary["totals"]["peak_accelerators"]
            numbers["planned_peak_accelerators"] = peak
            text += f"; the least-cost plan of {p['plan']} installs at most {peak / 1e6:.2f} M"
    published, sources = ref_text(ctx, p.get("references", []))
    if published:
        text += f". Published: {published}"
    return finding(
        claim,
        implied=f"{implied_kw:.2f} kW per accelerator",
        value=implied_kw,
        unit="kW/accelerator",
        reference="dataset: IT kW x PUE of " + ", ".join(kws),
        reference_range=(low, high),
        verdict=verdict,
        explanation=text,
        sources=[ds.source(ctx.data, f"accelerators.{g}.it_kw") for g in p["generations"]]
        + sources,
        numbers=numbers,
    )


def cost_per_power(claim: dict, ctx: Context) -> Finding:
    """C USD builds P GW: implied B USD per GW of facility power against the dataset's
    data-center capex plus the accelerators that fill it."""
    p = claim["params"]
    implied = units.busd_from_usd(float(p["cost_usd"])) / float(p["power_gw"])
    design = p.get("design")
    per_gen = {g: ds.campus_busd_per_gw(ctx.data, g, design) for g in p["generations"]}
    low, high = min(per_gen.values()), max(per_gen.values())
    verdict, how = judge(implied, low, high, flattering="low")
    dc = ds.datacenter_busd_per_gw(ctx.data, design)
    published, sources = ref_text(ctx, p.get("references", []))
    cost = units.busd_from_usd(float(p["cost_usd"]))
    text = (
        f"{cost:g} B USD / {p['power_gw']:g} GW = {implied:.1f} B "
        f"USD per GW; the dataset needs {low:.1f}-{high:.1f} (data center {dc:.1f} + "
        + ", ".join(f"{g} {v - dc:.1f}" for g, v in per_gen.items())
        + f" for the accelerators), before any power plant: {how}. Published: {published}"
    )
    return finding(
        claim,
        implied=f"{implied:.1f} B USD per GW",
        value=implied,
        unit="B USD/GW",
        reference="dataset: data-center capex / PUE + accelerator price / all-in kW",
        reference_range=(low, high),
        verdict=verdict,
        explanation=text,
        sources=[
            ds.source(ctx.data, f"datacenter_designs.{ds_name}.capex_usd_per_kw")
            for ds_name in [design or ctx.data["datacenter"]["design"]]
        ]
        + [ds.source(ctx.data, f"accelerators.{g}.price_usd") for g in p["generations"]]
        + sources,
        numbers={"implied_busd_per_gw": implied, "dataset_busd_per_gw": per_gen, "dc": dc},
    )


def scale_ratio(claim: dict, ctx: Context) -> Finding:
    """P GW is k x a typical data center: the implied typical size against published sizes."""
    p = claim["params"]
    implied_mw = float(p["power_gw"]) * 1e3 / float(p["ratio"])
    typical = ctx.ref(p["typical"])
    low, high = typical["range"]
    verdict, how = judge(implied_mw, low, high, flattering="low")
    big = ctx.ref(p["hyperscale"])
    ratio_big = float(p["power_gw"]) * 1e3 / big["value"]
    text = (
        f"{p['power_gw']:g} GW / {p['ratio']:g} = {implied_mw:.3g} MW per typical data center; "
        f"{typical['label']} is {low:g}-{high:g} MW, so {p['power_gw']:g} GW is "
        f"{p['power_gw'] * 1e3 / high:.0f}-{p['power_gw'] * 1e3 / low:.0f}x one: {how}; against "
        f"a {big['value']:g} MW hyperscale site it is only {ratio_big:.0f}x"
    )
    return finding(
        claim,
        implied=f"{implied_mw:.3g} MW per data center",
        value=implied_mw,
        unit="MW",
        reference=typical["label"],
        reference_range=(low, high),
        verdict=verdict,
        explanation=text,
        sources=[f"{typical['label']}: {typical['source']}", f"{big['label']}: {big['source']}"],
        numbers={"implied_mw": implied_mw, "ratio_vs_hyperscale": ratio_big},
    )


def power_equivalence(claim: dict, ctx: Context) -> Finding:
    """P GW equals n power plants of a technology: plants needed for the campus's energy
    (load factor / capacity factor) and for its firm peak (reserve margin / capacity credit)."""
    p = claim["params"]
    power_gw, plants = float(p["power_gw"]), float(p["plants"])
    tech = ctx.data["power"][p["technology"]]
    plant = ctx.ref(p["plant_size"])
    size = plant["value"]
    lf = ds.design(ctx.data, p.get("design"))["load_factor"]
    margin = ctx.data["policy"]["reserve_margin"]
    energy = power_gw * lf / (size * tech["capacity_factor"])
    firm = power_gw * (1 + margin) / (size * tech["capacity_credit"])
    low, high = sorted((energy, firm))
    verdict, how = judge(plants, low, high, flattering="low")
    smin, smax = plant["range"]
    text = (
        f"{power_gw:g} GW at load factor {lf:g} needs {energy:.2f} plants of {size:g} GW for "
        f"its energy (capacity factor {tech['capacity_factor']:g}) and {firm:.2f} for its peak "
        f"with a {margin:.0%} reserve (capacity credit {tech['capacity_credit']:g}); the claim's "
        f"{plants:g} is {how}. Plant sizes run {smin:g}-{smax:g} GW "
        f"({power_gw * lf / (smax * tech['capacity_factor']):.1f}-"
        f"{power_gw * (1 + margin) / (smin * tech['capacity_credit']):.1f} plants)"
    )
    return finding(
        claim,
        implied=f"{plants:g} plants ({power_gw / plants:.2g} GW each)",
        value=plants,
        unit="plants",
        reference=f"dataset: load factor, {p['technology']} capacity factor and credit, reserve",
        reference_range=(low, high),
        verdict=verdict,
        explanation=text,
        sources=[
            ds.source(ctx.data, f"power.{p['technology']}.capacity_factor"),
            ds.source(ctx.data, f"power.{p['technology']}.capacity_credit"),
            ctx.data.get("sources", {}).get("policy.reserve_margin", ""),
            f"{plant['label']}: {plant['source']}",
        ],
        numbers={"plants_for_energy": energy, "plants_for_peak": firm},
    )


def land_for_power(claim: dict, ctx: Context) -> Finding:
    """A km2 (or square miles) suffice for P GW: implied km2 per GW against the dataset's
    land per GW of facility power of the named designs."""
    p = claim["params"]
    km2 = float(p["km2"]) if "km2" in p else units.km2_from_square_miles(float(p["square_miles"]))
    implied = km2 / float(p["power_gw"])
    per = {d: ds.design(ctx.data, d)["km2_per_gw"] for d in p["designs"]}
    low, high = min(per.values()), max(per.values())
    verdict, how = judge(implied, low, high, flattering="low")
    needed = {d: v * float(p["power_gw"]) for d, v in per.items()}
    text = (
        f"{km2:.1f} km2 / {p['power_gw']:g} GW = {implied:.2f} km2 per GW; the dataset's designs "
        "use "
        + ", ".join(f"{d} {v:g} km2/GW ({needed[d]:.1f} km2)" for d, v in per.items())
        + f": {how}; data halls only"
    )
    if p.get("onsite"):
        tech = ctx.data["power"][p["onsite"]]
        lf = ds.design(ctx.data, p["designs"][0])["load_factor"]
        cap = float(p["power_gw"]) * lf / tech["capacity_factor"]
        extra = cap * tech["land_km2_per_gw"]
        text += (
            f"; {p['onsite']} on site for the average load ({cap:.1f} GW at capacity factor "
            f"{tech['capacity_factor']:g}) would add {extra:.0f} km2"
        )
    return finding(
        claim,
        implied=f"{implied:.2f} km2 per GW",
        value=implied,
        unit="km2/GW",
        reference="dataset: km2_per_gw of " + ", ".join(per),
        reference_range=(low, high),
        verdict=verdict,
        explanation=text,
        sources=[ds.source(ctx.data, f"datacenter_designs.{d}.km2_per_gw") for d in per],
        numbers={"implied_km2_per_gw": implied, "km2_needed": needed},
    )


def fab_cost(claim: dict, ctx: Context) -> Finding:
    """n fabs at c USD each: the per-fab cost against the dataset's new fabs and published
    fab costs."""
    p = claim["params"]
    each = units.busd_from_usd(float(p["cost_per_fab_usd"]))
    kinds = ds.fabs(ctx.data)
    own = [units.busd_from_usd(f["capex_usd"]) for f in kinds.values()]
    published = [ctx.ref(n) for n in p["references"]]
    values = own + [r["value"] for r in published]
    low, high = min(values), max(values)
    verdict, how = judge(each, low, high, flattering="low")
    total = each * float(p["fabs"])
    listed = ", ".join(f"{r['label']} {r['value']:g}" for r in published)
    text = (
        f"{p['fabs']:g} fabs x {each:g} B USD = {total / 1e3:.2f} T USD; the dataset's new "
        f"leading-edge fabs cost {min(own):g}-{max(own):g} B and published fab costs run "
        f"{low:g}-{high:g} B ({listed}): {how}"
    )
    return finding(
        claim,
        implied=f"{each:g} B USD per fab",
        value=each,
        unit="B USD/fab",
        reference="dataset new fabs' capex_usd and published fab costs",
        reference_range=(low, high),
        verdict=verdict,
        explanation=text,
        sources=[ds.fab_source(ctx.data, n, "capex_usd") for n in kinds]
        + [f"{r['label']}: {r['source']}" for r in published],
        numbers={"fabs_total_busd": total, "dataset_fab_busd": own[0] if len(own) == 1 else own},
    )


def fab_plan_total(claim: dict, ctx: Context) -> Finding:
    """T USD for n fabs at c each plus data centers: what housing one year of the fabs'
    output costs (data centers, then data centers and accelerators) against the total."""
    p = claim["params"]
    total = units.busd_from_usd(float(p["total_usd"]))
    fabs = float(p["fabs"]) * units.busd_from_usd(float(p["cost_per_fab_usd"]))
    kinds = ds.fabs(ctx.data)
    kind = p.get("fab") or next(iter(kinds))
    fab = kinds[kind]
    gen = p["generation"]
    per_wafer = ds.packages_per_wafer(ctx.data, gen, int(p.get("year", 2030)))
    chips = float(p["fabs"]) * fab["wafers_per_year"] * per_wafer
    gw = chips * ds.all_in_kw(ctx.data, gen) / 1e6
    dc_only = fabs + gw * ds.datacenter_busd_per_gw(ctx.data)
    with_chips = fabs + gw * ds.campus_busd_per_gw(ctx.data, gen)
    verdict, how = judge(total, dc_only, with_chips, flattering="low")
    rest = total - fabs
    housed = rest / ds.campus_busd_per_gw(ctx.data, gen)
    text = (
        f"{p['fabs']:g} fabs cost {fabs / 1e3:.2f} T USD, leaving {rest / 1e3:.2f} T; at "
        f"{fab['wafers_per_year']:,.0f} wafers a year per fab ({kind}) and "
        f"{per_wafer:.3g} good {gen} per wafer they make {chips / 1e6:.0f} M "
        f"{gen} a year, {gw:.0f} GW of facility power at {ds.all_in_kw(ctx.data, gen):.2f} kW "
        f"each. Housing one year of that output costs {dc_only / 1e3:.1f} T USD with the fabs "
        f"(data centers only) to {with_chips / 1e3:.1f} T (with the accelerators): "
        f"{total / 1e3:g} T is {how}; the rest houses {housed:.0f} GW, {housed / gw:.2f} years "
        "of the fabs' output"
    )
    acc = ds.accelerator(ctx.data, gen)
    dies_field = "good_dies_per_wafer" if acc.get("good_dies_per_wafer") else "die_area_mm2"
    return finding(
        claim,
        implied=f"{total / 1e3:g} T USD in all",
        value=total,
        unit="B USD",
        reference="dataset: fab output x all-in kW x per-GW cost, one year",
        reference_range=(dc_only, with_chips),
        verdict=verdict,
        explanation=text,
        sources=[
            ds.fab_source(ctx.data, kind, "wafers_per_year"),
            ds.source(ctx.data, f"accelerators.{gen}.{dies_field}"),
            ds.source(ctx.data, f"accelerators.{gen}.price_usd"),
        ],
        numbers={
            "fabs_busd": fabs,
            "chips_per_year": chips,
            "gw_per_year": gw,
            "one_year_dc_busd": dc_only,
            "one_year_dc_and_chips_busd": with_chips,
        },
    )


def jobs(claim: dict, ctx: Context) -> Finding:
    """Up to J jobs from n campuses of P GW at C USD each: the dataset's direct construction
    (per B USD) and operations (per GW) jobs against the claim."""
    p = claim["params"]
    claimed = float(p["jobs"])
    d = ds.design(ctx.data, p.get("design"))
    cost = units.busd_from_usd(float(p["cost_per_campus_usd"]))
    construction = d["construction_jobs_per_busd"] * cost
    operations = d["operations_jobs_per_gw"] * float(p["power_gw"])
    per_campus = construction + operations
    n_low, n_high = p["campuses"]
    low, high = per_campus * n_low, per_campus * n_high
    verdict, how = judge(claimed, low, high, flattering="high")
    text = (
        f"per {p['power_gw']:g} GW, {cost:g} B USD campus the dataset counts "
        f"{construction:,.0f} construction jobs ({d['construction_jobs_per_busd']:g} per B USD) "
        f"+ {operations:,.0f} operations jobs ({d['operations_jobs_per_gw']:g} per GW) = "
        f"{per_campus:,.0f}; {n_low}-{n_high} campuses give {low:,.0f}-{high:,.0f} direct jobs; "
        f"the claim's {claimed:,.0f} is {how} (it may count indirect and induced jobs)"
    )
    if p.get("plan"):
        summary = ctx.summary(p["plan"])
        if summary is not None:
            by = summary["by_year"]
            # one year's jobs: construction peaks while building, operations once built
            jobs = zip(by["construction_jobs"], by["operations_jobs"], strict=True)
            both = [c + o for c, o in jobs]
            i = max(range(len(both)), key=both.__getitem__)
            year = summary["years"][i]
            text += f"; the plan of {p['plan']} peaks at {both[i]:,.0f} in {year}"
    return finding(
        claim,
        implied=f"{claimed:,.0f} jobs",
        value=claimed,
        unit="jobs",
        reference="dataset: construction jobs per B USD + operations jobs per GW",
        reference_range=(low, high),
        verdict=verdict,
        explanation=text,
        sources=[
            d["sources"]["construction_jobs_per_busd"],
            d["sources"]["operations_jobs_per_gw"],
        ],
        numbers={"per_campus": per_campus, "construction": construction, "operations": operations},
    )


#: the params each check reads (claims.yaml): any other is refused when a claims file is
#: loaded, and a check reading one not listed here fails (``claims.DeclaredParams``)
PARAMS: dict[str, tuple[str, ...]] = {
    "accelerators_in_power": (
        "power_gw", "accelerators", "generations", "designs", "plan", "references",
    ),
    "cost_per_power": ("cost_usd", "power_gw", "generations", "design", "references"),
    "scale_ratio": ("power_gw", "ratio", "typical", "hyperscale"),
    "power_equivalence": ("power_gw", "plants", "technology", "plant_size", "design"),
    "land_for_power": ("power_gw", "km2", "square_miles", "designs", "onsite"),
    "fab_cost": ("fabs", "cost_per_fab_usd", "references"),
    "fab_plan_total": ("fabs", "cost_per_fab_usd", "total_usd", "fab", "generation", "year"),
    "jobs": ("jobs", "campuses", "power_gw", "cost_per_campus_usd", "design", "plan"),
    "fab_plan_model": ("fabs", "fab", "generation", "year", "plan"),
}  # fmt: skip


CHECKS: dict[str, Callable[[dict, Context], Finding]] = {
    "accelerators_in_power": accelerators_in_power,
    "cost_per_power": cost_per_power,
    "scale_ratio": scale_ratio,
    "power_equivalence": power_equivalence,
    "land_for_power": land_for_power,
    "fab_cost": fab_cost,
    "fab_plan_total": fab_plan_total,
    "jobs": jobs,
    "fab_plan_model": fab_plan_model,
}
