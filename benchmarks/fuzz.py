"""Fuzz the inputs users write: scenario files through `flopgrid scenarios validate`, CSV
series through the reader and its placing on a dispatch year. Zero tracebacks is the bar:
every input must end valid, or with flopgrid's own error (exit 2, SeriesError).

    python benchmarks/fuzz.py [--scenarios 10000] [--csv 10000] [--seed 0]

(`make fuzz`). Hypothesis generates the inputs: mutations of real scenarios (junk values,
deleted and added keys, hostile names and extends), arbitrary text and bytes, YAML with
anchors, aliases, tags, merge keys, deep nesting and long numbers; CSV files with every
kind of header, time zone, timestamp, step and value. Failures are collected, not stopped
at: the script prints each distinct one with its input and exits 1 if there was any.
Not part of the test suite (it runs for minutes).
"""

from __future__ import annotations

import argparse
import calendar
import copy
import datetime as dt
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from flopgrid.cli import app
from flopgrid.timeseries.csvio import SeriesError, read_series_csv, series_for_year

ROOT = Path(__file__).resolve().parents[1]
CASE = yaml.safe_load((ROOT / "tests" / "cases" / "one_site.yaml").read_text())


def _two_sites_with_tenants() -> dict:
    d = copy.deepcopy(CASE)
    d["sites"]["b"] = {**d["sites"]["a"], "country": "CA"}
    d["demand"] = {"by_year": None}
    d["tenants"] = {
        "t1": {"demand": {"by_year": {2030: 1000}}, "value_usd_per_h100e_year": 1e5},
        "t2": {"demand": {"by_year": {2030: 500}}, "value_usd_per_h100e_year": 2e5},
    }
    d["finance"] = {"members": {"m": {"shares": {"power": 0.5, "a": 0.2}}}}
    d["policy"] = {"budget_usd_per_year": {"by_year": {2030: 1e12}}, "min_clean_share": 0.1}
    return d


BASES = [CASE, _two_sites_with_tenants()]

NAMES = st.sampled_from(
    ["../x", "a/b", "..", ".hidden", "-opt", "a\x1b[31m", "x" * 80, "", " pad", "ok", "c:d",
     "[/oops]", "a\u202eb", "名前", "a\nb", "NO", "null", "1e400"]
)  # fmt: skip
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    NAMES,
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=4),
    st.dictionaries(
        st.one_of(st.text(max_size=6), st.integers(1900, 2200)), st.integers(), max_size=3
    ),
    st.fixed_dictionaries(
        {"by_year": st.dictionaries(st.integers(1900, 2200), st.floats(), max_size=3)}
    ),
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@st.composite
def mutated(draw) -> str:
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add", "rename", "extends"]))
        key = path[-1]
        if action == "replace":
            parent[key] = draw(JUNK)
        elif action == "delete" and isinstance(parent, dict):
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.one_of(st.text(max_size=8), NAMES))] = draw(JUNK)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(NAMES)] = parent.pop(key)
        elif action == "extends":
            data["extends"] = draw(
                st.sampled_from(
                    ["default", "abu-dhabi-5gw", "nope", "../../etc/passwd", "/dev/zero",
                     "/proc/self/environ", "m.yaml", ".", "", "x.yaml"]
                )
            )  # fmt: skip
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@st.composite
def yamlish(draw) -> str:
    """YAML with the parts that break loaders: aliases, tags, merge keys, nesting, numbers."""
    pieces = draw(
        st.lists(
            st.sampled_from(
                [
                    "a: &a [1, 2, 3]\nb: *a\n",
                    "x: &x {k: 1}\ny:\n  <<: *x\n  z: 2\n",
                    "l0: &l0 [x, x, x, x, x, x, x, x, x]\nl1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0]\n"
                    "l2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1]\nl3: [*l2, *l2, *l2, *l2, *l2, *l2]\n",
                    "deep: " + "[" * 200 + "]" * 200 + "\n",
                    "deep2: " + "{a: " * 100 + "1" + "}" * 100 + "\n",
                    "n: 1" + "0" * 5000 + "\n",
                    "f: 1e99999\n",
                    "t: !!python/object:os.system 'echo hi'\n",
                    "b: !!binary aGVsbG8=\n",
                    "s: !!set {a, b}\n",
                    "d: 2030-01-01\n",
                    "? [complex, key]\n: value\n",
                    "dup: 1\ndup: 2\n",
                    "undefined: *nowhere\n",
                    "name: x\nyears: {start: 2030, end: 2020}\n",
                    "sites: {a: null}\n",
                    "--- \n--- second document\n",
                    "\t tab: indent\n",
                    "key: 'unterminated\n",
                    "%YAML 1.1\n---\nv: 1\n",
                    "country: NO\n",
                    "ä: ü\n",
                ]
            ),
            min_size=1,
            max_size=5,
        )
    )
    prefix = yaml.safe_dump(draw(st.sampled_from(BASES)), sort_keys=False)
    return (prefix if draw(st.booleans()) else "") + "".join(pieces)


SCENARIO_TEXT = st.one_of(
    mutated(),
    mutated(),
    yamlish(),
    st.text(max_size=300),
    st.binary(max_size=300),
)

CSV_HEADER_TIME = st.sampled_from(
    ["time [UTC]", "time [+04:00]", "time [-05:00]", "time [+05:30]", "time [+15:00]", "time",
     "time [CET]", "time []", "[", "", "time [UTC", "time [UTC] x"]
)  # fmt: skip
CSV_COLUMN = st.one_of(
    st.builds(
        "{} [{}]".format,
        st.sampled_from(["a_solar", "price", "carbon", "load", "a_price", "x", "", "a b"]),
        st.sampled_from(["cf", "USD/MWh", "gCO2/kWh", "t/MWh", "MW", "GW", "kWh", "", "[x"]),
    ),
    st.text(max_size=10),
)
CSV_VALUE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**25), 10**25).map(str),
    st.sampled_from(["", "inf", "-inf", "nan", "NaN", "x", "1,5", '"3"', "1e308", "1e-320"]),
    st.text(max_size=6),
)


@st.composite
def full_year(draw) -> str:
    """A whole year (or nearly): the path that places values on the dispatch year."""
    year = draw(st.integers(1990, 2100))
    tz = draw(st.sampled_from(["UTC", "+04:00", "-07:00", "+14:00", "-12:00"]))
    hours = 8784 if calendar.isleap(year) else 8760
    n = hours + draw(st.sampled_from([0, 0, 0, -1, 1, 24]))
    start = dt.datetime(year, 1, 1)
    bad_row = draw(st.integers(0, n * 4))  # one bad cell in a quarter of the files
    rows = []
    for i in range(n):
        value = draw(CSV_VALUE) if i == bad_row else f"{(i % 24) / 24:.3f}"
        rows.append(f"{start + dt.timedelta(hours=i):%Y-%m-%d %H:%M},{value}")
    return f"time [{tz}],a_solar [cf]\n" + "\n".join(rows) + "\n"


@st.composite
def csv_text(draw) -> str | bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(st.binary(max_size=200), st.text(max_size=200)))
    if draw(st.integers(0, 19)) == 0:
        return draw(full_year())
    columns = [draw(CSV_HEADER_TIME), *draw(st.lists(CSV_COLUMN, min_size=0, max_size=4))]
    start = draw(st.datetimes(min_value=dt.datetime(1800, 1, 1)))
    n = draw(st.integers(0, 40))
    fmt = draw(
        st.sampled_from(
            ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S+04:00", "%Y-%m-%dT%H:%M+05:30", "%d/%m/%Y %H",
             "%Y-%m-%dT%H:%M:%SZ", "%s"]
        )
    )  # fmt: skip
    steps = draw(st.lists(st.sampled_from([1, 1, 1, 1, 0, 2, -1, 0.5]), min_size=n, max_size=n))
    lines = [",".join(columns)]
    t = start
    for step in steps:
        try:
            stamp = t.strftime(fmt)
        except ValueError:
            stamp = "bad"
        if draw(st.integers(0, 30)) == 0:
            stamp = draw(st.text(max_size=12))
        values = [draw(CSV_VALUE) for _ in columns[1:]]
        if draw(st.integers(0, 30)) == 0:
            values.append("extra")
        lines.append(",".join([stamp, *values]))
        try:
            t = t + dt.timedelta(hours=step)
        except OverflowError:
            break
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\r\n"]))


class Tally:
    def __init__(self) -> None:
        self.examples = Counter()
        self.outcomes = Counter()
        self.failures: dict[str, str] = {}

    def fail(self, kind: str, exc: BaseException, sample) -> None:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        key = f"{kind}: {type(exc).__name__} at {where.filename}:{where.lineno}" if where else kind
        self.outcomes[f"{kind}: TRACEBACK"] += 1
        if key not in self.failures:
            text = "".join(traceback.format_exception(exc))
            self.failures[key] = f"{text}\ninput: {sample!r}"[:4000]


def run(n_scenarios: int, n_csv: int, seed: int) -> int:
    tally = Tally()
    runner = CliRunner()
    work = Path(tempfile.mkdtemp(prefix="flopgrid-fuzz-"))
    common = {
        "deadline": None,
        "database": None,
        "derandomize": False,
        "suppress_health_check": list(HealthCheck),
    }

    @settings(max_examples=n_scenarios, **common)
    @given(text=SCENARIO_TEXT)
    def scenarios(text):
        tally.examples["scenarios"] += 1
        path = work / "m.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = runner.invoke(app, ["scenarios", "validate", str(path)])
        exc = result.exception
        if exc is not None and not (isinstance(exc, SystemExit) and exc.code in (0, 2)):
            tally.fail("scenarios validate", exc, text)
        elif "Traceback" in result.output:
            tally.fail("scenarios validate", RuntimeError(result.output[-500:]), text)
        else:
            tally.outcomes[f"scenarios: exit {result.exit_code}"] += 1

    @settings(max_examples=n_csv, **common)
    @given(
        text=csv_text(),
        year=st.integers(1990, 2100),
        how=st.sampled_from(["own year", "another year, stated", "another year"]),
    )
    def csvs(text, year, how):
        tally.examples["csv"] += 1
        path = work / "s.csv"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            table = read_series_csv(path)
        except SeriesError:
            tally.outcomes["csv: refused by the reader (SeriesError)"] += 1
            return
        except Exception as exc:  # the thing looked for
            tally.fail("csv reader", exc, text)
            return
        own = int(table.data.index[len(table.data) // 2].year)
        try:
            if how == "own year":
                series_for_year(table, own)
            else:
                series_for_year(table, year, own if how.endswith("stated") else None)
            tally.outcomes["csv: read and placed on a dispatch year"] += 1
        except SeriesError:
            tally.outcomes["csv: read, refused for the year (SeriesError)"] += 1
        except Exception as exc:
            tally.fail("series_for_year", exc, text)

    random.seed(seed)
    t0 = time.perf_counter()
    scenarios()
    t1 = time.perf_counter()
    csvs()
    t2 = time.perf_counter()
    print(
        f"scenarios: {tally.examples['scenarios']:,} examples in {t1 - t0:.0f} s; "
        f"csv files: {tally.examples['csv']:,} examples in {t2 - t1:.0f} s"
    )
    for outcome, n in sorted(tally.outcomes.items()):
        print(f"  {outcome}: {n:,}")
    for key, text in tally.failures.items():
        print(f"\n=== {key}\n{text}")
    print(f"tracebacks: {sum(n for k, n in tally.outcomes.items() if 'TRACEBACK' in k)}")
    return 1 if tally.failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenarios", type=int, default=10_000)
    parser.add_argument("--csv", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sys.exit(run(args.scenarios, args.csv, args.seed))


if __name__ == "__main__":
    main()
