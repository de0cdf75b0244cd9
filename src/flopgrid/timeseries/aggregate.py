"""Time slices for the planning model: one yearly slice, all hours, or representative periods.

Representative periods come from tsam (Hoffmann, Kotzur et al., "tsam - Time Series
Aggregation Module", FZ Juelich, MIT licence, https://github.com/FZJ-IEK3-VSA/tsam;
Kotzur, Markewitz, Robinius & Stolten, "Impact of different time series aggregation
methods on optimal energy system design", Renewable Energy 117:474-487, Elsevier,
2018, https://doi.org/10.1016/j.renene.2017.10.017), the library PyPSA and Calliope
use. All sites' series are clustered together, so every site shares the same slices;
tsam rescales the representatives so that the weighted mean of every series equals
its annual mean, and the period with the least wind and solar (the worst lull) is
added as an extreme period so the plan sees it.

The inputs are the :class:`.profiles.Profiles` the dispatch uses, so plan and dispatch
stand on the same hours.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from importlib.metadata import version

import numpy as np
import pandas as pd
import xarray as xr

from .profiles import HOURS, Profiles

#: name of the helper series (mean wind and solar availability over all sites) whose
#: lowest period tsam keeps as an extreme period
LULL_COLUMN = "_wind_solar_mean"
_SEP = "|"


@dataclass(frozen=True)
class Slices:
    """Time slices of a planning year and the per-unit series on them."""

    mode: str  # "yearly" | "periods" | "full"
    hours: np.ndarray  # (slice,) hours each slice stands for; sums to 8760
    period: np.ndarray  # (slice,) representative period of each slice
    step: np.ndarray  # (slice,) step within its period (0..steps_per_period-1)
    period_hours: int  # 24 for days; 8760 for full; 1 for yearly
    period_weight: np.ndarray  # (n_periods,) number of real periods each stands for
    #: (n_real_periods,) representative period of each real period, in calendar order
    period_order: np.ndarray
    availability: xr.DataArray  # (site, tech, slice) per-unit availability [1]
    price_factor: xr.DataArray  # (site, slice) grid price / site annual mean [1]
    carbon_factor: xr.DataArray  # (site, slice) grid carbon / site annual mean [1]
    notes: dict = field(default_factory=dict)
    #: (slice,) hours one step lasts within its period (None: one hour each); with
    #: segments (tsam's segmentation) consecutive hours of a period merge into one step
    duration: np.ndarray | None = None

    @property
    def n_slices(self) -> int:
        return len(self.hours)

    @property
    def step_hours(self) -> np.ndarray:
        """(slice,) hours each step of a period lasts (1 without segments)."""
        return np.ones(self.n_slices) if self.duration is None else self.duration

    @property
    def steps_per_period(self) -> int:
        """Steps (slices) in each representative period."""
        return self.n_slices // len(self.period_weight)

    @property
    def start_hour(self) -> np.ndarray:
        """(slice,) hour of its period at which each step starts."""
        return step_starts(self.step_hours, self.steps_per_period)


def step_starts(step_hours: np.ndarray, steps_per_period: int) -> np.ndarray:
    """(slice,) hour of its period at which each step starts, from each step's hours
    (slices run period by period, step by step, every period with as many steps)."""
    dur = np.asarray(step_hours, dtype=float).reshape(-1, steps_per_period)
    return (np.cumsum(dur, axis=1) - dur).ravel().astype(int)


def _relative(series: xr.DataArray) -> xr.DataArray:
    """Series divided by its annual (hour) mean per site; 1 where the mean is zero or
    unknown (an off-grid site without a grid price)."""
    mean = series.mean("hour")
    known = (mean != 0) & np.isfinite(mean)
    return xr.where(known, series / mean.where(known, 1.0), 1.0)


def _sliced(data: xr.DataArray) -> xr.DataArray:
    return data.rename(hour="slice").assign_coords(slice=np.arange(data.sizes["hour"]))


def full_slices(profiles: Profiles) -> Slices:
    """All 8760 hours as slices of one hour; one period, the whole year."""
    n = profiles.availability.sizes["hour"]
    return Slices(
        mode="full",
        hours=np.ones(n),
        period=np.zeros(n, dtype=int),
        step=np.arange(n),
        period_hours=n,
        period_weight=np.ones(1),
        period_order=np.zeros(1, dtype=int),
        availability=_sliced(profiles.availability),
        price_factor=_sliced(_relative(profiles.price_usd_per_mwh)),
        carbon_factor=_sliced(_relative(profiles.carbon_t_per_mwh)),
        notes={"method": "all hours", "slices": n},
    )


def yearly_slices(profiles: Profiles) -> Slices:
    """One slice of 8760 h whose availability is each series' annual capacity factor."""
    n = profiles.availability.sizes["hour"]
    one = {"slice": [0]}
    sites = profiles.price_usd_per_mwh.coords["site"].values
    ones = xr.DataArray(
        np.ones((len(sites), 1)), coords={"site": sites, **one}, dims=("site", "slice")
    )
    return Slices(
        mode="yearly",
        hours=np.array([float(n)]),
        period=np.zeros(1, dtype=int),
        step=np.zeros(1, dtype=int),
        period_hours=1,
        period_weight=np.array([float(n)]),
        period_order=np.zeros(n, dtype=int),
        availability=profiles.availability.mean("hour").expand_dims(slice=[0], axis=-1),
        price_factor=ones,
        carbon_factor=ones.copy(),
        notes={"method": "one yearly slice (annual capacity factors)", "slices": 1},
    )


def _frame(profiles: Profiles, lull_techs: list[str]) -> pd.DataFrame:
    """One column per series (availability, relative price, relative carbon) and site."""
    avail = profiles.availability
    columns = {}
    for site in avail.coords["site"].values:
        for tech in avail.coords["tech"].values:
            columns[f"{site}{_SEP}{tech}"] = avail.sel(site=site, tech=tech).values
    price = _relative(profiles.price_usd_per_mwh)
    carbon = _relative(profiles.carbon_t_per_mwh)
    for site in price.coords["site"].values:
        columns[f"{site}{_SEP}price"] = price.sel(site=site).values
        columns[f"{site}{_SEP}carbon"] = carbon.sel(site=site).values
    if lull_techs:
        columns[LULL_COLUMN] = avail.sel(tech=lull_techs).mean(("site", "tech")).values
    index = pd.date_range("2001-01-01", periods=avail.sizes["hour"], freq="h")
    return pd.DataFrame(columns, index=index)


def _flat(profiles: Profiles, period_hours: int) -> Slices:
    """One period standing for the whole year, when no series varies."""
    first = {"hour": slice(0, period_hours)}
    n_real = HOURS // period_hours
    return Slices(
        mode="periods",
        hours=np.full(period_hours, float(n_real)),
        period=np.zeros(period_hours, dtype=int),
        step=np.arange(period_hours),
        period_hours=period_hours,
        period_weight=np.array([float(n_real)]),
        period_order=np.zeros(n_real, dtype=int),
        availability=_sliced(profiles.availability.isel(first)),
        price_factor=_sliced(_relative(profiles.price_usd_per_mwh).isel(first)),
        carbon_factor=_sliced(_relative(profiles.carbon_t_per_mwh).isel(first)),
        notes={"method": "one period (no series varies)", "periods": 1, "lull_period": None},
    )


def representative_periods(
    profiles: Profiles,
    n_periods: int,
    period_hours: int = 24,
    lull_techs: list[str] | None = None,
    segments: int | None = None,
) -> Slices:
    """``n_periods`` representative periods (plus the worst lull) chosen by tsam.

    Parameters
    ----------
    profiles
        Hourly profiles of all sites (the dispatch's).
    n_periods
        Number of typical periods tsam clusters the year into.
    period_hours
        Length of a period [h]; must divide 8760 (24: days).
    lull_techs
        Technologies whose lowest mean period is kept as an extreme period; by default
        those whose names say solar or wind.
    segments
        Steps per period: tsam merges consecutive hours of each representative period
        into this many segments of varying length (each the mean of its hours), as
        PyPSA's and Calliope's segmentation do; None keeps every hour.

    Notes
    -----
    Clustering: hierarchical (Ward) with medoid representatives, tsam's default and
    the method Kotzur et al. (2018) recommend for energy system design; series are
    compared after tsam's min-max normalisation. Series that are constant over the year
    (firm plants, flat prices) are left out of the clustering and keep their value.
    """
    import tsam

    n = profiles.availability.sizes["hour"]
    if n != HOURS or HOURS % period_hours:
        raise ValueError(f"period_hours must divide {HOURS}, got {period_hours}")
    if not 1 <= n_periods <= HOURS // period_hours:
        raise ValueError(f"n_periods must be 1..{HOURS // period_hours}, got {n_periods}")
    if segments is not None and not 1 <= segments <= period_hours:
        raise ValueError(f"segments must be 1..{period_hours}, got {segments}")
    techs = [str(t) for t in profiles.availability.coords["tech"].values]
    if lull_techs is None:
        lull_techs = [t for t in techs if "solar" in t or "wind" in t]
    data = _frame(profiles, lull_techs)
    varying = [c for c in data.columns if np.ptp(data[c].to_numpy()) > 1e-12]
    if not varying:  # every series is flat: any period stands for all of them
        return _flat(profiles, period_hours)
    extremes = None
    if LULL_COLUMN in varying:
        extremes = tsam.ExtremeConfig(method="append", min_period=[LULL_COLUMN])
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        # tsam warns that the helper column gets its minimal weight: that is the intent
        warnings.filterwarnings("ignore", message=".*minimal tolerable weighting.*")
        result = tsam.aggregate(
            data[varying],
            n_periods,
            period_duration=period_hours,
            temporal_resolution=1.0,
            cluster=tsam.ClusterConfig(method="hierarchical", representation="medoid"),
            segments=tsam.SegmentConfig(segments) if segments else None,
            extremes=extremes,
            weights={LULL_COLUMN: 0.0} if extremes is not None else None,
            preserve_column_means=True,
            rescale_exclude_columns=[LULL_COLUMN] if extremes is not None else None,
        )
    seconds = time.perf_counter() - t0
    counts = result.cluster_counts
    n_rep = int(result.n_clusters)
    weight = np.array([float(counts.get(p, 0.0)) for p in range(n_rep)])
    order = np.asarray(result.cluster_assignments, dtype=int)
    reps = result.cluster_representatives
    if segments:  # index: (period, segment step, segment duration [h])
        period = reps.index.get_level_values(0).to_numpy(int)
        step = reps.index.get_level_values(1).to_numpy(int)
        duration = reps.index.get_level_values(2).to_numpy(float)
    else:
        period = np.repeat(np.arange(n_rep), period_hours)
        step = np.tile(np.arange(period_hours), n_rep)
        duration = np.ones(period.size)
    n_steps = period.size
    values: dict[str, np.ndarray] = {}
    for column in data.columns:
        if column in varying:
            values[column] = reps[column].to_numpy(float)
        else:
            values[column] = np.full(n_steps, data[column].iloc[0])
    sites = list(profiles.availability.coords["site"].values)
    slice_coord = {"slice": np.arange(n_steps)}
    avail = np.array(
        [[values[f"{s}{_SEP}{t}"] for t in techs] for s in sites], dtype=float
    ).reshape(len(sites), len(techs), n_steps)
    price = np.stack([values[f"{s}{_SEP}price"] for s in sites])
    carbon = np.stack([values[f"{s}{_SEP}carbon"] for s in sites])
    hours = weight[period] * duration
    # tsam's rescaling keeps each weighted mean; report how closely
    original_mean = data.mean()
    sliced_mean = pd.Series(
        {c: float((values[c] * hours).sum() / hours.sum()) for c in data.columns}
    )
    mean_error = (sliced_mean - original_mean).drop(LULL_COLUMN, errors="ignore").abs()
    lull_period = None
    if extremes is not None:
        lull_period = n_rep - 1  # "append" adds the extreme period last
    accuracy = result.accuracy
    notes = {
        "method": "representative periods (tsam)",
        "tsam_version": version("tsam"),
        "settings": {
            "n_periods": n_periods,
            "period_hours": period_hours,
            "cluster": "hierarchical, medoid representatives",
            "extremes": f"append the period with the lowest mean of {lull_techs}"
            if extremes is not None
            else "none (no wind or solar series)",
            "preserve_column_means": True,
            "segments": f"{segments} per period (tsam segmentation, segment means)"
            if segments
            else "none (every hour)",
        },
        "periods": n_rep,
        "extreme_periods": n_rep - n_periods,
        "lull_period": lull_period,
        "lull_real_period": int(np.flatnonzero(order == lull_period)[0])
        if lull_period is not None
        else None,
        "accuracy": {
            "rmse": float(accuracy.rmse.mean()) if hasattr(accuracy.rmse, "mean") else None,
            "mae": float(accuracy.mae.mean()) if hasattr(accuracy.mae, "mean") else None,
            "rmse_duration": float(accuracy.rmse_duration.mean())
            if hasattr(accuracy.rmse_duration, "mean")
            else None,
        },
        "max_mean_error": float(mean_error.max()) if len(mean_error) else 0.0,
        "aggregate_s": round(seconds, 3),
        "series": len(varying) - (1 if extremes is not None else 0),
    }
    return Slices(
        mode="periods",
        hours=hours,
        period=period,
        step=step,
        period_hours=period_hours,
        period_weight=weight,
        period_order=order,
        availability=xr.DataArray(
            avail,
            coords={"site": sites, "tech": techs, **slice_coord},
            dims=("site", "tech", "slice"),
        ),
        price_factor=xr.DataArray(
            price, coords={"site": sites, **slice_coord}, dims=("site", "slice")
        ),
        carbon_factor=xr.DataArray(
            carbon, coords={"site": sites, **slice_coord}, dims=("site", "slice")
        ),
        notes=notes,
        duration=duration if segments else None,
    )
