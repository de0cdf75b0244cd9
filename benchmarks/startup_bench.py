"""How long commands that build no model take to start: `flopgrid --help`, `--version`,
`scenarios list`, run as a user runs them (a fresh process each time, wall clock).

    .venv/bin/python benchmarks/startup_bench.py                 # 10 runs of each
    .venv/bin/python benchmarks/startup_bench.py --runs 20 --importtime
    .venv/bin/python benchmarks/startup_bench.py --src /tmp/main/src   # another checkout

Prints min, median and max wall time and the median CPU time per command, and exits 1
when the median wall time of `--help` is above the target (0.5 s; issue 17).
``--importtime`` adds the ten slowest imports of ``import flopgrid.cli``
(``python -X importtime``, cumulative microseconds).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (["--help"], ["--version"], ["scenarios", "list"])
TARGET_HELP_S = 0.5


#: the checkout to time (``--src``: its ``src`` folder); None: the installed package
SRC: str | None = None


def _exe() -> list[str]:
    script = Path(sys.executable).with_name("flopgrid")
    if SRC is None and script.exists():
        return [str(script)]
    return [sys.executable, "-m", "flopgrid.cli"]


def time_command(args: list[str], runs: int, cwd: str) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of each run: on a shared machine the CPU
    time is the steadier figure, the wall time what a user waits."""
    env = {**os.environ, "COLUMNS": "80"}
    if SRC is not None:
        env["PYTHONPATH"] = SRC
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([*_exe(), *args], cwd=cwd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def importtime(top: int = 10) -> list[tuple[int, str]]:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import flopgrid.cli"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    rows = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--importtime", action="store_true")
    ap.add_argument("--src", help="time this checkout's src folder instead (e.g. main's)")
    ns = ap.parse_args(argv)
    global SRC
    SRC = str(Path(ns.src).resolve()) if ns.src else None
    load = os.getloadavg()[0]
    where = SRC or "installed package"
    print(
        f"flopgrid start-up ({where}), {ns.runs} runs each, {os.cpu_count()} CPU(s), "
        f"load {load:.1f}"
    )
    print(f"{'command':<28}{'min s':>8}{'median s':>10}{'max s':>8}{'CPU s':>8}")
    medians = {}
    with tempfile.TemporaryDirectory() as cwd:
        time_command(["--version"], 1, cwd)  # warm the file cache
        for args in COMMANDS:
            ts, cpu = time_command(args, ns.runs, cwd)
            name = " ".join(["flopgrid", *args])
            medians[name] = statistics.median(ts)
            print(
                f"{name:<28}{min(ts):>8.3f}{medians[name]:>10.3f}{max(ts):>8.3f}"
                f"{statistics.median(cpu):>8.3f}"
            )
    if ns.importtime:
        print("slowest imports of `import flopgrid.cli` (cumulative us):")
        for us, name in importtime():
            print(f"{us:>10}  {name}")
    help_s = medians["flopgrid --help"]
    met = help_s <= TARGET_HELP_S
    print(
        f"flopgrid --help: median {help_s:.3f} s; target <= {TARGET_HELP_S} s: "
        f"{'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
