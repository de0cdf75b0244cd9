"""Flexibility headroom: the largest new constant load a grid region absorbs if that
load may be curtailed a given share of its energy (or hours).

Method of Norris, Profeta, Patino-Echeverri and Cowie-Haskell, "Rethinking Load Growth:
Assessing the Potential for Integration of Large Flexible Loads in US Power Systems",
Nicholas Institute, Duke University, 2025 (https://hdl.handle.net/10161/32077):

- a new load of L GW is added in every hour;
- the system's capacity is proxied by its historical seasonal peaks: the highest load
  of any summer (June-August) applies from April to October, the highest of any winter
  (December-February) from November to March;
- in each hour the new load is curtailed by whatever the total exceeds that threshold;
- the curtailment rate of a year is curtailed energy / (L x hours of the year), and the
  rates of the years are averaged;
- the headroom at a limit is the L whose average rate equals the limit (found here by
  bisection; the rate rises with L).

Duke's 22 balancing authorities absorb 76 / 98 / 126 / 215 GW at 0.25 / 0.5 / 1 / 5 %
(2016-2024 data); at 0.5 %: PJM 17.8 GW, ERCOT 10.0 GW, CAISO 5.0 GW.

:func:`shifted_headroom` is the dispatch version: the new load is training work with a
deadline window; hardware of ``L / utilisation`` GW may catch up, within its window,
on work it had to drop, and only work it cannot fit anywhere in the window is lost.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .. import units

SUMMER_PEAK_MONTHS = (6, 7, 8)
WINTER_PEAK_MONTHS = (12, 1, 2)
SUMMER_THRESHOLD_MONTHS = (4, 5, 6, 7, 8, 9, 10)

#: Duke's results for comparison [GW] (curtailment limit -> headroom)
DUKE_US_GW = {0.0025: 76.0, 0.005: 98.0, 0.01: 126.0, 0.05: 215.0}
DUKE_AT_HALF_PERCENT_GW = {"PJM": 17.8, "ERCOT": 10.0, "CAISO": 5.0, "MISO": 14.8, "SPP": 9.7}


def seasonal_threshold_mw(load_mw: pd.Series) -> pd.Series:
    """The capacity proxy per hour [MW]: the highest summer peak (applied April-October)
    or the highest winter peak (November-March) of the whole series."""
    month = pd.DatetimeIndex(load_mw.index).month  # an hourly series: a DatetimeIndex
    summer = load_mw[np.isin(month, SUMMER_PEAK_MONTHS)].max()
    winter = load_mw[np.isin(month, WINTER_PEAK_MONTHS)].max()
    return pd.Series(
        np.where(np.isin(month, SUMMER_THRESHOLD_MONTHS), summer, winter), index=load_mw.index
    )


def _hours_above_zero(excess: pd.Series) -> int:
    return (excess > 0).sum()


def curtailment(load_mw: pd.Series, threshold_mw: pd.Series, added_mw: float) -> dict:
    """Curtailment of a constant new load of ``added_mw``, averaged over the years.

    Returns the energy share (Duke's rate), the share of hours with any curtailment,
    curtailed hours per year and the mean length of a curtailment event [h].
    """
    excess = np.clip(load_mw.to_numpy() + added_mw - threshold_mw.to_numpy(), 0.0, added_mw)
    frame = pd.DataFrame({"excess": excess, "year": pd.DatetimeIndex(load_mw.index).year})
    per_year = frame.groupby("year")["excess"].agg(["sum", "count", _hours_above_zero])
    per_year.columns = ["mwh", "hours", "curtailed_hours"]
    energy_share = (per_year["mwh"] / (added_mw * per_year["hours"])).mean() if added_mw else 0.0
    curtailed = excess > 0
    events = int(np.sum(curtailed[1:] & ~curtailed[:-1]) + (1 if curtailed[:1].any() else 0))
    return {
        "energy_share": float(energy_share),
        "hour_share": float((per_year["curtailed_hours"] / per_year["hours"]).mean()),
        "curtailed_hours_per_year": float(per_year["curtailed_hours"].mean()),
        "mean_event_hours": float(curtailed.sum() / events) if events else 0.0,
    }


def _bisect(rate, target: float, hi: float, tol_mw: float = 1.0) -> float:
    """Largest x in [0, hi] with rate(x) <= target, for a rate rising with x."""
    lo = 0.0
    if rate(hi) <= target:
        return hi
    while hi - lo > tol_mw:
        mid = 0.5 * (lo + hi)
        if rate(mid) <= target:
            lo = mid
        else:
            hi = mid
    return lo


def headroom_mw(load_mw: pd.Series, share: float, basis: str = "energy") -> float:
    """Largest constant new load [MW] curtailed at most ``share`` of its energy or hours."""
    if basis not in ("energy", "hours"):
        raise ValueError("basis must be 'energy' (Duke) or 'hours'")
    threshold = seasonal_threshold_mw(load_mw)
    key = "energy_share" if basis == "energy" else "hour_share"
    return _bisect(lambda x: curtailment(load_mw, threshold, x)[key], share, float(load_mw.max()))


def shifted_loss_share(
    load_mw: pd.Series,
    threshold_mw: pd.Series,
    added_mw: float,
    utilisation: float = 0.9,
    window_hours: int = 24,
) -> float:
    """Share of a flexible training load's energy lost when dropped work is shifted.

    The load needs ``added_mw`` on average; its hardware draws up to
    ``added_mw / utilisation``. In each window it runs in the room left under the
    threshold (capped by its hardware); the work of a window that does not fit is lost.
    This is the optimum of the dispatch model for one pausable job on one site with a
    grid limit equal to the room under the threshold.
    """
    if added_mw <= 0:
        return 0.0
    cap = added_mw / utilisation
    room = np.clip(threshold_mw.to_numpy() - load_mw.to_numpy(), 0.0, cap)
    n = len(room) // window_hours * window_hours
    fits = room[:n].reshape(-1, window_hours).sum(axis=1)
    need = added_mw * window_hours
    lost = np.clip(need - fits, 0.0, None)
    return float(lost.sum() / (need * len(fits)))


def shifted_headroom_mw(
    load_mw: pd.Series, share: float, utilisation: float = 0.9, window_hours: int = 24
) -> float:
    """Largest mean flexible load [MW] whose lost energy, after shifting, is <= ``share``."""
    threshold = seasonal_threshold_mw(load_mw)
    return _bisect(
        lambda x: shifted_loss_share(load_mw, threshold, x, utilisation, window_hours),
        share,
        float(load_mw.max()),
    )


def headroom_curve(
    load_mw: pd.Series,
    shares: Iterable[float] = (0.0025, 0.005, 0.01, 0.05),
    utilisation: float = 0.9,
    window_hours: int = 24,
) -> pd.DataFrame:
    """Headroom [GW] against curtailment limit: Duke's energy basis, an hours basis,
    and the dispatch version with shifted training work."""
    threshold = seasonal_threshold_mw(load_mw)
    peak = float(load_mw.max())
    rows = []
    for share in shares:
        mw = headroom_mw(load_mw, share, "energy")
        stats = curtailment(load_mw, threshold, mw)
        rows.append(
            {
                "curtailment_limit": share,
                "headroom_gw": units.gw_from_mw(mw),
                "share_of_peak": mw / peak,
                "curtailed_hours_per_year": stats["curtailed_hours_per_year"],
                "mean_event_hours": stats["mean_event_hours"],
                "headroom_hours_basis_gw": units.gw_from_mw(headroom_mw(load_mw, share, "hours")),
                "headroom_shifted_gw": units.gw_from_mw(
                    shifted_headroom_mw(load_mw, share, utilisation, window_hours)
                ),
            }
        )
    return pd.DataFrame(rows)
