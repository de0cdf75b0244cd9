"""Scaling benchmark of flopgrid's planning model, and the same LP in Pyomo side by side.

``make bench`` runs this file. For each size of :data:`synthetic.SIZES` it starts one
fresh process per tool (so that each peak RSS is that tool's alone) and measures

flopgrid
    ``inputs`` (``build_inputs``: Scenario -> arrays), ``build`` (``build_model``: the
    linopy model), ``hand-off`` (linopy -> highspy inside ``solve_model``: sanitising the
    constraints and building the ``highspy.Highs`` model, timed by wrapping those linopy
    steps), ``solve`` (HiGHS' own run time), ``read-back`` (the rest of ``solve_model``:
    primal and dual values back into the linopy model),
    ``extract`` (``flopgrid.plan.extract.extract``), peak RSS.
Pyomo (``pyomo_twin.py``, the same LP)
    ``build`` (the ``ConcreteModel``), ``solve`` (HiGHS' own run time), ``rest`` (Pyomo
    writing the model into HiGHS and loading the primal solution back), peak RSS.

Both tools read the same ``PlanInputs`` and must reach the same objective to 1e-6
(relative); the run exits with status 1 when they do not, or when a run fails.

Usage::

    .venv/bin/python benchmarks/run.py                  # the default ladder, 10k .. 1M
    .venv/bin/python benchmarks/run.py --quick          # the small sizes only (< 1 min)
    .venv/bin/python benchmarks/run.py --sizes 10k,100k --no-pyomo --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import SIZES, Size  # noqa: E402

DEFAULT_JSON = HERE / "results" / "plan_scaling.json"
QUICK_SIZES = ("10k", "30k")
#: wall-clock guard per (size, tool) [s]; the default ladder takes ~16 min on an idle 2-core
#: machine, and --budget-min caps the whole run
TIME_LIMITS = {"10k": 120, "30k": 180, "100k": 300, "300k": 600, "1M": 1200}
#: the issue's targets, checked at the largest size run
OVERHEAD_TARGET_PCT = 5.0
BUILD_RATIO_TARGET = 5.0
OBJECTIVE_RTOL = 1e-6


# --------------------------------------------------------------------------- child side


def _peak_rss_mb() -> float:
    """Peak resident set size of this process [MB] (VmHWM; ru_maxrss as a fallback)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _scenario(size: Size, seed: int):
    from synthetic import synthetic_scenario

    return synthetic_scenario(size.n_sites, size.n_years, size.n_gens, seed, size.n_countries)


class _Stopwatch:
    """Accumulates the time spent in the library functions it wraps (benchmark side only)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner, attr: str, key: str, static: bool = False) -> None:
        fn = getattr(owner, attr)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[key] = self.seconds.get(key, 0.0) + time.perf_counter() - t

        setattr(owner, attr, staticmethod(timed) if static else timed)


def _time_linopy_handoff() -> _Stopwatch:
    """Time the hand-off steps of linopy's ``Model.solve(io_api="direct")`` as they run:
    sanitising the constraints (dropping zero coefficients and infinite bounds) and building
    the ``highspy.Highs`` model from linopy's matrices."""
    from linopy import solvers
    from linopy.constraints import Constraints

    watch = _Stopwatch()
    watch.wrap(Constraints, "sanitize_zeros", "sanitize_s")
    watch.wrap(Constraints, "sanitize_infinities", "sanitize_s")
    watch.wrap(solvers.Highs, "_build_solver_model", "to_highspy_s", static=True)
    return watch


def child_flopgrid(size: Size, seed: int, time_limit_s: float) -> dict:
    """One flopgrid run: inputs, build, solve (hand-off, HiGHS, read-back), extract."""
    from flopgrid.plan.build import build_model
    from flopgrid.plan.extract import extract
    from flopgrid.plan.inputs import build_inputs
    from flopgrid.solve import solve_model

    out: dict = {"tool": "flopgrid"}
    t = time.perf_counter()
    scn = _scenario(size, seed)
    out["scenario_s"] = time.perf_counter() - t
    t = time.perf_counter()
    inp = build_inputs(scn)
    out["inputs_s"] = time.perf_counter() - t
    t = time.perf_counter()
    pm = build_model(inp)
    out["build_s"] = time.perf_counter() - t
    m = pm.model
    out["nvars"], out["ncons"] = int(m.nvars), int(m.ncons)
    watch = _time_linopy_handoff()
    outcome = solve_model(m, "highs", time_limit_s)
    out["status"] = outcome.status
    # the objective's constant (fixed O&M of existing assets) is kept out of linopy's
    # objective by build_model; add it back to compare with the Pyomo twin, which keeps it
    constant = pm.constant_busd
    out["objective_constant"] = constant
    out["objective"] = None if outcome.objective is None else outcome.objective + constant
    out["solve_total_s"] = outcome.timings_s["solve_total_s"]
    out["solver_s"] = outcome.timings_s["solver_s"]
    out["handoff_and_readback_s"] = outcome.timings_s["handoff_and_extract_s"]
    # solve_model's handoff_and_extract_s split: hand-off (sanitise + build the Highs model),
    # and read-back (everything else: solution and duals back into the linopy model)
    out["sanitize_s"] = watch.seconds.get("sanitize_s", 0.0)
    out["to_highspy_s"] = watch.seconds.get("to_highspy_s", 0.0)
    out["handoff_s"] = out["sanitize_s"] + out["to_highspy_s"]
    out["readback_s"] = max(out["handoff_and_readback_s"] - out["handoff_s"], 0.0)
    h = m.solver_model
    out["lp_rows"], out["lp_cols"], out["lp_nnz"] = h.getNumRow(), h.getNumCol(), h.getNumNz()
    out["simplex_iterations"] = int(h.getInfo().simplex_iteration_count)
    t = time.perf_counter()
    extract(pm)
    out["extract_s"] = time.perf_counter() - t
    out["peak_mb"] = _peak_rss_mb()
    out["overhead_s"] = (
        out["inputs_s"] + out["build_s"] + out["handoff_and_readback_s"] + out["extract_s"]
    )
    return out


def child_pyomo(size: Size, seed: int, time_limit_s: float) -> dict:
    """One Pyomo run of the same LP: build, solve (hand-off, HiGHS, load)."""
    from flopgrid.plan.inputs import build_inputs
    from pyomo_twin import build_pyomo, solve_pyomo

    out: dict = {"tool": "pyomo"}
    t = time.perf_counter()
    scn = _scenario(size, seed)
    out["scenario_s"] = time.perf_counter() - t
    t = time.perf_counter()
    inp = build_inputs(scn)
    out["inputs_s"] = time.perf_counter() - t
    t = time.perf_counter()
    model = build_pyomo(inp)
    out["build_s"] = time.perf_counter() - t
    res = solve_pyomo(model, time_limit_s)
    out.update(res)
    out["status"] = (
        "optimal" if "convergenceCriteriaSatisfied" in res["termination"] else (res["termination"])
    )
    out["peak_mb"] = _peak_rss_mb()
    return out


def run_child(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--child", choices=("flopgrid", "pyomo"), required=True)
    p.add_argument("--size", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--time-limit", type=float, required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    warnings.filterwarnings("ignore")
    import logging

    logging.getLogger("linopy").setLevel(logging.ERROR)
    logging.getLogger("pyomo").setLevel(logging.ERROR)
    size = SIZES[a.size]
    fn = child_flopgrid if a.child == "flopgrid" else child_pyomo
    load0 = os.getloadavg()[0]
    try:
        res = fn(size, a.seed, a.time_limit)
        res["cpu_s"] = time.process_time()
        res["loadavg_1min"] = [load0, os.getloadavg()[0]]
    except Exception as exc:  # reported, never hidden
        res = {
            "tool": a.child,
            "status": "error",
            "error": f"{type(exc).__name__}: {exc}",
            "peak_mb": _peak_rss_mb(),
        }
    Path(a.out).write_text(json.dumps(res))
    return 0


# -------------------------------------------------------------------------- parent side


def run_one(tool: str, size: Size, seed: int, limit_s: float) -> dict:
    """Run one (size, tool) in a fresh process under a wall-clock guard."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out_path = fh.name
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        tool,
        "--size",
        size.label,
        "--seed",
        str(seed),
        "--time-limit",
        str(limit_s),
        "--out",
        out_path,
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, err = proc.communicate(timeout=limit_s + 60)  # HiGHS stops at limit_s itself
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        Path(out_path).unlink(missing_ok=True)
        return {
            "tool": tool,
            "status": "timeout",
            "error": f"killed after {limit_s + 60:.0f} s",
            "wall_s": time.perf_counter() - t0,
        }
    wall = time.perf_counter() - t0
    try:
        res = json.loads(Path(out_path).read_text())
    except (OSError, ValueError):
        tail = (err or "").strip().splitlines()[-3:]
        sig = f" (signal {-proc.returncode})" if proc.returncode and proc.returncode < 0 else ""
        res = {
            "tool": tool,
            "status": "crashed",
            "error": f"exit {proc.returncode}{sig}: {' | '.join(tail)}",
        }
    finally:
        Path(out_path).unlink(missing_ok=True)
    res["wall_s"] = wall
    return res


def _fmt_s(x) -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def _fmt_load(res: dict) -> str:
    """1-minute load average at the start and end of a run (others' processes included)."""
    load = res.get("loadavg_1min")
    return "-" if not load else f"{load[0]:.1f}/{load[1]:.1f}"


def _fmt_mb(x) -> str:
    if x is None:
        return "-"
    return f"{x / 1024:.1f} GB" if x >= 1024 else f"{x:.0f} MB"


def compare(row: dict) -> None:
    """Objective agreement and the build ratio of one size (in place)."""
    f, p = row.get("flopgrid") or {}, row.get("pyomo") or {}
    if f.get("objective") is not None and p.get("objective") is not None:
        rel = abs(f["objective"] - p["objective"]) / max(1.0, abs(f["objective"]))
        row["objective_rel_diff"] = rel
        row["objective_agrees"] = rel <= OBJECTIVE_RTOL
    if f.get("build_s") and p.get("build_s"):
        row["build_ratio"] = p["build_s"] / f["build_s"]
        row["build_ratio_with_inputs"] = (p["build_s"] + p["inputs_s"]) / (
            f["build_s"] + f["inputs_s"]
        )
    if f.get("solver_s"):
        row["overhead_pct"] = 100.0 * f["overhead_s"] / f["solver_s"]


def _cell_status(res: dict) -> str:
    return f"{res.get('status', '-')}"


def table(rows: list[dict], pyomo: bool):
    """The scaling table: flopgrid's time split and peak memory, and Pyomo's beside it."""
    from rich.table import Table

    t = Table(title="flopgrid planning LP, scaling (seconds; HiGHS = the solver's own run time)")
    cols = [
        "size",
        "nvars",
        "ncons",
        "build",
        "hand-off",
        "HiGHS",
        "extract",
        "overhead\n% HiGHS",
        "peak",
    ]
    if pyomo:
        cols += [
            "Pyomo\nbuild",
            "Pyomo\nHiGHS",
            "Pyomo\npeak",
            "build ratio\nPyomo/fg",
            "objective\nagrees",
        ]
    for i, col in enumerate(cols):
        t.add_column(col, justify="left" if i == 0 else "right")
    for row in rows:
        f = row.get("flopgrid") or {}
        cells = [row["size"]["label"]]
        if f.get("status") == "optimal":
            cells += [
                f"{f['nvars']:,}",
                f"{f['ncons']:,}",
                _fmt_s(f["build_s"]),
                _fmt_s(f["handoff_s"]),
                _fmt_s(f["solver_s"]),
                _fmt_s(f["extract_s"]),
                f"{row['overhead_pct']:.0f}%",
                _fmt_mb(f["peak_mb"]),
            ]
        else:
            cells += [_cell_status(f)] + ["-"] * 7
        if pyomo:
            p = row.get("pyomo") or {}
            if p.get("status") == "optimal":
                cells += [_fmt_s(p["build_s"]), _fmt_s(p["solver_s"]), _fmt_mb(p["peak_mb"])]
            else:
                cells += [_cell_status(p), "-", "-"]
            ratio = row.get("build_ratio")
            cells.append("-" if ratio is None else f"{ratio:.2f}x")
            rel = row.get("objective_rel_diff")
            cells.append(
                "-" if rel is None else ("yes" if rel <= OBJECTIVE_RTOL else "NO") + f" ({rel:.0e})"
            )
        t.add_row(*cells)
    return t


def detail_table(rows: list[dict], pyomo: bool):
    """The rest of the measurements: dimensions, LP size, inputs, read-back, Pyomo's rest."""
    from rich.table import Table

    t = Table(title="details (seconds)")
    cols = [
        "size",
        "sites x years x gens",
        "LP rows",
        "LP nnz",
        "inputs",
        "read-back",
        "overhead",
        "simplex iters",
        "wall",
        "CPU",
        "load",
    ]
    if pyomo:
        cols += [
            "Pyomo hand-off\n+ load",
            "Pyomo simplex\niters",
            "Pyomo wall",
            "Pyomo CPU",
            "load",
        ]
    for i, col in enumerate(cols):
        t.add_column(col, justify="left" if i < 2 else "right")
    for row in rows:
        f = row.get("flopgrid") or {}
        sz = row["size"]
        cells = [sz["label"], f"{sz['n_sites']} x {sz['n_years']} x {sz['n_gens']}"]
        if f.get("status") == "optimal":
            cells += [
                f"{f['lp_rows']:,}",
                f"{f['lp_nnz']:,}",
                _fmt_s(f["inputs_s"]),
                _fmt_s(f["readback_s"]),
                _fmt_s(f["overhead_s"]),
                f"{f['simplex_iterations']:,}",
                _fmt_s(f.get("wall_s")),
                _fmt_s(f.get("cpu_s")),
                _fmt_load(f),
            ]
        else:
            cells += [_cell_status(f), (f.get("error") or "")[:50]] + ["-"] * 7
        if pyomo:
            p = row.get("pyomo") or {}
            if p.get("status") == "optimal":
                cells += [
                    _fmt_s(p["handoff_and_load_s"]),
                    f"{p.get('simplex_iterations', 0):,}",
                    _fmt_s(p.get("wall_s")),
                    _fmt_s(p.get("cpu_s")),
                    _fmt_load(p),
                ]
            else:
                cells += [(p.get("error") or "-")[:30], "-", _fmt_s(p.get("wall_s")), "-", "-"]
        t.add_row(*cells)
    return t


def machine() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="ascii") as fh:
            info["mem_gb"] = round(int(fh.readline().split()[1]) / 1024**2, 1)
    except OSError:
        pass
    for pkg in ("flopgrid", "linopy", "highspy", "pyomo", "xarray", "numpy"):
        try:
            info[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            info[pkg] = None
    return info


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--child" in argv:
        return run_child(argv)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", help=f"comma-separated labels of {', '.join(SIZES)}")
    p.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK_SIZES)}")
    p.add_argument("--no-pyomo", action="store_true", help="skip the Pyomo twin")
    p.add_argument("--json", default=str(DEFAULT_JSON), help="where to save the measurements")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--time-limit", type=float, help="wall-clock guard per (size, tool) [s] (default: per size)"
    )
    p.add_argument(
        "--budget-min",
        type=float,
        default=40.0,
        help="wall-clock budget of the whole run [min]; each run's guard is capped by what is left",
    )
    a = p.parse_args(argv)
    labels = list(QUICK_SIZES) if a.quick else list(SIZES)
    if a.sizes:
        labels = [s.strip() for s in a.sizes.split(",") if s.strip()]
        unknown = [s for s in labels if s not in SIZES]
        if unknown:
            p.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")

    from rich.console import Console

    console = Console() if sys.stdout.isatty() else Console(width=200)
    pyomo = not a.no_pyomo
    rows: list[dict] = []
    failed = []
    started = time.perf_counter()
    for label in labels:
        size = SIZES[label]
        limit = a.time_limit or TIME_LIMITS.get(label, 600)
        budget_left = a.budget_min * 60 - (time.perf_counter() - started)
        row: dict = {
            "size": {
                "label": label,
                "n_sites": size.n_sites,
                "n_years": size.n_years,
                "n_gens": size.n_gens,
                "n_countries": size.n_countries,
            },
            "time_limit_s": limit,
        }
        tools = ["flopgrid", "pyomo"] if pyomo else ["flopgrid"]
        started_size = time.perf_counter()
        for tool in tools:
            console.print(f"[dim]{label:>5} ({size.describe()}): {tool} ...[/dim]", end=" ")
            guard = min(limit, budget_left - (time.perf_counter() - started_size) - 60)
            if guard < 30:
                res = {"tool": tool, "status": "skipped", "error": "run budget spent"}
            else:
                res = run_one(tool, size, a.seed, guard)
            row[tool] = res
            if res.get("status") == "optimal":
                console.print(f"[dim]{res['wall_s']:.0f} s, peak {_fmt_mb(res['peak_mb'])}[/dim]")
            else:
                console.print(f"[red]{res.get('status')}: {res.get('error', '')}[/red]")
                failed.append(f"{label}/{tool}: {res.get('status')} {res.get('error', '')}")
        compare(row)
        if pyomo and row.get("objective_agrees") is False:
            failed.append(
                f"{label}: objectives differ by {row['objective_rel_diff']:.2e} "
                f"(flopgrid {row['flopgrid']['objective']!r}, "
                f"pyomo {row['pyomo']['objective']!r})"
            )
        rows.append(row)
    total = time.perf_counter() - started

    console.print(table(rows, pyomo))
    console.print(detail_table(rows, pyomo))
    done = [r for r in rows if (r.get("flopgrid") or {}).get("status") == "optimal"]
    summary: dict = {"wall_s": total}
    if done:
        big = done[-1]
        f = big["flopgrid"]
        summary.update(
            {
                "largest": big["size"]["label"],
                "largest_nvars": f["nvars"],
                "overhead_pct": big["overhead_pct"],
                "overhead_target_pct": OVERHEAD_TARGET_PCT,
                "overhead_ok": big["overhead_pct"] < OVERHEAD_TARGET_PCT,
            }
        )
        console.print(
            f"flopgrid overhead at {big['size']['label']} ({f['nvars']:,} variables): "
            f"{f['overhead_s']:.1f} s = {big['overhead_pct']:.0f}% of the HiGHS solve "
            f"({f['solver_s']:.1f} s); target < {OVERHEAD_TARGET_PCT:.0f}%: "
            + ("[green]met[/green]" if summary["overhead_ok"] else "[red]NOT met[/red]")
        )
        if pyomo and big.get("build_ratio") is not None:
            summary.update(
                {
                    "build_ratio": big["build_ratio"],
                    "build_ratio_with_inputs": big["build_ratio_with_inputs"],
                    "build_ratio_target": BUILD_RATIO_TARGET,
                    "build_ratio_ok": big["build_ratio"] >= BUILD_RATIO_TARGET,
                }
            )
            console.print(
                f"build, Pyomo / flopgrid at {big['size']['label']}: {big['build_ratio']:.2f}x "
                f"({big['pyomo']['build_s']:.1f} s / {f['build_s']:.1f} s; with build_inputs "
                f"in both: {big['build_ratio_with_inputs']:.2f}x); target >= "
                f"{BUILD_RATIO_TARGET:.0f}x: "
                + ("[green]met[/green]" if summary["build_ratio_ok"] else "[red]NOT met[/red]")
            )
        agree = [r["objective_rel_diff"] for r in rows if "objective_rel_diff" in r]
        if agree:
            summary["objective_max_rel_diff"] = max(agree)
            console.print(
                f"objectives, flopgrid vs Pyomo: max relative difference "
                f"{max(agree):.1e} over {len(agree)} size(s) (tolerance "
                f"{OBJECTIVE_RTOL:.0e})"
            )
    console.print(f"[dim]total wall time {total / 60:.1f} min on {os.cpu_count()} CPU(s)[/dim]")

    path = Path(a.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "machine": machine(),
                "seed": a.seed,
                "summary": summary,
                "rows": rows,
            },
            indent=2,
        )
    )
    console.print(f"[dim]measurements saved to {path}[/dim]")
    if failed:
        console.print("[red]FAILED:[/red]\n  " + "\n  ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
