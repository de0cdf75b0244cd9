"""The Result of a run, plan or dispatch: an xarray Dataset plus metadata.

Results are read by the store, the report and the CLI; none of them rebuilds a model.
A run folder holds ``summary.json``, ``results.nc``, ``scenario.yaml`` and ``meta.json``;
``meta["kind"]`` says whether it is a ``plan`` (yearly build-out) or a ``dispatch``
(hourly operation of a fixed fleet).
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import pandas as pd
import xarray as xr
import yaml

from ..errors import FlopgridError
from .dispatch_summary import summarise
from .folder_io import DATASET, META, SCENARIO, SUMMARY, write_run_folder
from .summary import build_summary

SOLVER_LOG = "solver.log"


class Result:
    """A solved plan or dispatch.

    Attributes
    ----------
    data
        Every variable, derived quantity and dual, in user units (``unit`` attrs);
        duals are ``dual_<family>`` in B USD (present value) per model unit.
    meta
        Scenario name, status, objective, solver, timings, versions, overrides.
    scenario
        The fully resolved scenario as plain data.
    """

    def __init__(
        self,
        data: xr.Dataset,
        meta: dict,
        scenario: dict,
        path: Path | None = None,
        summary: dict | None = None,
    ) -> None:
        self.data = data
        self.meta = meta
        self.scenario = scenario
        self.path = path
        if summary is not None:
            self.__dict__["summary"] = summary

    def __repr__(self) -> str:
        return (
            f"Result(scenario={self.meta.get('scenario')!r}, status={self.status!r}, "
            f"objective_usd={self.objective_usd:.4g})"
        )

    @property
    def kind(self) -> str:
        """``plan`` or ``dispatch``."""
        return self.meta.get("kind", "plan")

    @property
    def status(self) -> str:
        return self.meta["status"]

    @property
    def objective_usd(self) -> float:
        return self.meta["objective_usd"]

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.data["year"].values]

    @cached_property
    def summary(self) -> dict:
        """The summary.json content (output contract)."""
        if self.kind == "dispatch":
            return summarise(self.data, self.meta)
        return build_summary(self.data, self.meta, self._sites_info(), self.scenario)

    @property
    def bottlenecks(self) -> list[dict]:
        return self.summary["bottlenecks"]

    def _sites_info(self) -> dict:
        return self.meta.get("sites", {})

    def to_frame(self, name: str | None = None) -> pd.DataFrame:
        """A result as a pandas DataFrame.

        ``None`` gives the by-year headline table; a variable name (``"it_power_gw"``,
        ``"accelerators_in_service"``...) gives that variable in long form.
        """
        if name is None:
            return pd.DataFrame(self.summary["by_year"], index=pd.Index(self.years, name="year"))
        if name not in self.data:
            raise KeyError(f"no result named {name!r}; available: {', '.join(self.data)}")
        da = self.data[name]
        if da.ndim == 0:
            return pd.DataFrame({name: [float(da)]})
        return da.to_dataframe(name=name).reset_index()

    def table(self, by: str) -> pd.DataFrame:
        """Tables by ``year``, ``site``, ``technology`` or ``generation``."""
        s = self.summary
        if by == "year":
            return self.to_frame()
        if by == "site":
            rows = {k: {f: v[f] for f in v if f != "by_year"} for k, v in s["by_site"].items()}
            return pd.DataFrame(rows).T
        if by in ("technology", "generation"):
            block = s["by_technology" if by == "technology" else "by_generation"]
            frames = {k: pd.DataFrame(v, index=self.years) for k, v in block.items()}
            return pd.concat(frames, names=[by, "year"])
        raise ValueError("by must be one of: year, site, technology, generation")

    def save(self, folder: Path, solver_log: str = "", writers=()) -> Path:
        """Write the run folder atomically (to a temporary sibling, then renamed).

        ``writers`` are callables given the temporary folder, to add files (the report)
        before the folder appears under its final name.

        Raises
        ------
        FileExistsError
            If ``folder`` exists or appears meanwhile: a run never overwrites another.
        """
        logs = [lambda tmp: (tmp / SOLVER_LOG).write_text(solver_log, encoding="utf-8")]
        data = self.data
        for name in ("zone", "job", "site", "tech", "storage"):  # netCDF wants plain labels
            if name in data.coords and data.indexes[name].dtype == object:
                data = data.assign_coords({name: data.indexes[name].astype(str)})
        write_run_folder(
            Path(folder),
            self.summary,
            self.meta,
            self.scenario,
            data,
            [*(logs if solver_log else []), *writers],
        )
        self.path = folder
        return folder

    @classmethod
    def load(cls, folder: Path) -> Result:
        """Read a run folder written by :meth:`save`."""
        folder = Path(folder)
        if not (folder / META).exists():
            raise FileNotFoundError(f"{folder} is not a flopgrid run folder (no {META})")
        try:
            meta = json.loads((folder / META).read_text(encoding="utf-8"))
            scenario = yaml.safe_load((folder / SCENARIO).read_text(encoding="utf-8"))
            summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
            with xr.open_dataset(folder / DATASET) as ds:
                data = ds.load()
        except (OSError, ValueError, yaml.YAMLError) as exc:
            raise FlopgridError(f"the run folder {folder} is damaged: {exc}") from None
        return cls(data, meta, scenario, path=folder, summary=summary)
