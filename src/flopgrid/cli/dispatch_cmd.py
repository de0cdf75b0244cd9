"""`flopgrid dispatch` and `flopgrid headroom`: thin wrappers over flopgrid.dispatch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import FlopgridError
from ..safety import DEFAULT_STORE, check_path_text
from .fit import Col, print_table
from .render import esc, stage_spinner


def _weeks(text: str | None) -> list[int] | None:
    """'1,26' or '1-4,30' -> [1, 26] / [1, 2, 3, 4, 30]; a range must run forwards."""
    if text is None:
        return None
    out: list[int] = []
    for part in text.split(","):
        bounds = part.strip().split("-")
        try:
            numbers = [int(b) for b in bounds]
        except ValueError:
            numbers = []
        if len(numbers) not in (1, 2):
            raise FlopgridError(f"--weeks: expected numbers like 1,26 or 1-4, got {text!r}")
        first, last = numbers[0], numbers[-1]
        if last < first:
            raise FlopgridError(
                f"--weeks: the range {part.strip()} runs backwards; write {last}-{first}"
            )
        out += list(range(first, last + 1))
    return out


def _shares(text: str) -> list[float]:
    """'0.25,0.5,1' (percent of the new load's energy) -> [0.0025, 0.005, 0.01]."""
    out = []
    for part in text.split(","):
        try:
            value = float(part)
        except ValueError:
            value = float("nan")
        if not 0 < value <= 100:  # also refuses nan and inf
            raise FlopgridError(
                f"--shares: each share is a percentage in (0, 100], got {part.strip()!r}"
            )
        out.append(value / 100.0)
    return out


def _money(usd: float) -> str:
    from ..units import fmt_usd

    return fmt_usd(usd)


def _num(value: float, unit: str = "") -> str:
    from ..units import fmt_num

    return fmt_num(value, unit)


def dispatch_table(summary: dict) -> tuple[list[Col], list[list[str]], str]:
    """The dispatch's sites: columns, rows and title (for ``print_table``)."""
    cols = [
        Col("site", style="bold"),
        Col("utilisation", "right"),
        Col("energy TWh", "right"),
        Col("curtailment TWh", "right", priority=2),
        Col("running cost", "right"),
        Col("Mt CO2e", "right", priority=1),
    ]

    def row(name: str, s: dict) -> list[str]:
        return [
            name,
            f"{s['utilisation']:.1%}",
            _num(s["energy_twh"]),
            _num(s["curtailment_twh"]),
            _money(s["cost_usd"]),
            _num(s["emissions_mt"]),
        ]

    rows = [row(esc(site), s) for site, s in summary["by_site"].items()]
    rows.append(row("[bold]all[/bold]", summary["totals"]))
    title = esc(f"dispatch of {summary['scenario']} in {summary['year']} ({summary['hours']} h)")
    return cols, rows, title


def work_table(summary: dict) -> tuple[list[Col], list[list[str]], str]:
    """Work served and unserved: columns, rows and title (for ``print_table``)."""
    cols = [
        Col("work", style="bold"),
        Col("kind"),
        Col("served h100e-h", "right"),
        Col("unserved h100e-h", "right"),
        Col("unserved share", "right"),
    ]
    rows = []
    for name, w in summary["by_work"].items():
        total = w["served_h100e_hours"] + w["unserved_h100e_hours"]
        share = w["unserved_h100e_hours"] / total if total else 0.0
        rows.append(
            [
                esc(name),
                esc(w["kind"]),
                _num(w["served_h100e_hours"]),
                _num(w["unserved_h100e_hours"]),
                f"[red]{share:.2%}[/red]" if share > 1e-6 else "0%",
            ]
        )
    return cols, rows, "work served and unserved"


def print_dispatch(console: Console, summary: dict) -> None:
    """A dispatch run's tables at the console's width: its sites, then its work."""

    for cols, rows, title in (dispatch_table(summary), work_table(summary)):
        print_table(console, cols, rows, title=title)
    console.print(
        f"running cost: fuel, variable O&M, grid energy and the carbon price over the "
        f"{summary['hours']:,} h dispatched; capital and fixed O&M are in the plan "
        "(flopgrid finance, report)"
    )


def dispatch_command(
    source: Annotated[
        str, typer.Argument(help="Plan run id or folder, or a scenario (name or YAML file).")
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="Year of a plan run's fleet (default: last).", min=1990, max=2100
        ),
    ] = None,
    weeks: Annotated[
        str | None, typer.Option("--weeks", help="Weeks of the year, e.g. 1,26 or 1-4.")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override PATH=VALUE (scenario sources).")
    ] = None,
    plan_first: Annotated[
        bool, typer.Option("--plan", help="Plan a scenario first and dispatch its fleet.")
    ] = False,
    series: Annotated[
        Path | None, typer.Option("--series", help="CSV of hourly series (cf, price, carbon).")
    ] = None,
    series_year: Annotated[
        int | None,
        typer.Option(
            "--series-year",
            help="The year the --series CSV holds, when it stands for another year.",
            min=1900,
            max=2100,
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Run folder or its parent.")] = None,
    store: Annotated[
        Path, typer.Option("--store", help="Run store (DuckDB file).")
    ] = DEFAULT_STORE,
    no_report: Annotated[bool, typer.Option("--no-report", help="Skip report.html.")] = False,
) -> None:
    """Dispatch a fleet hour by hour: work, power, storage, cost, emissions, unserved."""
    from ..workflow import run_dispatch
    from . import fail

    console = Console()
    try:
        with stage_spinner(console) as on_stage:
            outcome = run_dispatch(
                source,
                year=year,
                weeks=_weeks(weeks),
                overrides=set_ or (),
                series_csv=series,
                series_year=series_year,
                out=check_path_text(out, "--out") if out is not None else None,
                store=store,
                plan_first=plan_first,
                report=not no_report,
                on_stage=on_stage,
            )
    except FlopgridError as exc:  # infeasible: exit 1; bad input: exit 2
        fail(exc)
    result = outcome.new_result
    summary = result.summary
    print_dispatch(console, summary)
    t, size = result.meta["timings_s"], result.meta["model_size"]
    console.print(
        f"run [bold]{outcome.run_id}[/bold]: {size['variables']:,} variables, "
        f"{size['constraints']:,} constraints; build {t['build_s']:.1f} s, "
        f"HiGHS {t['solver_s']:.1f} s, total {t['total_s']:.1f} s; wrote {esc(outcome.folder)}",
        highlight=False,
    )
    if outcome.report_error:
        fail(
            FlopgridError(
                f"dispatch run {outcome.run_id} is written to {outcome.folder} and recorded, "
                f"but its report could not be drawn: {outcome.report_error}"
            )
        )


def headroom_command(
    region: Annotated[
        str, typer.Argument(help="Shipped load series (ERCOT, PJM, CAL) or a CSV with 'load [MW]'.")
    ] = "PJM",
    shares: Annotated[
        str, typer.Option("--shares", help="Curtailment limits in percent, comma-separated.")
    ] = "0.25,0.5,1,5",
    utilisation: Annotated[
        float,
        typer.Option(
            "--utilisation", help="Mean / peak draw of shifted training.", min=0.01, max=1.0
        ),
    ] = 0.9,
    window: Annotated[
        int,
        typer.Option("--window-hours", help="Deadline window of shifted training [h].", min=1),
    ] = 24,
) -> None:
    """Largest new constant load a grid absorbs if curtailed a share of its energy (Duke 2025)."""
    from ..dispatch.headroom import DUKE_AT_HALF_PERCENT_GW, DUKE_US_GW, headroom_curve
    from ..timeseries.csvio import read_series_csv
    from ..timeseries.shipped import LOAD_SERIES, load_mw
    from . import fail

    console = Console()
    try:
        limits = _shares(shares)
        if region.upper() in LOAD_SERIES:
            load = load_mw(region)
            label = LOAD_SERIES[region.upper()][1]
        else:
            table = read_series_csv(region)
            columns = [c for c, q in table.quantities.items() if q == "power_gw"]
            if not columns:
                raise FlopgridError(f"{region}: needs a load column in MW or GW, e.g. 'load [MW]'")
            load = table.data[columns[0]] * 1000.0
            label = f"{region} column {columns[0]!r}"
            if len(load) < 8760:  # the capacity proxy is a summer and a winter peak
                raise FlopgridError(
                    f"{region}: {len(load):,} hours of load; headroom needs at least one "
                    "whole year of hourly load (8,760 hours): the method reads the year's "
                    "summer and winter peaks"
                )
        with console.status("searching headroom by bisection"):
            curve = headroom_curve(load, limits, utilisation, window)
    except ValueError as exc:
        fail(FlopgridError(f"--shares: {exc}"))
    except FlopgridError as exc:
        fail(exc)
    years = sorted({stamp.year for stamp in load.index})
    cols = [
        Col("limit", "right"),
        Col("GW", "right"),
        Col("% peak", "right"),
        Col("h/yr", "right", priority=2),
        Col("event h", "right", priority=2),
        Col("hours-basis GW", "right", priority=1),
        Col("shifted GW", "right"),
        Col("Duke US GW", "right", priority=1),
    ]
    rows = []
    for _, row in curve.iterrows():
        duke = DUKE_US_GW.get(round(row["curtailment_limit"], 6))
        rows.append(
            [
                f"{row['curtailment_limit']:.2%}",
                f"{row['headroom_gw']:.2f}",
                f"{row['share_of_peak']:.1%}",
                f"{row['curtailed_hours_per_year']:.0f}",
                f"{row['mean_event_hours']:.1f}",
                f"{row['headroom_hours_basis_gw']:.2f}",
                f"{row['headroom_shifted_gw']:.2f}",
                f"{duke:.0f}" if duke else "-",
            ]
        )
    title = (
        f"curtailment-enabled headroom: {esc(label)}, {years[0]}-{years[-1]}, "
        f"peak {load.max() / 1000:.1f} GW"
    )
    print_table(console, cols, rows, title=title)
    console.print(
        "limit: curtailed energy / new load's energy (Duke); hours-basis: share of hours "
        f"curtailed instead; shifted: training paused and caught up within {window} h on "
        f"hardware at {utilisation:.0%} mean utilisation, only work that does not fit is lost"
    )
    duke_region = {"PJM": "PJM", "ERCOT": "ERCOT", "CAL": "CAISO"}.get(region.upper())
    if duke_region:
        console.print(
            f"Duke (2016-2024 data) at 0.5 %: {duke_region} "
            f"{DUKE_AT_HALF_PERCENT_GW[duke_region]} GW"
            + (" (CAISO only; CAL adds LDWP, BANC, IID, TIDC)" if duke_region == "CAISO" else "")
        )
