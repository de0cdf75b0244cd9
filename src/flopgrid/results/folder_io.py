"""Write a run folder atomically: everything into a hidden sibling, then one rename."""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import xarray as xr
import yaml

SUMMARY = "summary.json"
DATASET = "results.nc"
SCENARIO = "scenario.yaml"
META = "meta.json"


def write_run_folder(
    folder: Path,
    summary: dict,
    meta: dict,
    scenario: dict,
    data: xr.Dataset,
    extra: Iterable[Callable[[Path], None]] = (),
    dataset_name: str = DATASET,
) -> Path:
    """Write ``summary.json``, ``meta.json``, ``scenario.yaml``, ``results.nc`` and whatever
    ``extra`` writers add, so that the folder appears complete or not at all.

    Raises
    ------
    FileExistsError
        If ``folder`` exists, or appears while this one is written: a run never
        overwrites another.
    """
    folder = Path(folder)
    if folder.exists():
        raise FileExistsError(f"{folder} exists; a run never overwrites an earlier one")
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        (tmp / SUMMARY).write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
        (tmp / META).write_text(json.dumps(meta, indent=1, default=str), encoding="utf-8")
        (tmp / SCENARIO).write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
        data.to_netcdf(tmp / dataset_name)
        for write in extra:
            write(tmp)
        try:
            os.rename(tmp, folder)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise FileExistsError(f"{folder} appeared while this run was written") from None
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder
