"""Read a Scenario's chip side: compute per precision, wafer pools (with the single-pool
shorthand), good dies per wafer from the yield model, new fabs and export rules.

Pure functions, like :mod:`.expand`; the planning inputs read chips only through here.
"""

from __future__ import annotations

import numpy as np

from .. import units, yields
from . import expand
from .schema import Accelerator, Scenario
from .schema_chips import ExportRule, Fab, Pool, PoolKind, Trajectory

#: names of the pools and fab the single-pool shorthand stands for
LEGACY_LOGIC, LEGACY_COWOS, LEGACY_HBM, LEGACY_FAB = "leading-edge", "cowos", "hbm", "new_fab"


def h100e(scn: Scenario, acc: Accelerator) -> float:
    """Compute per accelerator [h100e] at the scenario's ``demand.precision``."""
    if acc.tflops is None:
        if acc.h100e is None:  # the schema asks for one of the two
            raise ValueError("an accelerator needs h100e or tflops")
        return float(acc.h100e)
    value = units.h100e_from_tflops(acc.tflops.model_dump(), scn.demand.precision)
    if value is None:  # validated in references: never reached for a valid scenario
        raise ValueError(f"no dense rate at {scn.demand.precision} or wider")
    return value


def pools(scn: Scenario) -> dict[str, Pool]:
    """Every supply pool: ``supply.pools`` plus the single-pool shorthand's."""
    sup = scn.supply
    out = dict(sup.pools)
    legacy: tuple[tuple[str, PoolKind, Trajectory | None], ...] = (
        (LEGACY_LOGIC, "logic", sup.wafers_per_year),
        (LEGACY_COWOS, "cowos", sup.cowos_wafers_per_year),
        (LEGACY_HBM, "hbm", sup.hbm_stacks_per_year),
    )
    for name, kind, value in legacy:
        if value is not None:
            out[name] = Pool(kind=kind, capacity_per_year=value)
    return out


def logic_pool(scn: Scenario, acc: Accelerator) -> str | None:
    """The logic pool an accelerator's compute dies are made on (None: no wafer limit)."""
    if acc.node is not None:
        return acc.node
    return LEGACY_LOGIC if scn.supply.wafers_per_year is not None else None


def cowos_pool(scn: Scenario, acc: Accelerator) -> str | None:
    """The CoWoS pool an accelerator is packaged on (None: none)."""
    if acc.per_cowos_wafer <= 0:
        return None
    if acc.packaging is not None:
        return acc.packaging
    return LEGACY_COWOS if scn.supply.cowos_wafers_per_year is not None else None


def fabs(scn: Scenario) -> dict[str, Fab]:
    """The kinds of new fab the plan may build (``supply.fabs`` plus the shorthand's)."""
    out = dict(scn.supply.fabs)
    fab = scn.supply.new_fab
    if fab is not None:
        out[LEGACY_FAB] = Fab(pool=LEGACY_LOGIC, **fab.model_dump())
    return {
        n: f if f.pool is not None else f.model_copy(update={"pool": LEGACY_LOGIC})
        for n, f in out.items()
    }


def good_dies_per_wafer(scn: Scenario, acc: Accelerator, years) -> np.ndarray:
    """Good compute dies per wafer of the accelerator's logic pool in each year [dies]:
    given, or gross dies x yield at the pool's defect density (``supply.yield_model``)."""
    years = np.asarray(years)
    if acc.good_dies_per_wafer is not None:
        return np.full(len(years), float(acc.good_dies_per_wafer))
    pool = pools(scn).get(logic_pool(scn, acc) or "")
    d0 = None if pool is None else pool.d0_defects_per_cm2
    d0_y = expand.trajectory(d0, years) if d0 is not None else np.zeros(len(years))
    ym = scn.supply.yield_model
    return yields.good_dies_per_wafer(
        acc.die_area_mm2,
        d0_y,
        ym.model,
        ym.alpha,
        ym.wafer_diameter_mm,
        ym.edge_exclusion_mm,
        ym.scribe_mm,
    )


def _in(scn: Scenario, country: str, names: list[str]) -> bool:
    """Whether ``country`` is one of ``names`` (ISO codes, ``tierN`` or ``*``)."""
    if "*" in names or country in names:
        return True
    info = scn.countries.get(country)
    return info is not None and f"tier{info.export_tier}" in names


def _covers(rule: ExportRule, export_class: str, gen: str | None) -> bool:
    return export_class in rule.classes or (gen is not None and gen in rule.generations)


def _applies(scn, rule: ExportRule, country, export_class, year, gen) -> bool:
    return (
        rule.in_force(year)
        and _covers(rule, export_class, gen)
        and _in(scn, country, rule.countries)
        and not _in(scn, country, rule.except_countries)
    )


def named_generations(scn: Scenario) -> frozenset[str]:
    """The generations that export rules name; any other generation is ruled by its export
    class alone (:func:`rules_forbid` gives the same with ``gen`` None)."""
    return frozenset(g for rule in scn.policy.export_rules.values() for g in rule.generations)


def rules_forbid(
    scn: Scenario, country: str, export_class: str, year: int | None, gen: str | None
) -> tuple[bool, bool]:
    """(forbidden by an export rule, allowed by an export rule) for accelerators of this
    class (or generation) installed in ``country`` in ``year`` (None: any year)."""
    forbid = allow = False
    for rule in scn.policy.export_rules.values():
        if rule.hbm_pools or not _applies(scn, rule, country, export_class, year, gen):
            continue
        forbid |= rule.effect == "forbid"
        allow |= rule.effect == "allow"
    return forbid, allow


def hbm_forbidden(scn: Scenario, pool: str, export_class: str, year: int) -> bool:
    """Whether HBM of ``pool`` may not go into accelerators of ``export_class`` made in
    ``year`` (an export rule with ``hbm_pools``)."""
    return any(
        rule.in_force(year) and pool in rule.hbm_pools and export_class in rule.classes
        for rule in scn.policy.export_rules.values()
    )


def cap_rules(scn: Scenario, countries) -> dict[str, tuple[str, ExportRule]]:
    """Country -> (rule name, cap rule) for every country of ``countries`` a cap rule in
    force covers (the first such rule)."""
    out: dict[str, tuple[str, ExportRule]] = {}
    for name, rule in scn.policy.export_rules.items():
        if rule.effect != "cap" or not rule.active:
            continue
        for c in countries:
            if _in(scn, c, rule.countries) and not _in(scn, c, rule.except_countries):
                out.setdefault(c, (name, rule))
    return out


def cap_counts(scn: Scenario, rule: ExportRule, gen: str) -> bool:
    """Whether a cap rule counts accelerators of generation ``gen``."""
    acc = scn.accelerators[gen]
    return _covers(rule, acc.export_class, gen)
