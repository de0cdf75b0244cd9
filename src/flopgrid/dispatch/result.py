"""A solved dispatch: hourly xarray Dataset, summary and metadata; saved like plan runs.

A dispatch run folder holds ``summary.json``, ``meta.json``, ``scenario.yaml``,
``dispatch.nc`` and ``report.html``; it is written to a temporary sibling and renamed,
so a run is complete or absent, and never overwrites another.
"""

from __future__ import annotations

import json
from pathlib import Path

import xarray as xr
import yaml

from ..results.folder_io import META, SCENARIO, SUMMARY, write_run_folder

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
        data = self.data.copy()
        for name in ("zone", "job", "site", "tech"):
            if name in data.coords:
                data = data.assign_coords({name: data.indexes[name].astype(str)})
        write_run_folder(
            Path(folder),
            self.summary,
            self.meta,
            self.scenario,
            data,
            writers,
            dataset_name=DATASET,
        )
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
