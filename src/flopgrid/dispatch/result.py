"""A solved dispatch: hourly xarray Dataset, summary and metadata; saved like plan runs.

A dispatch run folder holds ``summary.json``, ``meta.json``, ``scenario.yaml``,
``dispatch.nc`` and ``report.html``; it is written to a temporary sibling and renamed,
so a run is complete or absent, and never overwrites another.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import xarray as xr
import yaml

SUMMARY = "summary.json"
META = "meta.json"
SCENARIO = "scenario.yaml"
DATASET = "dispatch.nc"


class DispatchResult:
    """An hourly dispatch of a fixed fleet.

    Attributes
    ----------
    data
        Hourly results by ``time`` (with a ``timestamp`` coordinate, UTC), ``site``,
        ``tech``, ``zone`` (inference) and ``job`` (training); ``unit`` attrs.
    summary
        Totals, ``by_site`` and ``by_work``.
    meta
        Source, year, weeks, status, objective, timings, model size, versions.
    """

    def __init__(
        self, data: xr.Dataset, summary: dict, meta: dict, scenario: dict, path=None
    ) -> None:
        self.data = data
        self.summary = summary
        self.meta = meta
        self.scenario = scenario
        self.path = Path(path) if path else None

    def __repr__(self) -> str:
        t = self.summary["totals"]
        return (
            f"DispatchResult({self.meta['scenario']!r}, year={self.meta['year']}, "
            f"hours={self.summary['hours']}, cost_usd={t['cost_usd']:.4g})"
        )

    @property
    def status(self) -> str:
        return self.meta["status"]

    def save(self, folder: Path, writers=()) -> Path:
        """Write the run folder atomically; ``writers`` add files (the report) first."""
        folder = Path(folder)
        if folder.exists():
            raise FileExistsError(f"{folder} exists; a run never overwrites an earlier one")
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            (tmp / SUMMARY).write_text(json.dumps(self.summary, indent=1), encoding="utf-8")
            (tmp / META).write_text(json.dumps(self.meta, indent=1, default=str), encoding="utf-8")
            (tmp / SCENARIO).write_text(
                yaml.safe_dump(self.scenario, sort_keys=False), encoding="utf-8"
            )
            data = self.data.copy()
            for name in ("zone", "job", "site", "tech"):
                if name in data.coords:
                    data = data.assign_coords({name: data.indexes[name].astype(str)})
            data.to_netcdf(tmp / DATASET)
            for write in writers:
                write(tmp)
            os.rename(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.path = folder
        return folder

    @classmethod
    def load(cls, folder: Path) -> DispatchResult:
        folder = Path(folder)
        if not (folder / DATASET).exists():
            raise FileNotFoundError(f"{folder} is not a flopgrid dispatch folder (no {DATASET})")
        with xr.open_dataset(folder / DATASET) as ds:
            data = ds.load()
        return cls(
            data,
            json.loads((folder / SUMMARY).read_text(encoding="utf-8")),
            json.loads((folder / META).read_text(encoding="utf-8")),
            yaml.safe_load((folder / SCENARIO).read_text(encoding="utf-8")),
            path=folder,
        )
