"""What a finished sweep says: result distributions, what drives them, what binds, which
claims hold.

Every function reads the sweep's tables (:class:`flopgrid.sweep.store.SweepStore`); none
solves or rebuilds a model.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..results.store import DEFAULT_STORE
from .claims import METRICS, check_claims, claims_for, with_derived
from .store import DONE, FAILED, SweepStore


@dataclass
class SweepData:
    """A sweep's row, its tasks (with run results) and the finished runs' bottlenecks."""

    sweep: dict
    tasks: pd.DataFrame
    bottlenecks: pd.DataFrame

    @property
    def labels(self) -> list[str]:
        return list(self.sweep["design"].get("labels", []))

    @property
    def missing(self) -> pd.DataFrame:
        """Finished tasks whose run is no longer in the store (deleted since): left out of
        every statistic, and named in the report."""
        done = self.tasks[self.tasks["status"] == DONE]
        if "run_status" not in done:
            return done.iloc[0:0]
        return done[done["run_status"].isna()]

    @property
    def done(self) -> pd.DataFrame:
        """Finished runs still in the store, one row per task, with the factor values as
        columns."""
        df = self.tasks[self.tasks["status"] == DONE]
        if "run_status" in df:
            df = df[df["run_status"].notna()]
        df = df.copy()
        x = pd.DataFrame([p.get("x", {}) for p in df["point"]], index=df.index)
        return with_derived(pd.concat([df, x], axis=1))

    @property
    def counts(self) -> dict:
        status = self.tasks["status"].value_counts()
        counts = {s: int(status.get(s, 0)) for s in (DONE, FAILED, "pending")}
        counts["missing"] = len(self.missing)
        counts[DONE] -= counts["missing"]
        return counts


def load(ref: str, store: Path | str = DEFAULT_STORE) -> SweepData:
    sweeps = SweepStore(store)
    row = sweeps.sweep(ref)
    return SweepData(row, sweeps.tasks(row["sweep_id"]), sweeps.bottlenecks(row["sweep_id"]))


def distributions(data: SweepData) -> pd.DataFrame:
    """Quantiles of every headline result over the finished futures."""
    df = data.done
    rows = []
    for metric, unit in METRICS.items():
        v = df[metric].astype(float).dropna() if metric in df else pd.Series(dtype=float)
        if v.empty:
            continue
        q = v.quantile([0.05, 0.5, 0.95])
        rows.append(
            {
                "metric": metric,
                "unit": unit,
                "n": len(v),
                "mean": v.mean(),
                "p5": q[0.05],
                "p50": q[0.5],
                "p95": q[0.95],
                "min": v.min(),
                "max": v.max(),
            }
        )
    return pd.DataFrame(rows)


def tornado(data: SweepData, metric: str = "objective_usd") -> pd.DataFrame:
    """Mean ``metric`` with each factor low (its bottom quarter) and high (its top quarter).

    Also the Spearman rank correlation of factor and result. Ranked by swing, |high - low|.
    """
    df = data.done
    rows = []
    for label in data.labels:
        if label not in df or df[label].nunique() < 2:
            continue
        x, y = df[label].astype(float), df[metric].astype(float)
        lo, hi = x <= x.quantile(0.25), x >= x.quantile(0.75)
        rho = stats.spearmanr(x, y).statistic if y.nunique() > 1 else 0.0
        low, high = float(y[lo].mean()), float(y[hi].mean())
        rows.append(
            {
                "factor": label,
                "low": low,
                "high": high,
                "swing": abs(high - low),
                "spearman": float(rho) if np.isfinite(rho) else 0.0,
            }
        )
    out = pd.DataFrame(rows, columns=["factor", "low", "high", "swing", "spearman"])
    return out.sort_values("swing", ascending=False, ignore_index=True)


def elementary_effects(data: SweepData, metric: str = "objective_usd") -> dict[str, list[float]]:
    """Morris elementary effects per factor: Δresult / Δlevel between consecutive points of
    a trajectory (levels on the unit scale). Steps touching a failed run are left out."""
    df = data.done
    effects: dict[str, list[float]] = {label: [] for label in data.labels}
    if data.sweep["design"].get("kind") != "morris":
        return effects
    pts = pd.DataFrame(
        {
            "group": [p["group"] for p in df["point"]],
            "step": [p["step"] for p in df["point"]],
            "u": [p["u"] for p in df["point"]],
            "y": df[metric].astype(float).to_numpy(),
        }
    )
    for _, traj in pts.groupby("group"):
        traj = traj.sort_values("step")
        rows = traj.to_dict("records")
        for a, b in itertools.pairwise(rows):
            if b["step"] != a["step"] + 1:
                continue
            moved = [k for k in a["u"] if abs(b["u"][k] - a["u"][k]) > 1e-12]
            if len(moved) == 1:
                k = moved[0]
                effects[k].append((b["y"] - a["y"]) / (b["u"][k] - a["u"][k]))
    return effects


def morris(data: SweepData, metric: str = "objective_usd") -> pd.DataFrame:
    """Morris screening: mu (mean effect), mu* (mean |effect|) and sigma per factor."""
    rows = []
    for label, ee in elementary_effects(data, metric).items():
        e = np.asarray(ee, dtype=float)
        rows.append(
            {
                "factor": label,
                "mu": float(e.mean()) if e.size else np.nan,
                "mu_star": float(np.abs(e).mean()) if e.size else np.nan,
                "sigma": float(e.std(ddof=1)) if e.size > 1 else np.nan,
                "effects": int(e.size),
            }
        )
    out = pd.DataFrame(rows, columns=["factor", "mu", "mu_star", "sigma", "effects"])
    return out.sort_values("mu_star", ascending=False, ignore_index=True)


def bottleneck_shares(data: SweepData) -> pd.DataFrame:
    """Share of futures in which each constraint family binds, and in which it binds most."""
    n = len(data.done)
    bn = data.bottlenecks
    if not n or bn.empty:
        return pd.DataFrame(columns=["family", "binds", "share", "top_share", "mean_rent_usd"])
    top = bn.sort_values("rank").groupby("task_no").head(1)
    rows = []
    for family, grp in bn.groupby("family"):
        rows.append(
            {
                "family": family,
                "binds": grp["task_no"].nunique(),
                "share": grp["task_no"].nunique() / n,
                "top_share": float((top["family"] == family).sum()) / n,
                "mean_rent_usd": float(grp["rent_usd"].sum()) / n,
            }
        )
    return pd.DataFrame(rows).sort_values("share", ascending=False, ignore_index=True)


def claims(data: SweepData) -> pd.DataFrame:
    """Which of the seed plan's claims hold, in what share of futures."""
    runs = data.done
    name = runs["scenario_name"].iloc[0] if "scenario_name" in runs and len(runs) else None
    scenario = name or Path(str(data.sweep["scenario"])).stem
    extra = data.sweep["design"].get("claims", [])
    return check_claims(claims_for(scenario, extra), runs)
