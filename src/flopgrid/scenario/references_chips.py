"""Chip-side names that must refer to something: pools, fabs, bookings, export rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import units
from .schema_base import EXPORT_CLASSES

if TYPE_CHECKING:
    from .schema import Scenario


def check_chip_references(scn: Scenario, c) -> None:
    """Add a problem to the collector ``c`` for every chip-side name that refers to nothing."""
    from . import expand_chips  # numpy and pandas: loaded only when a scenario is checked

    pools = expand_chips.pools(scn)
    kinds = {k: [n for n, p in pools.items() if p.kind == k] for k in ("logic", "cowos", "hbm")}
    nodes_given = False
    for name, acc in scn.accelerators.items():
        at = ("accelerators", name)
        if acc.node is not None:
            nodes_given = True
            c.ref((*at, "node"), acc.node, kinds["logic"], "logic pool (supply.pools, kind logic)")
        if acc.packaging is not None and acc.per_cowos_wafer > 0:
            c.ref((*at, "packaging"), acc.packaging, kinds["cowos"], "CoWoS pool")
        if acc.tflops is not None:
            rate = units.dense_tflops_at(acc.tflops.model_dump(), scn.demand.precision)
            if rate is None:
                c.add(
                    (*at, "tflops"),
                    f"no dense rate at {scn.demand.precision} or a wider precision "
                    "(demand.precision); give that rate or h100e",
                )
    sup = scn.supply
    if (
        sup.wafers_per_year is not None
        and nodes_given
        and all(a.node is not None for a in scn.accelerators.values())
    ):
        c.add(
            ("supply", "wafers_per_year"),
            "no accelerator draws on the single-pool shorthand (every generation names its "
            "node); set supply.pools.<node>.capacity_per_year instead",
        )
    for name, fab in expand_chips.fabs(scn).items():
        if name != expand_chips.LEGACY_FAB:
            c.ref(("supply", "fabs", name, "pool"), fab.pool, kinds["logic"], "logic pool")
    for name, pool in sup.pools.items():
        for i, cls in enumerate(pool.serves):
            c.ref(("supply", "pools", name, "serves", i), cls, EXPORT_CLASSES, "export class")
    families = {a.family for a in scn.accelerators.values() if a.family}
    for name, booking in sup.cowos_booking.items():
        for i, fam in enumerate(booking.families):
            c.ref(("supply", "cowos_booking", name, "families", i), fam, sorted(families), "family")
    _check_rules(scn, c, kinds["hbm"])


def _check_rules(scn: Scenario, c, hbm_pools: list[str]) -> None:
    from . import expand_chips

    countries = sorted(set(scn.countries) or {s.country for s in scn.sites.values()})
    places = [*countries, "tier1", "tier2", "tier3", "*"]
    capped: dict[str, str] = {k: f"policy.export_caps.{k}" for k in scn.policy.export_caps}
    for name, rule in scn.policy.export_rules.items():
        at = ("policy", "export_rules", name)
        for i, cls in enumerate(rule.classes):
            c.ref((*at, "classes", i), cls, EXPORT_CLASSES, "export class")
        for i, gen in enumerate(rule.generations):
            c.ref((*at, "generations", i), gen, scn.accelerators, "accelerator")
        for key in ("countries", "except_countries"):
            for i, place in enumerate(getattr(rule, key)):
                c.ref((*at, key, i), place, places, "country, tier or '*'")
        for i, pool in enumerate(rule.hbm_pools):
            c.ref((*at, "hbm_pools", i), pool, hbm_pools, "HBM pool")
        if rule.effect == "cap" and rule.active:
            for country in expand_chips.cap_rules(scn, [s.country for s in scn.sites.values()]):
                owner = expand_chips.cap_rules(scn, [country])[country][0]
                if owner == name and country in capped:
                    c.add(
                        at, f"{country} is already capped by {capped[country]}; one cap a country"
                    )
                capped.setdefault(country, f"policy.export_rules.{owner}")
