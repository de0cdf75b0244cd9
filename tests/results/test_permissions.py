"""Folders a user may not write: a read-only store folder, an unwritable working folder.

Permissions bind only an unprivileged process, and tests may run as root (CI does): the
CLI then runs in a child process without the capabilities that let root write anywhere
(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, dropped from its bounding set), so
folder permissions hold for it as for any user.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flopgrid.workflow import run_plan

from ..conftest import CASES
from ..helpers import snapshot

_PR_CAPBSET_DROP = 24
_DAC_CAPS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _drop_root_powers() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _DAC_CAPS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture(scope="module", autouse=True)
def _can_drop_root_powers():
    if os.geteuid() != 0:
        return
    try:
        subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_root_powers, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"running as root and cannot drop its file capabilities here: {exc}")


@pytest.fixture
def sandbox(tmp_path):
    yield tmp_path
    for path in [tmp_path, *tmp_path.rglob("*")]:  # let pytest clean up
        if path.is_dir() and not path.is_symlink():
            os.chmod(path, 0o755)


def _cli_unprivileged(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flopgrid.cli", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        preexec_fn=_drop_root_powers if os.geteuid() == 0 else None,
        timeout=900,
    )


def test_a_read_only_store_folder_is_refused_before_planning(sandbox):
    scenario = sandbox / "s.yaml"
    shutil.copy(CASES / "one_site.yaml", scenario)
    store_dir = sandbox / "store"
    store_dir.mkdir()
    run_plan(scenario, out=store_dir / "earlier", store=store_dir / "runs.duckdb", report=False)
    for path in [store_dir, *store_dir.rglob("*")]:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
    work = sandbox / "work"
    work.mkdir()
    before = snapshot(store_dir)
    r = _cli_unprivileged(
        "plan", scenario, "--set", "discount_rate=0.2", "--store", store_dir / "runs.duckdb",
        "--out", work / "run", "--no-report", cwd=work,
    )  # fmt: skip
    text = " ".join((r.stdout + r.stderr).split())
    assert r.returncode == 2, text
    assert f"cannot write the run store {store_dir / 'runs.duckdb'}: Permission denied" in text
    assert "Traceback" not in text
    assert not (work / "run").exists()  # refused before planning: nothing half done
    assert snapshot(store_dir) == before
    # a read-only store can still be read
    r = _cli_unprivileged("runs", "list", "--store", store_dir / "runs.duckdb", cwd=work)
    assert r.returncode == 0 and "1 run\n" in r.stdout, r.stdout + r.stderr


def test_an_unwritable_working_folder_is_refused_before_planning(sandbox):
    scenario = sandbox / "s.yaml"
    shutil.copy(CASES / "one_site.yaml", scenario)
    work = sandbox / "readonly"
    work.mkdir()
    os.chmod(work, 0o555)
    r = _cli_unprivileged("plan", scenario, "--no-report", cwd=work)
    text = " ".join((r.stdout + r.stderr).split())
    assert r.returncode == 2, text
    assert f"cannot write run folders in {work / 'runs'}: Permission denied" in text
    assert "give --out DIR (and --store PATH) in a folder you can write" in text
    assert "Traceback" not in text and list(work.iterdir()) == []
