"""Every command the README shows runs here, as written, and succeeds.

Fenced ``sh`` blocks are commands: each ``flopgrid ...`` line runs through the CLI in a
fresh folder. The README's placeholders are filled from what the block's own commands
made (RUN_ID, RUN_A, RUN_B: runs in the store, planned first if there are none; SWEEP_ID:
the newest sweep; FOLDER: a run folder; FILE: a file name); ``[--option value]`` is given;
a lone ``...`` is dropped. ``my.yaml``, ``hourly.csv`` and ``my-claims.yaml`` stand for a
user's own files, made here. ``python`` blocks run; ``yaml`` blocks that are whole
scenarios validate. A block that is only illustrative says so in an HTML comment on the
line before it, ``<!-- not run by tests: REASON -->``; there are few.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

from flopgrid import load_scenario
from flopgrid.results.store import DEFAULT_STORE, RunStore
from flopgrid.sweep.store import SweepStore

from .helpers import cli

README = Path(__file__).resolve().parents[1] / "README.md"
_FENCE = re.compile(r"^```([\w-]*)[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
_NOT_RUN = re.compile(r"^<!--\s*not run by tests:\s*(\S.*?)\s*-->$")
_OPTIONAL = re.compile(r"\[(--[^\[\]]+)\]")
COMMANDS = {"sh", "bash", "shell", "console"}
#: most blocks the README may mark as not run
MAX_NOT_RUN = 2

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore")]


@dataclass(frozen=True)
class Block:
    lang: str
    text: str
    line: int
    not_run: str | None

    @property
    def id(self) -> str:
        return f"{self.lang or 'text'}-line-{self.line}"


def readme_blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        before = text[: m.start()].rstrip().splitlines()
        marker = _NOT_RUN.match(before[-1].strip()) if before else None
        line = text.count("\n", 0, m.start()) + 1
        out.append(Block(m.group(1), m.group(2), line, marker.group(1) if marker else None))
    return out


BLOCKS = readme_blocks()
RUNNABLE = [b for b in BLOCKS if b.lang in COMMANDS and b.not_run is None]


def test_the_readme_marks_few_blocks_as_not_run():
    marked = [b for b in BLOCKS if b.not_run]
    assert len(marked) <= MAX_NOT_RUN, [b.id for b in marked]
    assert all(b.lang in COMMANDS for b in marked)
    assert len(RUNNABLE) >= 5  # the tour, runs, dispatch, sweeps, validation


def _lines(block: Block) -> list[str]:
    joined = block.text.replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip()]


def _plan_two_runs() -> list[str]:
    for extra in ([], ["--set", "policy.carbon_price_usd_per_t=100"]):
        r = cli("plan", "destiny-5gw", *extra, "--no-report")
        assert r.exit_code == 0, r.output
    return _runs()


def _runs() -> list[str]:
    if not DEFAULT_STORE.exists():
        return []
    df = RunStore(DEFAULT_STORE).sql("SELECT run_id FROM runs WHERE kind = 'plan' ORDER BY run_id")
    return list(df["run_id"])


def _fill(tokens: list[str]) -> list[str]:
    """The README's placeholders, filled from the store the commands so far made."""
    out = []
    for token in tokens:
        if token == "...":
            continue
        if token in ("RUN_ID", "RUN_A", "RUN_B", "FOLDER"):
            runs = _runs()
            runs = runs if len(runs) >= 2 else _plan_two_runs()
            run = runs[1] if token == "RUN_B" else runs[0]
            token = (
                str(RunStore(DEFAULT_STORE).resolve(run)["folder"]) if token == "FOLDER" else run
            )
        elif token == "SWEEP_ID":
            sweeps = SweepStore(DEFAULT_STORE).sweeps()
            assert not sweeps.empty, "SWEEP_ID before any sweep in the block"
            token = str(sweeps.sort_values("created")["sweep_id"].iloc[-1])
        elif token == "FILE":
            token = "report-of-one-run.html"
        out.append(token)
    return out


def _users_files() -> None:
    """The files the README's examples call the user's own: a scenario with a fleet, a
    year of hourly values for it, and a claims file."""
    scenario = {
        "flopgrid": 1,
        "name": "my-fleet",
        "extends": "default",
        "years": {"start": 2030, "end": 2030},
        "demand": {"by_year": {2030: 100_000}},
        "sites": {
            "texas-1": {
                "country": "US",
                "max_facility_gw": 1,
                "grid_import_gw": 1,
                "existing": {"it_gw": 0.2, "accelerators": {"H100": 100_000}},
            }
        },
    }
    Path("my.yaml").write_text(yaml.safe_dump(scenario, sort_keys=False))
    hours = pd.date_range("2030-01-01", periods=8760, freq="h")
    rows = "".join(f"{t:%Y-%m-%d %H:%M},{30 + 40 * (8 <= t.hour < 20)}\n" for t in hours)
    Path("hourly.csv").write_text("time [UTC],texas-1_price [USD/MWh]\n" + rows)
    claims = {
        "claims": [
            {
                "id": "my-claim",
                "claim": "A 1 GW campus costs about 40 billion USD",
                "source": "my notes",
                "check": "cost_per_power",
                "params": {"cost_usd": 40e9, "power_gw": 1, "generations": ["GB200"]},
            }
        ]
    }
    Path("my-claims.yaml").write_text(yaml.safe_dump(claims, sort_keys=False))


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
def test_every_command_block_runs(block):
    _users_files()
    ran = 0
    for line in _lines(block):
        tokens = shlex.split(_OPTIONAL.sub(r"\1", line), comments=True)
        if not tokens or tokens in (
            [".", ".venv/bin/activate"],
            ["source", ".venv/bin/activate"],
        ):
            continue
        assert tokens[0] == "flopgrid", (
            f"README.md:{block.line}: {line!r} is not a flopgrid command; run it here or "
            "mark the block <!-- not run by tests: REASON -->"
        )
        args = _fill(tokens[1:])
        r = cli(*args)
        assert r.exit_code == 0, f"README.md:{block.line}: flopgrid {shlex.join(args)}\n{r.output}"
        assert "Traceback" not in r.output
        ran += 1
    assert ran, f"README.md:{block.line}: a command block without a command"


PYTHON = [b for b in BLOCKS if b.lang == "python"]
SCENARIOS = [b for b in BLOCKS if b.lang == "yaml" and b.text.startswith("flopgrid: 1")]


@pytest.mark.parametrize("block", PYTHON, ids=[b.id for b in PYTHON])
def test_every_python_block_runs(block):
    namespace: dict = {}
    exec(compile(block.text, f"README.md:{block.line}", "exec"), namespace)
    assert "result" in namespace and namespace["result"].status == "optimal"


@pytest.mark.parametrize("block", SCENARIOS, ids=[b.id for b in SCENARIOS])
def test_every_scenario_block_is_valid(block):
    path = Path("from-readme.yaml")
    path.write_text(block.text)
    assert load_scenario(path).name
