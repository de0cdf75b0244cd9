"""Where a run's files go: a new folder every time, never an existing one."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from pathlib import Path

DEFAULT_ROOT = Path("runs")


def scenario_hash(resolved: dict) -> str:
    """sha256 of the fully resolved scenario (canonical JSON)."""
    text = json.dumps(resolved, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_run_id(scenario: str, digest: str) -> str:
    """Sortable, unique run id: UTC time, scenario name, hash prefix, 4 random hex digits."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    return f"{stamp}-{scenario}-{digest[:6]}{secrets.token_hex(2)}"


def run_folder(out: Path | None, run_id: str) -> Path:
    """The folder to write a run into.

    ``out`` absent: ``runs/<run_id>``. ``out`` not existing yet: ``out`` itself.
    ``out`` existing: ``out/<run_id>`` (an existing folder is never written over).
    A clash of ids within one second gets a numeric suffix.
    """
    if out is None:
        target = DEFAULT_ROOT / run_id
    elif not out.exists():
        return out
    else:
        target = out / run_id
    candidate, n = target, 1
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.name}-{n}")
    return candidate
