"""Flexibility headroom on the shipped load series, against Duke's 2025 results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from flopgrid.dispatch.headroom import (
    DUKE_AT_HALF_PERCENT_GW,
    curtailment,
    headroom_curve,
    headroom_mw,
    seasonal_threshold_mw,
    shifted_loss_share,
)
from flopgrid.timeseries.shipped import load_mw

SHARES = (0.0025, 0.005, 0.01)


@pytest.fixture(scope="module")
def pjm_curve():
    return headroom_curve(load_mw("PJM"), SHARES)


def test_headroom_rises_with_the_curtailment_share(pjm_curve):
    gw = pjm_curve["headroom_gw"].to_numpy()
    assert np.all(np.diff(gw) > 0)
    assert np.all(np.diff(pjm_curve["curtailed_hours_per_year"].to_numpy()) > 0)


def test_headroom_has_the_shape_of_dukes_curve(pjm_curve):
    """Duke (US total): 76 / 98 / 126 GW, ratios 0.78 and 1.29 to the 0.5 % value."""
    gw = pjm_curve["headroom_gw"].to_numpy()
    assert gw[0] / gw[1] == pytest.approx(76 / 98, abs=0.1)
    assert gw[2] / gw[1] == pytest.approx(126 / 98, abs=0.1)


def test_pjm_at_half_a_percent_matches_duke():
    """Duke: PJM 17.8 GW at 0.5 % (2016-2024); the shipped series is 2020-2024."""
    gw = headroom_mw(load_mw("PJM"), 0.005) / 1000
    assert gw == pytest.approx(DUKE_AT_HALF_PERCENT_GW["PJM"], rel=0.15)


def test_headroom_definition_on_a_hand_case():
    """Two years of a flat 100 MW with peaks of 110 MW (2021: one in winter, one in
    summer; 2022: one in summer). Thresholds are 110 MW. A new 10 MW load is curtailed
    only in the peak hours: 2 x 10 MWh in 2021 and 10 MWh in 2022, so the average rate
    is (20 / 87,600 + 10 / 87,600) / 2. A 20 MW load loses 10 MW in every other hour."""
    idx = pd.date_range("2021-01-01", periods=2 * 8760, freq="h", tz="UTC")
    load = pd.Series(100.0, index=idx)
    load.loc["2021-07-01 12:00"] = 110.0
    load.loc["2022-07-01 12:00"] = 110.0
    load.loc["2021-01-10 12:00"] = 110.0
    thr = seasonal_threshold_mw(load)
    assert float(thr.min()) == 110.0
    assert curtailment(load, thr, 10.0)["energy_share"] == pytest.approx(15 / 87_600)
    rate_2021 = (8758 * 10 + 2 * 20) / (20 * 8760)
    rate_2022 = (8759 * 10 + 20) / (20 * 8760)
    assert curtailment(load, thr, 20.0)["energy_share"] == pytest.approx(
        (rate_2021 + rate_2022) / 2
    )
    assert headroom_mw(load, 15 / 87_600) == pytest.approx(10.0, abs=1.0)


def test_shifting_training_work_raises_headroom(pjm_curve):
    assert np.all(pjm_curve["headroom_shifted_gw"] > pjm_curve["headroom_gw"])


def test_shifted_loss_with_no_spare_hardware_equals_plain_curtailment():
    """At 100 % utilisation no work can be caught up: loss = Duke's curtailed energy."""
    load = load_mw("ERCOT").loc["2023"]
    thr = seasonal_threshold_mw(load)
    plain = curtailment(load, thr, 8000.0)["energy_share"]
    assert shifted_loss_share(load, thr, 8000.0, 1.0, 24) == pytest.approx(plain, rel=1e-9)


def test_shifted_loss_is_the_dispatch_optimum():
    """The closed form equals the dispatch LP: one site whose only power is the room
    under the threshold (as an hourly 'solar' availability), compute of L / u, and a
    pausable job of L with a 24 h window; lost work = unserved training."""
    import xarray as xr

    from flopgrid.dispatch.run import dispatch
    from flopgrid.timeseries.profiles import HOURS, Profiles, year_hours

    from . import helpers as hp

    load = load_mw("ERCOT").loc["2023"].iloc[:HOURS]
    thr = seasonal_threshold_mw(load_mw("ERCOT")).loc[load.index]
    added, util = 9000.0, 0.9
    cap_gw = added / util / 1000
    room_gw = np.clip((thr - load).to_numpy() / 1000, 0.0, cap_gw)
    week = 28  # a July week with curtailment
    scn = hp.scenario(
        {"a": {"lon": 0.0, "grid_gw": 0.0}},
        {
            "default_inference_share": 0.0,
            "training": {"t": {"h100e": added / 1000 * 1e6, "window_hours": 24}},
        },
    )
    fleet = hp.fleet(scn, solar_gw={"a": cap_gw})
    fleet = type(fleet)(
        **{
            **fleet.__dict__,
            "compute_mh100e": fleet.compute_mh100e * cap_gw,
            "it_gw": fleet.it_gw * cap_gw,
        }
    )
    avail = np.zeros((1, 2, HOURS))
    avail[0, 0] = room_gw / cap_gw
    coords = {"site": ["a"], "hour": np.arange(HOURS)}
    prof = Profiles(
        times=year_hours(hp.YEAR),
        availability=xr.DataArray(
            avail, coords={**coords, "tech": ["solar_pv", "battery"]}, dims=("site", "tech", "hour")
        ),
        price_usd_per_mwh=xr.DataArray(np.zeros((1, HOURS)), coords=coords, dims=("site", "hour")),
        carbon_t_per_mwh=xr.DataArray(np.zeros((1, HOURS)), coords=coords, dims=("site", "hour")),
    )
    r = dispatch(fleet, weeks=[week], profiles=prof)
    lost_lp = r.summary["by_work"]["t"]["unserved_h100e_hours"] / (added / 1000 * 1e6 * 168)
    hours = slice((week - 1) * 168, week * 168)
    closed = shifted_loss_share(load.iloc[hours], thr.iloc[hours], added, util, 24)
    assert closed > 0.001
    assert lost_lp == pytest.approx(closed, rel=1e-6, abs=1e-9)
