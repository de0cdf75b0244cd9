"""Write a `world-baseline` variant whose AI shipments from 2026 are scaled by a factor.

A sensitivity check for validation/README.md ("Cases that do not pass"): it rebuilds the
regional compute in service exactly as world-baseline.yaml documents it (Epoch AI's
shipments 2022-2025, then x1.45 a year to 2029 and x1.107 after, each year's shipments in
service five years, annual mean of year-end stocks, Huawei +3 %, the regional shares), with
every shipment from 2026 multiplied by FACTOR. FACTOR 1 reproduces the baseline's demand.

    python validation/demand_variant.py 1.9 wb-x1.9.yaml
    flopgrid plan wb-x1.9.yaml --no-report

Variants are reported, never adopted: choosing one because it passes would be fitting.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

#: H100e shipped, Epoch AI ai-chip-counts (commit d1b1bc31), as in world-baseline.yaml
EPOCH_SHIPPED = {2022: 0.303e6, 2023: 1.291e6, 2024: 4.911e6, 2025: 13.167e6}
#: world-baseline.yaml's growth of shipments: TSMC's AI revenue outlook, then its market outlook
GROWTH = {**{y: 1.45 for y in range(2026, 2030)}, **{y: 1.107 for y in range(2030, 2036)}}
HUAWEI = 1.03
LIFE_YEARS = 5
SHARES = {
    "United States": 0.75,
    "China": 0.05,
    "Europe": 0.08,
    "Asia-Pacific excl. China": 0.08,
    "Rest of world": 0.04,
}


def in_service(factor: float) -> dict[int, float]:
    """World compute in service, annual mean [h100e], 2024-2035."""
    shipped = dict(EPOCH_SHIPPED)
    base = shipped[2025]
    for year, growth in GROWTH.items():
        base *= growth
        shipped[year] = base * factor

    def stock(year: int) -> float:
        return sum(shipped.get(y, 0.0) for y in range(year - LIFE_YEARS + 1, year + 1))

    return {y: HUAWEI * (stock(y - 1) + stock(y)) / 2 for y in range(2024, 2036)}


def variant(factor: float) -> dict:
    """The scenario document of the variant."""
    world = in_service(factor)
    regions = {
        region: {"by_year": {y: int(round(w * share, -3)) for y, w in world.items()}}
        for region, share in SHARES.items()
    }
    return {
        "name": f"world-baseline-shipments-x{factor:g}",
        "description": f"world-baseline with AI shipments from 2026 x{factor:g} (sensitivity)",
        "extends": "world-baseline",
        "demand": {"regions": regions},
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python validation/demand_variant.py FACTOR OUT.yaml")
    Path(sys.argv[2]).write_text(yaml.safe_dump(variant(float(sys.argv[1])), sort_keys=False))
