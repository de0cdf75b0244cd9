"""The plan's bottleneck table at 80 columns: long site names fold, nothing is cut."""

from __future__ import annotations

from rich.console import Console

from flopgrid.cli.render import bottlenecks

SITE = "nordseecluster-wilhelmshaven"


def test_long_names_fold_in_every_column():
    summary = {
        "bottlenecks": [
            {
                "constraint": "grid_connection_cap",
                "where": SITE,
                "years": [2030, 2031],
                "explanation": f"the grid connection at {SITE} binds from 2030 to 2031: one "
                "more GW of grid connection allowed in 2030 would lower system cost by 461 B "
                "USD (present value)",
            }
        ],
        "totals": {"unserved_h100e_years": 0.0},
    }
    console = Console(width=80, record=True, color_system=None)
    console.print(bottlenecks(summary))
    text = console.export_text()
    assert "…" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "461" in text and "nordseecluster-wil" in text
